import { randomUUID } from 'node:crypto';
import { createTenant, type Tenant, type TestContext, startTestApp } from '../test/harness';
import { type RedisProcess, startRedis, startWorker, type WorkerProcess } from '../test/processes';
import {
  ADMIN,
  basicAuth,
  connectPlugin,
  createWordPressUser,
  startWordPress,
  type WordPressSession,
  WordPressSession as Session,
  type WordPressSite,
  type WordPressUser,
} from '../test/wordpress';
import { PNG } from '../writer/test-support';
import { signingSecretOf } from './commands/connection';
import { SiteIntegration } from './models';
import { signatureHeader } from './signature';
import { approvedContent, until } from './test-support';
import { accountScope } from '../platform/tenancy/scope';

/**
 * The bridge end to end: Debian's WordPress 6.1 served by PHP with the IGNY8 Bridge plugin, the core's
 * API in this process and `node dist/worker.js` as its own process, on MySQL and a Redis of this file's own.
 */
const WP_PORT = 8893;
let redis: RedisProcess;
let ctx: TestContext;
let worker: WorkerProcess;
let wp: WordPressSite;
let t: Tenant;
let editor: WordPressUser;
let subscriber: WordPressUser;
const env = () => ({
  REDIS_URL: redis.url,
  REDIS_KEY_PREFIX: `igny8test:bridge:${randomUUID().slice(0, 8)}:`,
  QUEUE_STALL_INTERVAL_MS: '1000',
  QUEUE_RECOVERY_INTERVAL_MS: '500',
  WORDPRESS_RETRY_BACKOFF_MS: '200',
  WORDPRESS_TIMEOUT_MS: '30000',
});

beforeAll(async () => {
  redis = await startRedis();
  ctx = await startTestApp(env());
  worker = await startWorker(env());
  wp = await startWordPress({ port: WP_PORT, database: 'igny8_wp_bridge_e2e', extraConfig: "define('IGNY8_WEBHOOK_RETRY_BASE_SECONDS', 1);" });
  editor = createWordPressUser(wp, 'eddie', 'editor');
  subscriber = createWordPressUser(wp, 'sam', 'subscriber');
  t = await createTenant(ctx, 'bridge');
}, 120_000);
afterAll(async () => {
  await wp?.stop();
  await worker?.stop();
  await ctx?.close();
  await redis?.kill();
});

const owner = () => ({ Authorization: `Bearer ${t.users.owner.token}` });
const explain = () => `\n--- WordPress debug log ---\n${wp.debugLog()}\n--- worker ---\n${worker.output().slice(-3000)}`;

let admin: WordPressSession;
let postId: number;
let contentId: number;

describe('connecting', () => {
  it('connects with a site key from the settings page; the key never reaches the browser', async () => {
    const page = await connectPlugin(wp, ADMIN, ctx.url, t.apiKey);
    expect(page).toContain('bridge site');
    expect(page).not.toContain(t.apiKey);
    admin = await Session.logIn(wp, ADMIN.user, ADMIN.password);
    const integration = await SiteIntegration.query(ctx.services.knex).forTenant(accountScope(t.accountId)).findOne({ siteId: t.siteId });
    expect(integration).toMatchObject({ status: 'connected', siteUrl: wp.url });
    const options = wp.php<Record<string, unknown>>(
      `global $wpdb; return $wpdb->get_results("SELECT option_name, autoload FROM $wpdb->options WHERE option_name LIKE 'igny8%'", OBJECT_K);`,
    );
    expect(options).toMatchObject({ igny8_api_key: { autoload: 'no' }, igny8_signing_secret: { autoload: 'no' } });
    for (const path of ['/wp-admin/options-general.php?page=igny8-bridge', '/wp-admin/', '/wp-admin/post-new.php']) {
      const html = await (await admin.fetch(path)).text();
      expect(html).not.toContain(t.apiKey);
      expect(html).not.toContain(signingSecretOf(ctx.services, integration!)!);
    }
    const check = await ctx.http.post(`/api/v1/integration/integrations/${integration!.id}/sync/`).set(owner()).expect(200);
    expect(check.body.data).toMatchObject({
      ok: true,
      content_types: { post_types: expect.arrayContaining([expect.objectContaining({ name: 'post' })]) },
    });
  });
});

