import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createTenant, type Tenant, type TestContext, startTestApp } from '../test/harness';
import { newContent, newImage, newTask, PNG } from './test-support';

let ctx: TestContext;
let t: Tenant;
let other: Tenant;
beforeAll(async () => {
  ctx = await startTestApp({ MEDIA_MAX_BYTES: String(64 * 1024) });
  t = await createTenant(ctx, 'writer');
  other = await createTenant(ctx, 'outsider');
});
afterAll(async () => ctx.close());

const as = (token: string) => ({ Authorization: `Bearer ${token}` });
const owner = () => as(t.users.owner.token);
const api = (path: string) => `/api/v1${path}/`;

describe('tasks', () => {
  it('creates, filters, orders, bulk-updates and bulk-deletes within the tenant', async () => {
    const sector = await ctx.http
      .post(api('/auth/sectors'))
      .set(owner())
      .send({ site_id: t.otherSiteId, name: `Tasks ${randomUUID().slice(0, 6)}`, is_active: false })
      .expect(201);
    const inSector = { site_id: t.otherSiteId, sector_id: sector.body.data.id };
    const ids: number[] = [];
    for (const [title, structure, words] of [
      ['Alpha guide', 'guide', 2000],
      ['Beta review', 'review', 900],
      ['Gamma guide', 'guide', 1500],
    ] as const) {
      const created = await ctx.http
        .post(api('/writer/tasks'))
        .set(owner())
        .send({ ...inSector, title, content_structure: structure, word_count_target: words, target_keywords: ['k'] })
        .expect(201);
      expect(created.body.data).toMatchObject({ title, status: 'pending', outline: [], target_keywords: ['k'] });
      ids.push(created.body.data.id);
    }
    const list = async (query: Record<string, string | number>) =>
      (
        await ctx.http
          .get(api('/writer/tasks'))
          .set(owner())
          .query({ sector_id: inSector.sector_id, ...query })
          .expect(200)
      ).body.results.map((task: { title: string }) => task.title);
    expect(await list({ content_structure: 'guide', ordering: '-word_count_target' })).toEqual(['Alpha guide', 'Gamma guide']);
    expect(await list({ search: 'review' })).toEqual(['Beta review']);
    const foreign = await newTask(ctx, other);
    const updated = await ctx.http
      .post(api('/writer/tasks/bulk_update'))
      .set(owner())
      .send({ ids: [ids[0], ids[1], foreign], status: 'queued' })
      .expect(200);
    expect(updated.body.data).toEqual({ updated: 2, not_found: [foreign] });
    expect(await list({ status: 'queued', ordering: 'title' })).toEqual(['Alpha guide', 'Beta review']);
    const deleted = await ctx.http
      .post(api('/writer/tasks/bulk_delete'))
      .set(owner())
      .send({ ids: [ids[2], foreign] })
      .expect(200);
    expect(deleted.body.data).toEqual({ deleted: 1, not_found: [foreign] });
    expect(await ctx.services.knex('tasks').where({ id: foreign }).first('status')).toEqual({ status: 'pending' });
  });

  it('refuses an idea of another account (404) and keeps viewers read-only', async () => {
    const foreignIdea = await ctx.http
      .post(api('/planner/ideas'))
      .set(as(other.users.owner.token))
      .send({ site_id: other.siteId, sector_id: other.sectorId, title: 'Theirs' })
      .expect(201);
    const response = await ctx.http
      .post(api('/writer/tasks'))
      .set(owner())
      .send({ site_id: t.siteId, sector_id: t.sectorId, title: 'Mine', idea_id: foreignIdea.body.data.id });
    expect(response.status).toBe(404);
    const viewer = await ctx.http
      .post(api('/writer/tasks'))
      .set(as(t.users.viewer.token))
      .send({ site_id: t.siteId, sector_id: t.sectorId, title: 'No' });
    expect(viewer.status).toBe(403);
  });
});

