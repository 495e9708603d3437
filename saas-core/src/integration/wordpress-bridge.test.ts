import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
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
/**
 * The site's PHP gets little memory, so that a proxy buffering a CSV (WordPress reads a request body into one
 * string; wp_remote_request() returns an answer as one) would die on the large upload and export below.
 */
const PHP_MEMORY_LIMIT_MB = 32;
/** Each request's peak PHP memory, one JSON line per request, written by the site's config. */
const MEMORY_LOG = `/tmp/igny8-wp-127.0.0.1-${WP_PORT}-memory.log`;
/** The proxy's wait for a silent core (igny8_bridge_proxy_timeout), short for the timeout test. */
const PROXY_TIMEOUT_SECONDS = 5;
const siteConfig = `
define('IGNY8_WEBHOOK_RETRY_BASE_SECONDS', 1);
if (PHP_SAPI !== 'cli') {
    define('WP_MEMORY_LIMIT', '${PHP_MEMORY_LIMIT_MB}M');
    ini_set('memory_limit', '${PHP_MEMORY_LIMIT_MB}M');
    register_shutdown_function(static function () {
        $line = [$_SERVER['REQUEST_METHOD'], $_SERVER['REQUEST_URI'], memory_get_peak_usage(true), memory_get_peak_usage()];
        file_put_contents('${MEMORY_LOG}', json_encode($line) . "\\n", FILE_APPEND);
    });
}
$GLOBALS['wp_filter']['igny8_bridge_proxy_timeout'][10][] = ['function' => static fn () => ${PROXY_TIMEOUT_SECONDS}, 'accepted_args' => 1];
`;
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
  fs.rmSync(MEMORY_LOG, { force: true });
  wp = await startWordPress({ port: WP_PORT, database: 'igny8_wp_bridge_e2e', extraConfig: siteConfig });
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

