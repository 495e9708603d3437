<?php

/**
 * The publish payload of POST posts/ and PUT posts/{id}.
 *
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge\Publishing;

use Igny8\Bridge\StatusMap;

/**
 * A validated, normalised publish payload; pure (no WordPress), so it is unit-tested on its own.
 *
 * @phpstan-type Image array{url: string, alt: string, caption: string}
 */
final class PublishPayload
{
    private const STATUSES = ['publish', 'draft', 'pending', 'future', 'private'];

    /**
     * @param list<int>    $keywordIds
     * @param list<string> $categories
     * @param list<string> $tags
     * @param Image|null   $featuredImage
     * @param list<Image>  $images
     * @param list<string> $secondaryKeywords
     */
    private function __construct(
        public readonly int $contentId,
        public readonly ?int $taskId,
        public readonly ?int $clusterId,
        public readonly ?int $sectorId,
        public readonly array $keywordIds,
        public readonly string $title,
        public readonly string $excerpt,
        public readonly ?string $slug,
        public readonly string $status,
        public readonly ?string $dateGmt,
        public readonly ?int $authorId,
        public readonly ?string $authorEmail,
        public readonly string $content,
        public readonly array $categories,
        public readonly array $tags,
        public readonly ?array $featuredImage,
        public readonly array $images,
        public readonly ?string $metaTitle,
        public readonly ?string $metaDescription,
        public readonly ?string $primaryKeyword,
        public readonly array $secondaryKeywords
    ) {
    }

    /**
     * @param mixed $data The decoded JSON body.
     * @throws InvalidPayload Naming the first field that is wrong.
     */
    public static function fromArray(mixed $data): self
    {
        if (!self::isObject($data)) {
            throw new InvalidPayload('body', 'must be a JSON object');
        }
        $status = self::status($data['status'] ?? null);
        $dateGmt = self::date($data, 'date_gmt');
        if ($status === 'future' && $dateGmt === null) {
            throw new InvalidPayload('date_gmt', 'is required when status is "future"');
        }
        $author = self::optionalObject($data, 'author');
        $seo = self::optionalObject($data, 'seo');
        $authorEmail = self::optionalString($author, 'email', 'author.');
        if ($authorEmail !== null && $authorEmail !== '' && filter_var($authorEmail, FILTER_VALIDATE_EMAIL) === false) {
            throw new InvalidPayload('author.email', 'must be an email address');
        }
        $featured = $data['featured_image'] ?? null;

        return new self(
            self::id($data, 'content_id', true) ?? 0,
            self::id($data, 'task_id'),
            self::id($data, 'cluster_id'),
            self::id($data, 'sector_id'),
            self::idList($data, 'keyword_ids'),
            self::requiredString($data, 'title'),
            self::optionalString($data, 'excerpt') ?? '',
            self::nonEmpty(self::optionalString($data, 'slug')),
            $status,
            $dateGmt,
            self::id($author, 'id', false, 'author.'),
            self::nonEmpty($authorEmail),
            self::requiredString($data, 'content'),
            self::names($data, 'categories'),
            self::names($data, 'tags'),
            $featured === null ? null : self::image($featured, 'featured_image'),
            self::images($data['images'] ?? null),
            self::nonEmpty(self::optionalString($seo, 'meta_title', 'seo.')),
            self::nonEmpty(self::optionalString($seo, 'meta_description', 'seo.')),
            self::nonEmpty(self::optionalString($seo, 'primary_keyword', 'seo.')),
            self::names($seo, 'secondary_keywords', 'seo.')
        );
    }

    /**
     * Every image to sideload, featured first, once per URL.
     *
     * @return array<string, Image> By URL.
     */
    public function allImages(): array
    {
        $all = [];
        foreach ($this->featuredImage === null ? $this->images : [$this->featuredImage, ...$this->images] as $image) {
            $all[$image['url']] ??= $image;
        }
        return $all;
    }

    private static function isObject(mixed $value): bool
    {
        return is_array($value) && ($value === [] || !array_is_list($value));
    }

    /**
     * WordPress statuses as the protocol says; IGNY8's own names are mapped too, for a lenient core.
     */
    private static function status(mixed $value): string
    {
        if ($value === null) {
            return 'draft';
        }
        if (is_string($value)) {
            $status = in_array($value, self::STATUSES, true) ? $value : StatusMap::toWordPress($value);
            if ($status !== null && in_array($status, self::STATUSES, true)) {
                return $status;
            }
        }
        throw new InvalidPayload('status', 'must be one of ' . implode(', ', self::STATUSES));
    }

