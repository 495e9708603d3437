<?php

/**
 * Creates and updates the posts the core publishes.
 *
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge\Publishing;

use Igny8\Bridge\Connection;
use Igny8\Bridge\PostMeta;
use WP_Error;
use WP_Post;
use WP_User;

/**
 * One publish: images first (a failed download leaves no post behind), then the post, its terms, featured
 * image and meta, then wp_after_insert_post once everything is in place.
 *
 * @phpstan-type Result array{
 *     post: WP_Post,
 *     created: bool,
 *     media: list<array{url: string, attachment_id: int, local_url: string}>
 * }
 */
final class PostWriter
{
    /** Seconds a second publish of the same content waits for the first to finish. */
    private const LOCK_WAIT = 30;

    public function __construct(private MediaSideloader $media, private Connection $connection)
    {
    }

    /**
     * @param WP_Post|null $target The post of PUT posts/{id}; null for POST posts/, which updates the managed
     *                             post already holding the content id, or creates one.
     * @return Result|WP_Error
     */
    public function publish(PublishPayload $payload, ?WP_Post $target): array|WP_Error
    {
        // Two publishes of one content at once (a core retrying after a timeout) would both find no post and
        // both create one: a database lock per content id serialises them. Still busy after the wait: a 503,
        // which says "try again", as the other publish will be done by then.
        if (!$this->lock($payload->contentId)) {
            return new WP_Error(
                'igny8_publish_in_progress',
                __('This content is being published already; try again shortly.', 'igny8-bridge'),
                ['status' => 503]
            );
        }
        try {
            $target ??= PostMeta::findManagedPost(PostMeta::CONTENT_ID, $payload->contentId);
            return $this->write($payload, $target);
        } finally {
            $this->unlock($payload->contentId);
        }
    }

    /**
     * @return Result|WP_Error
     */
    private function write(PublishPayload $payload, ?WP_Post $existing): array|WP_Error
    {
        $sideloaded = $this->media->sideloadAll($payload->allImages());
        if (is_wp_error($sideloaded)) {
            return $sideloaded;
        }
        $media = $sideloaded['media'];

        $post = [
            'post_type' => 'post',
            'post_title' => $payload->title,
            // Re-serialised even without images: serialize_blocks() escapes what kses would otherwise mangle
            // in block comments ("--" in attributes).
            'post_content' => serialize_blocks(BlockImages::rewrite(parse_blocks($payload->content), $media)),
            'post_excerpt' => $payload->excerpt,
            'post_status' => $payload->status,
            'post_author' => $this->author($payload),
            'meta_input' => $this->meta($payload),
        ];
        if ($existing !== null) {
            $post['ID'] = $existing->ID;
        }
        if ($payload->slug !== null) {
            $post['post_name'] = $payload->slug;
        }
        if ($payload->dateGmt !== null) {
            $post['post_date_gmt'] = $payload->dateGmt;
            $post['post_date'] = get_date_from_gmt($payload->dateGmt);
            $post['edit_date'] = true;
        }
        $categories = $this->termIds($payload->categories, 'category');
        $tags = $this->termIds($payload->tags, 'post_tag');

        // wp_insert_post() unslashes its input: without wp_slash() the "\u002d"-style escapes in block comments
        // would lose their backslashes. Its after-insert hooks wait until terms and images are set (as the REST
        // posts controller does), so the status webhook and other plugins see the finished post.
        $postId = wp_insert_post(wp_slash($post), true, false);
        if (is_wp_error($postId)) {
            $this->media->discard($sideloaded['created']);
            return new WP_Error('igny8_post_failed', $postId->get_error_message(), ['status' => 500]);
        }

        foreach ([PostMeta::TASK_ID, PostMeta::CLUSTER_ID, PostMeta::SECTOR_ID] as $key) {
            if (!isset($post['meta_input'][$key])) {
                delete_post_meta($postId, $key);
            }
        }
        wp_set_post_categories($postId, $categories);
        wp_set_object_terms($postId, $tags, 'post_tag');
        if ($payload->featuredImage !== null) {
            set_post_thumbnail($postId, $media[$payload->featuredImage['url']]['id']);
        }
        foreach ($sideloaded['created'] as $attachmentId) {
            wp_update_post(['ID' => $attachmentId, 'post_parent' => $postId]);
        }
        $saved = get_post($postId);
        update_post_meta($postId, PostMeta::WORDPRESS_STATUS, $saved->post_status);
        wp_after_insert_post($saved, $existing !== null, $existing);

        $answerMedia = [];
        foreach ($media as $url => $attachment) {
            $answerMedia[] = ['url' => $url, 'attachment_id' => $attachment['id'], 'local_url' => $attachment['url']];
        }
        return ['post' => get_post($postId), 'created' => $existing === null, 'media' => $answerMedia];
    }

