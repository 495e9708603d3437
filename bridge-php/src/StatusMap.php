<?php

/**
 * Post statuses between IGNY8 and WordPress.
 *
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge;

/**
 * The two status maps of the product reference; pure.
 */
final class StatusMap
{
    private const TO_WORDPRESS = [
        'published' => 'publish',
        'draft' => 'draft',
        'review' => 'pending',
        'scheduled' => 'future',
        'archived' => 'trash',
    ];

    private const TO_IGNY8 = [
        'publish' => 'published',
        'private' => 'published',
        'pending' => 'review',
        'draft' => 'draft',
        'future' => 'scheduled',
        'trash' => 'archived',
    ];

    /** The WordPress status for an IGNY8 one, or null when it has none. */
    public static function toWordPress(string $igny8Status): ?string
    {
        return self::TO_WORDPRESS[$igny8Status] ?? null;
    }

    /** The IGNY8 status for a WordPress one, or null (auto-draft, inherit, other plugins' statuses). */
    public static function toIgny8(string $wordpressStatus): ?string
    {
        return self::TO_IGNY8[$wordpressStatus] ?? null;
    }
}
