<?php

/**
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge\Tests;

use Igny8\Bridge\Publishing\BlockImages;
use PHPUnit\Framework\TestCase;

/**
 * Blocks are written here the way parse_blocks() returns them.
 */
final class BlockImagesTest extends TestCase
{
    private const REMOTE = 'http://core.test/media/1/cup.png';
    private const LOCAL = 'http://wp.test/wp-content/uploads/2026/11/cup.png';

    /** @return array<string, array{id: int, url: string, alt: string}> */
    private static function media(): array
    {
        return [self::REMOTE => ['id' => 42, 'url' => self::LOCAL, 'alt' => 'A cup']];
    }

    /** @return array<string, mixed> A block; '' as the name makes a freeform (null) one. */
    private static function block(string $name, string $html, array $attrs = [], array $inner = []): array
    {
        return [
            'blockName' => $name === '' ? null : $name,
            'attrs' => $attrs,
            'innerBlocks' => $inner,
            'innerHTML' => $html,
            'innerContent' => $inner === [] ? [$html] : [$html, null],
        ];
    }

    private static function figure(string $img): string
    {
        return '<figure class="wp-block-image size-large">' . $img . '<figcaption>Cup</figcaption></figure>';
    }

    public function testAnImageBlockPointsAtItsAttachment(): void
    {
        $html = self::figure('<img src="' . self::REMOTE . '" alt="My cup"/>');
        [$rewritten] = BlockImages::rewrite([self::block('core/image', $html, ['sizeSlug' => 'large'])], self::media());

        self::assertSame(['sizeSlug' => 'large', 'id' => 42], $rewritten['attrs']);
        $expected = self::figure('<img src="' . self::LOCAL . '" alt="My cup" class="wp-image-42"/>');
        self::assertSame($expected, $rewritten['innerHTML']);
        self::assertSame([$expected], $rewritten['innerContent']);
    }

    public function testAnEmptyAltIsFilledAndAnOldImageClassReplaced(): void
    {
        $img = '<img class="shadow wp-image-7" src="' . self::REMOTE . '" alt="">';
        $block = self::block('core/image', self::figure($img), ['id' => 7]);
        [$rewritten] = BlockImages::rewrite([$block], self::media());

        self::assertSame(42, $rewritten['attrs']['id']);
        self::assertStringContainsString(
            '<img class="shadow wp-image-42" src="' . self::LOCAL . '" alt="A cup"/>',
            $rewritten['innerHTML']
        );
    }

    public function testAnEncodedSourceIsMatchedDecoded(): void
    {
        $remote = 'http://core.test/media/1/cup.png?w=800&h=600';
        $img = '<img src="http://core.test/media/1/cup.png?w=800&amp;h=600" alt="x"/>';
        $media = [$remote => ['id' => 5, 'url' => self::LOCAL, 'alt' => '']];
        [$rewritten] = BlockImages::rewrite([self::block('core/image', self::figure($img))], $media);

        self::assertSame(5, $rewritten['attrs']['id']);
        self::assertStringContainsString('src="' . self::LOCAL . '"', $rewritten['innerHTML']);
    }

    public function testQuotedValuesHoldingSrcOrAngleBracketsDoNotConfuseTheTag(): void
    {
        $img = '<img alt="a src=&quot;x&quot; > b" src=\'' . self::REMOTE . '\' data-x=1 loading="lazy" />';
        [$rewritten] = BlockImages::rewrite([self::block('core/image', self::figure($img))], self::media());
        $expected = '<img alt="a src=&quot;x&quot; &gt; b" src="' . self::LOCAL . '" data-x="1" loading="lazy"'
            . ' class="wp-image-42"/>';
        self::assertStringContainsString($expected, $rewritten['innerHTML']);
    }

    public function testImagesInsideOtherBlocksAreRewritten(): void
    {
        $image = self::block('core/image', self::figure('<img src="' . self::REMOTE . '" alt="x"/>'));
        $column = self::block('core/column', '<div class="wp-block-column"></div>', [], [$image]);
        $columns = self::block('core/columns', '<div class="wp-block-columns"></div>', [], [$column]);

        [$rewritten] = BlockImages::rewrite([$columns], self::media());
        $inner = $rewritten['innerBlocks'][0]['innerBlocks'][0];
        self::assertSame(42, $inner['attrs']['id']);
        self::assertStringContainsString('wp-image-42', $inner['innerHTML']);
        self::assertSame([$rewritten['innerHTML'], null], $rewritten['innerContent']);
    }

    public function testUnknownImagesAndOtherBlocksAreLeftAlone(): void
    {
        $blocks = [
            self::block('core/image', self::figure('<img src="https://elsewhere.test/a.png" alt="x"/>')),
            self::block('core/paragraph', '<p><img src="' . self::REMOTE . '"></p>'),
            self::block('core/image', '<figure class="wp-block-image"></figure>'),
            self::block('', "\n\n"),
        ];
        self::assertSame($blocks, BlockImages::rewrite($blocks, self::media()));
    }
}