describe('content', () => {
  it('is one per task, sanitised on write, counted, and served with native blocks', async () => {
    const task = await newTask(ctx, t);
    const html =
      '<h2 onclick="steal()">Heading</h2><script>alert(1)</script><p>Five words are here <a href="javascript:alert(1)">now</a>.</p>' +
      '<img src="x" onerror="alert(2)"><ul><li>one</li><li>two</li></ul>';
    const created = await ctx.http.post(api('/writer/content')).set(owner()).send({ task_id: task, title: 'Clean me', html }).expect(201);
    const content = created.body.data;
    expect(content.html).not.toMatch(/script|onclick|onerror|javascript:/i);
    expect(content.html).toContain('<h2>Heading</h2>');
    expect(content.word_count).toBe(8); // Heading + Five words are here now + one two
    expect(content.blocks).toContain('<!-- wp:heading -->');
    expect(content.blocks).toContain('<!-- wp:list -->');
    expect(content.blocks).not.toMatch(/onerror|script/);
    expect(content).toMatchObject({ status: 'draft', version: 1, task_id: task });
    const twice = await ctx.http.post(api('/writer/content')).set(owner()).send({ task_id: task, title: 'Again', html: '<p>x</p>' });
    expect({ status: twice.status, code: twice.body.error_code }).toEqual({ status: 409, code: 'CONTENT_EXISTS' });
    const list = await ctx.http.get(api('/writer/content')).set(owner()).query({ task_id: task }).expect(200);
    expect(list.body.results).toHaveLength(1);
    expect(list.body.results[0]).not.toHaveProperty('html');
  });

  it('allows only the defined status moves', async () => {
    const allowed: Record<string, string[]> = {
      draft: ['review'],
      review: ['draft', 'approved'],
      approved: ['draft', 'review', 'published'],
      published: ['draft', 'review'],
    };
    const pathTo: Record<string, string[]> = {
      draft: [],
      review: ['review'],
      approved: ['review', 'approved'],
      published: ['review', 'approved', 'published'],
    };
    for (const from of Object.keys(allowed)) {
      for (const to of Object.keys(allowed)) {
        if (from === to) continue;
        const id = await newContent(ctx, t);
        for (const step of pathTo[from]!)
          await ctx.http
            .patch(api(`/writer/content/${id}`))
            .set(owner())
            .send({ status: step })
            .expect(200);
        const response = await ctx.http
          .patch(api(`/writer/content/${id}`))
          .set(owner())
          .send({ status: to });
        const expected = allowed[from]!.includes(to) ? 200 : 409;
        expect({ from, to, status: response.status, code: response.body.error_code }).toEqual({
          from,
          to,
          status: expected,
          code: expected === 409 ? 'INVALID_STATUS_TRANSITION' : undefined,
        });
      }
    }
  });

  it('keeps a version on every change and restores one', async () => {
    const id = await newContent(ctx, t, '<p>First body</p>');
    await ctx.http
      .patch(api(`/writer/content/${id}`))
      .set(owner())
      .send({ html: '<p>Second body here</p>', meta_title: 'Meta 2' })
      .expect(200);
    const third = await ctx.http
      .patch(api(`/writer/content/${id}`))
      .set(owner())
      .send({ title: 'Third title', status: 'review' })
      .expect(200);
    expect(third.body.data).toMatchObject({ version: 3, title: 'Third title', meta_title: 'Meta 2', word_count: 3 });
    // Saving the same values again keeps no version.
    await ctx.http
      .patch(api(`/writer/content/${id}`))
      .set(owner())
      .send({ title: 'Third title' })
      .expect(200);
    const versions = await ctx.http
      .get(api(`/writer/content/${id}/versions`))
      .set(owner())
      .expect(200);
    expect(versions.body.results.map((version: { version: number; html: string }) => [version.version, version.html])).toEqual([
      [2, '<p>Second body here</p>'],
      [1, '<p>First body</p>'],
    ]);
    const restored = await ctx.http
      .post(api(`/writer/content/${id}/restore`))
      .set(owner())
      .send({ version: 1 })
      .expect(200);
    expect(restored.body.data).toMatchObject({ version: 4, html: '<p>First body</p>', meta_title: null, word_count: 2, status: 'review' });
    const after = await ctx.http
      .get(api(`/writer/content/${id}/versions`))
      .set(owner())
      .expect(200);
    expect(after.body.results[0]).toMatchObject({ version: 3, title: 'Third title', status: 'review' });
    const missing = await ctx.http
      .post(api(`/writer/content/${id}/restore`))
      .set(owner())
      .send({ version: 99 });
    expect(missing.status).toBe(404);
  });

  it('a site API key works on its site; an editor cannot reach a site not granted', async () => {
    const task = await ctx.http
      .post(api('/writer/tasks'))
      .set('X-IGNY8-API-Key', t.apiKey)
      .send({ site_id: t.siteId, sector_id: t.sectorId, title: 'From WordPress' })
      .expect(201);
    await ctx.http
      .get(api(`/writer/tasks/${task.body.data.id}`))
      .set('X-IGNY8-API-Key', t.apiKey)
      .expect(200);
    const sector = await ctx.http
      .post(api('/auth/sectors'))
      .set(owner())
      .send({ site_id: t.otherSiteId, name: `Hidden ${randomUUID().slice(0, 6)}`, is_active: false })
      .expect(201);
    const hidden = await ctx.http
      .post(api('/writer/tasks'))
      .set(owner())
      .send({ site_id: t.otherSiteId, sector_id: sector.body.data.id, title: 'Hidden' })
      .expect(201);
    expect((await ctx.http.get(api(`/writer/tasks/${hidden.body.data.id}`)).set(as(t.users.editor.token))).status).toBe(404);
  });
});

