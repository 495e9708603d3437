<?php

/**
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge\Tests;

use Igny8\Bridge\StatusMap;
use PHPUnit\Framework\TestCase;

final class StatusMapTest extends TestCase
{
    public function testIgny8ToWordPress(): void
    {
        $expected = [
            'published' => 'publish',
            'draft' => 'draft',
            'review' => 'pending',
            'scheduled' => 'future',
            'archived' => 'trash',
        ];
        foreach ($expected as $igny8 => $wordpress) {
            self::assertSame($wordpress, StatusMap::toWordPress($igny8), $igny8);
        }
        self::assertNull(StatusMap::toWordPress('approved'));
        self::assertNull(StatusMap::toWordPress('publish'));
    }

    public function testWordPressToIgny8(): void
    {
        $expected = [
            'publish' => 'published',
            'private' => 'published',
            'pending' => 'review',
            'draft' => 'draft',
            'future' => 'scheduled',
            'trash' => 'archived',
        ];
        foreach ($expected as $wordpress => $igny8) {
            self::assertSame($igny8, StatusMap::toIgny8($wordpress), $wordpress);
        }
        foreach (['auto-draft', 'inherit', 'Publish', ''] as $unmapped) {
            self::assertNull(StatusMap::toIgny8($unmapped), $unmapped);
        }
    }

    public function testEveryIgny8StatusSurvivesTheRoundTrip(): void
    {
        foreach (['published', 'draft', 'review', 'scheduled', 'archived'] as $status) {
            self::assertSame($status, StatusMap::toIgny8((string) StatusMap::toWordPress($status)));
        }
    }
}