    /**
     * The user with the given id, else with the given email, else the administrator who connected, else the
     * first administrator; each only if they can write posts (a subscriber as author would be replaced by the
     * editor's author dropdown on the next save).
     */
    private function author(PublishPayload $payload): int
    {
        $candidates = [
            $payload->authorId !== null ? get_userdata($payload->authorId) : false,
            $payload->authorEmail !== null ? get_user_by('email', $payload->authorEmail) : false,
            get_userdata((int) ($this->connection->details()['default_author_id'] ?? 0)),
        ];
        foreach ($candidates as $user) {
            if ($user instanceof WP_User && user_can($user, 'edit_posts')) {
                return (int) $user->ID;
            }
        }
        $admins = get_users(['role' => 'administrator', 'number' => 1, 'orderby' => 'ID', 'fields' => 'ID']);
        return (int) ($admins[0] ?? 0);
    }

    /**
     * Meta to write; task, cluster and sector ids only when given (an update without them removes them).
     *
     * @return array<string, string>
     */
    private function meta(PublishPayload $payload): array
    {
        $meta = array_map('strval', array_filter([
            PostMeta::TASK_ID => $payload->taskId,
            PostMeta::CLUSTER_ID => $payload->clusterId,
            PostMeta::SECTOR_ID => $payload->sectorId,
        ]));
        $meta += [
            PostMeta::CONTENT_ID => (string) $payload->contentId,
            PostMeta::KEYWORD_IDS => (string) wp_json_encode($payload->keywordIds),
            PostMeta::LAST_SYNCED => gmdate('Y-m-d\TH:i:s\Z'),
            PostMeta::MANAGED => '1',
        ];
        // Ours and the SEO plugins' own keys, so Yoast or Rank Math shows them; absent values leave them be.
        $seo = [
            [$payload->metaTitle, [PostMeta::META_TITLE, '_yoast_wpseo_title', 'rank_math_title']],
            [$payload->metaDescription, [PostMeta::META_DESCRIPTION, '_yoast_wpseo_metadesc', 'rank_math_description']],
            [$payload->primaryKeyword, [PostMeta::PRIMARY_KEYWORD, '_yoast_wpseo_focuskw', 'rank_math_focus_keyword']],
        ];
        foreach ($seo as [$value, $keys]) {
            if ($value !== null) {
                $meta += array_fill_keys($keys, $value);
            }
        }
        return $meta;
    }

    /**
     * Term ids for names, creating the missing terms. A name WordPress refuses is left out, not the post.
     *
     * @param list<string> $names
     * @return list<int>
     */
    private function termIds(array $names, string $taxonomy): array
    {
        $ids = [];
        foreach ($names as $name) {
            $term = get_term_by('name', wp_slash($name), $taxonomy);
            if ($term !== false) {
                $ids[] = (int) $term->term_id;
                continue;
            }
            $inserted = wp_insert_term(wp_slash($name), $taxonomy);
            if (!is_wp_error($inserted)) {
                $ids[] = (int) $inserted['term_id'];
            } elseif ($inserted->get_error_code() === 'term_exists') {
                $ids[] = (int) $inserted->get_error_data('term_exists');
            }
        }
        return array_values(array_unique($ids));
    }

    private function lock(int $contentId): bool
    {
        global $wpdb;
        $sql = $wpdb->prepare('SELECT GET_LOCK(%s, %d)', self::lockName($contentId), self::LOCK_WAIT);
        return $wpdb->get_var($sql) === '1';
    }

    private function unlock(int $contentId): void
    {
        global $wpdb;
        $wpdb->query($wpdb->prepare('SELECT RELEASE_LOCK(%s)', self::lockName($contentId)));
    }

    /** Lock names are server-wide: the database and table prefix keep sites apart. */
    private static function lockName(int $contentId): string
    {
        global $wpdb;
        return 'igny8_' . md5(DB_NAME . '|' . $wpdb->prefix) . '_' . $contentId;
    }
}
