<?php

/**
 * A REST response whose body is sent byte for byte.
 *
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge\Rest;

use WP_HTTP_Response;
use WP_REST_Response;

/**
 * The REST server would decode nothing but re-encode everything as JSON: {} in a proxied core answer would
 * come back as [], and a CSV export as a JSON string. serve() echoes the body itself instead.
 * The data is the decoded JSON (or the text) for code that dispatches internally, such as preloading.
 */
final class RawResponse extends WP_REST_Response
{
    /**
     * @param array<string, string> $headers
     */
    public function __construct(public readonly string $body, int $status, array $headers)
    {
        $decoded = json_decode($body, true);
        parent::__construct(json_last_error() === JSON_ERROR_NONE ? $decoded : $body, $status, $headers);
    }

    public static function register(): void
    {
        add_filter('rest_pre_serve_request', [self::class, 'serve'], 10, 2);
    }

    /** rest_pre_serve_request: echoes the body as it came. */
    public static function serve(bool $served, WP_HTTP_Response $result): bool
    {
        if ($served || !$result instanceof self) {
            return $served;
        }
        self::sendNoCacheHeaders();
        echo $result->body;
        return true;
    }

    /**
     * For a response served from rest_pre_serve_request: WordPress has sent the status and headers already, and
     * would send its no-cache headers after that filter, too late once the body is out, so they are sent now.
     */
    public static function sendNoCacheHeaders(): void
    {
        foreach (wp_get_nocache_headers() as $name => $value) {
            if ($value === false || $value === '') {
                header_remove($name);
            } else {
                header($name . ': ' . $value);
            }
        }
        add_filter('rest_send_nocache_headers', '__return_false');
    }
}
