<?php

/**
 * Tables, scheduled events and the clean-up on uninstall.
 *
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge;

use Igny8\Bridge\Webhooks\Sender;

/**
 * Creates the plugin's two tables on activation and whenever DB_VERSION changes (dbDelta), and removes every
 * trace of the plugin on uninstall.
 */
final class Installer
{
    /** Bump when a table changes: the next request runs dbDelta again. */
    public const DB_VERSION = '1';
    public const OPTION_DB_VERSION = 'igny8_bridge_db_version';

    public static function signaturesTable(): string
    {
        global $wpdb;
        return $wpdb->prefix . 'igny8_seen_signatures';
    }

    public static function queueTable(): string
    {
        global $wpdb;
        return $wpdb->prefix . 'igny8_webhook_queue';
    }

    /** The cron event is scheduled on the next request, if the site is connected (see Sender::syncSchedule()). */
    public static function activate(): void
    {
        self::createTables();
    }

    public static function deactivate(): void
    {
        wp_clear_scheduled_hook(Sender::CRON_HOOK);
        wp_unschedule_hook(Sender::CRON_HOOK_RETRY);
    }

    /** Runs on every load: one autoloaded option read unless the schema is out of date. */
    public static function maybeUpgrade(): void
    {
        if (get_option(self::OPTION_DB_VERSION) !== self::DB_VERSION) {
            self::createTables();
        }
    }

    public static function createTables(): void
    {
        global $wpdb;
        require_once ABSPATH . 'wp-admin/includes/upgrade.php';
        $charsetCollate = $wpdb->get_charset_collate();
        $signatures = self::signaturesTable();
        $queue = self::queueTable();
        // dbDelta's format: one column per line, two spaces after PRIMARY KEY.
        dbDelta("CREATE TABLE {$signatures} (
  signature_hash char(64) NOT NULL,
  seen_at datetime NOT NULL,
  PRIMARY KEY  (signature_hash),
  KEY seen_at (seen_at)
) {$charsetCollate};");
        dbDelta("CREATE TABLE {$queue} (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  event_id char(36) NOT NULL,
  payload longtext NOT NULL,
  attempts int(10) unsigned NOT NULL DEFAULT 0,
  next_attempt_at datetime NOT NULL,
  last_error text NULL,
  created_at datetime NOT NULL,
  PRIMARY KEY  (id),
  UNIQUE KEY event_id (event_id),
  KEY next_attempt_at (next_attempt_at)
) {$charsetCollate};");
        update_option(self::OPTION_DB_VERSION, self::DB_VERSION);
    }

    /** Everything the plugin stored: options, per-user notices, both tables, the cron event. */
    public static function uninstall(): void
    {
        global $wpdb;
        $options = [
            Connection::OPTION_CORE_URL,
            Connection::OPTION_API_KEY,
            Connection::OPTION_SIGNING_SECRET,
            Connection::OPTION_CONNECTION,
            Sender::OPTION_DRAIN_KEY,
            self::OPTION_DB_VERSION,
        ];
        foreach ($options as $option) {
            delete_option($option);
        }
        $wpdb->query($wpdb->prepare(
            "DELETE FROM {$wpdb->options} WHERE option_name LIKE %s OR option_name LIKE %s",
            $wpdb->esc_like('_transient_' . Settings::NOTICE_TRANSIENT) . '%',
            $wpdb->esc_like('_transient_timeout_' . Settings::NOTICE_TRANSIENT) . '%'
        ));
        $wpdb->query('DROP TABLE IF EXISTS ' . self::signaturesTable() . ', ' . self::queueTable());
        wp_clear_scheduled_hook(Sender::CRON_HOOK);
        wp_unschedule_hook(Sender::CRON_HOOK_RETRY);
    }
}