async function uploadImage(content: number, type: 'featured' | 'in_article', position: number, alt: string, caption: string): Promise<void> {
  const created = await ctx.http
    .post('/api/v1/writer/images/')
    .set(owner())
    .send({ content_id: content, type, position, alt_text: alt, caption })
    .expect(201);
  await ctx.http.put(`/api/v1/writer/images/${created.body.data.id}/file/`).set(owner()).set('Content-Type', 'image/png').send(PNG).expect(200);
}

async function publish(content: number, body: object = {}) {
  const started = await ctx.http.post(`/api/v1/writer/content/${content}/publish/`).set(owner()).send(body).expect(202);
  const record = await until(
    async () => (await ctx.http.get(started.body.data.status_url).set(owner()).expect(200)).body.data,
    (state) => state.status === 'published' || state.status === 'failed',
    60_000,
  );
  expect(record).toMatchObject({ status: 'published', error_code: null });
  return record as { wp_post_id: number; wp_post_url: string };
}

interface StoredPost {
  status: string;
  title: string;
  classic: number;
  blocks: string[];
  images: { id: number; src: string; alt: string }[];
  featured: { id: number; alt: string; caption: string } | null;
  meta: Record<string, string>;
  categories: string[];
  tags: string[];
  attachments: number;
}

const storedPost = (id: number) =>
  wp.php<StoredPost>(`
    $post = get_post(${id});
    $blocks = [];
    $classic = 0;
    $images = [];
    $walk = function ($list) use (&$walk, &$blocks, &$classic, &$images) {
      foreach ($list as $b) {
        if ($b['blockName'] === null) { if (trim($b['innerHTML']) !== '') $classic++; continue; }
        $blocks[] = $b['blockName'];
        if ($b['blockName'] === 'core/image') {
          preg_match('/<img[^>]+src="([^"]+)"[^>]*alt="([^"]*)"/', $b['innerHTML'], $m);
          $images[] = ['id' => $b['attrs']['id'] ?? 0, 'src' => $m[1] ?? '', 'alt' => $m[2] ?? ''];
        }
        $walk($b['innerBlocks']);
      }
    };
    $walk(parse_blocks($post->post_content));
    $thumb = get_post_thumbnail_id(${id});
    $meta = [];
    foreach (get_post_meta(${id}) as $k => $v) { if (str_starts_with($k, '_igny8') || str_starts_with($k, '_yoast')) $meta[$k] = $v[0]; }
    return [
      'status' => $post->post_status, 'title' => $post->post_title, 'classic' => $classic, 'blocks' => array_values(array_unique($blocks)), 'images' => $images,
      'featured' => $thumb ? ['id' => $thumb, 'alt' => get_post_meta($thumb, '_wp_attachment_image_alt', true), 'caption' => wp_get_attachment_caption($thumb)] : null,
      'meta' => $meta, 'categories' => wp_get_post_terms(${id}, 'category', ['fields' => 'names']), 'tags' => wp_get_post_terms(${id}, 'post_tag', ['fields' => 'names']),
      'attachments' => count(get_posts(['post_type' => 'attachment', 'posts_per_page' => -1, 'post_status' => 'inherit', 'fields' => 'ids'])),
    ];`);

