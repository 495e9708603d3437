import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { useTestProviders } from '../ai/test-support';
import { FakeProviderServer } from '../ai/testing/fake-provider-server';
import { createTenant, type Tenant, type TestContext, startTestApp } from '../test/harness';
import { type RedisProcess, startRedis, startWorker, type WorkerProcess } from '../test/processes';
import { ADMIN, connectPlugin, createWordPressUser, startWordPress, type WordPressSite, type WordPressUser } from '../test/wordpress';

/**
 * The plugin's UI in real headless Chromium: Debian's WordPress 6.1 with the bridge and its built scripts
 * (bridge-php/build, from `npm run build -w wp-plugin-ui`), the core's API here, a worker process, and the AI
 * answered by the loopback OpenAI-compatible server through the real SDK. Screenshots of what users see land in
 * saas-core/test-artifacts/.
 */
const WP_PORT = 8895;
const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts');

let redis: RedisProcess;
let ctx: TestContext;
let worker: WorkerProcess;
let wp: WordPressSite;
let fake: FakeProviderServer;
let t: Tenant;
let editor: WordPressUser;
let viewer: WordPressUser;
let browser: Browser;

const env = () => ({
  REDIS_URL: redis.url,
  REDIS_KEY_PREFIX: `igny8test:ui:${randomUUID().slice(0, 8)}:`,
  QUEUE_STALL_INTERVAL_MS: '1000',
  QUEUE_RECOVERY_INTERVAL_MS: '500',
});

beforeAll(async () => {
  if (!fs.existsSync(path.resolve(__dirname, '../../../bridge-php/build/editor.js'))) {
    throw new Error('Build the UI first: npm run build -w wp-plugin-ui');
  }
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  redis = await startRedis();
  fake = await FakeProviderServer.start();
  ctx = await startTestApp(env());
  worker = await startWorker(env());
  wp = await startWordPress({ port: WP_PORT, database: 'igny8_wp_ui_e2e' });
  editor = createWordPressUser(wp, 'edna', 'editor');
  viewer = createWordPressUser(wp, 'vic', 'contributor');
  t = await createTenant(ctx, 'ui');
  await useTestProviders(ctx, t, fake);
  await connectPlugin(wp, ADMIN, ctx.url, t.apiKey);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await wp?.stop();
  await worker?.stop();
  await ctx?.close();
  await fake?.close();
  await redis?.kill();
});

const explain = () => `\n--- WordPress debug log ---\n${wp.debugLog().slice(-4000)}\n--- worker ---\n${worker.output().slice(-3000)}`;

async function logIn(user: Pick<WordPressUser, 'login' | 'password'>): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  page.on('pageerror', (error) => process.stderr.write(`[browser] ${error.message}\n`));
  await page.goto(`${wp.url}/wp-login.php`);
  await page.fill('#user_login', user.login);
  await page.fill('#user_pass', user.password);
  await Promise.all([page.waitForURL(/wp-admin/), page.click('#wp-submit')]);
  return page;
}

async function openNewPost(page: Page): Promise<void> {
  await page.goto(`${wp.url}/wp-admin/post-new.php`);
  await page.waitForSelector('.edit-post-layout', { timeout: 60_000 });
  const guide = page.locator('[aria-label="Close dialog"]');
  if (await guide.isVisible().catch(() => false)) await guide.click();
  await page.click('button[aria-label="IGNY8"]');
  await page.waitForSelector('.igny8-sidebar');
}

describe('wp-admin pages', () => {
  it('draws every IGNY8 page for an editor, with the site and sector from the core', async () => {
    const page = await logIn(editor);
    for (const slug of ['igny8', 'igny8-keywords', 'igny8-clusters', 'igny8-ideas', 'igny8-tasks', 'igny8-content', 'igny8-settings']) {
      await page.goto(`${wp.url}/wp-admin/admin.php?page=${slug}`);
      await page.waitForSelector('.igny8-admin__title');
      await page.waitForLoadState('networkidle');
      expect(await page.textContent('.igny8-admin__site')).toBe('ui site');
      await page.screenshot({ path: path.join(ARTIFACTS, `admin-${slug}.png`), fullPage: true });
    }
    expect(await page.content()).not.toContain(t.apiKey);
    await page.close();
  }, 120_000);
});

