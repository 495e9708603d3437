<?php

/**
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge\Tests;

use Igny8\Bridge\Webhooks\Backoff;
use PHPUnit\Framework\TestCase;

final class BackoffTest extends TestCase
{
    public function testDoublesFromTheBaseUpToAnHour(): void
    {
        $backoff = new Backoff();
        $delays = array_map([$backoff, 'delay'], range(1, 10));
        self::assertSame([30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600], $delays);
    }

    public function testHugeAttemptCountsStayAtTheCap(): void
    {
        $backoff = new Backoff();
        self::assertSame(3600, $backoff->delay(64));
        self::assertSame(3600, $backoff->delay(PHP_INT_MAX));
    }

    public function testBaseIsConfigurableAndAtLeastOneSecond(): void
    {
        self::assertSame([2, 4, 8], array_map([new Backoff(2), 'delay'], [1, 2, 3]));
        self::assertSame(1, (new Backoff(0))->delay(1));
    }

    public function testDefaultBaseWithoutTheConstant(): void
    {
        self::assertFalse(defined('IGNY8_WEBHOOK_RETRY_BASE_SECONDS'));
        self::assertSame(30, Backoff::fromConfig()->delay(1));
    }

    public function testNextAttemptWithinTheWindow(): void
    {
        $created = 1_800_000_000;
        self::assertSame($created + 30, (new Backoff())->nextAttemptAt($created, $created, 1));
        self::assertSame($created + 7200 + 3600, (new Backoff())->nextAttemptAt($created, $created + 7200, 12));
    }

    public function testGivesUpAfterFortyEightHours(): void
    {
        $created = 1_800_000_000;
        $backoff = new Backoff();
        $lastChance = $created + 48 * 3600 - 3600;
        self::assertSame($created + 48 * 3600, $backoff->nextAttemptAt($created, $lastChance, 20));
        self::assertNull($backoff->nextAttemptAt($created, $lastChance + 1, 20));
    }

    public function testAFullScheduleSpansTwoDays(): void
    {
        $backoff = new Backoff();
        $created = 0;
        $now = 0;
        $attempts = 0;
        while (($next = $backoff->nextAttemptAt($created, $now, $attempts + 1)) !== null) {
            $attempts++;
            $now = $next;
        }
        // 30 s … 32 min (7 doublings), then hourly for the rest of the 48 hours.
        self::assertSame(7 + 46, $attempts);
        self::assertLessThanOrEqual(48 * 3600, $now);
        self::assertGreaterThan(47 * 3600, $now);
    }
}
