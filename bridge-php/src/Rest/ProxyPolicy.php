<?php

/**
 * The rules of the UI proxy.
 *
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge\Rest;

/**
 * Which paths may be forwarded, which capability each needs, which roles may use the proxy at all and which
 * query parameters belong to WordPress rather than to the core. Pure.
 */
final class ProxyPolicy
{
    /** WordPress roles the core maps to an IGNY8 role; anyone else is refused before the core is called. */
    public const ROLES = ['administrator', 'editor', 'author', 'contributor'];

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
     * Reading needs "read", writing "edit_posts"; the core's settings and integration paths need
     * "manage_options" whatever the method (compared case-insensitively, as the core's router matches).
     */
    public static function capability(string $method, string $path): string
    {
        $segments = explode('/', strtolower($path));
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
}
