<?php
/**
 * Installs WordPress for one configured site (see setup-site.sh): `php install-site.php <host:port>`.
 * Idempotent: does nothing when the site is already installed. Admin credentials and title come from the
 * environment (WP_TITLE, WP_ADMIN_USER, WP_ADMIN_PASSWORD, WP_ADMIN_EMAIL).
 */
if ($argc !== 2) {
    fwrite(STDERR, "usage: php install-site.php <host:port>\n");
    exit(2);
}
// Debian's wp-config.php picks the config file from the HTTP host.
$_SERVER['HTTP_HOST'] = $argv[1];
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_NAME'] = explode(':', $argv[1])[0];
define('WP_INSTALLING', true);
require_once '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

if (is_blog_installed()) {
    echo "wordpress: http://{$argv[1]} already installed\n";
    exit(0);
}

// No sendmail here: skip the "new site" email instead of failing noisily.
add_filter('pre_wp_mail', '__return_false');
$env = static fn (string $name, string $default): string => getenv($name) !== false && getenv($name) !== '' ? getenv($name) : $default;
$result = wp_install(
    $env('WP_TITLE', 'IGNY8 Test Site'),
    $env('WP_ADMIN_USER', 'admin'),
    $env('WP_ADMIN_EMAIL', 'admin@example.com'),
    true,
    '',
    wp_slash($env('WP_ADMIN_PASSWORD', 'admin-password'))
);
if (is_wp_error($result) || !is_blog_installed()) {
    fwrite(STDERR, "wordpress: install failed\n");
    exit(1);
}
// Pretty permalinks so /wp-json/... routes (until then only /?rest_route=... does).
global $wp_rewrite;
$wp_rewrite->set_permalink_structure('/%postname%/');
$wp_rewrite->flush_rules(true);
echo "wordpress: installed http://{$argv[1]} (admin user {$env('WP_ADMIN_USER', 'admin')})\n";
