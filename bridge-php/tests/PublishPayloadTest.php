<?php

/**
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge\Tests;

use Igny8\Bridge\Publishing\InvalidPayload;
use Igny8\Bridge\Publishing\PublishPayload;
use PHPUnit\Framework\TestCase;

final class PublishPayloadTest extends TestCase
{
    /** @return array<string, mixed> The protocol's example payload. */
    private static function valid(): array
    {
        return [
            'content_id' => 12,
            'task_id' => 34,
            'cluster_id' => 5,
            'sector_id' => 3,
            'keyword_ids' => [1, 2],
            'title' => 'Espresso at home',
            'excerpt' => 'All about espresso.',
            'slug' => 'espresso-at-home',
            'status' => 'publish',
            'date_gmt' => null,
            'author' => ['id' => null, 'email' => 'writer@example.com'],
            'content' => '<!-- wp:paragraph --><p>Hello</p><!-- /wp:paragraph -->',
            'categories' => ['Guides'],
            'tags' => ['coffee', 'espresso'],
            'featured_image' => ['url' => 'http://core/media/1/a.png', 'alt' => 'A cup', 'caption' => 'Cup'],
            'images' => [['url' => 'http://core/media/1/b.png', 'alt' => 'Beans', 'caption' => '']],
            'seo' => [
                'meta_title' => 'Espresso',
                'meta_description' => 'How to.',
                'primary_keyword' => 'espresso',
                'secondary_keywords' => ['home espresso'],
            ],
        ];
    }

    /** @param array<string, mixed> $changes null removes a key */
    private static function with(array $changes): array
    {
        $payload = self::valid();
        foreach ($changes as $key => $value) {
            if ($value === null) {
                unset($payload[$key]);
            } else {
                $payload[$key] = $value;
            }
        }
        return $payload;
    }

    public function testTheProtocolExampleIsValid(): void
    {
        $payload = PublishPayload::fromArray(self::valid());
        self::assertSame(12, $payload->contentId);
        self::assertSame(34, $payload->taskId);
        self::assertSame([1, 2], $payload->keywordIds);
        self::assertSame('publish', $payload->status);
        self::assertNull($payload->dateGmt);
        self::assertNull($payload->authorId);
        self::assertSame('writer@example.com', $payload->authorEmail);
        self::assertSame(['Guides'], $payload->categories);
        self::assertSame('A cup', $payload->featuredImage['alt'] ?? null);
        self::assertSame('espresso', $payload->primaryKeyword);
        self::assertSame(['home espresso'], $payload->secondaryKeywords);
    }

    public function testOnlyContentIdTitleAndContentAreRequired(): void
    {
        $payload = PublishPayload::fromArray([
            'content_id' => '7',
            'title' => 'T',
            'content' => '<!-- wp:paragraph --><p>x</p><!-- /wp:paragraph -->',
        ]);
        self::assertSame(7, $payload->contentId);
        self::assertSame('draft', $payload->status);
        self::assertSame('', $payload->excerpt);
        self::assertNull($payload->slug);
        self::assertSame([], $payload->tags);
        self::assertNull($payload->featuredImage);
        self::assertSame([], $payload->images);
        self::assertNull($payload->metaTitle);
    }

    public function testIgny8StatusNamesAreMapped(): void
    {
        self::assertSame('pending', PublishPayload::fromArray(self::with(['status' => 'review']))->status);
        self::assertSame('publish', PublishPayload::fromArray(self::with(['status' => 'published']))->status);
    }

    public function testDatesBecomeUtcMysqlDatetimes(): void
    {
        $cases = [
            '2030-01-02T03:04:05Z' => '2030-01-02 03:04:05',
            '2030-01-02T03:04:05.123Z' => '2030-01-02 03:04:05',
            '2030-01-02T05:04:05+02:00' => '2030-01-02 03:04:05',
            '2030-01-02 03:04' => '2030-01-02 03:04:00',
        ];
        foreach ($cases as $input => $expected) {
            $payload = PublishPayload::fromArray(self::with(['status' => 'future', 'date_gmt' => $input]));
            self::assertSame($expected, $payload->dateGmt, $input);
        }
    }

    public function testNamesAreTrimmedAndDeduplicated(): void
    {
        $payload = PublishPayload::fromArray(self::with([
            'tags' => [' coffee ', 'coffee', 'beans'],
            'keyword_ids' => [2, 2, '3'],
        ]));
        self::assertSame(['coffee', 'beans'], $payload->tags);
        self::assertSame([2, 3], $payload->keywordIds);
    }

    public function testAllImagesListsEachUrlOnceFeaturedFirst(): void
    {
        $payload = PublishPayload::fromArray(self::with(['images' => [
            ['url' => 'http://core/media/1/a.png', 'alt' => 'Other alt'],
            ['url' => 'http://core/media/1/b.png'],
        ]]));
        $images = $payload->allImages();
        self::assertSame(['http://core/media/1/a.png', 'http://core/media/1/b.png'], array_keys($images));
        self::assertSame('A cup', $images['http://core/media/1/a.png']['alt']);
        self::assertSame('', $images['http://core/media/1/b.png']['caption']);
    }

    /**
     * @return array<string, array{mixed, string}>
     */
    public function invalidPayloads(): array
    {
        return [
            'not an object' => [[1, 2], 'body'],
            'a string' => ['{}', 'body'],
            'no content id' => [self::with(['content_id' => null]), 'content_id'],
            'zero content id' => [self::with(['content_id' => 0]), 'content_id'],
            'float content id' => [self::with(['content_id' => 1.5]), 'content_id'],
            'task id text' => [self::with(['task_id' => 'abc']), 'task_id'],
            'keyword ids not a list' => [self::with(['keyword_ids' => ['a' => 1]]), 'keyword_ids'],
            'bad keyword id' => [self::with(['keyword_ids' => [1, -2]]), 'keyword_ids[1]'],
            'no title' => [self::with(['title' => null]), 'title'],
            'blank title' => [self::with(['title' => '  ']), 'title'],
            'no content' => [self::with(['content' => null]), 'content'],
            'excerpt not text' => [self::with(['excerpt' => ['x']]), 'excerpt'],
            'unknown status' => [self::with(['status' => 'approved']), 'status'],
            'trash is not publishable' => [self::with(['status' => 'archived']), 'status'],
            'future without date' => [self::with(['status' => 'future']), 'date_gmt'],
            'relative date' => [self::with(['date_gmt' => 'tomorrow']), 'date_gmt'],
            'impossible date' => [self::with(['date_gmt' => '2030-13-45T99:00:00Z']), 'date_gmt'],
            '31 February' => [self::with(['date_gmt' => '2030-02-31T10:00:00Z']), 'date_gmt'],
            'author not an object' => [self::with(['author' => 'me']), 'author'],
            'author id zero' => [self::with(['author' => ['id' => 0]]), 'author.id'],
            'author email' => [self::with(['author' => ['email' => 'nope']]), 'author.email'],
            'categories not a list' => [self::with(['categories' => 'Guides']), 'categories'],
            'blank tag' => [self::with(['tags' => ['ok', '']]), 'tags[1]'],
            'featured image, no url' => [self::with(['featured_image' => ['alt' => 'x']]), 'featured_image.url'],
            'featured image ftp' => [self::with(['featured_image' => ['url' => 'ftp://a/b']]), 'featured_image.url'],
            'javascript url' => [self::with(['images' => [['url' => 'javascript:alert(1)']]]), 'images[0].url'],
            'alt not text' => [self::with(['images' => [['url' => 'http://a/b', 'alt' => 5]]]), 'images[0].alt'],
            'images not a list' => [self::with(['images' => ['url' => 'http://core/a.png']]), 'images'],
            'seo not an object' => [self::with(['seo' => 'x']), 'seo'],
            'seo title not text' => [self::with(['seo' => ['meta_title' => 1]]), 'seo.meta_title'],
            'blank secondary keyword' => [
                self::with(['seo' => ['secondary_keywords' => [' ']]]),
                'seo.secondary_keywords[0]',
            ],
        ];
    }

    /**
     * @dataProvider invalidPayloads
     */
    public function testInvalidPayloadNamesTheField(mixed $data, string $field): void
    {
        try {
            PublishPayload::fromArray($data);
            self::fail("Expected {$field} to be refused.");
        } catch (InvalidPayload $e) {
            self::assertSame($field, $e->field);
            self::assertStringStartsWith($field . ': ', $e->getMessage());
        }
    }
}
