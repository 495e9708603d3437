<?php

/**
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge\Tests;

use Igny8\Bridge\Rest\ProxyPolicy;
use PHPUnit\Framework\TestCase;

final class ProxyPolicyTest extends TestCase
{
    public function testPlainPathsAreKeptWithoutOuterSlashes(): void
    {
        self::assertSame('planner/keywords', ProxyPolicy::normalizePath('planner/keywords/'));
        self::assertSame('writer/content/12/versions', ProxyPolicy::normalizePath('/writer/content/12/versions'));
        self::assertSame('planner/keywords/export_csv', ProxyPolicy::normalizePath('planner/keywords/export_csv'));
    }

    public function testPathsThatCouldEscapeOrDodgeTheChecksAreRefused(): void
    {
        $refused = ['', '/', '..', 'planner/../integration/connect', './integration/status', 'planner//keywords',
            'planner/%2e%2e/integration', 'planner/keywords?x=1', 'planner/key words', "planner/\nkeywords"];
        foreach ($refused as $path) {
            self::assertNull(ProxyPolicy::normalizePath($path), var_export($path, true));
        }
    }

    public function testReadingNeedsReadAndWritingNeedsEditPosts(): void
    {
        self::assertSame('read', ProxyPolicy::capability('GET', 'planner/keywords'));
        foreach (['POST', 'PUT', 'PATCH', 'DELETE', 'post'] as $method) {
            self::assertSame('edit_posts', ProxyPolicy::capability($method, 'planner/keywords'), $method);
        }
    }

    public function testSettingsAndIntegrationNeedManageOptionsWhateverTheCase(): void
    {
        $paths = ['integration/status', 'integration', 'Integration/connect', 'system/settings/integrations/openai',
            'SYSTEM/Settings', 'system/settings'];
        foreach ($paths as $path) {
            self::assertSame('manage_options', ProxyPolicy::capability('GET', $path), $path);
            self::assertSame('manage_options', ProxyPolicy::capability('POST', $path), $path);
        }
        self::assertSame('read', ProxyPolicy::capability('GET', 'system/prompts'));
        self::assertSame('read', ProxyPolicy::capability('GET', 'integrations'));
    }

    public function testOnlyRolesTheCoreMapsMayUseTheProxy(): void
    {
        foreach (['administrator', 'editor', 'author', 'contributor'] as $role) {
            self::assertTrue(ProxyPolicy::roleAllowed($role), $role);
        }
        foreach (['subscriber', 'customer', '', 'Administrator'] as $role) {
            self::assertFalse(ProxyPolicy::roleAllowed($role), $role);
        }
    }

    public function testWordPressParametersAreNotForwarded(): void
    {
        $query = ProxyPolicy::query([
            'rest_route' => '/igny8/v1/core/planner/keywords',
            '_wpnonce' => 'abc',
            '_locale' => 'user',
            'page' => '2',
            'search' => 'cold brew & co',
            'ids' => ['1', '2'],
        ]);
        self::assertSame('page=2&search=cold%20brew%20%26%20co&ids%5B0%5D=1&ids%5B1%5D=2', $query);
        self::assertSame('', ProxyPolicy::query(['_wpnonce' => 'abc']));
    }
}
