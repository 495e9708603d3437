import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { accountScope } from '../platform/tenancy/scope';
import { runKeywordImport } from './commands/import-keywords';
import { KeywordImport } from './models';
import { createTenant, type Tenant, type TestContext, startTestApp } from '../test/harness';

/** The import API end to end: small files within the request, large ones as a job with progress. */
let ctx: TestContext;
let t: Tenant;
beforeAll(async () => {
  ctx = await startTestApp({}, { jobs: true });
  t = await createTenant(ctx, 'importer');
});
afterAll(async () => ctx.close());

const owner = () => ({ Authorization: `Bearer ${t.users.owner.token}` });
const api = (path: string) => `/api/v1${path}/`;

async function freshSector(): Promise<{ site_id: number; sector_id: number }> {
  const response = await ctx.http
    .post(api('/auth/sectors'))
    .set(owner())
    .send({ site_id: t.otherSiteId, name: `Import ${randomUUID().slice(0, 6)}`, is_active: false })
    .expect(201);
  return { site_id: t.otherSiteId, sector_id: response.body.data.id };
}

function upload(sector: object, content: string | Buffer, contentType = 'text/csv') {
  return ctx.http.post(api('/planner/keywords/import_csv')).query(sector).set(owner()).set('Content-Type', contentType).send(content);
}

it('imports a messy Semrush-style file: keeps every valid row, reports each bad one with its line, counts duplicates', async () => {
  const sector = await freshSector();
  const csv = [
    'Keyword,Intent,Volume,Trend,Keyword Difficulty,CPC (USD),Competitive Density',
    'running shoes,"Commercial, Transactional","12,100",0.8,67,1.20,1',
    '',
    'trail running shoes,Informational,2400,0.5,150,0.9,1',
    '"shoes for\nflat feet",Commercial,880,0.3,45,1.10,1',
    ',Commercial,10,0,1,0,0',
    'Running  Shoes,Commercial,12100,0.8,67,1.20,1',
    'best running shoes 2026,Informational,notanumber,0,20,0.5,0',
    'waterproof running shoes,Commercial,1.2K,0,33,0.75,0',
  ].join('\r\n');
  const response = await upload(sector, csv).expect(200);
  expect(response.body.data).toMatchObject({ status: 'completed', progress: 100, duplicates: 1 });
  const { created, errors } = response.body.data;
  // Bad rows: difficulty 150 (line 4), empty keyword (line 7), bad volume (line 9).
  expect(errors.map((error: { line: number }) => error.line)).toEqual([4, 7, 9]);
  expect(created).toBe(3);
  const rows = await ctx.services
    .knex('keywords')
    .where({ sectorId: sector.sector_id })
    .orderBy('keyword')
    .select('keyword', 'volume', 'intent', 'source');
  expect(rows.map((row: { keyword: string }) => row.keyword)).toEqual(['running shoes', 'shoes for flat feet', 'waterproof running shoes']);
  expect(rows[0]).toMatchObject({ volume: 12100, intent: 'commercial', source: 'csv_import' });
  expect(rows[2]).toMatchObject({ volume: 1200 });

  // The same file again: nothing new, nothing changed.
  const again = await upload(sector, csv).expect(200);
  expect(again.body.data).toMatchObject({ created: 0, updated: 0, duplicates: 4 });
});

it('reads a UTF-16LE tab-separated Keyword Planner export with title lines', async () => {
  const sector = await freshSector();
  const text = [
    'Keyword Stats 2026-11-01 at 10_00_00',
    'All locations',
    'Keyword\tCurrency\tAvg. monthly searches\tCompetition\tTop of page bid (low range)\tTop of page bid (high range)',
    'café near me\tUSD\t9900\tLow\t0.50\t2.10',
    'espresso machine\tUSD\t49500\tHigh\t0.80\t3.40',
  ].join('\r\n');
  const body = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const response = await upload(sector, body, 'text/tab-separated-values').expect(200);
  expect(response.body.data).toMatchObject({ status: 'completed', created: 2, error_count: 0 });
  const rows = await ctx.services.knex('keywords').where({ sectorId: sector.sector_id }).orderBy('keyword').select('keyword', 'volume', 'cpc');
  expect(rows.map((row: { keyword: string; volume: number; cpc: string }) => [row.keyword, row.volume, Number(row.cpc)])).toEqual([
    ['café near me', 9900, 2.1],
    ['espresso machine', 49500, 3.4],
  ]);
});

it('refuses a file without a keyword column with a stable code, and an empty upload', async () => {
  const sector = await freshSector();
  const response = await upload(sector, 'Name,Volume\nfoo,10\n').expect(200);
  expect(response.body.data).toMatchObject({ status: 'failed', failure: { code: 'CSV_NO_KEYWORD_COLUMN' } });
  const empty = await upload(sector, '').expect(200);
  expect(empty.body.data.status).toBe('failed');
});

