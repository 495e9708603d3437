<?php
/**
 * Runs PHP read from stdin inside a WordPress site and prints what it returns as JSON:
 *   echo 'return get_option("blogname");' | php scripts/wordpress/run-php.php 127.0.0.1:8897
 * Tests use it to set a site up (users, plugins) and to look at what WordPress stored.
 */
if ($argc !== 2) {
    fwrite(STDERR, "usage: php run-php.php <host:port> < code.php\n");
    exit(2);
}
$_SERVER['HTTP_HOST'] = $argv[1];
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_NAME'] = explode(':', $argv[1])[0];
global $table_prefix, $wpdb, $wp, $wp_query, $wp_rewrite, $wp_the_query, $wp_roles, $wp_locale, $wp_embed, $wp_widget_factory;
require_once '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
require_once ABSPATH . 'wp-admin/includes/user.php';
add_filter('pre_wp_mail', '__return_false');
$igny8Result = (static function () {
    return eval(stream_get_contents(STDIN));
})();
echo json_encode($igny8Result, JSON_UNESCAPED_SLASHES), "\n";
