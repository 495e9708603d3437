<?php

/**
 * The core → WordPress routes.
 *
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge\Rest;

use Igny8\Bridge\Plugin;
use Igny8\Bridge\PostMeta;
use Igny8\Bridge\Publishing\InvalidPayload;
use Igny8\Bridge\Publishing\PostWriter;
use Igny8\Bridge\Publishing\PublishPayload;
use Igny8\Bridge\SignatureGuard;
use WP_Error;
use WP_Post;
use WP_REST_Request;
use WP_REST_Response;

/**
 * site-metadata/, posts/, posts/{id}, post-by-task-id/{id}, post-by-content-id/{id}: every request signed by
 * the core (SignatureGuard is the permission_callback), JSON in and out.
 */
final class PostsController
{
    public function __construct(private SignatureGuard $guard, private PostWriter $writer)
    {
    }

    public function registerRoutes(): void
    {
        $signed = [$this->guard, 'check'];
        // WordPress strips the trailing slash of a REST route, so "posts/" and "posts" both land here.
        register_rest_route(Plugin::REST_NAMESPACE, '/site-metadata', [
            'methods' => 'GET',
            'callback' => [$this, 'siteMetadata'],
            'permission_callback' => $signed,
        ]);
        register_rest_route(Plugin::REST_NAMESPACE, '/posts', [
            'methods' => 'POST',
            'callback' => [$this, 'createPost'],
            'permission_callback' => $signed,
        ]);
        register_rest_route(Plugin::REST_NAMESPACE, '/posts/(?P<id>\d+)', [
            'methods' => 'PUT',
            'callback' => [$this, 'updatePost'],
            'permission_callback' => $signed,
        ]);
        register_rest_route(Plugin::REST_NAMESPACE, '/post-by-task-id/(?P<task_id>\d+)', [
            'methods' => 'GET',
            'callback' => [$this, 'postByTaskId'],
            'permission_callback' => $signed,
        ]);
        register_rest_route(Plugin::REST_NAMESPACE, '/post-by-content-id/(?P<content_id>\d+)', [
            'methods' => 'GET',
            'callback' => [$this, 'postByContentId'],
            'permission_callback' => $signed,
        ]);
    }

    public function siteMetadata(): WP_REST_Response
    {
        $postTypes = [];
        foreach (get_post_types(['public' => true], 'objects') as $type) {
            if ($type->name === 'attachment') {
                continue;
            }
            $counts = wp_count_posts($type->name);
            $postTypes[] = [
                'name' => $type->name,
                'label' => $type->label,
                'hierarchical' => (bool) $type->hierarchical,
                'counts' => array_combine(
                    ['publish', 'draft', 'pending', 'future', 'private'],
                    array_map(
                        static fn (string $status): int => (int) ($counts->$status ?? 0),
                        ['publish', 'draft', 'pending', 'future', 'private']
                    )
                ),
            ];
        }
        $taxonomies = [];
        foreach (get_taxonomies(['public' => true], 'objects') as $taxonomy) {
            $count = wp_count_terms(['taxonomy' => $taxonomy->name, 'hide_empty' => false]);
            $taxonomies[] = [
                'name' => $taxonomy->name,
                'label' => $taxonomy->label,
                'hierarchical' => (bool) $taxonomy->hierarchical,
                'object_types' => array_values((array) $taxonomy->object_type),
                'term_count' => is_wp_error($count) ? 0 : (int) $count,
            ];
        }
        return new WP_REST_Response(['success' => true, 'data' => [
            'site_name' => get_bloginfo('name'),
            'site_url' => home_url(),
            'wp_version' => get_bloginfo('version'),
            'plugin_version' => Plugin::VERSION,
            'php_version' => PHP_VERSION,
            'post_types' => $postTypes,
            'taxonomies' => $taxonomies,
        ]]);
    }

    public function createPost(WP_REST_Request $request): WP_REST_Response|WP_Error
    {
        return $this->publish($request, null);
    }

    public function updatePost(WP_REST_Request $request): WP_REST_Response|WP_Error
    {
        $post = $this->managedPost(get_post((int) $request['id']));
        return $post instanceof WP_Error ? $post : $this->publish($request, $post);
    }

