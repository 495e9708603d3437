<?php
/**
 * Plugin Name:       IGNY8 Bridge
 * Description:       Connects this WordPress site to IGNY8, the AI SEO content platform.
 * Version:           0.1.0
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

defined( 'ABSPATH' ) || exit;

define( 'IGNY8_BRIDGE_VERSION', '0.1.0' );

// Placeholder only: the bridge itself (settings, REST routes, publishing) arrives in its own issue.
