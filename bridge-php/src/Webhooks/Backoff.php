<?php

/**
 * When a failed webhook is tried again.
 *
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge\Webhooks;

/**
 * Exponential backoff: base, 2×base, 4×base, … capped, for a limited time after the event; pure.
 */
final class Backoff
{
    public const DEFAULT_BASE = 30;
    public const CAP = 3600;
    public const MAX_AGE = 48 * 3600;

    public function __construct(
        private int $base = self::DEFAULT_BASE,
        private int $cap = self::CAP,
        private int $maxAge = self::MAX_AGE
    ) {
        $this->base = max(1, $base);
    }

    /** Base from IGNY8_WEBHOOK_RETRY_BASE_SECONDS (wp-config.php), else 30 s. */
    public static function fromConfig(): self
    {
        $base = defined('IGNY8_WEBHOOK_RETRY_BASE_SECONDS') ? (int) constant('IGNY8_WEBHOOK_RETRY_BASE_SECONDS') : 0;
        return new self($base > 0 ? $base : self::DEFAULT_BASE);
    }

    /** Seconds to wait after the $failedAttempts-th failed attempt (1 = the first). */
    public function delay(int $failedAttempts): int
    {
        $exponent = max(0, $failedAttempts - 1);
        // 2^31 seconds is far past any cap; stopping there keeps the arithmetic in integers.
        if ($exponent >= 31) {
            return $this->cap;
        }
        return min($this->cap, $this->base * (2 ** $exponent));
    }

    /**
     * The unix time of the next attempt, or null when it would fall after the retry window: give up.
     */
    public function nextAttemptAt(int $createdAt, int $now, int $failedAttempts): ?int
    {
        $next = $now + $this->delay($failedAttempts);
        return $next > $createdAt + $this->maxAge ? null : $next;
    }
}
