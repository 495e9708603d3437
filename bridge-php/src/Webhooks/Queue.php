<?php

/**
 * The webhook queue table.
 *
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge\Webhooks;

use Igny8\Bridge\Installer;

/**
 * Rows of {prefix}igny8_webhook_queue. Times are UTC, computed in PHP (the database's clock and time zone
 * play no part).
 */
final class Queue
{
    public function push(string $eventId, string $payload, int $now): void
    {
        global $wpdb;
        $wpdb->insert(Installer::queueTable(), [
            'event_id' => $eventId,
            'payload' => $payload,
            'attempts' => 0,
            'next_attempt_at' => self::datetime($now),
            'created_at' => self::datetime($now),
        ]);
    }

    /**
     * Rows due at $now, oldest first; every column comes back as a string.
     *
     * @return list<object>
     */
    public function due(int $now, int $limit): array
    {
        global $wpdb;
        $table = Installer::queueTable();
        return $wpdb->get_results($wpdb->prepare(
            "SELECT id, event_id, payload, attempts, next_attempt_at, created_at FROM {$table}
             WHERE next_attempt_at <= %s ORDER BY id LIMIT %d",
            self::datetime($now),
            $limit
        )) ?: [];
    }

    /**
     * Takes a row for one drain: moves next_attempt_at past a lease, only if nobody changed the row since it
     * was read (same attempts and next_attempt_at). A drain that dies leaves the row due again after the lease.
     */
    public function claim(object $row, int $leaseUntil): bool
    {
        global $wpdb;
        $table = Installer::queueTable();
        $claimed = $wpdb->query($wpdb->prepare(
            "UPDATE {$table} SET next_attempt_at = %s WHERE id = %d AND attempts = %d AND next_attempt_at = %s",
            self::datetime($leaseUntil),
            (int) $row->id,
            (int) $row->attempts,
            $row->next_attempt_at
        ));
        return $claimed === 1;
    }

    public function delete(int $id): void
    {
        global $wpdb;
        $wpdb->delete(Installer::queueTable(), ['id' => $id], ['%d']);
    }

    public function retryLater(int $id, int $attempts, int $nextAttemptAt, string $error): void
    {
        global $wpdb;
        $wpdb->update(
            Installer::queueTable(),
            [
                'attempts' => $attempts,
                'next_attempt_at' => self::datetime($nextAttemptAt),
                'last_error' => mb_substr($error, 0, 1000),
            ],
            ['id' => $id]
        );
    }

    public function count(): int
    {
        global $wpdb;
        return (int) $wpdb->get_var('SELECT COUNT(*) FROM ' . Installer::queueTable());
    }

    /** The error of the row that failed most often, for the settings page. */
    public function lastError(): string
    {
        global $wpdb;
        $table = Installer::queueTable();
        return (string) $wpdb->get_var(
            "SELECT last_error FROM {$table} WHERE last_error IS NOT NULL ORDER BY attempts DESC, id DESC LIMIT 1"
        );
    }

    public function clear(): void
    {
        global $wpdb;
        $wpdb->query('DELETE FROM ' . Installer::queueTable());
    }

    public static function datetime(int $timestamp): string
    {
        return gmdate('Y-m-d H:i:s', $timestamp);
    }

    public static function timestamp(string $datetime): int
    {
        return (int) strtotime($datetime . ' UTC');
    }
}
