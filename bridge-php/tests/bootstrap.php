<?php

/**
 * PHPUnit bootstrap: the plugin's autoloader without WordPress. Only classes that need no WordPress are tested
 * here; the WordPress behaviour is tested end to end against a real site.
 *
 * @package Igny8_Bridge
 */

declare(strict_types=1);

spl_autoload_register(static function (string $class): void {
    $prefix = 'Igny8\\Bridge\\';
    if (str_starts_with($class, $prefix)) {
        $file = dirname(__DIR__) . '/src/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});
