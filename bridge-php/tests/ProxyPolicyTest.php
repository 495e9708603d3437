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

    public function testEveryUserReadsTheUiContextAndTheProgressOfRuns(): void
    {
        self::assertSame('read', ProxyPolicy::capability('GET', 'integration/context'));
        self::assertSame('read', ProxyPolicy::capability('GET', 'system/settings/task_progress/abc-123'));
        self::assertSame('read', ProxyPolicy::capability('GET', 'System/Settings/Task_Progress/abc-123'));
        self::assertSame('manage_options', ProxyPolicy::capability('POST', 'integration/context'));
        self::assertSame('manage_options', ProxyPolicy::capability('DELETE', 'system/settings/task_progress/abc'));
        self::assertSame('manage_options', ProxyPolicy::capability('GET', 'system/settings/task_progress_other'));
        self::assertSame('manage_options', ProxyPolicy::capability('GET', 'integration/contexts'));
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

    public function testTheProxyRouteGivesItsCorePathAsTheRestServerWouldMatchIt(): void
    {
        self::assertSame(
            'planner/keywords/import_csv',
            ProxyPolicy::pathOfRoute('/igny8/v1/core/planner/keywords/import_csv/')
        );
        self::assertSame(
            'Planner/Keywords/Import_CSV',
            ProxyPolicy::pathOfRoute('/IGNY8/v1/CORE/Planner/Keywords/Import_CSV')
        );
        $others = ['/igny8/v1/posts', '/wp/v2/posts', '/igny8/v1/core/', '/igny8/v1/core/../integration', '', '/'];
        foreach ($others as $route) {
            self::assertNull(ProxyPolicy::pathOfRoute($route), $route);
        }
    }

    public function testOnlyTheCsvImportStreamsItsBodyAndOnlyTheCsvExportItsAnswer(): void
    {
        self::assertTrue(ProxyPolicy::streamsUpload('planner/keywords/import_csv'));
        // The core matches paths case-insensitively: so does the choice.
        self::assertTrue(ProxyPolicy::streamsUpload('Planner/Keywords/IMPORT_CSV/'));
        $others = ['planner/keywords', 'planner/keywords/export_csv', 'planner/keywords/import_csv/x', 'writer/images'];
        foreach ($others as $path) {
            self::assertFalse(ProxyPolicy::streamsUpload($path), $path);
        }

        self::assertTrue(ProxyPolicy::streamsDownload('GET', 'planner/keywords/export_csv'));
        self::assertTrue(ProxyPolicy::streamsDownload('get', 'Planner/Keywords/Export_CSV'));
        self::assertFalse(ProxyPolicy::streamsDownload('POST', 'planner/keywords/export_csv'));
        self::assertFalse(ProxyPolicy::streamsDownload('HEAD', 'planner/keywords/export_csv'));
        self::assertFalse(ProxyPolicy::streamsDownload('GET', 'planner/keywords'));
        self::assertFalse(ProxyPolicy::streamsDownload('GET', 'planner/keywords/import_csv'));
    }

    public function testWritesToTheIntegrationChangeTheCachedContext(): void
    {
        self::assertTrue(ProxyPolicy::changesContext('PUT', 'integration/author-profile'));
        self::assertTrue(ProxyPolicy::changesContext('post', 'Integration/Disconnect'));
        self::assertFalse(ProxyPolicy::changesContext('GET', 'integration/context'));
        self::assertFalse(ProxyPolicy::changesContext('HEAD', 'integration/context'));
        self::assertFalse(ProxyPolicy::changesContext('POST', 'planner/keywords'));
    }

    public function testAnUploadAnnouncesItsLengthOnlyWhenPhpInputHoldsAllOfIt(): void
    {
        self::assertSame(48_000_000, ProxyPolicy::uploadLength('48000000', 'text/csv'));
        self::assertSame(0, ProxyPolicy::uploadLength('0', 'text/csv'));
        self::assertSame(12, ProxyPolicy::uploadLength('12', null));
        // Unknown or odd lengths go chunked.
        foreach ([null, '', '-1', '12.5', ' 12', '1e6', '12, 12', '9999999999999999999'] as $length) {
            self::assertNull(ProxyPolicy::uploadLength($length, 'text/csv'), var_export($length, true));
        }
        // PHP takes a multipart body for $_FILES and leaves php://input empty.
        self::assertNull(ProxyPolicy::uploadLength('5000', 'multipart/form-data; boundary=x'));
        self::assertNull(ProxyPolicy::uploadLength('5000', 'Multipart/Form-Data; boundary=x'));
    }

    public function testOnlyTheCoreHeadersMeantForTheBrowserArePassed(): void
    {
        $passed = ProxyPolicy::passedHeaders([
            'Content-Type' => 'text/csv; charset=utf-8',
            'content-disposition' => 'attachment; filename="keywords-2026-11-25.csv"',
            'X-Request-ID' => 'req-1',
            'retry-after' => '30',
            'x-ratelimit-remaining' => '599',
            'set-cookie' => 'session=abc',
            'content-length' => '123',
            'transfer-encoding' => 'chunked',
            'connection' => 'keep-alive',
            'x-igny8-api-key' => 'never',
            'cache-control' => 'no-store',
        ]);
        self::assertSame([
            'content-type' => 'text/csv; charset=utf-8',
            'content-disposition' => 'attachment; filename="keywords-2026-11-25.csv"',
            'x-request-id' => 'req-1',
            'retry-after' => '30',
            'x-ratelimit-remaining' => '599',
        ], $passed);
    }
}