/** The CSV proxy: upload and download stream through WordPress, whatever their size, behind the proxy's checks. */
describe('CSV files through the proxy', () => {
  const MB = 1024 * 1024;
  const VALID_ROWS = 110_000;
  const importPath = (sectorId: number) =>
    `/wp-json/igny8/v1/core/planner/keywords/import_csv/?site_id=${t.siteId}&sector_id=${sectorId}&file_name=big-keywords.csv`;
  const exportPath = (sectorId: number) => `/wp-json/igny8/v1/core/planner/keywords/export_csv/?sector_id=${sectorId}`;
  const longKeyword = (i: number) => `streamed keyword ${i} ${'long tail words '.repeat(14)}`.trim();

  /** A Semrush-like file of about 47 MiB: VALID_ROWS rows, three bad ones at known lines, a wide ignored column. */
  function bigCsv(): { body: Buffer; badLines: { line: number; reason: string }[] } {
    const lines = ['Keyword,Volume,Keyword Difficulty,CPC (USD),Intent,SERP Features'];
    const badLines: { line: number; reason: string }[] = [];
    const bad: Record<number, [string, string]> = {
      10: ['too hard keyword,100,150,1.00,Commercial,x', 'difficulty must be 0–100, not 150'],
      40_000: [',10,1,0.10,Informational,x', 'the keyword is empty'],
      80_000: ['uncountable keyword,lots,5,0.20,Commercial,x', 'volume is not a number: "lots"'],
    };
    const features = 'Featured snippet; People also ask; Image pack; Video; '.repeat(3);
    for (let i = 0; i < VALID_ROWS; i += 1) {
      if (bad[i]) {
        lines.push(bad[i]![0]);
        badLines.push({ line: lines.length, reason: bad[i]![1] });
      }
      lines.push(`${longKeyword(i)},${(i % 50_000) + 10},${i % 101},${((i % 900) / 100).toFixed(2)},Informational,"${features}${i}"`);
    }
    return { body: Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8'), badLines };
  }

  const memoryLog = () => (fs.existsSync(MEMORY_LOG) ? fs.readFileSync(MEMORY_LOG, 'utf8').trim().split('\n').filter(Boolean) : []);
  /**
   * PHP's peak memory (allocated from the system, and used) for the first request matching `method` and the URI
   * prefix `path` logged after line `from` of the memory log; it is written as the request shuts down.
   */
  async function peakMemory(from: number, method: string, path: string): Promise<{ allocated: number; used: number }> {
    const entries = await until(
      async () =>
        memoryLog()
          .slice(from)
          .map((line) => JSON.parse(line) as [string, string, number, number]),
      (logged) => logged.some(([m, uri]) => m === method && uri.startsWith(path)),
      5000,
    );
    const found = entries.find(([m, uri]) => m === method && uri.startsWith(path));
    if (!found) throw new Error(`No memory figure for ${method} ${path} in ${MEMORY_LOG}.`);
    return { allocated: found[2], used: found[3] };
  }

  let ed: WordPressSession;
  let sectorId: number;
  let csv: ReturnType<typeof bigCsv>;
  const importCount = async () =>
    (await ctx.http.get('/api/v1/planner/keyword-imports/').set(owner()).query({ site_id: t.siteId }).expect(200)).body.count as number;

  beforeAll(async () => {
    ed = await Session.logIn(wp, editor.login, editor.password);
    const sector = await ctx.http.post('/api/v1/auth/sectors/').set(owner()).send({ site_id: t.siteId, name: 'Streamed CSV' }).expect(201);
    sectorId = sector.body.data.id;
    csv = bigCsv();
  });

  it('an editor uploads a CSV of over 45 MB, the core imports it, and the export comes back, in bounded PHP memory', async () => {
    expect(csv.body.length).toBeGreaterThan(40 * MB);
    const beforeUpload = memoryLog().length;
    const uploaded = await ed.fetch(importPath(sectorId), {
      method: 'POST',
      headers: { 'X-WP-Nonce': ed.nonce, 'Content-Type': 'text/csv' },
      body: csv.body,
    });
    const started = await uploaded.text();
    expect({ status: uploaded.status, body: started.slice(0, 500), log: uploaded.status === 200 ? '' : explain() }).toMatchObject({ status: 200 });
    const queued = JSON.parse(started) as { success: boolean; data: { id: number; status: string } };
    expect(queued).toMatchObject({ success: true, data: { status: expect.stringMatching(/^(queued|running|completed)$/) } });
    expect(started).not.toContain(t.apiKey);
    const uploadPeak = await peakMemory(beforeUpload, 'POST', '/wp-json/igny8/v1/core/planner/keywords/import_csv');

    // Followed as the UI does: through the proxy.
    const done = await until(
      async () => {
        const response = await ed.fetch(`/wp-json/igny8/v1/core/planner/keyword-imports/${queued.data.id}/`, { headers: { 'X-WP-Nonce': ed.nonce } });
        return ((await response.json()) as { data: { status: string } }).data;
      },
      (state) => state.status === 'completed' || state.status === 'failed',
      180_000,
    );
    expect({ done, worker: done.status === 'completed' ? '' : worker.output().slice(-3000) }).toMatchObject({
      done: {
        status: 'completed',
        progress: 100,
        rows_read: VALID_ROWS + csv.badLines.length,
        created: VALID_ROWS,
        updated: 0,
        duplicates: 0,
        error_count: 3,
        errors: csv.badLines,
      },
    });

    const beforeDownload = memoryLog().length;
    const downloaded = await ed.fetch(exportPath(sectorId), { headers: { 'X-WP-Nonce': ed.nonce, Accept: 'text/csv' } });
    const text = await downloaded.text();
    expect({ status: downloaded.status, start: text.slice(0, 300) }).toMatchObject({ status: 200 });
    expect(downloaded.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(downloaded.headers.get('content-disposition')).toMatch(/^attachment; filename="keywords-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(JSON.stringify([...downloaded.headers])).not.toContain(t.apiKey);
    const rows = text
      .replace(/^\ufeff/, '')
      .replace(/\r\n$/, '')
      .split('\r\n');
    expect(rows[0]).toBe('Keyword,Volume,Difficulty,CPC,Intent,Status,Source,Created at');
    expect(rows).toHaveLength(VALID_ROWS + 1);
    expect(rows[1]).toMatch(new RegExp(`^${longKeyword(0)},10,0,0,informational,active,csv_import,\\d{4}-`));
    expect(rows[VALID_ROWS]).toMatch(new RegExp(`^${longKeyword(VALID_ROWS - 1)},`));
    const downloadPeak = await peakMemory(beforeDownload, 'GET', '/wp-json/igny8/v1/core/planner/keywords/export_csv');

    // Both files are larger than PHP's whole memory limit: a buffering proxy could not have passed them.
    expect(csv.body.length).toBeGreaterThan(PHP_MEMORY_LIMIT_MB * MB);
    expect(Buffer.byteLength(text)).toBeGreaterThan(PHP_MEMORY_LIMIT_MB * MB);
    // And PHP's own peak stayed that of any small request (about 6 MB here), far below either file.
    expect(uploadPeak.allocated).toBeLessThan((PHP_MEMORY_LIMIT_MB * MB) / 2);
    expect(downloadPeak.allocated).toBeLessThan((PHP_MEMORY_LIMIT_MB * MB) / 2);
  }, 300_000);

  it('streams an upload of unknown length (sent chunked) as well', async () => {
    const rows = ['Keyword,Volume', 'chunked keyword one,10', 'chunked keyword two,20', 'chunked keyword three,30'];
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const row of rows) controller.enqueue(new TextEncoder().encode(`${row}\n`));
        controller.close();
      },
    });
    const init = { method: 'POST', headers: { 'X-WP-Nonce': ed.nonce, 'Content-Type': 'text/csv' }, body, duplex: 'half' };
    const response = await ed.fetch(importPath(sectorId), init as RequestInit);
    expect({ status: response.status, body: await response.json() }).toMatchObject({
      status: 200,
      body: { success: true, data: { status: 'completed', created: 3, error_count: 0 } },
    });
  });

  it('refuses logged-out visitors, subscribers and a missing or wrong nonce without reading the file', async () => {
    const before = await importCount();
    // The whole large file each time: read into PHP memory, it would end in a fatal error rather than a refusal.
    const init = (headers: Record<string, string>): RequestInit => ({
      method: 'POST',
      headers: { 'Content-Type': 'text/csv', ...headers },
      body: csv.body,
    });
    const post = (session: WordPressSession, headers: Record<string, string>) => session.fetch(importPath(sectorId), init(headers));
    const sub = await Session.logIn(wp, subscriber.login, subscriber.password);
    const cases: [string, Promise<Response>, number, string][] = [
      ['logged out', fetch(`${wp.url}${importPath(sectorId)}`, init({})), 401, 'igny8_not_logged_in'],
      ['subscriber', post(sub, { 'X-WP-Nonce': sub.nonce }), 403, 'igny8_wp_role_not_allowed'],
      ['no nonce', post(ed, {}), 401, 'igny8_not_logged_in'],
      ['wrong nonce', post(ed, { 'X-WP-Nonce': 'not-a-nonce' }), 403, 'rest_cookie_invalid_nonce'],
    ];
    for (const [label, pending, status, code] of cases) {
      const response = await pending;
      const text = await response.text();
      expect({ label, status: response.status, body: text.slice(0, 300) }).toMatchObject({ label, status });
      expect({ label, code: (JSON.parse(text) as { code: string }).code }).toEqual({ label, code });
    }
    expect(await importCount()).toBe(before);
  }, 120_000);

  it('answers the proxy’s JSON errors when the core is down, silent, or not connected', async () => {
    const small = Buffer.from('Keyword,Volume\nespresso grind,100\n');
    const upload = () =>
      ed.fetch(importPath(sectorId), { method: 'POST', headers: { 'X-WP-Nonce': ed.nonce, 'Content-Type': 'text/csv' }, body: small });
    const download = () => ed.fetch(exportPath(sectorId), { headers: { 'X-WP-Nonce': ed.nonce } });
    const answer = async (response: Response) => ({
      status: response.status,
      type: response.headers.get('content-type'),
      disposition: response.headers.get('content-disposition'),
      body: (await response.json()) as unknown,
    });
    const envelope = (status: number, code: string) => ({
      status,
      type: expect.stringMatching(/^application\/json/),
      disposition: null,
      body: { success: false, error: expect.any(String), error_code: code },
    });

    // The core's own error, status and body, passes through the stream, also when it answers before reading the file.
    const missingSector = await ed.fetch(importPath(2_147_483_000), {
      method: 'POST',
      headers: { 'X-WP-Nonce': ed.nonce, 'Content-Type': 'text/csv' },
      body: csv.body,
    });
    expect(await answer(missingSector)).toEqual({
      ...envelope(404, 'NOT_FOUND'),
      body: expect.objectContaining({ success: false, error_code: 'NOT_FOUND' }),
    });

    await ctx.stopListening();
    try {
      expect(await answer(await upload())).toEqual(envelope(502, 'CORE_UNREACHABLE'));
      expect(await answer(await download())).toEqual(envelope(502, 'CORE_UNREACHABLE'));
    } finally {
      await ctx.listenAgain();
    }

    // A core that takes the connection and never answers.
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentUrl = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
    wp.php(`update_option('igny8_core_url', '${silentUrl}'); return null;`);
    try {
      const startedAt = Date.now();
      expect(await answer(await upload())).toEqual(envelope(504, 'CORE_TIMEOUT'));
      expect(await answer(await download())).toEqual(envelope(504, 'CORE_TIMEOUT'));
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(2 * PROXY_TIMEOUT_SECONDS * 1000 - 500);
    } finally {
      wp.php(`update_option('igny8_core_url', '${ctx.url}'); return null;`);
      silent.close();
    }

    const details = wp.php<Record<string, unknown>>(`return get_option('igny8_connection');`);
    wp.php(`update_option('igny8_connection', []); return null;`);
    try {
      expect(await answer(await upload())).toEqual(envelope(503, 'NOT_CONNECTED'));
      expect(await answer(await download())).toEqual(envelope(503, 'NOT_CONNECTED'));
    } finally {
      const saved = Buffer.from(JSON.stringify(details)).toString('base64');
      wp.php(`update_option('igny8_connection', json_decode(base64_decode('${saved}'), true)); return null;`);
    }
    const restored = await download();
    expect(restored.status).toBe(200);
    await restored.arrayBuffer();
  }, 60_000);
});
