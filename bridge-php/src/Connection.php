<?php

/**
 * What the plugin keeps about its connection to the core.
 *
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge;

/**
 * The connection's options. The API key and the signing secret are not autoloaded, and nothing here ever
 * prints them: only CoreClient and the signature code read them.
 */
final class Connection
{
    public const OPTION_CORE_URL = 'igny8_core_url';
    public const OPTION_API_KEY = 'igny8_api_key';
    public const OPTION_SIGNING_SECRET = 'igny8_signing_secret';
    public const OPTION_CONNECTION = 'igny8_connection';

    /** Core URL and connection details are read on most requests, so they stay autoloaded. */
    public function isConnected(): bool
    {
        return $this->coreUrl() !== '' && $this->details() !== [];
    }

    public function coreUrl(): string
    {
        return (string) get_option(self::OPTION_CORE_URL, '');
    }

    public function apiKey(): string
    {
        return (string) get_option(self::OPTION_API_KEY, '');
    }

    public function signingSecret(): string
    {
        return (string) get_option(self::OPTION_SIGNING_SECRET, '');
    }

    /**
     * Integration id, site id, site and account names, connected_at and default_author_id; [] when not connected.
     *
     * @return array<string, mixed>
     */
    public function details(): array
    {
        $details = get_option(self::OPTION_CONNECTION, []);
        return is_array($details) ? $details : [];
    }

    /** A signer with the current secret, or null when there is none. */
    public function signature(): ?Signature
    {
        $secret = $this->signingSecret();
        return $secret === '' ? null : new Signature($secret);
    }

    /**
     * @param array<string, mixed> $details
     */
    public function save(string $coreUrl, string $apiKey, string $signingSecret, array $details): void
    {
        update_option(self::OPTION_CORE_URL, $coreUrl);
        // update_option() only sets autoload when it adds the option: delete first so 'no' always sticks.
        delete_option(self::OPTION_API_KEY);
        delete_option(self::OPTION_SIGNING_SECRET);
        add_option(self::OPTION_API_KEY, $apiKey, '', 'no');
        add_option(self::OPTION_SIGNING_SECRET, $signingSecret, '', 'no');
        update_option(self::OPTION_CONNECTION, $details);
    }

    /** Forgets the credentials; the core URL stays to pre-fill the next connect. */
    public function forget(): void
    {
        delete_option(self::OPTION_API_KEY);
        delete_option(self::OPTION_SIGNING_SECRET);
        delete_option(self::OPTION_CONNECTION);
    }
}