it('exports with the list filters, escaping formula cells, and the export imports back', async () => {
  const sector = await freshSector();
  await ctx.http
    .post(api('/planner/keywords/bulk_create'))
    .set(owner())
    .send({
      ...sector,
      keywords: [
        { keyword: '=HYPERLINK("http://evil.example","x")', volume: 10 },
        { keyword: '+1 shoes', volume: 20 },
        { keyword: '@sum shoes', volume: 30, status: 'inactive' },
        { keyword: 'plain, "quoted" shoes', volume: 40, cpc: 1.5, intent: 'commercial' },
      ],
    })
    .expect(201);
  const exported = await ctx.http
    .get(api('/planner/keywords/export_csv'))
    .set(owner())
    .query({ sector_id: sector.sector_id, status: 'active' })
    .expect(200);
  expect(exported.headers['content-type']).toMatch(/^text\/csv/);
  expect(exported.headers['content-disposition']).toMatch(/attachment; filename="keywords-/);
  const text = exported.text.replace(/^\ufeff/, '');
  const lines = text.trim().split('\r\n');
  expect(lines[0]).toBe('Keyword,Volume,Difficulty,CPC,Intent,Status,Source,Created at');
  expect(lines).toHaveLength(4);
  expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
  expect(text).toContain(`'+1 shoes`);
  expect(text).not.toContain('@sum');
  expect(text).toContain('"plain, ""quoted"" shoes",40,,1.5,commercial,active,manual');

  const target = await freshSector();
  const back = await upload(target, exported.text).expect(200);
  expect(back.body.data).toMatchObject({ created: 3, error_count: 0 });
});

it('imports 100,000 rows as a job, reporting progress on the way', async () => {
  const sector = await freshSector();
  const lines = ['Keyword,Volume,KD,CPC,Intent'];
  for (let index = 0; index < 100_000; index += 1)
    lines.push(`keyword number ${index},${index % 5000},${index % 101},${(index % 300) / 100},informational`);
  const response = await upload(sector, lines.join('\n')).expect(200);
  expect(response.body.data.status).toBe('queued');
  const id = response.body.data.id;
  const seen = new Set<number>();
  let state: { status: string; progress: number; created: number; error_count: number; rows_read: number } | undefined;
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    state = (
      await ctx.http
        .get(api(`/planner/keyword-imports/${id}`))
        .set(owner())
        .expect(200)
    ).body.data;
    seen.add(state!.progress);
    if (state!.status === 'completed' || state!.status === 'failed') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(state).toMatchObject({ status: 'completed', progress: 100, created: 100_000, error_count: 0, rows_read: 100_000 });
  expect([...seen].filter((progress) => progress > 0 && progress < 100).length).toBeGreaterThanOrEqual(2);
  expect(await ctx.services.knex('keywords').where({ sectorId: sector.sector_id }).count({ n: '*' })).toEqual([{ n: 100_000 }]);
}, 300_000);

it('a retried import resumes after the last committed batch and counts each row once', async () => {
  const sector = await freshSector();
  const { knex, config } = ctx.services;
  const filePath = path.join(config.DATA_DIR, `resume-${randomUUID()}.csv`);
  await writeFile(filePath, 'Keyword\nalready one\nalready two\nfresh three\nfresh four\n');
  // As if an earlier attempt committed the first two records (and created them) before its worker died.
  const row = await KeywordImport.query(knex).forTenant(accountScope(t.accountId)).insertAndFetch({
    siteId: sector.site_id,
    sectorId: sector.sector_id,
    createdById: null,
    fileName: 'resume.csv',
    filePath,
    fileBytes: 60,
    status: 'running',
    rowsRead: 2,
    created: 2,
    errors: [],
  });
  await runKeywordImport(ctx.services, t.accountId, row.id);
  const done = (
    await ctx.http
      .get(api(`/planner/keyword-imports/${row.id}`))
      .set(owner())
      .expect(200)
  ).body.data;
  expect(done).toMatchObject({ status: 'completed', rows_read: 4, created: 4, duplicates: 0 });
  const keywords = await knex('keywords').where({ sectorId: sector.sector_id }).orderBy('keyword').pluck('keyword');
  expect(keywords).toEqual(['fresh four', 'fresh three']);
  await runKeywordImport(ctx.services, t.accountId, row.id); // a duplicate delivery of a finished job changes nothing
  expect(
    (
      await ctx.http
        .get(api(`/planner/keyword-imports/${row.id}`))
        .set(owner())
        .expect(200)
    ).body.data.created,
  ).toBe(4);
});
