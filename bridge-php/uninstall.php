<?php

/**
 * Removes everything IGNY8 Bridge stored when the plugin is deleted from wp-admin: its options, its two tables
 * and its scheduled event.
 *
 * @package Igny8_Bridge
 */

defined('WP_UNINSTALL_PLUGIN') || exit;

// WordPress does not load an inactive plugin: load it for its autoloader and the names of what it stored.
require_once __DIR__ . '/igny8-bridge.php';

Igny8\Bridge\Installer::uninstall();
