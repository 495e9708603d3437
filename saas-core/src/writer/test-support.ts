import { randomUUID } from 'node:crypto';
import type { Fixture, TenantObjects } from '../test/fixture-types';
import type { Tenant, TestContext } from '../test/harness';

/** A real 1×1 PNG. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

async function send(
  ctx: TestContext,
  t: Tenant,
  method: 'post' | 'patch',
  path: string,
  body: object,
): Promise<{ id: number } & Record<string, unknown>> {
  const response = await ctx.http[method](`/api/v1${path}/`).set('Authorization', `Bearer ${t.users.owner.token}`).send(body);
  if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.data;
}

const unique = (label: string) => `${label} ${randomUUID().slice(0, 8)}`;

export const newTask = async (ctx: TestContext, t: Tenant, extra: object = {}) =>
  (await send(ctx, t, 'post', '/writer/tasks', { site_id: t.siteId, sector_id: t.sectorId, title: unique('Walk task'), ...extra })).id;
export const newContent = async (ctx: TestContext, t: Tenant, html = '<h2>Intro</h2><p>Hello world.</p>') =>
  (await send(ctx, t, 'post', '/writer/content', { task_id: await newTask(ctx, t), title: unique('Walk content'), html })).id;
export const newImage = async (ctx: TestContext, t: Tenant) =>
  (await send(ctx, t, 'post', '/writer/images', { task_id: await newTask(ctx, t), type: 'featured', alt_text: 'A shoe' })).id;

/** One task, content and image for a tenant, built on its planner objects. */
export async function createWriterObjects(ctx: TestContext, t: Tenant, planner: TenantObjects): Promise<TenantObjects> {
  const task = await newTask(ctx, t, { idea_id: planner.idea, cluster_id: planner.cluster });
  const content = (await send(ctx, t, 'post', '/writer/content', { task_id: task, title: unique('Content'), html: '<p>Body</p>' })).id;
  const image = (await send(ctx, t, 'post', '/writer/images', { content_id: content, type: 'in_article', position: 2 })).id;
  return { task, content, image };
}

/** Valid calls of the writer routes, for the route walk and the cross-tenant test. */
export const writerValidCalls: Record<string, Fixture> = {
  listTasks: (_ctx, t) => ({ path: '/writer/tasks', query: { site_id: t.siteId, status: 'pending', ordering: 'title' } }),
  createTask: (_ctx, t) => ({
    path: '/writer/tasks',
    body: { site_id: t.siteId, sector_id: t.sectorId, title: unique('Walk task'), outline: [{ heading: 'One', points: ['a'] }] },
  }),
  bulkDeleteTasks: async (ctx, t) => ({ path: '/writer/tasks/bulk_delete', body: { ids: [await newTask(ctx, t)] } }),
  bulkUpdateTasks: async (ctx, t) => ({ path: '/writer/tasks/bulk_update', body: { ids: [await newTask(ctx, t)], status: 'queued' } }),
  getTask: async (ctx, t) => ({ path: `/writer/tasks/${await newTask(ctx, t)}` }),
  updateTask: async (ctx, t) => ({ path: `/writer/tasks/${await newTask(ctx, t)}`, body: { word_count_target: 1500 } }),
  deleteTask: async (ctx, t) => ({ path: `/writer/tasks/${await newTask(ctx, t)}` }),
  listContent: (_ctx, t) => ({ path: '/writer/content', query: { site_id: t.siteId, ordering: '-word_count' } }),
  createContent: async (ctx, t) => ({ path: '/writer/content', body: { task_id: await newTask(ctx, t), title: 'Walk', html: '<p>Walk</p>' } }),
  getContent: async (ctx, t) => ({ path: `/writer/content/${await newContent(ctx, t)}` }),
  updateContent: async (ctx, t) => ({ path: `/writer/content/${await newContent(ctx, t)}`, body: { html: '<p>Changed</p>', status: 'review' } }),
  deleteContent: async (ctx, t) => ({ path: `/writer/content/${await newContent(ctx, t)}` }),
  listContentVersions: async (ctx, t) => ({ path: `/writer/content/${await newContent(ctx, t)}/versions` }),
  restoreContentVersion: async (ctx, t) => {
    const id = await newContent(ctx, t);
    await send(ctx, t, 'patch', `/writer/content/${id}`, { title: 'Second title' });
    return { path: `/writer/content/${id}/restore`, body: { version: 1 } };
  },
  listImages: (_ctx, t) => ({ path: '/writer/images', query: { site_id: t.siteId, type: 'featured' } }),
  createImage: async (ctx, t) => ({ path: '/writer/images', body: { task_id: await newTask(ctx, t), type: 'in_article', position: 3 } }),
  getImage: async (ctx, t) => ({ path: `/writer/images/${await newImage(ctx, t)}` }),
  updateImage: async (ctx, t) => ({ path: `/writer/images/${await newImage(ctx, t)}`, body: { alt_text: 'Better alt', caption: 'Caption' } }),
  deleteImage: async (ctx, t) => ({ path: `/writer/images/${await newImage(ctx, t)}` }),
  uploadImageFile: async (ctx, t) => ({ path: `/writer/images/${await newImage(ctx, t)}/file`, upload: { content: PNG, contentType: 'image/png' } }),
};
