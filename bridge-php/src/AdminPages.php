<?php

/**
 * The IGNY8 menu in wp-admin.
 *
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge;

/**
 * A top-level IGNY8 menu whose pages are drawn by the admin UI (build/admin.js): each page prints one root
 * element naming itself. Reading needs "read" (the core decides what each role may see); the connection
 * screen stays under Settings for administrators.
 */
final class AdminPages
{
    public const MENU_SLUG = 'igny8';

    /** @var array<string, string> hook suffix => page name, filled as the pages are added */
    private array $hooks = [];

    public function register(): void
    {
        add_action('admin_menu', [$this, 'addPages']);
    }

    /** @return array<string, string> page name => menu title */
    public static function pages(): array
    {
        return [
            'dashboard' => __('Dashboard', 'igny8-bridge'),
            'keywords' => __('Keywords', 'igny8-bridge'),
            'clusters' => __('Clusters', 'igny8-bridge'),
            'ideas' => __('Ideas', 'igny8-bridge'),
            'tasks' => __('Tasks', 'igny8-bridge'),
            'content' => __('Content', 'igny8-bridge'),
            'settings' => __('Settings', 'igny8-bridge'),
        ];
    }

    public static function slug(string $page): string
    {
        return $page === 'dashboard' ? self::MENU_SLUG : self::MENU_SLUG . '-' . $page;
    }

    public function addPages(): void
    {
        $hook = add_menu_page(
            __('IGNY8', 'igny8-bridge'),
            __('IGNY8', 'igny8-bridge'),
            'read',
            self::MENU_SLUG,
            fn () => $this->render('dashboard'),
            'dashicons-chart-area',
            25
        );
        $this->hooks[(string) $hook] = 'dashboard';
        foreach (self::pages() as $page => $title) {
            $hook = add_submenu_page(
                self::MENU_SLUG,
                $title . ' ‹ IGNY8',
                $title,
                'read',
                self::slug($page),
                fn () => $this->render($page)
            );
            if ($hook !== false) {
                $this->hooks[$hook] = $page;
            }
        }
    }

    /** The page an admin screen's hook suffix belongs to, or null when it is not ours. */
    public function pageFor(string $hookSuffix): ?string
    {
        return $this->hooks[$hookSuffix] ?? null;
    }

    /** @return array<string, string> page name => its URL */
    public static function urls(): array
    {
        $urls = [];
        foreach (array_keys(self::pages()) as $page) {
            $urls[$page] = admin_url('admin.php?page=' . self::slug($page));
        }
        return $urls;
    }

    private function render(string $page): void
    {
        printf(
            '<div class="wrap"><div id="igny8-admin" data-page="%1$s"><noscript>%2$s</noscript></div></div>',
            esc_attr($page),
            esc_html__('IGNY8 needs JavaScript.', 'igny8-bridge')
        );
    }
}