describe('settings', () => {
  it('lets a WordPress administrator choose the site’s author profile, which an editor then sees', async () => {
    const owner = { Authorization: `Bearer ${t.users.owner.token}` };
    const made = await ctx.http
      .post('/api/v1/system/author-profiles/')
      .set(owner)
      .send({ name: 'Trail voice', tone: 'playful and expert', language: 'en' })
      .expect(201);
    const profileId = String(made.body.data.id);
    const settings = `${wp.url}/wp-admin/admin.php?page=igny8-settings`;
    const page = await logIn({ login: ADMIN.user, password: ADMIN.password });
    await page.goto(settings);
    await page.waitForSelector('select[data-testid="igny8-site-profile"]');
    await page.selectOption('select[data-testid="igny8-site-profile"]', profileId);
    await page.click('[data-testid="igny8-site-profile-save"]');
    await page.waitForSelector('.components-notice:has-text("Saved: new articles of this site are written in this voice.")');
    // The page printed after the change shows it (the plugin's cached context was dropped).
    await page.reload();
    await page.waitForSelector('select[data-testid="igny8-site-profile"]');
    expect(await page.inputValue('select[data-testid="igny8-site-profile"]')).toBe(profileId);
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-settings-author-profile.png'), fullPage: true });
    const context = await ctx.http.get('/api/v1/integration/context/').query({ site_id: t.siteId }).set(owner).expect(200);
    expect(context.body.data.site.author_profile_id).toBe(Number(profileId));
    await page.close();

    const editorPage = await logIn(editor);
    await editorPage.goto(settings);
    await editorPage.waitForSelector('[data-testid="igny8-site-profile-in-use"]');
    expect(await editorPage.textContent('[data-testid="igny8-site-profile-in-use"]')).toContain('This site writes in: Trail voice.');
    expect(await editorPage.locator('select[data-testid="igny8-site-profile"]').count()).toBe(0);
    await editorPage.close();
    await ctx.http.put('/api/v1/integration/author-profile/').set(owner).send({ site_id: t.siteId, author_profile_id: null }).expect(200);
  }, 120_000);
});