    /** An ISO-8601 date (UTC unless it says otherwise) as "Y-m-d H:i:s" in UTC, or null. */
    private static function date(array $data, string $field): ?string
    {
        $value = $data[$field] ?? null;
        if ($value === null || $value === '') {
            return null;
        }
        $pattern = '/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/D';
        if (!is_string($value) || preg_match($pattern, $value) !== 1) {
            throw new InvalidPayload($field, 'must be an ISO-8601 date and time');
        }
        try {
            $date = new \DateTimeImmutable($value, new \DateTimeZone('UTC'));
        } catch (\Exception) {
            $date = null;
        }
        // PHP rolls 31 February over into March with only a warning.
        $problems = \DateTimeImmutable::getLastErrors();
        if ($date === null || ($problems !== false && $problems['warning_count'] + $problems['error_count'] > 0)) {
            throw new InvalidPayload($field, 'must be an ISO-8601 date and time');
        }
        return $date->setTimezone(new \DateTimeZone('UTC'))->format('Y-m-d H:i:s');
    }

    private static function id(?array $data, string $field, bool $required = false, string $prefix = ''): ?int
    {
        $value = $data[$field] ?? null;
        if ($value === null) {
            if ($required) {
                throw new InvalidPayload($prefix . $field, 'is required');
            }
            return null;
        }
        return self::positiveInt($value, $prefix . $field);
    }

    /** An integer above zero; digit strings are accepted too. */
    private static function positiveInt(mixed $value, string $field): int
    {
        if (is_string($value) && preg_match('/^\d{1,18}$/D', $value) === 1) {
            $value = (int) $value;
        }
        if (!is_int($value) || $value < 1) {
            throw new InvalidPayload($field, 'must be a positive integer');
        }
        return $value;
    }

    /** @return list<int> */
    private static function idList(array $data, string $field): array
    {
        $value = $data[$field] ?? [];
        if (!is_array($value) || !array_is_list($value)) {
            throw new InvalidPayload($field, 'must be a list of positive integers');
        }
        $ids = [];
        foreach ($value as $index => $id) {
            $ids[] = self::positiveInt($id, "{$field}[{$index}]");
        }
        return array_values(array_unique($ids));
    }

    private static function requiredString(array $data, string $field): string
    {
        $value = $data[$field] ?? null;
        if (!is_string($value) || trim($value) === '') {
            throw new InvalidPayload($field, 'must be a non-empty string');
        }
        return $value;
    }

    private static function optionalString(?array $data, string $field, string $prefix = ''): ?string
    {
        $value = $data[$field] ?? null;
        if ($value !== null && !is_string($value)) {
            throw new InvalidPayload($prefix . $field, 'must be a string');
        }
        return $value;
    }

    private static function nonEmpty(?string $value): ?string
    {
        return $value === null || trim($value) === '' ? null : trim($value);
    }

    private static function optionalObject(array $data, string $field): ?array
    {
        $value = $data[$field] ?? null;
        if ($value !== null && !self::isObject($value)) {
            throw new InvalidPayload($field, 'must be an object');
        }
        return $value;
    }

    /** @return list<string> Trimmed, without duplicates. */
    private static function names(?array $data, string $field, string $prefix = ''): array
    {
        $value = $data[$field] ?? [];
        if (!is_array($value) || !array_is_list($value)) {
            throw new InvalidPayload($prefix . $field, 'must be a list of names');
        }
        $names = [];
        foreach ($value as $index => $name) {
            if (!is_string($name) || trim($name) === '') {
                throw new InvalidPayload("{$prefix}{$field}[{$index}]", 'must be a non-empty string');
            }
            $names[] = trim($name);
        }
        return array_values(array_unique($names));
    }

    /** @return Image */
    private static function image(mixed $value, string $field): array
    {
        if (!self::isObject($value)) {
            throw new InvalidPayload($field, 'must be an object with a url');
        }
        $url = $value['url'] ?? null;
        $scheme = is_string($url) ? strtolower((string) parse_url($url, PHP_URL_SCHEME)) : '';
        $isUrl = is_string($url) && filter_var($url, FILTER_VALIDATE_URL) !== false;
        if (!$isUrl || !in_array($scheme, ['http', 'https'], true)) {
            throw new InvalidPayload($field . '.url', 'must be an http(s) URL');
        }
        return [
            'url' => $url,
            'alt' => trim(self::optionalString($value, 'alt', $field . '.') ?? ''),
            'caption' => trim(self::optionalString($value, 'caption', $field . '.') ?? ''),
        ];
    }

    /** @return list<Image> */
    private static function images(mixed $value): array
    {
        if ($value === null) {
            return [];
        }
        if (!is_array($value) || !array_is_list($value)) {
            throw new InvalidPayload('images', 'must be a list of images');
        }
        $images = [];
        foreach ($value as $index => $image) {
            $images[] = self::image($image, "images[{$index}]");
        }
        return $images;
    }
}
