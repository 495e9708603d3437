<?php

/**
 * A proxied CSV upload or download, carried out while the answer is served.
 *
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge\Rest;

use Igny8\Bridge\CoreClient;
use WP_HTTP_Response;
use WP_REST_Response;

/**
 * The route's callback only plans the call; the REST server runs its checks and sends its own headers, and then,
 * in rest_pre_serve_request, the call is made: the upload is read from php://input as cURL sends it, and the core's
 * status, passed headers and body go to the browser as they arrive, flushed chunk by chunk. Memory stays the same
 * whatever the size of the file.
 *
 * Until the first byte of the body is out, a failure is still the proxy's JSON error (504 CORE_TIMEOUT,
 * 502 CORE_UNREACHABLE); after it, the download can only stop short.
 */
final class StreamedResponse extends WP_REST_Response
{
    /**
     * @param array{headers: array<string, string>, timeout: float, user: \WP_User, body_length?: int|null} $options
     * @param bool $upload Whether php://input is the body.
     */
    public function __construct(
        private CoreClient $client,
        private string $method,
        private string $target,
        private array $options,
        private bool $upload
    ) {
        parent::__construct(null, 200);
    }

    public static function register(): void
    {
        add_filter('rest_pre_serve_request', [self::class, 'serve'], 10, 2);
    }

    public static function serve(bool $served, WP_HTTP_Response $result): bool
    {
        if ($served || !$result instanceof self) {
            return $served;
        }
        RawResponse::sendNoCacheHeaders();
        $result->transfer();
        return true;
    }

    private function transfer(): void
    {
        // Output buffers would collect the whole file: every chunk goes straight out instead.
        while (ob_get_level() > 0 && ob_end_flush()) {
            continue;
        }
        $options = $this->options;
        if ($this->upload) {
            $options['body'] = fopen('php://input', 'rb');
        }
        $sentHeaders = [];
        $error = $this->client->stream(
            $this->method,
            $this->target,
            static function (int $status, array $headers) use (&$sentHeaders): void {
                self::sendStatus($status);
                foreach (ProxyPolicy::passedHeaders($headers) as $name => $value) {
                    header($name . ': ' . $value);
                    $sentHeaders[] = $name;
                }
            },
            static function (string $chunk): void {
                echo $chunk;
                flush();
            },
            $options
        );
        if (is_resource($options['body'] ?? null)) {
            fclose($options['body']);
        }
        if ($error === null) {
            return;
        }
        if (headers_sent()) {
            // The browser has part of the answer and nothing more can be said to it; leave a trace for the admin.
            error_log('IGNY8 Bridge: the answer to ' . $this->method . ' ' . $this->target . ' stopped short: '
                . $error->get_error_message());
            return;
        }
        // Nothing of the core's answer is out yet: answer the proxy's own error instead.
        foreach ($sentHeaders as $name) {
            header_remove($name);
        }
        $response = ProxyController::transportError($error);
        self::sendStatus($response->get_status());
        header('Content-Type: application/json; charset=' . get_option('blog_charset'));
        echo wp_json_encode($response->get_data());
    }

    /**
     * A whole status line, as the REST server's status_header() sent one already: http_response_code() alone would
     * not replace that line.
     */
    private static function sendStatus(int $status): void
    {
        header(rtrim(wp_get_server_protocol() . ' ' . $status . ' ' . get_status_header_desc($status)), true, $status);
    }
}