describe('the editor’s pipeline, from a CSV to a saved post', () => {
  it('imports a CSV, clusters it, generates ideas, creates a task, and writes that task’s article in a new post', async () => {
    const page = await logIn(editor);
    const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `pipeline-${name}.png`), fullPage: true });
    await page.goto(`${wp.url}/wp-admin/admin.php?page=igny8-keywords`);
    await page.waitForSelector('[data-testid="igny8-import-input"]');

    // Six keywords of two topics, and one row the importer refuses (line 5: no keyword).
    const csv = [
      'Keyword,Volume',
      'trail running shoes,2400',
      'trail running shoes for women,900',
      'best trail running shoes,1300',
      ',50',
      'marathon training plan,3600',
      'marathon training plan for beginners,1200',
      'half marathon training plan,880',
    ].join('\n');
    await page.setInputFiles('[data-testid="igny8-import-input"]', { name: 'keywords.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForSelector('[data-testid="igny8-import-summary"]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid="igny8-import-summary"]')).toMatch(/keywords\.csv: 7 rows read — 6 added, .*1 rows with errors/);
    expect(await page.locator('[data-testid="igny8-import-errors"] tbody tr').count()).toBe(1);
    expect(await page.textContent('[data-testid="igny8-import-errors"] tbody tr')).toContain('5');
    await waitForRows(page, '[data-testid="igny8-keywords-table"] tbody tr', 6);
    await shot('1-imported');

    // Auto cluster all six, the cost shown first.
    await page.check('[data-testid="igny8-keywords-table"] [data-testid="igny8-select-all"]');
    await page.click('[data-testid="igny8-auto-cluster"] button');
    expect(await page.textContent('.igny8-cost-modal .igny8-cost')).toMatch(/This costs \d+ credits?\./);
    await page.click('.igny8-cost-modal .igny8-modal-actions button:has-text("Start")');
    await page
      .waitForSelector('.igny8-keywords__message:has-text("Made 2 clusters from 6 keywords")', { timeout: 60_000 })
      .catch((error: Error) => Promise.reject(new Error(`${error.message}${explain()}`)));
    await shot('2-clustered');

    // Ideas for both clusters: 3 each.
    await page.click('.igny8-keywords__message a:has-text("Open the clusters")');
    await waitForRows(page, '[data-testid="igny8-clusters-table"] tbody tr[data-id]', 2);
    await page.check('[data-testid="igny8-clusters-table"] [data-testid="igny8-select-all"]');
    await page.selectOption('select[data-testid="igny8-ideas-per-cluster"]', '3');
    await page.click('[data-testid="igny8-generate-ideas"] button');
    await page.click('.igny8-cost-modal .igny8-modal-actions button:has-text("Start")');
    await page
      .waitForSelector('.components-notice:has-text("6 ideas generated.")', { timeout: 60_000 })
      .catch((error: Error) => Promise.reject(new Error(`${error.message}${explain()}`)));
    await shot('3-ideas-generated');

    // A task from the first idea about trail running shoes.
    await page.goto(`${wp.url}/wp-admin/admin.php?page=igny8-ideas`);
    await waitForRows(page, '[data-testid="igny8-ideas-table"] tbody tr[data-id]', 6);
    // The test server names ideas after their cluster, and clusters after their first keyword.
    const ideaTitle = 'Idea 1 about About trail running shoes';
    await page.locator('[data-testid="igny8-ideas-table"] tbody tr[data-id]', { hasText: ideaTitle }).locator('input[type="checkbox"]').check();
    await page.click('[data-testid="igny8-create-tasks"]');
    await page.waitForSelector('.components-notice:has-text("1 writing task created.")', { timeout: 30_000 });
    await shot('4-task-created');
    await page.goto(`${wp.url}/wp-admin/admin.php?page=igny8-tasks`);
    await page.waitForSelector(`[data-testid="igny8-tasks-table"] tbody tr:has-text("${ideaTitle}")`);
    await shot('5-tasks');

    // A new post takes that task, and its article is generated from the sidebar, watched, inserted and saved.
    await openNewPost(page);
    const choice = page.getByLabel('Choose a task');
    const option = await choice.locator('option', { hasText: ideaTitle }).getAttribute('value');
    await choice.selectOption(option!);
    await page.click('button:has-text("Use this task")');
    await page.waitForSelector(`[data-testid="igny8-linked-task"]:has-text("${ideaTitle}")`);
    await page.click('button:has-text("Generate article")');
    fake.script('chat', [{ delayMs: 1500 }]);
    await page.click('.igny8-cost-modal button:has-text("Start")');
    await page.waitForSelector('.igny8-sidebar [role="progressbar"]');
    await shot('6-generating');
    await page
      .waitForSelector('[data-testid="igny8-generated"]', { timeout: 60_000 })
      .catch((error: Error) => Promise.reject(new Error(`${error.message}${explain()}`)));
    await page.click('[data-testid="igny8-generated"] button:has-text("Insert into post")');
    await page.waitForFunction(() => (globalThis as unknown as WpWindow).wp.data.select('core/block-editor').getBlocks().length > 3);
    const postId = await savePost(page);
    await shot('7-saved');
    const saved = savedBlocks(postId);
    expect(saved.classic).toBe(0);
    expect(saved.blocks).toEqual(expect.arrayContaining(['core/heading', 'core/paragraph']));
    // The outline of the idea became the article's sections.
    expect(saved.content).toContain('Section of idea 1: part 1');
    await page.close();
  }, 240_000);
});

