<?php

/**
 * An answer from the IGNY8 core.
 *
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge;

/**
 * Status, lower-cased headers and raw body of a core response, with the envelope's fields at hand.
 */
final class CoreResponse
{
    /**
     * @param array<string, string> $headers Lower-cased names.
     */
    public function __construct(
        public readonly int $status,
        public readonly array $headers,
        public readonly string $body
    ) {
    }

    public function isSuccess(): bool
    {
        return $this->status >= 200 && $this->status < 300;
    }

    /** @return array<mixed>|null The decoded JSON body, or null when it is not JSON. */
    public function json(): ?array
    {
        $decoded = json_decode($this->body, true);
        return is_array($decoded) ? $decoded : null;
    }

    /** The envelope's "data" when the core said success, else null. */
    public function data(): ?array
    {
        $json = $this->json();
        return $this->isSuccess() && ($json['success'] ?? false) === true && is_array($json['data'] ?? null)
            ? $json['data']
            : null;
    }

    /** The error envelope's message, if any. */
    public function errorMessage(): string
    {
        $error = $this->json()['error'] ?? '';
        return is_string($error) ? $error : '';
    }
}
