<?php

/**
 * The post meta the bridge writes and reads.
 *
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge;

use WP_Post;

/**
 * Meta keys of the protocol and the lookups by them. All keys are protected (leading underscore), so they never
 * show among custom fields and cannot be edited through the REST API.
 */
final class PostMeta
{
    public const TASK_ID = '_igny8_task_id';
    public const CONTENT_ID = '_igny8_content_id';
    public const CLUSTER_ID = '_igny8_cluster_id';
    public const SECTOR_ID = '_igny8_sector_id';
    public const KEYWORD_IDS = '_igny8_keyword_ids';
    public const WORDPRESS_STATUS = '_igny8_wordpress_status';
    public const LAST_SYNCED = '_igny8_last_synced';
    public const MANAGED = '_igny8_managed';
    public const META_TITLE = '_igny8_meta_title';
    public const META_DESCRIPTION = '_igny8_meta_description';
    public const PRIMARY_KEYWORD = '_igny8_primary_keyword';
    /** On attachments: the URL an image was sideloaded from, so publishing again reuses it. */
    public const SOURCE_URL = '_igny8_source_url';

    /** Statuses a managed post can be found in (everything but auto-drafts and revisions' "inherit"). */
    private const FINDABLE_STATUSES = ['publish', 'future', 'draft', 'pending', 'private', 'trash'];

    public static function isManaged(int $postId): bool
    {
        return get_post_meta($postId, self::MANAGED, true) === '1';
    }

    public static function intValue(int $postId, string $key): ?int
    {
        $value = (int) get_post_meta($postId, $key, true);
        return $value > 0 ? $value : null;
    }

    /** The managed post holding a content or task id (the oldest, should there ever be two). */
    public static function findManagedPost(string $key, int $value): ?WP_Post
    {
        $posts = get_posts([
            'post_type' => 'post',
            'post_status' => self::FINDABLE_STATUSES,
            'numberposts' => 1,
            'orderby' => 'ID',
            'order' => 'ASC',
            'suppress_filters' => true,
            'meta_query' => [
                ['key' => $key, 'value' => (string) $value],
                ['key' => self::MANAGED, 'value' => '1'],
            ],
        ]);
        return $posts[0] ?? null;
    }

    /** A MySQL GMT datetime as ISO-8601 UTC; null for WordPress's "no date". */
    public static function isoDate(string $gmt): ?string
    {
        if ($gmt === '' || str_starts_with($gmt, '0000-00-00')) {
            return null;
        }
        return gmdate('Y-m-d\TH:i:s\Z', (int) strtotime($gmt . ' UTC'));
    }
}
