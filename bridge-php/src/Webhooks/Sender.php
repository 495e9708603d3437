<?php

/**
 * Status webhooks from WordPress to the core.
 *
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge\Webhooks;

use Igny8\Bridge\Connection;
use Igny8\Bridge\CoreClient;
use Igny8\Bridge\Plugin;
use Igny8\Bridge\PostMeta;
use Igny8\Bridge\Rest\RawResponse;
use Igny8\Bridge\Signature;
use Igny8\Bridge\StatusMap;
use WP_Post;
use WP_REST_Request;

/**
 * Queues an event when a managed post changes or goes away, and drains the queue: right after the request
 * through a non-blocking loopback request (as spawn_cron() does), and every minute through WP-Cron.
 *
 * Saving a post never waits for the core: the save only writes a row.
 */
final class Sender
{
    public const CRON_HOOK = 'igny8_bridge_drain_webhooks';
    public const CRON_HOOK_RETRY = 'igny8_bridge_retry_webhooks';
    private const CRON_SCHEDULE = 'igny8_every_minute';
    public const OPTION_DRAIN_KEY = 'igny8_bridge_drain_key';
    private const DRAIN_ROUTE = '/webhooks/drain';

    private const ENDPOINT = 'integration/webhooks/wordpress/status/';
    private const TIMEOUT = 5;
    /** How long a drain holds a row it is sending; longer than one attempt. */
    private const LEASE = 60;
    /** A drain stops taking rows after this long, so a loopback or cron run stays short. */
    private const DRAIN_BUDGET = 20;
    private const BATCH = 20;

    private bool $kick = false;

    public function __construct(
        private Connection $connection,
        private CoreClient $client,
        private Queue $queue,
        private Backoff $backoff
    ) {
    }

    public function register(): void
    {
        add_action('wp_after_insert_post', [$this, 'onAfterInsertPost'], 10, 4);
        add_action('before_delete_post', [$this, 'onBeforeDeletePost'], 10, 2);
        add_action('shutdown', [$this, 'kickDrain']);
        add_action(self::CRON_HOOK, [$this, 'drain']);
        add_action(self::CRON_HOOK_RETRY, [$this, 'drain']);
        add_filter('cron_schedules', [self::class, 'addSchedule']);
        add_action('rest_api_init', [$this, 'registerRoutes']);
        add_action('init', [$this, 'syncSchedule']);
    }

    /**
     * @param array<string, array{interval: int, display: string}> $schedules
     * @return array<string, array{interval: int, display: string}>
     */
    public static function addSchedule(array $schedules): array
    {
        $schedules[self::CRON_SCHEDULE] = [
            'interval' => MINUTE_IN_SECONDS,
            'display' => __('Every minute (IGNY8 status updates)', 'igny8-bridge'),
        ];
        return $schedules;
    }

    /**
     * The minutely drain runs only while connected: otherwise it would only wake WP-Cron for nothing.
     * Cheap on every request: the cron array is autoloaded.
     */
    public function syncSchedule(): void
    {
        $scheduled = wp_next_scheduled(self::CRON_HOOK) !== false;
        if ($this->connection->isConnected() && !$scheduled) {
            wp_schedule_event(time(), self::CRON_SCHEDULE, self::CRON_HOOK);
        } elseif (!$this->connection->isConnected() && $scheduled) {
            wp_clear_scheduled_hook(self::CRON_HOOK);
        }
    }

    public function registerRoutes(): void
    {
        register_rest_route(Plugin::REST_NAMESPACE, self::DRAIN_ROUTE, [
            'methods' => 'POST',
            'callback' => [$this, 'handleDrainRequest'],
            'permission_callback' => [$this, 'canDrain'],
            'show_in_index' => false,
        ]);
    }

    /**
     * @param WP_Post|null $postBefore Null for a new post.
     */
    public function onAfterInsertPost(int $postId, WP_Post $post, bool $update, ?WP_Post $postBefore): void
    {
        if (wp_is_post_revision($postId) || wp_is_post_autosave($postId) || $post->post_status === 'auto-draft') {
            return;
        }
        $previous = $postBefore?->post_status;
        $event = $previous === $post->post_status ? 'post.updated' : 'post.status_changed';
        $this->enqueue($post, $event, $post->post_status, $previous);
    }

    public function onBeforeDeletePost(int $postId, ?WP_Post $post = null): void
    {
        $post ??= get_post($postId);
        if (!$post instanceof WP_Post || $post->post_type === 'revision') {
            return;
        }
        // The core archives a deleted post, as it does a trashed one; "trash" is the status that says so.
        $this->enqueue($post, 'post.deleted', 'trash', $post->post_status);
    }

    /** After the response: one non-blocking request to the drain endpoint, if this request queued anything. */
    public function kickDrain(): void
    {
        if (!$this->kick) {
            return;
        }
        $this->kick = false;
        wp_remote_post(rest_url(Plugin::REST_NAMESPACE . self::DRAIN_ROUTE), [
            'blocking' => false,
            'timeout' => 0.01,
            'headers' => ['X-IGNY8-Drain-Key' => self::drainKey()],
            // As spawn_cron() does: a local self-signed certificate must not stop the loopback.
            'sslverify' => apply_filters('https_local_ssl_verify', false),
        ]);
    }

