import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A real WordPress (Debian's package, served by `php -S`) with the IGNY8 Bridge plugin from this
 * working copy, for end-to-end tests and the publishing benchmark. See REAL-WORDPRESS.md.
 */
const REPO = path.resolve(__dirname, '..', '..', '..');
const SCRIPTS = path.join(REPO, 'scripts', 'wordpress');
const PLUGINS = '/var/lib/wordpress/wp-content/plugins';
export const ADMIN = { user: 'admin', password: 'admin-password', email: 'admin@example.com' };

export interface WordPressSite {
  host: string;
  url: string;
  /** Runs PHP inside the site (WordPress loaded) and returns what the code returns, decoded from JSON. */
  php<T = unknown>(code: string): T;
  /** WordPress's debug log, for a failing test's message. */
  debugLog(): string;
  stop(): Promise<void>;
}

function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}) {
  const result = spawnSync(command, args, {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
    input: options.input,
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

export function requireWordPressTools(): void {
  const missing = ['php', 'phpunit'].filter((tool) => spawnSync(tool, ['--version']).status !== 0);
  if (!fs.existsSync('/usr/share/wordpress/wp-load.php')) missing.push('/usr/share/wordpress (Debian package wordpress)');
  if (missing.length > 0) throw new Error(`Missing ${missing.join(', ')}: run scripts/wordpress/install-packages.sh first.`);
}

/** A fresh site on `port` (its database dropped and installed again), the plugin active. */
export async function startWordPress(options: { port: number; database: string; extraConfig?: string }): Promise<WordPressSite> {
  requireWordPressTools();
  const host = `127.0.0.1:${options.port}`;
  run('mysql', ['-h', '127.0.0.1', '-u', 'root', '-e', `DROP DATABASE IF EXISTS \`${options.database}\``]);
  run('bash', [path.join(SCRIPTS, 'setup-site.sh'), host, options.database], {
    env: { WP_EXTRA_CONFIG: options.extraConfig ?? '', WP_ADMIN_USER: ADMIN.user, WP_ADMIN_PASSWORD: ADMIN.password, WP_ADMIN_EMAIL: ADMIN.email },
  });
  // The plugin from this working copy (wp-content is shared by every local site).
  const link = path.join(PLUGINS, 'igny8-bridge');
  fs.rmSync(link, { force: true, recursive: false });
  fs.symlinkSync(path.join(REPO, 'bridge-php'), link);

  const debugLogFile = `/tmp/igny8-wp-127.0.0.1-${options.port}-debug.log`;
  fs.rmSync(debugLogFile, { force: true });
  const server = spawn('php', ['-S', host, '-t', '/usr/share/wordpress', path.join(SCRIPTS, 'router.php')], {
    cwd: REPO,
    env: { ...process.env, PHP_CLI_SERVER_WORKERS: '6' },
    // Its own process group: php -S forks workers, and stopping only the parent leaves them on the port.
    detached: true,
    stdio: 'ignore',
  });
  let exited: number | null = null;
  server.once('exit', (code) => (exited = code ?? -1));
  const site: WordPressSite = {
    host,
    url: `http://${host}`,
    php<T>(code: string): T {
      const output = run('php', [path.join(SCRIPTS, 'run-php.php'), host], { input: code })
        .trim()
        .split('\n');
      return JSON.parse(output[output.length - 1]!) as T;
    },
    debugLog: () => (fs.existsSync(debugLogFile) ? fs.readFileSync(debugLogFile, 'utf8').slice(-4000) : ''),
    async stop() {
      try {
        process.kill(-server.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
    },
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    const ok = await fetch(`${site.url}/wp-json/`)
      .then((response) => response.ok)
      .catch(() => false);
    if (ok) break;
    if (exited !== null) throw new Error(`php -S stopped at once (exit ${exited}): is port ${options.port} taken?`);
    if (Date.now() > deadline) throw new Error(`WordPress did not start on ${host}.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const activated = site.php<string | null>(
    `$r = activate_plugin('igny8-bridge/igny8-bridge.php'); return is_wp_error($r) ? $r->get_error_message() : null;`,
  );
  if (activated) throw new Error(`The plugin did not activate: ${activated}`);
  return site;
}

/** A WordPress user with an application password (REST with Basic auth) and a cookie session (wp-admin). */
export interface WordPressUser {
  id: number;
  login: string;
  password: string;
  appPassword: string;
}

export function createWordPressUser(site: WordPressSite, login: string, role: string): WordPressUser {
  const password = `${login}-password-1`;
  const created = site.php<{ id: number; app: string }>(`
    $id = username_exists('${login}') ?: wp_insert_user(['user_login' => '${login}', 'user_pass' => '${password}', 'user_email' => '${login}@example.com', 'role' => '${role}']);
    [$app] = WP_Application_Passwords::create_new_application_password($id, ['name' => 'tests ' . wp_generate_password(6, false)]);
    return ['id' => $id, 'app' => $app];`);
  return { id: created.id, login, password, appPassword: created.app };
}

export const basicAuth = (user: Pick<WordPressUser, 'login' | 'appPassword'>) =>
  `Basic ${Buffer.from(`${user.login}:${user.appPassword}`).toString('base64')}`;

/** A browser-like session: cookies from wp-login.php, and the REST nonce WordPress gives logged-in users. */
export class WordPressSession {
  private cookies = new Map<string, string>();
  nonce = '';

  constructor(readonly site: WordPressSite) {}

  static async logIn(site: WordPressSite, login: string, password: string): Promise<WordPressSession> {
    const session = new WordPressSession(site);
    session.cookies.set('wordpress_test_cookie', 'WP%20Cookie%20check');
    const response = await session.fetch('/wp-login.php', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        log: login,
        pwd: password,
        testcookie: '1',
        'wp-submit': 'Log In',
        redirect_to: `${site.url}/wp-admin/`,
      }).toString(),
    });
    if (![...session.cookies.keys()].some((name) => name.startsWith('wordpress_logged_in_'))) {
      throw new Error(`Login as ${login} failed (${response.status}).`);
    }
    session.nonce = (await (await session.fetch('/wp-admin/admin-ajax.php?action=rest-nonce')).text()).trim();
    return session;
  }

  async fetch(pathAndQuery: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('Cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await fetch(`${this.site.url}${pathAndQuery}`, { ...init, headers, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    return response;
  }
}

/** The named inputs of the first form on a page whose fields match `has`, with their values, and where it posts. */
function formWith(html: string, has: RegExp): { action: string; fields: Map<string, string> } {
  for (const [, attributes, body] of html.matchAll(/<form([^>]*)>([\s\S]*?)<\/form>/gi)) {
    if (!has.test(body!)) continue;
    const fields = new Map<string, string>();
    for (const [input] of body!.matchAll(/<(input|button)\b[^>]*>/gi)) {
      const name = /\bname="([^"]+)"/.exec(input)?.[1];
      const type = /\btype="([^"]+)"/.exec(input)?.[1] ?? 'text';
      if (!name || (type === 'submit' && fields.has(name))) continue;
      fields.set(name, decodeHtml(/\bvalue="([^"]*)"/.exec(input)?.[1] ?? ''));
    }
    return { action: decodeHtml(/\baction="([^"]*)"/.exec(attributes!)?.[1] ?? ''), fields };
  }
  throw new Error(`No form matching ${has} on the page.`);
}

const decodeHtml = (text: string) =>
  text
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

/**
 * Connects the plugin as an administrator would: Settings → IGNY8, the core URL and the site key in
 * the form, Connect. Returns the settings page shown afterwards.
 */
export async function connectPlugin(
  site: WordPressSite,
  admin: { user: string; password: string },
  coreUrl: string,
  apiKey: string,
): Promise<string> {
  const session = await WordPressSession.logIn(site, admin.user, admin.password);
  const page = await (await session.fetch('/wp-admin/options-general.php?page=igny8-bridge')).text();
  const form = formWith(page, /api_key/);
  for (const name of form.fields.keys()) {
    if (/core_url/.test(name)) form.fields.set(name, coreUrl);
    if (/api_key/.test(name)) form.fields.set(name, apiKey);
  }
  const action = form.action.startsWith('http') ? new URL(form.action).pathname + new URL(form.action).search : form.action;
  const posted = await session.fetch(action, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams([...form.fields]).toString(),
  });
  const next = posted.headers.get('location');
  const shown = next ? await (await session.fetch(new URL(next, site.url).pathname + new URL(next, site.url).search)).text() : await posted.text();
  if (!site.php<boolean>(`return (bool) get_option('igny8_signing_secret');`)) {
    throw new Error(
      `Connecting the plugin failed; the settings page said:\n${shown
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .slice(0, 1500)}`,
    );
  }
  return shown;
}
