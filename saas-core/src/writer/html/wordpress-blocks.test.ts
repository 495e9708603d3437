import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EMITTED_BLOCKS } from './blocks';
import { htmlToBlocks, sanitizeHtml } from './index';

/*
 * The corpus through sanitizeHtml + htmlToBlocks, checked by the REAL WordPress (Debian's 6.1 package) block parser:
 * saas-core/tests-php/BlocksRoundTripTest.php. Needs php, phpunit and WordPress from
 * scripts/wordpress/install-packages.sh; the site itself is set up here. Fails (never skips) when they are missing.
 */
const REPO = path.resolve(__dirname, '../../../..');
const CORPUS = path.join(__dirname, 'corpus');
const WP_HOST = '127.0.0.1:8891';
const WP_DB = 'igny8_wp_blocks';

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(command, args, { cwd: REPO, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
}

function requireTools(): void {
  const missing = ['php', 'phpunit'].filter((tool) => run(tool, ['--version']).status !== 0);
  if (!fs.existsSync('/usr/share/wordpress/wp-load.php')) missing.push('/usr/share/wordpress (Debian package wordpress)');
  if (missing.length > 0) {
    throw new Error(
      `Missing ${missing.join(', ')}: run scripts/wordpress/install-packages.sh first (the block markup is checked by the real WordPress).`,
    );
  }
}

/** Runs the PHPUnit round-trip test on {name: markup}; returns its exit status and output. */
function checkWithWordPress(articles: Record<string, string>): { status: number | null; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'igny8-blocks-'));
  const file = path.join(dir, 'blocks.json');
  fs.writeFileSync(file, JSON.stringify({ allowedBlocks: EMITTED_BLOCKS, articles }));
  const result = run(
    'phpunit',
    ['--do-not-cache-result', '--bootstrap', 'saas-core/tests-php/wordpress-bootstrap.php', 'saas-core/tests-php/BlocksRoundTripTest.php'],
    {
      IGNY8_WP_HOST: WP_HOST,
      IGNY8_BLOCKS_JSON: file,
    },
  );
  fs.rmSync(dir, { recursive: true, force: true });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

describe('htmlToBlocks on the real WordPress block parser', () => {
  beforeAll(() => {
    requireTools();
    const setup = run('bash', ['scripts/wordpress/setup-site.sh', WP_HOST, WP_DB]);
    if (setup.status !== 0) throw new Error(`WordPress site setup failed:\n${setup.stdout}\n${setup.stderr}`);
  }, 180_000);

  it('parses every corpus article into native blocks that round-trip through serialize_blocks', () => {
    const files = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.html'));
    expect(files.length).toBeGreaterThanOrEqual(12);
    const articles = Object.fromEntries(files.map((f) => [f, htmlToBlocks(sanitizeHtml(fs.readFileSync(path.join(CORPUS, f), 'utf8')))]));
    const { status, output } = checkWithWordPress(articles);
    if (status !== 0) throw new Error(`WordPress rejected the block markup (phpunit exit ${status}):\n${output}`);
    expect(output).toMatch(/OK \(\d+ tests/);
  }, 120_000);

  it('fails on classic (non-block) HTML, so the check can fail', () => {
    const { status, output } = checkWithWordPress({ classic: '<h2>Classic</h2>\n<p>Not block markup.</p>' });
    expect(status).not.toBe(0);
    expect(output).toContain('freeform (Classic) content');
  }, 120_000);
});
