<?php

/**
 * Settings → IGNY8: connect, test, disconnect.
 *
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge;

use Igny8\Bridge\Webhooks\Queue;
use WP_Error;

/**
 * The connection page. Forms post to admin-post.php (capability and nonce checked on each), the handler talks
 * to the core, leaves a notice for the user and redirects back. The page shows names and dates, never the API
 * key or the signing secret, not even in part.
 */
final class Settings
{
    public const PAGE = 'igny8-bridge';
    /** Per-user transient holding the notice of the last action, shown once. */
    public const NOTICE_TRANSIENT = 'igny8_bridge_notice_';

    private string $hookSuffix = '';

    public function __construct(private Connection $connection, private CoreClient $client, private Queue $queue)
    {
    }

    public function register(): void
    {
        add_action('admin_menu', [$this, 'addPage']);
        add_action('admin_post_igny8_connect', [$this, 'handleConnect']);
        add_action('admin_post_igny8_test', [$this, 'handleTest']);
        add_action('admin_post_igny8_disconnect', [$this, 'handleDisconnect']);
        add_filter('plugin_action_links_' . plugin_basename(Plugin::file()), [$this, 'addActionLink']);
    }

    /** The admin page's hook suffix, once admin_menu has run ('' before). */
    public function hookSuffix(): string
    {
        return $this->hookSuffix;
    }

    public function addPage(): void
    {
        $this->hookSuffix = (string) add_options_page(
            __('IGNY8', 'igny8-bridge'),
            __('IGNY8', 'igny8-bridge'),
            'manage_options',
            self::PAGE,
            [$this, 'render']
        );
    }

    /**
     * @param array<string, string> $links
     * @return array<string, string>
     */
    public function addActionLink(array $links): array
    {
        $url = admin_url('options-general.php?page=' . self::PAGE);
        $link = '<a href="' . esc_url($url) . '">' . esc_html__('Settings', 'igny8-bridge') . '</a>';
        return ['settings' => $link] + $links;
    }

    public function handleConnect(): void
    {
        $this->authorize('igny8_connect');
        $coreUrl = self::normalizeUrl((string) wp_unslash($_POST['core_url'] ?? ''));
        $apiKey = trim((string) wp_unslash($_POST['api_key'] ?? ''));
        if ($coreUrl === null) {
            $this->finish('error', __('Enter the IGNY8 address, for example https://app.igny8.com.', 'igny8-bridge'));
        }
        // Kept even if connecting fails, to fill in the form next time.
        update_option(Connection::OPTION_CORE_URL, $coreUrl);
        if ($apiKey === '') {
            $this->finish('error', __('Enter the API key IGNY8 created for this site.', 'igny8-bridge'));
        }

        $user = wp_get_current_user();
        $response = $this->client->request('POST', 'integration/connect/', [
            'core_url' => $coreUrl,
            'api_key' => $apiKey,
            'user' => $user,
            'headers' => ['Content-Type' => 'application/json'],
            'body' => (string) wp_json_encode([
                'site_url' => home_url(),
                'rest_url' => rest_url(Plugin::REST_NAMESPACE . '/'),
                'site_name' => get_bloginfo('name'),
                'wp_version' => get_bloginfo('version'),
                'plugin_version' => Plugin::VERSION,
            ]),
        ]);
        $data = $response instanceof CoreResponse ? $response->data() : null;
        $secret = $data['signing_secret'] ?? null;
        if (!is_string($secret) || $secret === '') {
            $this->finish('error', self::describeFailure($response, $coreUrl));
        }

        $details = [
            'integration_id' => $data['integration_id'] ?? null,
            'site_id' => $data['site_id'] ?? null,
            'site_name' => (string) ($data['site_name'] ?? ''),
            'account_name' => (string) ($data['account_name'] ?? ''),
            'connected_at' => gmdate('Y-m-d\TH:i:s\Z'),
            'default_author_id' => (int) $user->ID,
        ];
        $this->connection->save($coreUrl, $apiKey, $secret, $details);
        $this->finish('success', sprintf(
            /* translators: 1: IGNY8 site name, 2: IGNY8 account name */
            __('Connected to %1$s (%2$s).', 'igny8-bridge'),
            $details['site_name'],
            $details['account_name']
        ));
    }

