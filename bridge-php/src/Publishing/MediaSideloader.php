<?php

/**
 * Images from the core into the media library.
 *
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge\Publishing;

use Igny8\Bridge\PostMeta;
use WP_Error;

/**
 * Downloads each image once: the attachment remembers its source URL in _igny8_source_url and is reused when
 * the same URL comes again, so publishing twice adds no media.
 *
 * @phpstan-import-type Image from PublishPayload
 * @phpstan-import-type Media from BlockImages
 */
final class MediaSideloader
{
    private const TIMEOUT = 30;
    private const MAX_BYTES = 25 * 1024 * 1024;
    private const EXTENSIONS = [
        'image/jpeg' => 'jpg',
        'image/png' => 'png',
        'image/gif' => 'gif',
        'image/webp' => 'webp',
    ];

    /**
     * Sideloads (or reuses) every image. On the first failure the attachments made so far are deleted again.
     *
     * @param array<string, Image> $images By URL.
     * @return array{media: array<string, Media>, created: list<int>}|WP_Error
     */
    public function sideloadAll(array $images): array|WP_Error
    {
        $media = [];
        $created = [];
        foreach ($images as $url => $image) {
            $id = $this->find($url);
            if ($id !== null) {
                $this->describe($id, $image);
            } else {
                $id = $this->sideload($image);
                if (is_wp_error($id)) {
                    $this->discard($created);
                    return $id;
                }
                $created[] = $id;
            }
            $media[$url] = ['id' => $id, 'url' => (string) wp_get_attachment_url($id), 'alt' => $image['alt']];
        }
        return ['media' => $media, 'created' => $created];
    }

    /** @param list<int> $attachmentIds */
    public function discard(array $attachmentIds): void
    {
        foreach ($attachmentIds as $id) {
            wp_delete_attachment($id, true);
        }
    }

    private function find(string $url): ?int
    {
        $ids = get_posts([
            'post_type' => 'attachment',
            'post_status' => 'inherit',
            'numberposts' => 1,
            'fields' => 'ids',
            'orderby' => 'ID',
            'order' => 'ASC',
            'suppress_filters' => true,
            'meta_query' => [['key' => PostMeta::SOURCE_URL, 'value' => $url]],
        ]);
        return isset($ids[0]) ? (int) $ids[0] : null;
    }

    /** @param Image $image */
    private function sideload(array $image): int|WP_Error
    {
        require_once ABSPATH . 'wp-admin/includes/file.php';
        require_once ABSPATH . 'wp-admin/includes/media.php';
        require_once ABSPATH . 'wp-admin/includes/image.php';

        $url = $image['url'];
        $path = (string) parse_url($url, PHP_URL_PATH);
        $tmp = wp_tempnam(wp_basename($path));
        // Not download_url(): it uses wp_safe_remote_get(), which refuses a core on a private address.
        $response = wp_remote_get($url, [
            'timeout' => self::TIMEOUT,
            'stream' => true,
            'filename' => $tmp,
            'limit_response_size' => self::MAX_BYTES,
            'redirection' => 3,
        ]);
        $code = is_wp_error($response) ? 0 : (int) wp_remote_retrieve_response_code($response);
        if (is_wp_error($response) || $code !== 200 || (int) filesize($tmp) === 0) {
            wp_delete_file($tmp);
            $reason = is_wp_error($response) ? $response->get_error_message() : sprintf('HTTP %d', $code);
            return self::failure($url, $reason);
        }

        $name = self::fileName($path, (string) wp_remote_retrieve_header($response, 'content-type'));
        $id = media_handle_sideload(
            ['name' => $name, 'tmp_name' => $tmp],
            0,
            null,
            ['post_title' => self::title($image, $path), 'post_excerpt' => $image['caption']]
        );
        if (is_wp_error($id)) {
            wp_delete_file($tmp);
            return self::failure($url, $id->get_error_message());
        }
        update_post_meta($id, PostMeta::SOURCE_URL, wp_slash($url));
        if ($image['alt'] !== '') {
            update_post_meta($id, '_wp_attachment_image_alt', wp_slash($image['alt']));
        }
        return (int) $id;
    }

    /** A reused image takes the alt text and caption it is published with now. */
    private function describe(int $id, array $image): void
    {
        if ($image['alt'] !== '' && get_post_meta($id, '_wp_attachment_image_alt', true) !== $image['alt']) {
            update_post_meta($id, '_wp_attachment_image_alt', wp_slash($image['alt']));
        }
        if ($image['caption'] !== '' && get_post_field('post_excerpt', $id) !== $image['caption']) {
            wp_update_post(wp_slash(['ID' => $id, 'post_excerpt' => $image['caption']]));
        }
    }

    /** The URL's file name, with an extension from the Content-Type when it has no image extension. */
    private static function fileName(string $path, string $contentType): string
    {
        $name = sanitize_file_name(wp_basename($path)) ?: 'image';
        $extension = strtolower(pathinfo($name, PATHINFO_EXTENSION));
        if ($extension === 'jpeg' || in_array($extension, self::EXTENSIONS, true)) {
            return $name;
        }
        $mime = strtolower(trim(explode(';', $contentType)[0]));
        return $name . '.' . (self::EXTENSIONS[$mime] ?? 'jpg');
    }

    /** @param Image $image */
    private static function title(array $image, string $path): string
    {
        if ($image['alt'] !== '') {
            return wp_trim_words($image['alt'], 12, '…');
        }
        return (string) preg_replace('/\.[^.]+$/', '', wp_basename($path));
    }

    private static function failure(string $url, string $reason): WP_Error
    {
        return new WP_Error(
            'igny8_media_failed',
            /* translators: 1: image URL, 2: why the download failed */
            sprintf(__('The image %1$s could not be added to the media library: %2$s', 'igny8-bridge'), $url, $reason),
            ['status' => 502, 'url' => $url]
        );
    }
}
