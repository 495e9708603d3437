<?php

/**
 * Outbound HTTP to the IGNY8 core.
 *
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge;

use WP_Error;
use WP_User;

/**
 * Every plugin → core call: the site's key, optionally the acting WordPress user, an explicit timeout.
 *
 * wp_remote_request() and not wp_safe_remote_*(): the core often runs on 127.0.0.1 or a private address,
 * which the "safe" functions refuse. The URL is the administrator's own setting, not user input.
 */
final class CoreClient
{
    public function __construct(private Connection $connection)
    {
    }

    /**
     * @param array{
     *     body?: string|null,
     *     headers?: array<string, string>,
     *     timeout?: float|int,
     *     user?: WP_User|null,
     *     api_key?: string,
     *     core_url?: string
     * } $options api_key and core_url override the stored ones (connecting before anything is stored).
     */
    public function request(string $method, string $path, array $options = []): CoreResponse|WP_Error
    {
        $coreUrl = $options['core_url'] ?? $this->connection->coreUrl();
        $apiKey = $options['api_key'] ?? $this->connection->apiKey();
        if ($coreUrl === '' || $apiKey === '') {
            return new WP_Error('igny8_not_connected', __('This site is not connected to IGNY8.', 'igny8-bridge'));
        }
        $headers = array_merge(
            ['Accept' => 'application/json'],
            $options['headers'] ?? [],
            ['X-IGNY8-API-Key' => $apiKey]
        );
        if (isset($options['user'])) {
            $headers['X-IGNY8-WP-User'] = (string) wp_json_encode(self::describeUser($options['user']));
        }
        $args = [
            'method' => strtoupper($method),
            'headers' => $headers,
            'timeout' => $options['timeout'] ?? 15,
            // A redirect could carry the key to another host.
            'redirection' => 0,
            'user-agent' => 'IGNY8-Bridge/' . Plugin::VERSION . '; ' . home_url('/'),
        ];
        if (isset($options['body']) && $options['body'] !== '') {
            $args['body'] = $options['body'];
        }

        $response = wp_remote_request(rtrim($coreUrl, '/') . '/api/v1/' . ltrim($path, '/'), $args);
        if (is_wp_error($response)) {
            return $response;
        }
        $headers = [];
        foreach (wp_remote_retrieve_headers($response) as $name => $value) {
            $headers[strtolower((string) $name)] = is_array($value) ? implode(', ', $value) : (string) $value;
        }
        return new CoreResponse(
            (int) wp_remote_retrieve_response_code($response),
            $headers,
            (string) wp_remote_retrieve_body($response)
        );
    }

    /** Whether a transport error was a timeout (cURL error 28 or a stream timeout) rather than no answer. */
    public static function isTimeout(WP_Error $error): bool
    {
        $message = $error->get_error_message();
        return str_contains($message, 'cURL error 28') || stripos($message, 'timed out') !== false;
    }

    /**
     * The X-IGNY8-WP-User value: the core maps the role and refuses the ones it does not map.
     *
     * @return array{id: int, email: string, role: string}
     */
    private static function describeUser(WP_User $user): array
    {
        return ['id' => (int) $user->ID, 'email' => (string) $user->user_email, 'role' => self::role($user)];
    }

    /** The user's first role; a super admin without a role on this site counts as administrator. */
    public static function role(WP_User $user): string
    {
        $roles = array_values((array) $user->roles);
        if ($roles === [] && is_multisite() && is_super_admin($user->ID)) {
            return 'administrator';
        }
        return (string) ($roles[0] ?? '');
    }
}