    public function handleTest(): void
    {
        $this->authorize('igny8_test');
        if (!$this->connection->isConnected()) {
            $this->finish('error', __('This site is not connected to IGNY8.', 'igny8-bridge'));
        }
        $response = $this->client->request('GET', 'integration/status/', ['user' => wp_get_current_user()]);
        $data = $response instanceof CoreResponse ? $response->data() : null;
        if ($data === null) {
            $this->finish('error', self::describeFailure($response, $this->connection->coreUrl()));
        }
        $lastSync = is_string($data['last_sync_at'] ?? null)
            ? self::formatDate($data['last_sync_at'])
            : __('never', 'igny8-bridge');
        $this->finish('success', sprintf(
            /* translators: 1: IGNY8 site name, 2: integration status such as "active", 3: date of the last sync */
            __('The connection works: %1$s, status %2$s, last sync %3$s.', 'igny8-bridge'),
            (string) ($data['site_name'] ?? ''),
            (string) ($data['status'] ?? ''),
            $lastSync
        ));
    }

    /** Forgets the credentials whether or not the core could be told. */
    public function handleDisconnect(): void
    {
        $this->authorize('igny8_disconnect');
        $coreUrl = $this->connection->coreUrl();
        $response = $this->connection->isConnected()
            ? $this->client->request('POST', 'integration/disconnect/', ['user' => wp_get_current_user()])
            : null;
        $this->connection->forget();
        // Queued events belong to the old connection.
        $this->queue->clear();
        if ($response === null || ($response instanceof CoreResponse && $response->isSuccess())) {
            $this->finish('success', __('Disconnected from IGNY8.', 'igny8-bridge'));
        }
        $this->finish('warning', sprintf(
            /* translators: %s: why IGNY8 could not be told */
            __('Disconnected here, but IGNY8 could not be told: %s', 'igny8-bridge'),
            self::describeFailure($response, $coreUrl)
        ));
    }

    public function render(): void
    {
        if (!current_user_can('manage_options')) {
            return;
        }
        $notice = get_transient(self::NOTICE_TRANSIENT . get_current_user_id());
        delete_transient(self::NOTICE_TRANSIENT . get_current_user_id());
        echo '<div class="wrap"><h1>' . esc_html__('IGNY8', 'igny8-bridge') . '</h1>';
        if (is_array($notice)) {
            printf(
                '<div class="notice notice-%1$s is-dismissible"><p>%2$s</p></div>',
                esc_attr($notice['type']),
                esc_html($notice['message'])
            );
        }
        if ($this->connection->isConnected()) {
            $this->renderConnected();
        } else {
            $this->renderConnectForm();
        }
        echo '</div>';
    }

    private function renderConnected(): void
    {
        $details = $this->connection->details();
        $author = get_userdata((int) ($details['default_author_id'] ?? 0));
        $waiting = $this->queue->count();
        $lastError = $waiting > 0 ? $this->queue->lastError() : '';

        echo '<p>' . wp_kses(sprintf(
            /* translators: 1: IGNY8 site name, 2: IGNY8 account name */
            __('Connected to <strong>%1$s</strong> (%2$s).', 'igny8-bridge'),
            esc_html((string) ($details['site_name'] ?? '')),
            esc_html((string) ($details['account_name'] ?? ''))
        ), ['strong' => []]) . '</p>';
        echo '<table class="form-table" role="presentation"><tbody>';
        self::row(__('IGNY8 address', 'igny8-bridge'), $this->connection->coreUrl());
        self::row(__('Connected since', 'igny8-bridge'), self::formatDate((string) ($details['connected_at'] ?? '')));
        self::row(
            __('Default author', 'igny8-bridge'),
            $author ? $author->display_name : __('the first administrator', 'igny8-bridge')
        );
        self::row(
            __('Status updates waiting to be sent', 'igny8-bridge'),
            $lastError === '' ? (string) $waiting : sprintf(
                /* translators: 1: number of queued status updates, 2: the last error */
                __('%1$d (last error: %2$s)', 'igny8-bridge'),
                $waiting,
                $lastError
            )
        );
        echo '</tbody></table>';
        self::actionForm('igny8_test', __('Test connection', 'igny8-bridge'), 'button button-secondary');
        self::actionForm('igny8_disconnect', __('Disconnect', 'igny8-bridge'), 'button button-link-delete');
    }

    private function renderConnectForm(): void
    {
        echo '<p>' . esc_html__('Connect this site to publish the content you plan and write in IGNY8.', 'igny8-bridge')
            . ' ' . esc_html__('Create an API key for this site in IGNY8 and paste it below.', 'igny8-bridge') . '</p>';
        echo '<form method="post" action="' . esc_url(admin_url('admin-post.php')) . '">';
        echo '<input type="hidden" name="action" value="igny8_connect">';
        wp_nonce_field('igny8_connect');
        echo '<table class="form-table" role="presentation"><tbody>';
        self::field('url', 'core_url', __('IGNY8 address', 'igny8-bridge'), $this->connection->coreUrl());
        // Never pre-filled: the key does not come back to the browser.
        self::field('password', 'api_key', __('API key', 'igny8-bridge'), '');
        echo '</tbody></table>';
        submit_button(__('Connect', 'igny8-bridge'));
        echo '</form>';
    }

