<?php

/**
 * Points core/image blocks at their sideloaded attachments.
 *
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge\Publishing;

/**
 * Works on parse_blocks() output and returns blocks for serialize_blocks(); pure, so tests feed it arrays.
 *
 * A rewritten block gets "id" in its attributes, the local URL in <img src> and class wp-image-<id>: what the
 * image block's own save() produces, so the editor opens it without a "block contains unexpected content" error.
 *
 * @phpstan-type Media array{id: int, url: string, alt: string}
 */
final class BlockImages
{
    /**
     * @param array<int, array<string, mixed>> $blocks Parsed blocks.
     * @param array<string, Media>             $media  Attachments by the remote URL they came from.
     * @return array<int, array<string, mixed>>
     */
    public static function rewrite(array $blocks, array $media): array
    {
        foreach ($blocks as $index => $block) {
            if (($block['blockName'] ?? null) === 'core/image') {
                $block = self::rewriteImage($block, $media);
            }
            if (!empty($block['innerBlocks'])) {
                // Galleries, columns and groups hold image blocks too.
                $block['innerBlocks'] = self::rewrite($block['innerBlocks'], $media);
            }
            $blocks[$index] = $block;
        }
        return $blocks;
    }

    /**
     * @param array<string, mixed> $block
     * @param array<string, Media> $media
     * @return array<string, mixed>
     */
    private static function rewriteImage(array $block, array $media): array
    {
        $html = (string) ($block['innerHTML'] ?? '');
        $tag = self::imageTag($html);
        if ($tag === null) {
            return $block;
        }
        $attributes = self::attributes($tag);
        $attachment = $media[$attributes['src'] ?? ''] ?? null;
        if ($attachment === null) {
            return $block;
        }

        $attributes['src'] = $attachment['url'];
        $classes = preg_split('/\s+/', $attributes['class'] ?? '', -1, PREG_SPLIT_NO_EMPTY) ?: [];
        $classes = preg_grep('/^wp-image-\d+$/D', $classes, PREG_GREP_INVERT) ?: [];
        $classes[] = 'wp-image-' . $attachment['id'];
        $attributes['class'] = implode(' ', $classes);
        if (($attributes['alt'] ?? '') === '' && $attachment['alt'] !== '') {
            $attributes['alt'] = $attachment['alt'];
        }
        $newTag = self::buildTag($attributes);

        $block['attrs'] = array_merge((array) ($block['attrs'] ?? []), ['id' => $attachment['id']]);
        $block['innerHTML'] = str_replace($tag, $newTag, $html);
        $block['innerContent'] = array_map(
            static fn ($chunk) => is_string($chunk) ? str_replace($tag, $newTag, $chunk) : $chunk,
            (array) ($block['innerContent'] ?? [$html])
        );
        return $block;
    }

    private static function imageTag(string $html): ?string
    {
        // Quoted values may hold ">", so they are matched whole.
        return preg_match('/<img\b(?:[^>"\']|"[^"]*"|\'[^\']*\')*>/i', $html, $match) === 1 ? $match[0] : null;
    }

    /**
     * A tag's attributes in order, names lower-cased, values decoded ('' for a bare attribute).
     *
     * @return array<string, string>
     */
    private static function attributes(string $tag): array
    {
        $inner = (string) preg_replace('/^<img\b|\/?>$/i', '', $tag);
        preg_match_all(
            '/([^\s=\/>"\']+)(?:\s*=\s*(?:"([^"]*)"|\'([^\']*)\'|([^\s"\'>]+)))?/',
            $inner,
            $matches,
            PREG_SET_ORDER
        );
        $attributes = [];
        foreach ($matches as $match) {
            $value = ($match[2] ?? '') . ($match[3] ?? '') . ($match[4] ?? '');
            $attributes[strtolower($match[1])] ??= html_entity_decode($value, ENT_QUOTES | ENT_HTML5, 'UTF-8');
        }
        return $attributes;
    }

    /** @param array<string, string> $attributes */
    private static function buildTag(array $attributes): string
    {
        $html = '<img';
        foreach ($attributes as $name => $value) {
            $html .= ' ' . $name . '="' . htmlspecialchars($value, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8') . '"';
        }
        return $html . '/>';
    }
}
