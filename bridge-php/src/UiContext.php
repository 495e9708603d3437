<?php

/**
 * What the UI needs to draw its first screen.
 *
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge;

/**
 * The core's view of this user on this site (site, sectors, role, credits), fetched once per user and minute so
 * pages open without waiting for a request from the browser. When the core is slow or down the page prints
 * null and the UI fetches it itself, with a clear error if that fails too.
 */
final class UiContext
{
    private const CACHE_SECONDS = 60;
    private const TIMEOUT_SECONDS = 3;
    /** Part of every cache key: raising it drops every user's cached context at once. */
    private const VERSION_OPTION = 'igny8_ui_context_version';

    public function __construct(private Connection $connection, private CoreClient $client)
    {
    }

    /** @return array<string, mixed>|null */
    public function forCurrentUser(): ?array
    {
        $user = wp_get_current_user();
        if (!$user->exists() || !$this->connection->isConnected()) {
            return null;
        }
        $version = (int) get_option(self::VERSION_OPTION, 0);
        $fingerprint = md5(CoreClient::role($user) . '|' . $this->connection->coreUrl() . '|' . $version);
        $key = 'igny8_ui_context_' . $user->ID . '_' . $fingerprint;
        $cached = get_transient($key);
        if (is_array($cached)) {
            return $cached;
        }
        $response = $this->client->request('GET', 'integration/context/', [
            'timeout' => self::TIMEOUT_SECONDS,
            'user' => $user,
        ]);
        if (is_wp_error($response) || $response->status !== 200) {
            return null;
        }
        $data = $response->data();
        if (!is_array($data)) {
            return null;
        }
        set_transient($key, $data, self::CACHE_SECONDS);
        return $data;
    }

    /** After a change the context shows (the site's author profile, the connection), every user reads it afresh. */
    public static function forgetAll(): void
    {
        update_option(self::VERSION_OPTION, (int) get_option(self::VERSION_OPTION, 0) + 1, false);
    }
}