describe('publishing', () => {
  it('publishes content with 3 images as native blocks, and publishing again updates the same post', async () => {
    contentId = await approvedContent(
      ctx,
      t,
      '<h2>Grind size</h2><p>Fine for espresso, coarse for a press.</p><h2>Water</h2><p>Soft water, 93 °C.</p><ul><li>Filter it</li><li>Weigh it</li></ul><h2>Timing</h2><p>25 to 30 seconds.</p>',
    );
    await uploadImage(contentId, 'featured', 0, 'A cup of espresso on a wooden table', 'Fresh espresso');
    await uploadImage(contentId, 'in_article', 1, 'Burr grinder with fine grounds', 'The grinder');
    await uploadImage(contentId, 'in_article', 2, 'Kettle pouring water', '');
    const first = await publish(contentId, { categories: ['Coffee guides'], tags: ['espresso', 'brewing'] });
    postId = first.wp_post_id;
    const post = storedPost(postId);
    expect({ post, log: explain() }).toMatchObject({
      post: {
        status: 'publish',
        classic: 0,
        featured: { alt: 'A cup of espresso on a wooden table', caption: 'Fresh espresso' },
        meta: { _igny8_content_id: String(contentId), _igny8_managed: '1', _igny8_sector_id: String(t.sectorId) },
        categories: ['Coffee guides'],
        tags: expect.arrayContaining(['espresso', 'brewing']),
      },
    });
    expect(post.blocks).toEqual(expect.arrayContaining(['core/heading', 'core/paragraph', 'core/list', 'core/image']));
    expect(post.images).toEqual([
      { id: expect.any(Number), src: expect.stringContaining(`${wp.url}/wp-content/uploads/`), alt: 'Burr grinder with fine grounds' },
      { id: expect.any(Number), src: expect.stringContaining(`${wp.url}/wp-content/uploads/`), alt: 'Kettle pouring water' },
    ]);
    const content = (await ctx.http.get(`/api/v1/writer/content/${contentId}/`).set(owner()).expect(200)).body.data;
    expect(content).toMatchObject({ status: 'published', wp_post_id: postId, wp_status: 'publish', wp_post_url: first.wp_post_url });

    await ctx.http.patch(`/api/v1/writer/content/${contentId}/`).set(owner()).send({ title: 'Espresso at home, revised' }).expect(200);
    const second = await publish(contentId);
    expect(second.wp_post_id).toBe(postId);
    const updated = storedPost(postId);
    expect(updated).toMatchObject({ title: 'Espresso at home, revised', classic: 0, attachments: post.attachments });
    const posts = wp.php<number>(
      `return count(get_posts(['post_type' => 'post', 'post_status' => 'any', 'meta_key' => '_igny8_content_id', 'meta_value' => '${contentId}', 'fields' => 'ids']));`,
    );
    expect(posts).toBe(1);
  });
});

describe('status sync', () => {
  const contentStatus = async () => (await ctx.http.get(`/api/v1/writer/content/${contentId}/`).set(owner()).expect(200)).body.data;
  const setStatus = async (status: string) => {
    const response = await fetch(`${wp.url}/wp-json/wp/v2/posts/${postId}`, {
      method: 'POST',
      headers: { Authorization: basicAuth(editor), 'Content-Type': 'application/json' },
      body: JSON.stringify({ status }),
    });
    expect(response.status).toBe(200);
  };

  it('an editor changes the post status in WordPress and the content follows within seconds', async () => {
    await setStatus('pending');
    const followed = await until(contentStatus, (content) => content.wp_status === 'pending', 10_000);
    expect({ followed, log: explain() }).toMatchObject({ followed: { status: 'review', wp_status: 'pending' } });
  });

  it('changes made while the core is down arrive after it returns', async () => {
    await ctx.stopListening();
    await setStatus('draft');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const queued = wp.php<number>(`global $wpdb; return (int) $wpdb->get_var("SELECT COUNT(*) FROM {$wpdb->prefix}igny8_webhook_queue");`);
    expect(queued).toBeGreaterThan(0);
    await ctx.listenAgain();
    expect((await contentStatus()).wp_status).toBe('pending');
    // WP-Cron drains the queue (the site runs cron only when asked: DISABLE_WP_CRON), after the retry's backoff.
    const followed = await until(
      async () => {
        // As a system cron job calls it: no doing_wp_cron parameter, which would have to match WordPress's own lock.
        await fetch(`${wp.url}/wp-cron.php`);
        return contentStatus();
      },
      (content) => content.wp_status === 'draft',
      20_000,
    );
    expect({ followed, log: explain() }).toMatchObject({ followed: { status: 'draft', wp_status: 'draft' } });
  });
});

