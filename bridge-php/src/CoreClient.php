<?php

/**
 * Outbound HTTP to the IGNY8 core.
 *
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge;

use WP_Error;
use WP_HTTP_Proxy;
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
            return self::notConnected();
        }
        $args = [
            'method' => strtoupper($method),
            'headers' => self::headers($apiKey, $options),
            'timeout' => $options['timeout'] ?? 15,
            // A redirect could carry the key to another host.
            'redirection' => 0,
            'user-agent' => self::userAgent(),
        ];
        if (isset($options['body']) && $options['body'] !== '') {
            $args['body'] = $options['body'];
        }

        $response = wp_remote_request(self::url($coreUrl, $path), $args);
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

    /** Whether stream() can run here: it needs PHP's cURL extension, which WordPress itself does not. */
    public static function canStream(): bool
    {
        return function_exists('curl_init');
    }

    /**
     * A call whose body and answer never sit whole in memory: the body is read from a stream as cURL sends it,
     * and the answer is handed over as it arrives, its head once ($onHead: status and lower-cased headers), then
     * its body chunk by chunk ($onBody). WordPress's HTTP API cannot do either: it takes the body as a string and
     * returns the answer as one.
     *
     * The timeout is an idle limit (no byte either way for that long), not a total one: a large file may take
     * longer to pass than a silent core should be waited for.
     *
     * @param callable(int, array<string, string>): void $onHead
     * @param callable(string): void                     $onBody
     * @param array{
     *     body?: resource|null,
     *     body_length?: int|null,
     *     headers?: array<string, string>,
     *     timeout?: float|int,
     *     user?: WP_User|null
     * } $options body_length null sends the body chunked.
     * @return WP_Error|null Null once the whole answer was handed over; a transport error is worded as
     *                       request() words it ("cURL error 28: …" for a timeout).
     */
    public function stream(
        string $method,
        string $path,
        callable $onHead,
        callable $onBody,
        array $options = []
    ): ?WP_Error {
        $coreUrl = $this->connection->coreUrl();
        $apiKey = $this->connection->apiKey();
        if ($coreUrl === '' || $apiKey === '') {
            return self::notConnected();
        }
        $url = self::url($coreUrl, $path);
        $http = _wp_http_get_object();
        if ($http->block_request($url)) {
            return new WP_Error(
                'http_request_not_executed',
                __('This site blocks requests to the IGNY8 address.', 'igny8-bridge')
            );
        }
        // No "Expect: 100-continue" round trip before the body: the core reads it at once.
        $headers = self::headers($apiKey, $options) + ['Expect' => ''];
        $timeout = max(1, (int) ceil((float) ($options['timeout'] ?? 15)));
        $head = new ResponseHead();
        $curlOptions = [
            CURLOPT_CUSTOMREQUEST => strtoupper($method),
            CURLOPT_HTTPHEADER => array_map(
                static fn (string $name, string $value): string => $name . ': ' . $value,
                array_keys($headers),
                $headers
            ),
            CURLOPT_USERAGENT => self::userAgent(),
            // A redirect could carry the key to another host; the core URL is http(s) or nothing.
            CURLOPT_FOLLOWLOCATION => false,
            CURLOPT_PROTOCOLS => CURLPROTO_HTTP | CURLPROTO_HTTPS,
            CURLOPT_CONNECTTIMEOUT => $timeout,
            CURLOPT_LOW_SPEED_LIMIT => 1,
            CURLOPT_LOW_SPEED_TIME => $timeout,
            CURLOPT_HEADERFUNCTION => static function ($handle, string $line) use ($head, $onHead): int {
                if ($head->add($line)) {
                    $onHead($head->status(), $head->headers());
                }
                return strlen($line);
            },
            CURLOPT_WRITEFUNCTION => static function ($handle, string $chunk) use ($onBody): int {
                $onBody($chunk);
                return strlen($chunk);
            },
        ];
        // As WordPress's own requests do: its CA bundle, and the https_ssl_verify filter for local certificates.
        $verify = (bool) apply_filters('https_ssl_verify', true, $url);
        $curlOptions[CURLOPT_SSL_VERIFYPEER] = $verify;
        $curlOptions[CURLOPT_SSL_VERIFYHOST] = $verify ? 2 : 0;
        if (is_file(ABSPATH . WPINC . '/certificates/ca-bundle.crt')) {
            $curlOptions[CURLOPT_CAINFO] = ABSPATH . WPINC . '/certificates/ca-bundle.crt';
        }
        $proxy = new WP_HTTP_Proxy();
        if ($proxy->is_enabled() && $proxy->send_through_proxy($url)) {
            $curlOptions[CURLOPT_PROXYTYPE] = CURLPROXY_HTTP;
            $curlOptions[CURLOPT_PROXY] = $proxy->host();
            $curlOptions[CURLOPT_PROXYPORT] = (int) $proxy->port();
            if ($proxy->use_authentication()) {
                $curlOptions[CURLOPT_PROXYUSERPWD] = $proxy->authentication();
            }
        }
        $body = $options['body'] ?? null;
        if (is_resource($body)) {
            $curlOptions[CURLOPT_UPLOAD] = true;
            $curlOptions[CURLOPT_READFUNCTION] = static function ($handle, $unused, int $length) use ($body): string {
                $chunk = fread($body, $length);
                return $chunk === false ? '' : $chunk;
            };
            if (isset($options['body_length'])) {
                $curlOptions[CURLOPT_INFILESIZE] = $options['body_length'];
            }
        }

        $handle = curl_init($url);
        curl_setopt_array($handle, $curlOptions);
        curl_exec($handle);
        $errno = curl_errno($handle);
        $message = curl_error($handle);
        curl_close($handle);
        if ($errno !== 0) {
            return new WP_Error('http_request_failed', sprintf('cURL error %d: %s', $errno, $message));
        }
        if (!$head->isComplete()) {
            return new WP_Error('http_request_failed', __('IGNY8 answered without a status.', 'igny8-bridge'));
        }
        return null;
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

    /**
     * The headers of every call: the caller's, then the key and the acting user, which the caller cannot override.
     *
     * @param array{headers?: array<string, string>, user?: WP_User|null} $options
     * @return array<string, string>
     */
    private static function headers(string $apiKey, array $options): array
    {
        $headers = array_merge(
            ['Accept' => 'application/json'],
            $options['headers'] ?? [],
            ['X-IGNY8-API-Key' => $apiKey]
        );
        if (isset($options['user'])) {
            $headers['X-IGNY8-WP-User'] = (string) wp_json_encode(self::describeUser($options['user']));
        }
        return $headers;
    }

    private static function url(string $coreUrl, string $path): string
    {
        return rtrim($coreUrl, '/') . '/api/v1/' . ltrim($path, '/');
    }

    private static function userAgent(): string
    {
        return 'IGNY8-Bridge/' . Plugin::VERSION . '; ' . home_url('/');
    }

    private static function notConnected(): WP_Error
    {
        return new WP_Error('igny8_not_connected', __('This site is not connected to IGNY8.', 'igny8-bridge'));
    }
}
