<?php
/**
 * PHPUnit bootstrap that loads the real WordPress (Debian's /usr/share/wordpress) for the site named by
 * IGNY8_WP_HOST (host:port, set up by scripts/wordpress/setup-site.sh).
 */
$igny8WpHost = getenv('IGNY8_WP_HOST');
if ($igny8WpHost === false || $igny8WpHost === '') {
    fwrite(STDERR, "IGNY8_WP_HOST is not set (host:port of a site set up by scripts/wordpress/setup-site.sh)\n");
    exit(2);
}
// Debian's wp-config.php picks /etc/wordpress/config-<host>.php from the HTTP host.
$_SERVER['HTTP_HOST'] = $igny8WpHost;
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_NAME'] = explode(':', $igny8WpHost)[0];

// PHPUnit includes this file inside a method: WordPress's config and loader expect these in the global scope.
global $table_prefix, $wpdb, $wp, $wp_query, $wp_rewrite, $wp_the_query, $wp_roles, $wp_locale, $wp_embed, $wp_widget_factory;
require_once '/usr/share/wordpress/wp-load.php';
