<?php

/**
 * Wires the plugin together.
 *
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge;

use Igny8\Bridge\Publishing\MediaSideloader;
use Igny8\Bridge\Publishing\PostWriter;
use Igny8\Bridge\Rest\EditorController;
use Igny8\Bridge\Rest\PostsController;
use Igny8\Bridge\Rest\ProxyController;
use Igny8\Bridge\Rest\RawResponse;
use Igny8\Bridge\Webhooks\Backoff;
use Igny8\Bridge\Webhooks\Queue;
use Igny8\Bridge\Webhooks\Sender;

/**
 * Builds the objects once and hooks them in; nothing else happens at load time.
 */
final class Plugin
{
    /** Keep in step with "Version" in igny8-bridge.php and "Stable tag" in readme.txt. */
    public const VERSION = '0.2.0';
    /** Every route of the plugin lives under /wp-json/igny8/v1/. */
    public const REST_NAMESPACE = 'igny8/v1';

    /** The main plugin file, which WordPress identifies the plugin by. */
    public static function file(): string
    {
        return dirname(__DIR__) . '/igny8-bridge.php';
    }

    public static function boot(): void
    {
        $connection = new Connection();
        $client = new CoreClient($connection);
        $queue = new Queue();
        $settings = new Settings($connection, $client, $queue);
        $writer = new PostWriter(new MediaSideloader(), $connection);
        $posts = new PostsController(new SignatureGuard($connection), $writer);

        add_action('plugins_loaded', [Installer::class, 'maybeUpgrade']);
        add_action('init', [self::class, 'init']);
        add_action('rest_api_init', [$posts, 'registerRoutes']);
        RawResponse::register();
        $settings->register();
        $pages = new AdminPages();
        $pages->register();
        (new Assets($connection, $pages, new UiContext($connection, $client)))->register();
        (new EditorController(new MediaSideloader(), $client, $queue))->register();
        (new ProxyController($connection, $client))->register();
        (new Sender($connection, $client, $queue, Backoff::fromConfig()))->register();
    }

    public static function init(): void
    {
        load_plugin_textdomain('igny8-bridge', false, dirname(plugin_basename(self::file())) . '/languages');
    }
}