    public function postByTaskId(WP_REST_Request $request): WP_REST_Response|WP_Error
    {
        $post = $this->managedPost(PostMeta::findManagedPost(PostMeta::TASK_ID, (int) $request['task_id']));
        return $post instanceof WP_Error ? $post : $this->answer($post, false, null, 200);
    }

    public function postByContentId(WP_REST_Request $request): WP_REST_Response|WP_Error
    {
        $post = $this->managedPost(PostMeta::findManagedPost(PostMeta::CONTENT_ID, (int) $request['content_id']));
        return $post instanceof WP_Error ? $post : $this->answer($post, false, null, 200);
    }

    private function publish(WP_REST_Request $request, ?WP_Post $target): WP_REST_Response|WP_Error
    {
        // The raw body, which is what was signed; WordPress only parses JSON sent as application/json.
        $data = json_decode($request->get_body(), true);
        try {
            $payload = PublishPayload::fromArray($data);
            if (!self::isBlockMarkup($payload->content)) {
                throw new InvalidPayload('content', 'must be serialized block markup, not bare HTML');
            }
        } catch (InvalidPayload $e) {
            return new WP_Error(
                'igny8_invalid_payload',
                /* translators: %s: what is wrong, e.g. "title: must be a non-empty string" */
                sprintf(__('Invalid payload: %s', 'igny8-bridge'), $e->getMessage()),
                ['status' => 400, 'field' => $e->field]
            );
        }
        $result = $this->writer->publish($payload, $target);
        if (is_wp_error($result)) {
            return $result;
        }
        return $this->answer($result['post'], $result['created'], $result['media'], $result['created'] ? 201 : 200);
    }

    private function managedPost(?WP_Post $post): WP_Post|WP_Error
    {
        if ($post === null || $post->post_type !== 'post' || !PostMeta::isManaged($post->ID)) {
            return new WP_Error('igny8_post_not_found', __('No post published by IGNY8 matches.', 'igny8-bridge'), [
                'status' => 404,
            ]);
        }
        return $post;
    }

    /**
     * The protocol's post answer. Without $media (the lookups) it lists the sideloaded images the post uses now.
     *
     * @param list<array{url: string, attachment_id: int, local_url: string}>|null $media
     */
    private function answer(WP_Post $post, bool $created, ?array $media, int $status): WP_REST_Response
    {
        $featured = (int) get_post_thumbnail_id($post);
        return new WP_REST_Response(['success' => true, 'data' => [
            'post_id' => $post->ID,
            'url' => (string) get_permalink($post),
            'status' => $post->post_status,
            'content_id' => PostMeta::intValue($post->ID, PostMeta::CONTENT_ID),
            'task_id' => PostMeta::intValue($post->ID, PostMeta::TASK_ID),
            'featured_media_id' => $featured > 0 ? $featured : null,
            'media' => $media ?? self::mediaInUse($post, $featured),
            'modified_gmt' => PostMeta::isoDate($post->post_modified_gmt),
            'created' => $created,
        ]], $status);
    }

    /** @return list<array{url: string, attachment_id: int, local_url: string}> */
    private static function mediaInUse(WP_Post $post, int $featured): array
    {
        $ids = $featured > 0 ? [$featured] : [];
        $walk = static function (array $blocks) use (&$walk, &$ids): void {
            foreach ($blocks as $block) {
                if ($block['blockName'] === 'core/image' && !empty($block['attrs']['id'])) {
                    $ids[] = (int) $block['attrs']['id'];
                }
                $walk($block['innerBlocks']);
            }
        };
        $walk(parse_blocks($post->post_content));
        $media = [];
        foreach (array_unique($ids) as $id) {
            $source = (string) get_post_meta($id, PostMeta::SOURCE_URL, true);
            if ($source !== '') {
                $media[] = [
                    'url' => $source,
                    'attachment_id' => $id,
                    'local_url' => (string) wp_get_attachment_url($id),
                ];
            }
        }
        return $media;
    }

    /** Blocks only: any non-blank stretch outside a block would become a Classic (freeform) block. */
    private static function isBlockMarkup(string $content): bool
    {
        foreach (parse_blocks($content) as $block) {
            if ($block['blockName'] === null && trim($block['innerHTML']) !== '') {
                return false;
            }
        }
        return true;
    }
}