    public function canDrain(WP_REST_Request $request): bool
    {
        return hash_equals(self::drainKey(), (string) $request->get_header('x_igny8_drain_key'));
    }

    /**
     * Answers at once and drains after the response is out: the kicking request (and so the editor's save)
     * never waits for the core. The exact Content-Length lets the caller stop reading as soon as the body is in.
     */
    public function handleDrainRequest(): RawResponse
    {
        add_action('shutdown', [$this, 'drainAfterResponse']);
        $body = '{"success":true}';
        return new RawResponse($body, 202, [
            'Content-Type' => 'application/json',
            'Content-Length' => (string) strlen($body),
            'Connection' => 'close',
        ]);
    }

    public function drainAfterResponse(): void
    {
        ignore_user_abort(true);
        if (function_exists('fastcgi_finish_request')) {
            fastcgi_finish_request();
        } else {
            while (ob_get_level() > 0) {
                ob_end_flush();
            }
            flush();
        }
        $this->drain();
    }

    /**
     * Sends due events. Each row is claimed before it is sent, so concurrent drains never send the same row.
     *
     * @return int Events the core accepted.
     */
    public function drain(): int
    {
        $signature = $this->connection->signature();
        if (!$this->connection->isConnected() || $signature === null) {
            return 0;
        }
        $sent = 0;
        $deadline = time() + self::DRAIN_BUDGET;
        do {
            $rows = $this->queue->due(time(), self::BATCH);
            $claimedAny = false;
            foreach ($rows as $row) {
                if (time() >= $deadline) {
                    break 2;
                }
                if (!$this->queue->claim($row, time() + self::LEASE)) {
                    continue;
                }
                $claimedAny = true;
                $sent += $this->attempt($row, $signature) ? 1 : 0;
            }
        } while ($claimedAny && count($rows) === self::BATCH);
        return $sent;
    }

    /** One signed attempt; true when the core took it (2xx, or 409 for an event it already has). */
    private function attempt(object $row, Signature $signature): bool
    {
        $response = $this->client->request('POST', self::ENDPOINT, [
            'body' => $row->payload,
            // Signed afresh on every attempt, so a retry is never a replay; event_id de-duplicates it.
            'headers' => ['Content-Type' => 'application/json', Signature::HEADER => $signature->sign($row->payload)],
            'timeout' => self::TIMEOUT,
        ]);
        if (!is_wp_error($response) && ($response->isSuccess() || $response->status === 409)) {
            $this->queue->delete((int) $row->id);
            return true;
        }

        $error = is_wp_error($response)
            ? $response->get_error_message()
            : sprintf('HTTP %d %s', $response->status, $response->errorMessage());
        $attempts = (int) $row->attempts + 1;
        $next = $this->backoff->nextAttemptAt(Queue::timestamp($row->created_at), time(), $attempts);
        if ($next === null) {
            $this->queue->delete((int) $row->id);
            error_log(sprintf(
                'IGNY8 Bridge: gave up on status event %s after %d attempts: %s',
                $row->event_id,
                $attempts,
                $error
            ));
            return false;
        }
        $this->queue->retryLater((int) $row->id, $attempts, $next, $error);
        // A one-off drain when the retry falls due, so it does not wait for the next minute tick.
        // The time is the event's argument: WordPress refuses a second identical event within ten minutes.
        if (wp_next_scheduled(self::CRON_HOOK_RETRY, [$next]) === false) {
            wp_schedule_single_event($next, self::CRON_HOOK_RETRY, [$next]);
        }
        return false;
    }

    private function enqueue(WP_Post $post, string $event, string $status, ?string $previous): void
    {
        // Only posts IGNY8 published, only while connected, only statuses the core can map.
        $mappable = StatusMap::toIgny8($status) !== null;
        if (!$mappable || !$this->connection->isConnected() || !PostMeta::isManaged($post->ID)) {
            return;
        }
        $now = time();
        $eventId = wp_generate_uuid4();
        $payload = [
            'event_id' => $eventId,
            'event' => $event,
            'post_id' => $post->ID,
            'content_id' => PostMeta::intValue($post->ID, PostMeta::CONTENT_ID),
            'task_id' => PostMeta::intValue($post->ID, PostMeta::TASK_ID),
            'status' => $status,
            'previous_status' => $previous,
            'url' => (string) get_permalink($post),
            'modified_gmt' => PostMeta::isoDate($post->post_modified_gmt),
            'occurred_at' => gmdate('Y-m-d\TH:i:s\Z', $now),
        ];
        $this->queue->push($eventId, (string) wp_json_encode($payload), $now);
        if ($event !== 'post.deleted') {
            update_post_meta($post->ID, PostMeta::WORDPRESS_STATUS, $status);
        }
        $this->kick = true;
    }

    private static function drainKey(): string
    {
        $key = (string) get_option(self::OPTION_DRAIN_KEY, '');
        if ($key === '') {
            $key = wp_generate_password(40, false);
            update_option(self::OPTION_DRAIN_KEY, $key, false);
        }
        return $key;
    }
}
