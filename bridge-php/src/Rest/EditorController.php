<?php

/**
 * What the block editor sidebar asks of WordPress itself.
 *
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge\Rest;

use Igny8\Bridge\CoreClient;
use Igny8\Bridge\Plugin;
use Igny8\Bridge\PostMeta;
use Igny8\Bridge\Publishing\MediaSideloader;
use Igny8\Bridge\Webhooks\Queue;
use WP_Error;
use WP_Post;
use WP_REST_Request;
use WP_REST_Response;

/**
 * The post's link to its IGNY8 task and content, shown read-only on every post (`igny8` in the REST answer, so the
 * editor has it without a request) and written only here: the meta keys are protected, so the editor's own save
 * can neither change nor trip over them. Also sets a core image as the featured image, sideloaded into the media
 * library as publishing does.
 */
final class EditorController
{
    public function __construct(private MediaSideloader $sideloader, private CoreClient $client, private Queue $queue)
    {
    }

    public function register(): void
    {
        add_action('rest_api_init', [$this, 'registerRoutes']);
    }

    public function registerRoutes(): void
    {
        register_rest_field('post', 'igny8', [
            'get_callback' => fn (array $post) => $this->describe((int) $post['id']),
            'schema' => ['type' => 'object', 'context' => ['edit'], 'readonly' => true],
        ]);
        register_rest_route(Plugin::REST_NAMESPACE, '/editor/posts/(?P<id>\d+)/link', [
            'methods' => 'POST',
            'callback' => [$this, 'link'],
            'permission_callback' => [$this, 'canEdit'],
            'args' => [
                'task_id' => ['type' => ['integer', 'null'], 'minimum' => 1],
                'content_id' => ['type' => ['integer', 'null'], 'minimum' => 1],
                'sector_id' => ['type' => ['integer', 'null'], 'minimum' => 1],
            ],
        ]);
        register_rest_route(Plugin::REST_NAMESPACE, '/editor/posts/(?P<id>\d+)/featured-image', [
            'methods' => 'POST',
            'callback' => [$this, 'setFeaturedImage'],
            'permission_callback' => [$this, 'canEdit'],
            'args' => ['image_id' => ['type' => 'integer', 'minimum' => 1, 'required' => true]],
        ]);
    }

    public function canEdit(WP_REST_Request $request): bool|WP_Error
    {
        $postId = (int) $request['id'];
        if (!get_current_user_id()) {
            return new WP_Error('igny8_not_logged_in', __('Log in to use IGNY8.', 'igny8-bridge'), ['status' => 401]);
        }
        if (!get_post($postId) instanceof WP_Post) {
            $message = __('That post does not exist.', 'igny8-bridge');
            return new WP_Error('igny8_post_not_found', $message, ['status' => 404]);
        }
        if (!current_user_can('edit_post', $postId)) {
            return new WP_Error('igny8_forbidden', __('You cannot edit this post.', 'igny8-bridge'), ['status' => 403]);
        }
        return true;
    }

    /** Links (or, with null, unlinks) the post to a task, its content and sector. */
    public function link(WP_REST_Request $request): WP_REST_Response
    {
        $postId = (int) $request['id'];
        $keys = [
            'task_id' => PostMeta::TASK_ID,
            'content_id' => PostMeta::CONTENT_ID,
            'sector_id' => PostMeta::SECTOR_ID,
        ];
        foreach ($keys as $param => $key) {
            if (!$request->has_param($param)) {
                continue;
            }
            $value = $request->get_param($param);
            if ($value === null) {
                delete_post_meta($postId, $key);
            } else {
                update_post_meta($postId, $key, (string) (int) $value);
            }
        }
        // A post linked to content is one the core follows: its status changes are sent back as webhooks.
        if (PostMeta::intValue($postId, PostMeta::CONTENT_ID) !== null) {
            update_post_meta($postId, PostMeta::MANAGED, '1');
        }
        return new WP_REST_Response($this->describe($postId), 200);
    }

    public function setFeaturedImage(WP_REST_Request $request): WP_REST_Response|WP_Error
    {
        $postId = (int) $request['id'];
        $response = $this->client->request('GET', 'writer/images/' . (int) $request['image_id'] . '/', [
            'user' => wp_get_current_user(),
            'timeout' => 15,
        ]);
        if (is_wp_error($response)) {
            $message = __('IGNY8 could not be reached. Try again in a moment.', 'igny8-bridge');
            return new WP_Error('igny8_core_unreachable', $message, ['status' => 502]);
        }
        $image = $response->data();
        if ($response->status !== 200 || !is_array($image)) {
            return new WP_REST_Response($response->json(), $response->status);
        }
        $url = (string) ($image['url'] ?? '');
        if ($url === '') {
            return new WP_Error('igny8_image_not_ready', __('This image has not been generated yet.', 'igny8-bridge'), [
                'status' => 409,
            ]);
        }
        $result = $this->sideloader->sideloadAll([
            $url => [
                'url' => $url,
                'alt' => (string) ($image['alt_text'] ?? ''),
                'caption' => (string) ($image['caption'] ?? ''),
            ],
        ]);
        if (is_wp_error($result)) {
            return new WP_Error('igny8_image_download_failed', $result->get_error_message(), ['status' => 502]);
        }
        $attachmentId = (int) $result['media'][$url]['id'];
        set_post_thumbnail($postId, $attachmentId);
        return new WP_REST_Response([
            'attachment_id' => $attachmentId,
            'url' => (string) wp_get_attachment_url($attachmentId),
        ], 200);
    }

    /** @return array<string, mixed> */
    private function describe(int $postId): array
    {
        return [
            'task_id' => PostMeta::intValue($postId, PostMeta::TASK_ID),
            'content_id' => PostMeta::intValue($postId, PostMeta::CONTENT_ID),
            'sector_id' => PostMeta::intValue($postId, PostMeta::SECTOR_ID),
            'managed' => PostMeta::isManaged($postId),
            'wordpress_status' => (string) get_post_meta($postId, PostMeta::WORDPRESS_STATUS, true),
            'last_synced' => (string) get_post_meta($postId, PostMeta::LAST_SYNCED, true),
            'webhooks_waiting' => $this->queue->count(),
            'webhook_error' => $this->queue->lastError(),
        ];
    }
}
