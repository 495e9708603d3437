import { accountScope } from '../platform/tenancy/scope';
import { createApiKey } from '../sites/commands/manage-sites';
import { ADMIN, basicAuth, connectPlugin, createWordPressUser, startWordPress, type WordPressUser } from '../test/wordpress';
import { PNG } from '../writer/test-support';
import { htmlToBlocks } from '../writer/html';
import { callApi } from './http';
import { inParallel } from './parallel';
import type { BenchResult } from './report';
import { startScratch, type Scratch } from './scratch';

const POSTS = Number(process.env.BENCH_PUBLISH_POSTS ?? 200);
const CONCURRENCY = 4;
const WP_PORT = 8894;
const ARTICLE =
  '<h2>Grind size</h2><p>Fine for espresso, coarse for a press. Weigh the beans first.</p>' +
  '<h2>Water</h2><p>Soft water at 93 °C.</p><ul><li>Filter it</li><li>Weigh it</li></ul><h2>Timing</h2><p>25 to 30 seconds.</p>';

/** One approved content with a featured and two in-article images, made through the API. */
async function makeContent(scratch: Scratch, sectorId: number, index: number): Promise<number> {
  const api = <T>(path: string, method: string, body: unknown, type = 'application/json') =>
    callApi<T>(scratch.baseUrl, scratch.token, path, {
      method,
      headers: { 'Content-Type': type },
      body: type === 'application/json' ? JSON.stringify(body) : (body as Buffer),
    });
  const task = await api<{ id: number }>('/writer/tasks/', 'POST', {
    site_id: scratch.siteId,
    sector_id: sectorId,
    title: `Espresso guide ${index}`,
  });
  const content = await api<{ id: number }>('/writer/content/', 'POST', { task_id: task.id, title: `Espresso guide ${index}`, html: ARTICLE });
  for (const status of ['review', 'approved']) await api(`/writer/content/${content.id}/`, 'PATCH', { status });
  for (const [type, position] of [
    ['featured', 0],
    ['in_article', 1],
    ['in_article', 2],
  ] as const) {
    const image = await api<{ id: number }>('/writer/images/', 'POST', {
      content_id: content.id,
      type,
      position,
      alt_text: `Image ${position} of ${index}`,
      caption: 'Caption',
    });
    await api(`/writer/images/${image.id}/file/`, 'PUT', PNG, 'image/png');
  }
  return content.id;
}

/** Through the core: the publish request, the job, the signed call, the plugin sideloading the three images. */
async function publishThroughCore(scratch: Scratch, contentIds: number[]): Promise<number> {
  const started = performance.now();
  await inParallel(contentIds.length, CONCURRENCY, async (index) => {
    await callApi(scratch.baseUrl, scratch.token, `/writer/content/${contentIds[index]}/publish/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ categories: ['Coffee guides'], tags: ['espresso', 'brewing'] }),
    });
  });
  for (;;) {
    const rows = (await scratch.services.knex('publishing_records').select('status').count({ n: '*' }).groupBy('status')) as {
      status: string;
      n: number;
    }[];
    const counts = Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
    if ((counts.failed ?? 0) > 0) throw new Error(`${counts.failed} publishes failed`);
    if ((counts.published ?? 0) === contentIds.length) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return performance.now() - started;
}

/** The baseline: the same posts made directly with WP REST and an application password. */
async function publishDirectly(wpUrl: string, user: WordPressUser, count: number): Promise<number> {
  const call = async (path: string, init: RequestInit) => {
    const response = await fetch(`${wpUrl}/wp-json/wp/v2/${path}`, {
      ...init,
      headers: { Authorization: basicAuth(user), ...(init.headers as Record<string, string>) },
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { id: number; source_url?: string };
  };
  const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const category = await call('categories', json({ name: 'Direct guides' }));
  const tags = await Promise.all(['direct-espresso', 'direct-brewing'].map((name) => call('tags', json({ name }))));
  const started = performance.now();
  await inParallel(count, CONCURRENCY, async (index) => {
    const media = [];
    for (const position of [0, 1, 2]) {
      // Alt text and caption ride in the upload's query string: one request per image, the leanest REST allows.
      const fields = new URLSearchParams({ alt_text: `Image ${position} of ${index}`, caption: 'Caption' });
      const uploaded = await call(`media?${fields}`, {
        method: 'POST',
        headers: { 'Content-Type': 'image/png', 'Content-Disposition': `attachment; filename="direct-${index}-${position}.png"` },
        body: PNG,
      });
      media.push(uploaded);
    }
    const html = ARTICLE.replace('</h2>', `</h2><figure><img src="${media[1]!.source_url}" alt="Image 1 of ${index}"></figure>`).replace(
      '<h2>Water</h2>',
      `<h2>Water</h2><figure><img src="${media[2]!.source_url}" alt="Image 2 of ${index}"></figure>`,
    );
    await call(
      'posts',
      json({
        title: `Direct guide ${index}`,
        content: htmlToBlocks(html),
        status: 'publish',
        featured_media: media[0]!.id,
        categories: [category.id],
        tags: tags.map((tag) => tag.id),
      }),
    );
  });
  return performance.now() - started;
}

export async function benchWordPressPublishing(): Promise<BenchResult> {
  const wp = await startWordPress({ port: WP_PORT, database: 'igny8_wp_bench' });
  const scratch = await startScratch({ WORKER_CONCURRENCY: String(CONCURRENCY), THROTTLE_INTEGRATION: '1000000/min' });
  try {
    const scope = accountScope(scratch.accountId);
    const actor = { kind: 'user' as const, accountId: scratch.accountId, role: 'owner' as const, userId: null };
    const { key } = await createApiKey(scratch.services.knex, actor as never, scope, scratch.siteId, 'bench');
    await connectPlugin(wp, ADMIN, scratch.baseUrl, key);
    const author = createWordPressUser(wp, 'bencher', 'editor');
    const sectorId = await scratch.newSector('Bench publishing');
    const contentIds: number[] = [];
    await inParallel(POSTS, 8, async (index) => void contentIds.push(await makeContent(scratch, sectorId, index)));
    const baseline = await publishDirectly(wp.url, author, POSTS);
    const ours = await publishThroughCore(scratch, contentIds);
    return {
      kind: 'ratio',
      name: `${POSTS} posts with 3 images each published through the core (publish job, signed call, plugin sideloading the images by URL) vs the same posts made directly with WP REST and an application password`,
      baselineMs: baseline,
      oursMs: ours,
      ratio: baseline / ours,
      target: 0.8,
      note: `${CONCURRENCY} at a time on both sides; WordPress 6.1 on php -S with 6 workers`,
    };
  } finally {
    await scratch.close();
    await wp.stop();
  }
}
