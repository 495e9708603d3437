<?php
/**
 * Router for `php -S` serving Debian's WordPress: what Apache's Alias and rewrite rules do.
 *   PHP_CLI_SERVER_WORKERS=4 php -S 127.0.0.1:<port> -t /usr/share/wordpress scripts/wordpress/router.php
 */
$path = urldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH) ?? '/');

// wp-content lives apart from the core files on Debian.
if (str_starts_with($path, '/wp-content/')) {
    $file = '/var/lib/wordpress' . $path;
    // Plugin folders may be symlinks to a working copy, so no realpath check: refuse '..' instead.
    if (str_contains($path, '..') || !is_file($file) || str_ends_with($file, '.php')) {
        http_response_code(404);
        return true;
    }
    $types = ['css' => 'text/css', 'js' => 'application/javascript', 'png' => 'image/png', 'jpg' => 'image/jpeg', 'jpeg' => 'image/jpeg',
        'gif' => 'image/gif', 'webp' => 'image/webp', 'svg' => 'image/svg+xml', 'json' => 'application/json', 'woff2' => 'font/woff2'];
    header('Content-Type: ' . ($types[strtolower(pathinfo($file, PATHINFO_EXTENSION))] ?? 'application/octet-stream'));
    header('Content-Length: ' . filesize($file));
    readfile($file);
    return true;
}

// Real files (wp-admin/*.php, wp-includes assets, wp-login.php) and directory indexes go through as they are.
$real = $_SERVER['DOCUMENT_ROOT'] . $path;
if ($path !== '/' && (is_file($real) || (is_dir($real) && is_file(rtrim($real, '/') . '/index.php')))) {
    if (is_dir($real)) {
        $_SERVER['SCRIPT_NAME'] = rtrim($path, '/') . '/index.php';
        require rtrim($real, '/') . '/index.php';
        return true;
    }
    return false;
}

// Everything else (pretty permalinks, /wp-json/...) is WordPress's front controller.
$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $_SERVER['DOCUMENT_ROOT'] . '/index.php';
require $_SERVER['DOCUMENT_ROOT'] . '/index.php';
