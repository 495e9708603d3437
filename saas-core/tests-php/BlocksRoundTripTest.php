<?php
declare(strict_types=1);

use PHPUnit\Framework\TestCase;

/**
 * Checks block markup made by saas-core's htmlToBlocks() with the real WordPress block parser: no freeform
 * (Classic) content, only the block names we emit, and serialize_blocks(parse_blocks($markup)) === $markup.
 *
 * IGNY8_BLOCKS_JSON names a JSON file: {"allowedBlocks": [...], "articles": {"<name>": "<block markup>", ...}}.
 * Run: IGNY8_WP_HOST=127.0.0.1:8891 IGNY8_BLOCKS_JSON=/tmp/x.json phpunit --bootstrap saas-core/tests-php/wordpress-bootstrap.php saas-core/tests-php/BlocksRoundTripTest.php
 */
final class BlocksRoundTripTest extends TestCase
{
    /** @return array{allowedBlocks: list<string>, articles: array<string, string>} */
    private static function input(): array
    {
        $path = getenv('IGNY8_BLOCKS_JSON');
        if ($path === false || !is_readable($path)) {
            throw new RuntimeException('IGNY8_BLOCKS_JSON must name a readable JSON file');
        }
        return json_decode((string) file_get_contents($path), true, 512, JSON_THROW_ON_ERROR);
    }

    /** @return array<string, array{string, list<string>}> */
    public static function articles(): array
    {
        $input = self::input();
        $cases = [];
        foreach ($input['articles'] as $name => $markup) {
            $cases[$name] = [$markup, $input['allowedBlocks']];
        }
        return $cases;
    }

    public function testRunsOnTheRealWordPress(): void
    {
        $this->assertTrue(function_exists('parse_blocks') && function_exists('serialize_blocks'));
        $this->assertMatchesRegularExpression('/^\d+\.\d+/', get_bloginfo('version'));
    }

    /**
     * @dataProvider articles
     * @param list<string> $allowed
     */
    public function testArticleIsNativeBlocks(string $markup, array $allowed): void
    {
        $this->assertNotSame('', trim($markup), 'empty markup');
        $blocks = parse_blocks($markup);
        $this->assertNotEmpty($blocks);
        foreach ($this->flatten($blocks) as [$path, $block]) {
            if ($block['blockName'] === null) {
                // Only the blank lines between top-level blocks may be freeform.
                $this->assertSame('', trim($block['innerHTML']), "freeform (Classic) content at $path: " . substr($block['innerHTML'], 0, 200));
                continue;
            }
            $this->assertContains($block['blockName'], $allowed, "unexpected block at $path");
        }
        $this->assertSame($markup, serialize_blocks($blocks), 'serialize_blocks(parse_blocks()) changed the markup');
    }

    /** @return list<array{string, array}> every block with its path, depth first */
    private function flatten(array $blocks, string $prefix = ''): array
    {
        $out = [];
        foreach ($blocks as $i => $block) {
            $path = $prefix . '/' . $i . ':' . ($block['blockName'] ?? 'freeform');
            $out[] = [$path, $block];
            array_push($out, ...$this->flatten($block['innerBlocks'], $path));
        }
        return $out;
    }
}
