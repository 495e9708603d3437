<?php

/**
 * The UI proxy: the wp-admin and editor UI talk to the core through WordPress.
 *
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge\Rest;

use Igny8\Bridge\Connection;
use Igny8\Bridge\CoreClient;
use Igny8\Bridge\Plugin;
use Igny8\Bridge\UiContext;
use WP;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;

/**
 * /igny8/v1/core/<path> → {core}/api/v1/<path> with the site's key and the acting user.
 *
 * The browser authenticates with its WordPress cookie and the REST nonce (WordPress itself turns a cookie
 * request without a valid X-WP-Nonce into user 0); the key never leaves the server. The core's status and
 * body come back unchanged, JSON or not (see RawResponse). CSV uploads and downloads are streamed rather than
 * held in memory (see StreamedResponse), behind the same checks.
 */
final class ProxyController
{
    public function __construct(private Connection $connection, private CoreClient $client)
    {
    }

    public function register(): void
    {
        add_action('rest_api_init', [$this, 'registerRoutes']);
        // Before rest_api_loaded (10), which serves the REST request.
        add_action('parse_request', [self::class, 'leaveUploadUnread'], 9);
        StreamedResponse::register();
    }

    public function registerRoutes(): void
    {
        register_rest_route(Plugin::REST_NAMESPACE, '/core/(?P<path>.+)', [
            'methods' => 'GET, POST, PUT, PATCH, DELETE',
            'callback' => [$this, 'forward'],
            'permission_callback' => [$this, 'permit'],
        ]);
    }

    /**
     * The REST server reads the whole body into one string before it checks anything
     * (WP_REST_Server::get_raw_data(), unless the legacy $HTTP_RAW_POST_DATA is set): for an upload path it is
     * set empty, and forward() streams php://input to the core once the request has passed every check.
     */
    public static function leaveUploadUnread(WP $wp): void
    {
        $path = ProxyPolicy::pathOfRoute((string) ($wp->query_vars['rest_route'] ?? ''));
        if ($path !== null && ProxyPolicy::streamsUpload($path)) {
            $GLOBALS['HTTP_RAW_POST_DATA'] = '';
        }
    }

    /** 401 logged out; 403 for a role the core does not map, or without the path's capability. */
    public function permit(WP_REST_Request $request): bool|WP_Error
    {
        $user = wp_get_current_user();
        if (!$user->exists()) {
            return new WP_Error('igny8_not_logged_in', __('Log in to use IGNY8.', 'igny8-bridge'), ['status' => 401]);
        }
        if (!ProxyPolicy::roleAllowed(CoreClient::role($user))) {
            return new WP_Error(
                'igny8_wp_role_not_allowed',
                __('Your WordPress role cannot use IGNY8. Ask an administrator for access.', 'igny8-bridge'),
                ['status' => 403]
            );
        }
        $path = ProxyPolicy::normalizePath((string) $request['path']);
        if ($path === null) {
            return new WP_Error('igny8_invalid_path', __('That IGNY8 path is not valid.', 'igny8-bridge'), [
                'status' => 400,
            ]);
        }
        if (!current_user_can(ProxyPolicy::capability($request->get_method(), $path))) {
            return new WP_Error('igny8_forbidden', __('You are not allowed to do that in IGNY8.', 'igny8-bridge'), [
                'status' => 403,
            ]);
        }
        return true;
    }

    public function forward(WP_REST_Request $request): WP_REST_Response
    {
        if (!$this->connection->isConnected()) {
            $message = __('This site is not connected to IGNY8 yet.', 'igny8-bridge');
            return self::gatewayError(503, 'NOT_CONNECTED', $message);
        }
        $method = $request->get_method();
        $path = (string) ProxyPolicy::normalizePath((string) $request['path']);
        $query = ProxyPolicy::query($request->get_query_params());
        // The core's trailing slash is optional, but WordPress strips the one the UI sent: put it back.
        $target = $path . '/' . ($query === '' ? '' : '?' . $query);

        $headers = ['Accept' => $request->get_header('accept') ?: 'application/json'];
        foreach (['content_type' => 'Content-Type', 'x_request_id' => 'X-Request-ID'] as $from => $to) {
            $value = $request->get_header($from);
            if ($value !== null && $value !== '') {
                $headers[$to] = $value;
            }
        }
        /**
         * Seconds the proxy waits for the core before answering 504; for a streamed CSV, the longest silence.
         *
         * @param int    $timeout Default 30.
         * @param string $path    The core path, e.g. "planner/keywords".
         */
        $timeout = (float) apply_filters('igny8_bridge_proxy_timeout', 30, $path);
        $options = ['headers' => $headers, 'timeout' => $timeout, 'user' => wp_get_current_user()];

        // Files are streamed only for the request WordPress is serving: php://input is its body, output its answer.
        $served = self::isServedRequest($request);
        $upload = $served && ProxyPolicy::streamsUpload($path) && !in_array($method, ['GET', 'HEAD'], true);
        $download = $served && ProxyPolicy::streamsDownload($method, $path);
        if (($upload || $download) && CoreClient::canStream()) {
            if ($upload) {
                $options['body_length'] = ProxyPolicy::uploadLength(
                    isset($_SERVER['CONTENT_LENGTH']) ? (string) $_SERVER['CONTENT_LENGTH'] : null,
                    $request->get_header('content_type')
                );
            }
            return new StreamedResponse($this->client, $method, $target, $options, $upload);
        }

        // Bodies go through raw: JSON and CSV alike.
        $body = $method === 'GET' ? null : $request->get_body();
        if ($upload && $body === '') {
            $body = (string) file_get_contents('php://input'); // no cURL: buffered, as WordPress would have
        }
        $response = $this->client->request($method, $target, $options + ['body' => $body]);
        if (is_wp_error($response)) {
            return self::transportError($response);
        }
        if ($response->status < 300 && ProxyPolicy::changesContext($method, $path)) {
            UiContext::forgetAll();
        }
        return new RawResponse($response->body, $response->status, ProxyPolicy::passedHeaders($response->headers));
    }

    /** 504 CORE_TIMEOUT when the core did not answer in time, else 502 CORE_UNREACHABLE. */
    public static function transportError(WP_Error $error): WP_REST_Response
    {
        if (CoreClient::isTimeout($error)) {
            $message = __('IGNY8 did not answer in time. Try again in a moment.', 'igny8-bridge');
            return self::gatewayError(504, 'CORE_TIMEOUT', $message);
        }
        $message = __('IGNY8 could not be reached. Try again in a moment.', 'igny8-bridge');
        return self::gatewayError(502, 'CORE_UNREACHABLE', $message);
    }

    /** An error in the core's own envelope, so the UI handles the proxy's errors and the core's alike. */
    private static function gatewayError(int $status, string $code, string $message): WP_REST_Response
    {
        return new WP_REST_Response(['success' => false, 'error' => $message, 'error_code' => $code], $status);
    }

    /**
     * Whether the request is the one the REST server is serving to the browser, not one dispatched inside
     * WordPress (preloading, embedding): only then may the answer be written out, and php://input is its body.
     */
    private static function isServedRequest(WP_REST_Request $request): bool
    {
        $route = $GLOBALS['wp']->query_vars['rest_route'] ?? null;
        return defined('REST_REQUEST') && REST_REQUEST && is_string($route)
            && untrailingslashit($route) === $request->get_route();
    }
}