    private static function field(string $type, string $name, string $label, string $value): void
    {
        $id = 'igny8-' . str_replace('_', '-', $name);
        printf(
            '<tr><th scope="row"><label for="%1$s">%2$s</label></th><td>'
            . '<input type="%3$s" class="regular-text code" id="%1$s" name="%4$s" value="%5$s"%6$s required></td></tr>',
            esc_attr($id),
            esc_html($label),
            esc_attr($type),
            esc_attr($name),
            esc_attr($value),
            $type === 'url' ? ' placeholder="https://app.igny8.com"' : ' autocomplete="off"'
        );
    }

    private static function row(string $label, string $value): void
    {
        printf('<tr><th scope="row">%1$s</th><td>%2$s</td></tr>', esc_html($label), esc_html($value));
    }

    private static function actionForm(string $action, string $label, string $class): void
    {
        $url = admin_url('admin-post.php');
        echo '<form method="post" action="' . esc_url($url) . '" style="display:inline-block;margin-right:8px">';
        echo '<input type="hidden" name="action" value="' . esc_attr($action) . '">';
        wp_nonce_field($action);
        echo '<button type="submit" class="' . esc_attr($class) . '">' . esc_html($label) . '</button></form>';
    }

    private function authorize(string $action): void
    {
        if (!current_user_can('manage_options')) {
            $message = esc_html__('You are not allowed to manage the IGNY8 connection.', 'igny8-bridge');
            wp_die($message, '', ['response' => 403]);
        }
        check_admin_referer($action);
    }

    /** Leaves a notice for the settings page and goes back to it. */
    private function finish(string $type, string $message): never
    {
        $notice = ['type' => $type, 'message' => $message];
        set_transient(self::NOTICE_TRANSIENT . get_current_user_id(), $notice, MINUTE_IN_SECONDS);
        wp_safe_redirect(admin_url('options-general.php?page=' . self::PAGE));
        exit;
    }

    /** An http(s) URL without a trailing slash (and without "/api/v1", in case it was pasted), or null. */
    private static function normalizeUrl(string $url): ?string
    {
        $url = (string) preg_replace('#/api/v1/?$#', '', rtrim(trim($url), '/'));
        $scheme = strtolower((string) wp_parse_url($url, PHP_URL_SCHEME));
        if (!in_array($scheme, ['http', 'https'], true) || (string) wp_parse_url($url, PHP_URL_HOST) === '') {
            return null;
        }
        return esc_url_raw($url, ['http', 'https']);
    }

    private static function describeFailure(CoreResponse|WP_Error $response, string $coreUrl): string
    {
        if ($response instanceof WP_Error && CoreClient::isTimeout($response)) {
            /* translators: %s: IGNY8 address */
            return sprintf(__('IGNY8 at %s did not answer in time.', 'igny8-bridge'), $coreUrl);
        }
        if ($response instanceof WP_Error) {
            /* translators: 1: IGNY8 address, 2: the network error */
            $message = __('Could not reach IGNY8 at %1$s: %2$s', 'igny8-bridge');
            return sprintf($message, $coreUrl, $response->get_error_message());
        }
        $detail = $response->errorMessage();
        if ($response->status === 401) {
            return __('IGNY8 did not accept the API key.', 'igny8-bridge') . ' '
                . __('Copy it again from IGNY8; it may have been revoked.', 'igny8-bridge');
        }
        if ($response->status === 403) {
            /* translators: %s: IGNY8's explanation */
            return sprintf(__('IGNY8 refused: %s', 'igny8-bridge'), $detail);
        }
        if ($response->status === 404 || $response->isSuccess()) {
            /* translators: %s: IGNY8 address */
            return sprintf(__('%s did not answer as IGNY8 does. Check the address.', 'igny8-bridge'), $coreUrl);
        }
        /* translators: 1: HTTP status code, 2: IGNY8's explanation */
        $message = __('IGNY8 answered with an error (HTTP %1$d): %2$s', 'igny8-bridge');
        return sprintf($message, $response->status, $detail);
    }

    /** An ISO-8601 date in the site's date and time format. */
    private static function formatDate(string $iso): string
    {
        $timestamp = strtotime($iso);
        $format = get_option('date_format') . ' ' . get_option('time_format');
        return $timestamp === false ? $iso : (string) wp_date($format, $timestamp);
    }
}
