<?php

/**
 * The rules of the UI proxy.
 *
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge\Rest;

use Igny8\Bridge\Plugin;

/**
 * Which paths may be forwarded, which capability each needs, which roles may use the proxy at all, which
 * query parameters belong to WordPress rather than to the core, which calls carry files (streamed, never held in
 * memory) and which of the core's headers reach the browser. Pure.
 */
final class ProxyPolicy
{
    /** WordPress roles the core maps to an IGNY8 role; anyone else is refused before the core is called. */
    public const ROLES = ['administrator', 'editor', 'author', 'contributor'];

    /** Core paths whose request body is a file: sent on from php://input as it is read. */
    private const UPLOAD_PATHS = ['planner/keywords/import_csv'];

    /** Core paths (GET) that answer a file: passed to the browser as it arrives. */
    private const DOWNLOAD_PATHS = ['planner/keywords/export_csv'];

    /** Response headers of the core that mean something to the browser; nothing else is passed on. */
    private const PASSED_HEADERS = [
        'content-type',
        'content-disposition',
        'x-request-id',
        'retry-after',
        'x-ratelimit-limit',
        'x-ratelimit-remaining',
        'x-ratelimit-reset',
    ];

    /** Query parameters WordPress's REST server reads itself. */
    private const WORDPRESS_PARAMS = [
        'rest_route',
        '_wpnonce',
        '_locale',
        '_method',
        '_envelope',
        '_jsonp',
        '_fields',
        '_embed',
    ];

    /**
     * The path without leading or trailing slashes, or null when it is not a plain relative path: no empty,
     * "." or ".." segments and no percent-escapes, so it cannot step out of /api/v1/ or around the checks below.
     */
    public static function normalizePath(string $path): ?string
    {
        $path = trim($path, '/');
        if ($path === '') {
            return null;
        }
        foreach (explode('/', $path) as $segment) {
            if ($segment === '.' || $segment === '..' || preg_match('/^[A-Za-z0-9._~-]+$/D', $segment) !== 1) {
                return null;
            }
        }
        return $path;
    }

    /**
     * Paths under the administrators' areas that every IGNY8 user reads: the UI's start-up context and the
     * progress of an AI run (the core still checks that the run is theirs).
     */
    private const READ_FOR_EVERYONE = ['integration/context', 'system/settings/task_progress/'];

    /**
     * Reading needs "read", writing "edit_posts"; the core's settings and integration paths need
     * "manage_options" whatever the method (compared case-insensitively, as the core's router matches).
     */
    public static function capability(string $method, string $path): string
    {
        $lower = strtolower($path);
        $isGet = strtoupper($method) === 'GET';
        if ($isGet && ($lower === self::READ_FOR_EVERYONE[0] || str_starts_with($lower, self::READ_FOR_EVERYONE[1]))) {
            return 'read';
        }
        $segments = explode('/', $lower);
        if ($segments[0] === 'integration' || ($segments[0] === 'system' && ($segments[1] ?? '') === 'settings')) {
            return 'manage_options';
        }
        return strtoupper($method) === 'GET' ? 'read' : 'edit_posts';
    }

    public static function roleAllowed(string $role): bool
    {
        return in_array($role, self::ROLES, true);
    }

    /**
     * The query string for the core: the request's parameters without WordPress's own.
     *
     * @param array<string, mixed> $params
     */
    public static function query(array $params): string
    {
        $forwarded = array_diff_key($params, array_flip(self::WORDPRESS_PARAMS));
        return http_build_query($forwarded, '', '&', PHP_QUERY_RFC3986);
    }

    /**
     * The core path of a REST route of the proxy ("/igny8/v1/core/<path>", matched case-insensitively as the REST
     * server matches routes), normalized; null for any other route. For deciding before the REST server runs.
     */
    public static function pathOfRoute(string $route): ?string
    {
        $pattern = '@^/' . preg_quote(Plugin::REST_NAMESPACE, '@') . '/core/(.+)$@i';
        if (preg_match($pattern, rtrim($route, '/\\'), $matches) !== 1) {
            return null;
        }
        return self::normalizePath($matches[1]);
    }

    /** Whether the path takes a file as its body, whatever the method (the core refuses the wrong ones). */
    public static function streamsUpload(string $path): bool
    {
        return in_array(strtolower(trim($path, '/')), self::UPLOAD_PATHS, true);
    }

    /** Whether the call answers a file. */
    public static function streamsDownload(string $method, string $path): bool
    {
        return strtoupper($method) === 'GET' && in_array(strtolower(trim($path, '/')), self::DOWNLOAD_PATHS, true);
    }

    /** Whether a successful call changes what the UI's start-up context says (UiContext caches it per user). */
    public static function changesContext(string $method, string $path): bool
    {
        $method = strtoupper($method);
        return $method !== 'GET' && $method !== 'HEAD' && str_starts_with(strtolower(trim($path, '/')), 'integration/');
    }

    /**
     * The length of an upload to announce to the core, or null to send it chunked: when the Content-Length is not
     * a plain number, or for multipart/form-data, whose body PHP parses into $_FILES and leaves out of php://input.
     */
    public static function uploadLength(?string $contentLength, ?string $contentType): ?int
    {
        if ($contentLength === null || preg_match('/^\d{1,18}$/D', $contentLength) !== 1) {
            return null;
        }
        if ($contentType !== null && stripos(ltrim($contentType), 'multipart/form-data') === 0) {
            return null;
        }
        return (int) $contentLength;
    }

    /**
     * The core's headers the browser may see, names lower-cased; never its cookies, lengths or anything else.
     *
     * @param array<string, string> $headers
     * @return array<string, string>
     */
    public static function passedHeaders(array $headers): array
    {
        $passed = [];
        foreach ($headers as $name => $value) {
            $name = strtolower((string) $name);
            if (in_array($name, self::PASSED_HEADERS, true)) {
                $passed[$name] = $value;
            }
        }
        return $passed;
    }
}