describe('images', () => {
  it('stores an uploaded file and serves it with its type and cache headers', async () => {
    const id = await newImage(ctx, t);
    const uploaded = await ctx.http
      .put(api(`/writer/images/${id}/file`))
      .set(owner())
      .set('Content-Type', 'image/png')
      .send(PNG)
      .expect(200);
    expect(uploaded.body.data).toMatchObject({ status: 'generated', mime_type: 'image/png', byte_size: PNG.length, alt_text: 'A shoe' });
    const url = new URL(uploaded.body.data.url);
    expect(url.pathname).toMatch(new RegExp(`^/media/${t.accountId}/[0-9a-f-]{36}\\.png$`));
    const served = await ctx.http.get(url.pathname).buffer(true).expect(200);
    expect(served.headers).toMatchObject({ 'content-type': 'image/png', 'cache-control': 'public, max-age=31536000, immutable' });
    expect(Buffer.compare(served.body as Buffer, PNG)).toBe(0);
    const etag = served.headers.etag as string;
    await ctx.http.get(url.pathname).set('If-None-Match', etag).expect(304);
    await ctx.http.get(`/media/${t.accountId}/../../etc/passwd`).expect(404);
    await ctx.http.get(`/media/${t.accountId}/not-a-uuid.png`).expect(404);

    // A new upload replaces the file; deleting the image removes it.
    const storedFirst = path.join(ctx.services.config.mediaDir, url.pathname.replace('/media/', ''));
    expect(fs.existsSync(storedFirst)).toBe(true);
    const second = await ctx.http
      .put(api(`/writer/images/${id}/file`))
      .set(owner())
      .set('Content-Type', 'image/png')
      .send(PNG)
      .expect(200);
    expect(fs.existsSync(storedFirst)).toBe(false);
    const storedSecond = path.join(ctx.services.config.mediaDir, new URL(second.body.data.url).pathname.replace('/media/', ''));
    await ctx.http
      .delete(api(`/writer/images/${id}`))
      .set(owner())
      .expect(200);
    expect(fs.existsSync(storedSecond)).toBe(false);
  });

  it('refuses a file that is not the image it claims, and one over the size limit, leaving nothing behind', async () => {
    const id = await newImage(ctx, t);
    const folder = path.join(ctx.services.config.mediaDir, String(t.accountId));
    const before = fs.existsSync(folder) ? fs.readdirSync(folder).length : 0;
    const fake = await ctx.http
      .put(api(`/writer/images/${id}/file`))
      .set(owner())
      .set('Content-Type', 'image/png')
      .send(Buffer.from('<svg onload=alert(1)>'));
    expect({ status: fake.status, code: fake.body.error_code }).toEqual({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    const mislabelled = await ctx.http
      .put(api(`/writer/images/${id}/file`))
      .set(owner())
      .set('Content-Type', 'image/jpeg')
      .send(PNG);
    expect(mislabelled.status).toBe(415);
    const huge = Buffer.concat([PNG, Buffer.alloc(100 * 1024)]);
    const tooBig = await ctx.http
      .put(api(`/writer/images/${id}/file`))
      .set(owner())
      .set('Content-Type', 'image/png')
      .send(huge);
    expect({ status: tooBig.status, code: tooBig.body.error_code }).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(fs.existsSync(folder) ? fs.readdirSync(folder).length : 0).toBe(before);
    const image = await ctx.http
      .get(api(`/writer/images/${id}`))
      .set(owner())
      .expect(200);
    expect(image.body.data).toMatchObject({ status: 'pending', url: null });
  });

  it('deleting a task or a content removes its images’ files too', async () => {
    const stored = async (imageId: number) => {
      const response = await ctx.http
        .put(api(`/writer/images/${imageId}/file`))
        .set(owner())
        .set('Content-Type', 'image/png')
        .send(PNG)
        .expect(200);
      return path.join(ctx.services.config.mediaDir, new URL(response.body.data.url).pathname.replace('/media/', ''));
    };
    const task = await newTask(ctx, t);
    const image = await ctx.http.post(api('/writer/images')).set(owner()).send({ task_id: task, type: 'featured' }).expect(201);
    const taskFile = await stored(image.body.data.id);
    const content = await newContent(ctx, t);
    const inArticle = await ctx.http.post(api('/writer/images')).set(owner()).send({ content_id: content, type: 'in_article' }).expect(201);
    const contentFile = await stored(inArticle.body.data.id);
    expect([fs.existsSync(taskFile), fs.existsSync(contentFile)]).toEqual([true, true]);
    await ctx.http
      .delete(api(`/writer/tasks/${task}`))
      .set(owner())
      .expect(200);
    await ctx.http
      .delete(api(`/writer/content/${content}`))
      .set(owner())
      .expect(200);
    expect([fs.existsSync(taskFile), fs.existsSync(contentFile)]).toEqual([false, false]);
    expect(await ctx.services.knex('images').whereIn('id', [image.body.data.id, inArticle.body.data.id]).count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('attaches to content and takes its site and sector', async () => {
    const content = await newContent(ctx, t);
    const created = await ctx.http
      .post(api('/writer/images'))
      .set(owner())
      .send({ content_id: content, type: 'in_article', position: 2, caption: 'Cap' })
      .expect(201);
    expect(created.body.data).toMatchObject({ content_id: content, site_id: t.siteId, sector_id: t.sectorId, position: 2, caption: 'Cap' });
    const list = await ctx.http.get(api('/writer/images')).set(owner()).query({ content_id: content }).expect(200);
    expect(list.body.count).toBe(1);
  });
});