describe('the block editor sidebar', () => {
  it('an editor creates a task, generates the article with the cost first and a progress bar, inserts it and saves native blocks', async () => {
    const page = await logIn(editor);
    await openNewPost(page);
    await page.screenshot({ path: path.join(ARTIFACTS, 'sidebar-empty.png') });
    await page.fill('.igny8-new-task input >> nth=0', 'Trail running shoes for beginners');
    await page.fill('.igny8-new-task input >> nth=1', 'trail running shoes, beginner trail shoes');
    await page.click('.igny8-new-task button:has-text("Create task")');
    await page.waitForSelector('[data-testid="igny8-linked-task"]');

    await page.click('button:has-text("Generate article")');
    await page.waitForSelector('.igny8-cost');
    expect(await page.textContent('.igny8-cost')).toMatch(/This costs \d+ credits?\. You have \d+ available\./);
    await page.screenshot({ path: path.join(ARTIFACTS, 'sidebar-cost.png') });
    fake.script('chat', [{ delayMs: 1500 }]);
    await page.click('.igny8-cost-modal button:has-text("Start")');
    await page.waitForSelector('.igny8-sidebar [role="progressbar"]');
    await page.screenshot({ path: path.join(ARTIFACTS, 'sidebar-progress.png') });
    await page.waitForSelector('[data-testid="igny8-generated"]', { timeout: 60_000 }).catch((error: Error) => {
      throw new Error(`${error.message}${explain()}`);
    });
    await page.click('[data-testid="igny8-generated"] button:has-text("Insert into post")');
    await page.waitForFunction(() => (globalThis as unknown as WpWindow).wp.data.select('core/block-editor').getBlocks().length > 3);
    await page.screenshot({ path: path.join(ARTIFACTS, 'sidebar-inserted.png') });

    // One undo step takes the whole article out again, and redo puts it back.
    await page.evaluate(() => (globalThis as unknown as WpWindow).wp.data.dispatch('core/editor').undo());
    expect(await page.evaluate(() => (globalThis as unknown as WpWindow).wp.data.select('core/block-editor').getBlocks().length)).toBeLessThanOrEqual(
      1,
    );
    await page.evaluate(() => (globalThis as unknown as WpWindow).wp.data.dispatch('core/editor').redo());

    const postId = await savePost(page);
    const saved = savedBlocks(postId);
    expect(saved.classic).toBe(0);
    expect(saved.blocks).toContain('core/heading');
    expect(saved.blocks).toContain('core/paragraph');
    expect(saved.meta.task).toMatch(/^\d+$/);
    expect(saved.meta.content).toMatch(/^\d+$/);
    const content = await ctx.http
      .get(`/api/v1/writer/content/${saved.meta.content}/`)
      .set({ Authorization: `Bearer ${t.users.owner.token}` })
      .expect(200);
    expect(content.body.data.task_id).toBe(Number(saved.meta.task));
    await page.close();
  }, 180_000);

  it('a viewer (a WordPress contributor) sees the sidebar read-only and cannot start generation', async () => {
    const page = await logIn(viewer);
    await openNewPost(page);
    await page.waitForSelector('.igny8-read-only');
    expect(await page.locator('button:has-text("Generate article")').count()).toBe(0);
    expect(await page.locator('button:has-text("Create task")').count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'sidebar-viewer.png') });
    await page.close();
  }, 120_000);
});

/** Waits until the page shows exactly `count` elements matching `selector` (a table's rows). */
async function waitForRows(page: Page, selector: string, count: number): Promise<void> {
  await page.waitForFunction(([rows, expected]) => (globalThis as unknown as WpWindow).document.querySelectorAll(rows).length === expected, [
    selector,
    count,
  ] as const);
}

/** Saves the post in the editor and waits until it is saved; its id. */
async function savePost(page: Page): Promise<number> {
  await page.evaluate(() => (globalThis as unknown as WpWindow).wp.data.dispatch('core/editor').savePost());
  await page.waitForFunction(() => {
    const editor = (globalThis as unknown as WpWindow).wp.data.select('core/editor');
    return !editor.isSavingPost() && !editor.isEditedPostDirty();
  });
  return page.evaluate(() => (globalThis as unknown as WpWindow).wp.data.select('core/editor').getCurrentPostId());
}

/** The saved post as WordPress parses it: its blocks, how many are Classic, its content and IGNY8 meta. */
function savedBlocks(postId: number) {
  return wp.php<{ blocks: string[]; classic: number; content: string; meta: Record<string, string> }>(`
    $post = get_post(${postId});
    $blocks = array_values(array_filter(parse_blocks($post->post_content), fn ($b) => $b['blockName'] !== null || trim($b['innerHTML']) !== ''));
    return [
      'blocks' => array_map(fn ($b) => (string) $b['blockName'], $blocks),
      'classic' => count(array_filter($blocks, fn ($b) => $b['blockName'] === null || $b['blockName'] === 'core/freeform')),
      'content' => $post->post_content,
      'meta' => ['task' => get_post_meta($post->ID, '_igny8_task_id', true), 'content' => get_post_meta($post->ID, '_igny8_content_id', true)],
    ];`);
}

interface WpWindow {
  document: { querySelectorAll(selector: string): { length: number } };
  wp: {
    data: {
      select(store: string): {
        getBlocks(): unknown[];
        getCurrentPostId(): number;
        isSavingPost(): boolean;
        isEditedPostDirty(): boolean;
      };
      dispatch(store: string): { undo(): void; redo(): void; savePost(): Promise<void> };
    };
  };
}
