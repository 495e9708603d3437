import type { Readable } from 'node:stream';
import type { Knex } from 'knex';
import { NotFoundError, ValidationError } from '../../platform/errors';
import type { Services } from '../../platform/http/types';
import type { TenantScope } from '../../platform/tenancy/actor';
import { removeImageFile, storeImage } from '../media';
import { Content, Image, Task } from '../models';

export interface ImageProps {
  type?: Image['type'];
  prompt?: string | null;
  altText?: string | null;
  caption?: string | null;
  position?: number;
}

export async function requireImage(knex: Knex, scope: TenantScope, id: number): Promise<Image> {
  const image = await Image.query(knex).forTenant(scope).findById(id);
  if (!image) throw new NotFoundError('Image');
  return image;
}

/** An image hangs off a task, its content, or both (then they must match); it takes their site and sector. */
export async function createImage(
  knex: Knex,
  scope: TenantScope,
  props: ImageProps & { type: Image['type']; taskId?: number | null; contentId?: number | null },
): Promise<Image> {
  return knex.transaction(async (trx) => {
    const content = props.contentId ? await Content.query(trx).forTenant(scope).findById(props.contentId) : null;
    if (props.contentId && !content) throw new NotFoundError('Content');
    const task = props.taskId ? await Task.query(trx).forTenant(scope).findById(props.taskId) : null;
    if (props.taskId && !task) throw new NotFoundError('Task');
    if (task && content && content.taskId !== task.id) {
      throw new ValidationError('The content belongs to another task.', { content_id: ['not the task’s content'] }, 'CONTENT_TASK_MISMATCH');
    }
    const owner = (content ?? task)!;
    return Image.query(trx)
      .forTenant(scope)
      .insertAndFetch({
        siteId: owner.siteId,
        sectorId: owner.sectorId,
        taskId: task?.id ?? content?.taskId ?? null,
        contentId: content?.id ?? null,
        type: props.type,
        prompt: props.prompt ?? null,
        altText: props.altText ?? null,
        caption: props.caption ?? null,
        position: props.position ?? (props.type === 'featured' ? 0 : 1),
        status: 'pending',
      });
  });
}

export async function updateImage(knex: Knex, scope: TenantScope, id: number, props: ImageProps): Promise<Image> {
  const image = await requireImage(knex, scope, id);
  const patch = Object.fromEntries(Object.entries(props).filter(([, value]) => value !== undefined));
  return image.$query(knex).forTenant(scope).patchAndFetch(patch);
}

export async function deleteImage(services: Services, scope: TenantScope, id: number): Promise<void> {
  const image = await requireImage(services.knex, scope, id);
  await Image.query(services.knex).forTenant(scope).deleteById(image.id);
  await removeImageFile(services, image.storagePath);
}

/** Stores an uploaded file for the image, replacing (and removing) any earlier one. */
export async function attachImageFile(services: Services, scope: TenantScope, id: number, upload: Readable, declaredType: string): Promise<Image> {
  const image = await requireImage(services.knex, scope, id);
  const previousPath = image.storagePath; // patchAndFetch updates `image` in place
  const stored = await storeImage(services, image.accountId, upload, declaredType);
  const updated = await image
    .$query(services.knex)
    .forTenant(scope)
    .patchAndFetch({ storagePath: stored.storagePath, mimeType: stored.mimeType, byteSize: stored.byteSize, status: 'generated' });
  await removeImageFile(services, previousPath);
  return updated;
}

/** The stored files of the images under some tasks or contents, to remove once their rows are gone. */
export async function imageFilesOf(trx: Knex, scope: TenantScope, owners: { taskIds?: number[]; contentIds?: number[] }): Promise<string[]> {
  const images = await Image.query(trx)
    .forTenant(scope)
    .whereNotNull('images.storagePath')
    .where((where) => where.whereIn('images.taskId', owners.taskIds ?? []).orWhereIn('images.contentId', owners.contentIds ?? []))
    .select('images.storagePath');
  return images.map((image) => image.storagePath as string);
}

export async function removeImageFiles(services: Services, storagePaths: string[]): Promise<void> {
  for (const storagePath of storagePaths) await removeImageFile(services, storagePath);
}
