import apiFetch from '@wordpress/api-fetch';
import type { PostLink } from './editor-api';

/** Records which task/content/sector this post belongs to (in the bridge's protected post meta). */
export function savePostLink(postId: number, link: Partial<Pick<PostLink, 'task_id' | 'content_id' | 'sector_id'>>): Promise<PostLink> {
  return apiFetch<PostLink>({ path: `/igny8/v1/editor/posts/${postId}/link`, method: 'POST', data: link });
}

/** Sideloads a core image into the media library and makes it the post's featured image. */
export function setFeaturedImage(postId: number, imageId: number): Promise<{ attachment_id: number; url: string }> {
  return apiFetch({ path: `/igny8/v1/editor/posts/${postId}/featured-image`, method: 'POST', data: { image_id: imageId } });
}
