<?php

/**
 * The built UI scripts, when there are any.
 *
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge;

/**
 * Enqueues build/admin.js on the IGNY8 admin page and build/editor.js in the block editor, with the
 * dependencies and version from the *.asset.php files @wordpress/scripts writes. No build, nothing enqueued.
 */
final class Assets
{
    public function __construct(private Connection $connection, private Settings $settings)
    {
    }

    public function register(): void
    {
        add_action('admin_enqueue_scripts', [$this, 'enqueueAdmin']);
        add_action('enqueue_block_editor_assets', [$this, 'enqueueEditor']);
    }

    public function enqueueAdmin(string $hookSuffix): void
    {
        if ($hookSuffix !== '' && $hookSuffix === $this->settings->hookSuffix()) {
            $this->enqueue('admin');
        }
    }

    public function enqueueEditor(): void
    {
        $this->enqueue('editor');
    }

    private function enqueue(string $entry): void
    {
        $dir = plugin_dir_path(Plugin::file()) . 'build/';
        if (!is_file($dir . $entry . '.js') || !is_file($dir . $entry . '.asset.php')) {
            return;
        }
        $asset = require $dir . $entry . '.asset.php';
        $dependencies = (array) ($asset['dependencies'] ?? []);
        $version = (string) ($asset['version'] ?? Plugin::VERSION);
        if (in_array('react-jsx-runtime', $dependencies, true)) {
            self::registerJsxRuntime();
        }
        $handle = 'igny8-bridge-' . $entry;
        $url = plugins_url('build/', Plugin::file());
        wp_enqueue_script($handle, $url . $entry . '.js', $dependencies, $version, true);
        wp_set_script_translations($handle, 'igny8-bridge', plugin_dir_path(Plugin::file()) . 'languages');
        // What the UI needs to start; never the key.
        $details = $this->connection->details();
        wp_add_inline_script($handle, 'window.igny8Bridge = ' . wp_json_encode([
            'restUrl' => rest_url(Plugin::REST_NAMESPACE . '/'),
            'nonce' => wp_create_nonce('wp_rest'),
            'connected' => $this->connection->isConnected(),
            'siteName' => (string) ($details['site_name'] ?? ''),
            'accountName' => (string) ($details['account_name'] ?? ''),
        ]) . ';', 'before');
        if (is_file($dir . $entry . '.css')) {
            wp_enqueue_style($handle, $url . $entry . '.css', [], $version);
        }
    }

    /**
     * wp-scripts builds depend on "react-jsx-runtime", which WordPress registers only from 6.6 on; before that,
     * a script with a missing dependency is silently dropped. This shim provides it on top of window.React.
     */
    private static function registerJsxRuntime(): void
    {
        if (wp_script_is('react-jsx-runtime', 'registered')) {
            return;
        }
        wp_register_script('react-jsx-runtime', false, ['react'], '17', true);
        wp_add_inline_script(
            'react-jsx-runtime',
            '(function(R){function jsx(t,p,k){return R.createElement(t,k===undefined?p:Object.assign({},p,{key:k}));}'
            . 'window.ReactJSXRuntime={jsx:jsx,jsxs:jsx,Fragment:R.Fragment};})(window.React);'
        );
    }
}
