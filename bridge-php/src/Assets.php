<?php

/**
 * The built UI scripts, when there are any.
 *
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge;

/**
 * Enqueues build/admin.js on the IGNY8 admin pages and build/editor.js in the block editor, with the
 * dependencies and version from the *.asset.php files @wordpress/scripts writes. No build, nothing enqueued.
 */
final class Assets
{
    /** The site's default sector for the UI (an administrator's choice; each user may pick another). */
    public const OPTION_DEFAULT_SECTOR = 'igny8_bridge_default_sector_id';

    public function __construct(
        private Connection $connection,
        private AdminPages $pages,
        private UiContext $context
    ) {
    }

    public function register(): void
    {
        add_action('admin_enqueue_scripts', [$this, 'enqueueAdmin']);
        add_action('enqueue_block_editor_assets', [$this, 'enqueueEditor']);
    }

    public function enqueueAdmin(string $hookSuffix): void
    {
        if ($this->pages->pageFor($hookSuffix) !== null) {
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
        // The sidebar finds PluginSidebar on wp.editPost (6.1) or wp.editor (newer) at run time: load them first.
        if ($entry === 'editor' && wp_script_is('wp-edit-post', 'registered')) {
            $dependencies[] = 'wp-edit-post';
        }
        if (in_array('react-jsx-runtime', $dependencies, true)) {
            self::registerJsxRuntime();
        }
        $handle = 'igny8-bridge-' . $entry;
        $url = plugins_url('build/', Plugin::file());
        wp_enqueue_script($handle, $url . $entry . '.js', $dependencies, $version, true);
        wp_set_script_translations($handle, 'igny8-bridge', plugin_dir_path(Plugin::file()) . 'languages');
        // What the UI needs to start; never the key.
        wp_add_inline_script($handle, 'window.igny8Bridge = ' . wp_json_encode($this->initialData()) . ';', 'before');
        if (is_file($dir . $entry . '.css')) {
            // Our styles sit on top of the components' own, which WordPress loads only when asked for.
            wp_enqueue_style($handle, $url . $entry . '.css', ['wp-components'], $version);
        }
    }

    /** @return array<string, mixed> */
    private function initialData(): array
    {
        $details = $this->connection->details();
        $user = wp_get_current_user();
        $defaultSector = (int) get_option(self::OPTION_DEFAULT_SECTOR, 0);
        return [
            'restUrl' => rest_url(Plugin::REST_NAMESPACE . '/'),
            'nonce' => wp_create_nonce('wp_rest'),
            'connected' => $this->connection->isConnected(),
            'siteName' => (string) ($details['site_name'] ?? ''),
            'accountName' => (string) ($details['account_name'] ?? ''),
            'context' => $this->context->forCurrentUser(),
            'defaultSectorId' => $defaultSector > 0 ? $defaultSector : null,
            'user' => [
                'id' => $user->ID,
                'name' => $user->display_name,
                'wpRole' => CoreClient::role($user),
                'canManageOptions' => current_user_can('manage_options'),
            ],
            'adminUrl' => admin_url(),
            'connectUrl' => current_user_can('manage_options')
                ? admin_url('options-general.php?page=' . Settings::PAGE)
                : null,
            'pages' => AdminPages::urls(),
        ];
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
