<?php

/**
 * Permission check of the core → WordPress routes.
 *
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge;

use WP_Error;
use WP_REST_Request;

/**
 * Accepts a request only when it is signed with the connection's secret, within the window, and not seen before.
 *
 * Accepted signatures are remembered in {prefix}igny8_seen_signatures for ten minutes: a signature is valid for
 * at most 300 s either side of its timestamp, so nothing older can be replayed anyway.
 */
final class SignatureGuard
{
    private const REMEMBER = 600;

    /** @var \WeakMap<WP_REST_Request, bool|WP_Error> */
    private \WeakMap $verdicts;

    public function __construct(private Connection $connection)
    {
        $this->verdicts = new \WeakMap();
    }

    /**
     * A REST permission_callback. WordPress calls it again for the same request to build the Allow header,
     * so the verdict is kept per request: the second call must not count as a replay.
     */
    public function check(WP_REST_Request $request): bool|WP_Error
    {
        return $this->verdicts[$request] ??= $this->verify($request);
    }

    private function verify(WP_REST_Request $request): bool|WP_Error
    {
        $signature = $this->connection->signature();
        if ($signature === null || !$this->connection->isConnected()) {
            return new WP_Error(
                'igny8_not_connected',
                __('This site is not connected to IGNY8.', 'igny8-bridge'),
                ['status' => 503]
            );
        }
        try {
            $mac = $signature->verify($request->get_header('x_igny8_signature'), $request->get_body());
        } catch (SignatureException $e) {
            return self::error($e->errorCode);
        }
        $remembered = $this->remember($mac);
        if ($remembered === null) {
            return new WP_Error(
                'igny8_storage_failed',
                __('The request signature could not be recorded.', 'igny8-bridge'),
                ['status' => 500]
            );
        }
        return $remembered ? true : self::error(SignatureException::REPLAYED);
    }

    /**
     * @return bool|null True when first seen, false for a replay, null when the table could not be written.
     */
    private function remember(string $mac): ?bool
    {
        global $wpdb;
        $table = Installer::signaturesTable();
        $now = time();
        $wpdb->query($wpdb->prepare(
            "DELETE FROM {$table} WHERE seen_at < %s",
            gmdate('Y-m-d H:i:s', $now - self::REMEMBER)
        ));
        // The primary key makes this atomic: of two identical requests racing, exactly one inserts.
        $inserted = $wpdb->query($wpdb->prepare(
            "INSERT IGNORE INTO {$table} (signature_hash, seen_at) VALUES (%s, %s)",
            hash('sha256', $mac),
            gmdate('Y-m-d H:i:s', $now)
        ));
        return $inserted === false ? null : $inserted === 1;
    }

    private static function error(string $code): WP_Error
    {
        $status = $code === SignatureException::REPLAYED ? 409 : 401;
        return new WP_Error('igny8_' . strtolower($code), self::message($code), ['status' => $status]);
    }

    private static function message(string $code): string
    {
        return match ($code) {
            SignatureException::MISSING => __('The request is not signed.', 'igny8-bridge'),
            SignatureException::EXPIRED => __('The request signature has expired; check the clocks.', 'igny8-bridge'),
            SignatureException::REPLAYED => __('The request signature was already used.', 'igny8-bridge'),
            default => __('The request signature is not valid.', 'igny8-bridge'),
        };
    }
}
