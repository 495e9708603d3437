<?php

/**
 * Plugin Name:       IGNY8 Bridge
 * Plugin URI:        https://app.igny8.com
 * Description:       Connects this site to IGNY8, the AI SEO content platform: publishes what you write there.
 * Version:           0.2.0
 * Requires at least: 6.1
 * Requires PHP:      8.1
 * Author:            IGNY8
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       igny8-bridge
 * Domain Path:       /languages
 *
 * @package Igny8_Bridge
 */

defined('ABSPATH') || exit;

// Igny8\Bridge\Foo\Bar lives in src/Foo/Bar.php.
spl_autoload_register(static function (string $class): void {
    $prefix = 'Igny8\\Bridge\\';
    if (str_starts_with($class, $prefix)) {
        $file = __DIR__ . '/src/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});

register_activation_hook(__FILE__, [Igny8\Bridge\Installer::class, 'activate']);
register_deactivation_hook(__FILE__, [Igny8\Bridge\Installer::class, 'deactivate']);
Igny8\Bridge\Plugin::boot();
