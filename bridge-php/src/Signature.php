<?php

/**
 * The bridge protocol's request signatures.
 *
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge;

/**
 * "X-IGNY8-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">", both directions.
 *
 * Pure: no WordPress, and the clock is injectable so tests can move time.
 */
final class Signature
{
    public const HEADER = 'X-IGNY8-Signature';

    /** Seconds a timestamp may differ from our clock, in either direction. */
    public const TOLERANCE = 300;

    private \Closure $clock;

    /**
     * @param \Closure():int|null $clock Returns the current unix time; time() when null.
     */
    public function __construct(private string $secret, ?\Closure $clock = null)
    {
        if ($secret === '') {
            throw new \InvalidArgumentException('A signing secret is required.');
        }
        $this->clock = $clock ?? static fn (): int => time();
    }

    /** The header value for a body, signed now (or at $timestamp). */
    public function sign(string $body, ?int $timestamp = null): string
    {
        $timestamp ??= ($this->clock)();
        return 't=' . $timestamp . ',v1=' . $this->mac($timestamp, $body);
    }

    /**
     * Checks a header against a raw body.
     *
     * The MAC is checked before the clock, so "expired" is only ever said of an authentic request.
     *
     * @return string The matching v1 value, which is what a replay store remembers.
     * @throws SignatureException When the header is missing, malformed, wrong or outside the window.
     */
    public function verify(?string $header, string $body): string
    {
        if ($header === null || trim($header) === '') {
            throw new SignatureException(SignatureException::MISSING, 'The request is not signed.');
        }
        [$timestamp, $candidates] = self::parse($header);
        $expected = $this->mac($timestamp, $body);
        $matched = false;
        foreach ($candidates as $candidate) {
            // Every candidate is compared, in constant time, so timing says nothing about which one matched.
            $matched = hash_equals($expected, $candidate) || $matched;
        }
        if (!$matched) {
            throw new SignatureException(SignatureException::INVALID, 'The signature does not match the request.');
        }
        if (abs(($this->clock)() - $timestamp) > self::TOLERANCE) {
            throw new SignatureException(SignatureException::EXPIRED, 'The signature is outside the 5-minute window.');
        }
        return $expected;
    }

    /**
     * Splits a header into its timestamp and v1 values; unknown schemes are ignored (room for a v2).
     *
     * @return array{0: int, 1: list<string>}
     * @throws SignatureException When it is malformed.
     */
    public static function parse(string $header): array
    {
        $timestamp = null;
        $macs = [];
        foreach (explode(',', $header) as $part) {
            $pair = explode('=', trim($part), 2);
            if (count($pair) !== 2) {
                throw self::malformed();
            }
            [$key, $value] = $pair;
            if ($key === 't') {
                if ($timestamp !== null || preg_match('/^\d{1,12}$/D', $value) !== 1) {
                    throw self::malformed();
                }
                $timestamp = (int) $value;
            } elseif ($key === 'v1') {
                if (preg_match('/^[0-9a-fA-F]{64}$/D', $value) !== 1) {
                    throw self::malformed();
                }
                $macs[] = strtolower($value);
            }
        }
        if ($timestamp === null || $macs === []) {
            throw self::malformed();
        }
        return [$timestamp, $macs];
    }

    private function mac(int $timestamp, string $body): string
    {
        return hash_hmac('sha256', $timestamp . '.' . $body, $this->secret);
    }

    private static function malformed(): SignatureException
    {
        return new SignatureException(SignatureException::INVALID, 'The signature header is malformed.');
    }
}
