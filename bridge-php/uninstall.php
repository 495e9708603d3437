<?php
/**
 * Removes the options IGNY8 Bridge stores when the plugin is deleted from wp-admin.
 *
 * @package Igny8_Bridge
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

delete_option( 'igny8_core_url' );
delete_option( 'igny8_api_key' );