describe('security', () => {
  it('WordPress refuses forged, expired and replayed signatures', async () => {
    const integration = await SiteIntegration.query(ctx.services.knex).forTenant(accountScope(t.accountId)).findOne({ siteId: t.siteId });
    const secret = signingSecretOf(ctx.services, integration!)!;
    const call = (header: string) => fetch(`${wp.url}/wp-json/igny8/v1/site-metadata/`, { headers: { 'X-IGNY8-Signature': header } });
    const valid = signatureHeader(secret, '');
    expect((await call(valid)).status).toBe(200);
    const replay = await call(valid);
    expect({ status: replay.status, code: ((await replay.json()) as { code: string }).code }).toEqual({
      status: 409,
      code: 'igny8_signature_replayed',
    });
    const cases: [string, string][] = [
      [signatureHeader('forged-secret', ''), 'igny8_signature_invalid'],
      [signatureHeader(secret, '', Date.now() - 10 * 60_000), 'igny8_signature_expired'],
      ['t=1,v1=zz', 'igny8_signature_invalid'],
    ];
    for (const [header, code] of cases) {
      const response = await call(header);
      expect({ status: response.status, code: ((await response.json()) as { code: string }).code }).toEqual({ status: 401, code });
    }
    // Two identical calls in one second sign alike; the core signs the second again rather than fail.
    const checks = await Promise.all(
      [1, 2].map(() => ctx.http.post(`/api/v1/integration/integrations/${integration!.id}/test-connection/`).set(owner())),
    );
    expect(checks.map((check) => check.body.data)).toEqual([expect.objectContaining({ ok: true }), expect.objectContaining({ ok: true })]);
    const unsigned = await fetch(`${wp.url}/wp-json/igny8/v1/posts/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(unsigned.status).toBe(401);
    // A forged post changes nothing.
    const forgedBody = JSON.stringify({ content_id: 1, title: 'Forged' });
    const forged = await fetch(`${wp.url}/wp-json/igny8/v1/posts/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-IGNY8-Signature': signatureHeader('forged-secret', forgedBody) },
      body: forgedBody,
    });
    expect(forged.status).toBe(401);
    expect(wp.php<number>(`return count(get_posts(['title' => 'Forged', 'post_status' => 'any']));`)).toBe(0);
  });

  it('the proxy refuses logged-out visitors and subscribers, serves editors, and never shows the key', async () => {
    const path = '/wp-json/igny8/v1/core/writer/content/';
    const loggedOut = await fetch(`${wp.url}${path}`);
    expect(loggedOut.status).toBe(401);
    const sub = await Session.logIn(wp, subscriber.login, subscriber.password);
    const refused = await sub.fetch(path, { headers: { 'X-WP-Nonce': sub.nonce } });
    expect(refused.status).toBe(403);
    const ed = await Session.logIn(wp, editor.login, editor.password);
    const withoutNonce = await ed.fetch(path);
    expect([401, 403]).toContain(withoutNonce.status);
    const served = await ed.fetch(path, { headers: { 'X-WP-Nonce': ed.nonce } });
    const text = await served.text();
    expect(served.status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ success: true, results: expect.arrayContaining([expect.objectContaining({ id: contentId })]) });
    expect(text).not.toContain(t.apiKey);
    expect(JSON.stringify([...served.headers])).not.toContain(t.apiKey);
    const missing = await ed.fetch('/wp-json/igny8/v1/core/writer/content/2147483000/', { headers: { 'X-WP-Nonce': ed.nonce } });
    expect({ status: missing.status, body: await missing.json() }).toMatchObject({ status: 404, body: { success: false, error_code: 'NOT_FOUND' } });
  });
});
