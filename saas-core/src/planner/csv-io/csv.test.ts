import { Readable } from 'node:stream';
import { CsvFormatError, type CsvRecord, escapeCsvCell, readKeywordCsv, writeCsv } from './index';
import { parseNumber } from './columns';
import { sniffEncoding } from './decode';

/** Feeds bytes in chunks of `chunkSize`, so boundaries fall inside quotes, CRLFs and multi-byte characters. */
async function read(bytes: Buffer | string, chunkSize = 64 * 1024): Promise<CsvRecord[]> {
  const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  async function* chunks() {
    for (let start = 0; start < buffer.length; start += chunkSize) yield buffer.subarray(start, start + chunkSize);
  }
  const records: CsvRecord[] = [];
  for await (const record of readKeywordCsv(chunks())) records.push(record);
  return records;
}
const rows = (records: CsvRecord[]) => records.flatMap((record) => (record.kind === 'row' ? [record.keyword] : []));
const errors = (records: CsvRecord[]) => records.flatMap((record) => (record.kind === 'error' ? [[record.line, record.reason]] : []));
const utf8Bom = (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
const utf16le = (text: string, bom = true) => Buffer.concat([Buffer.from(bom ? [0xff, 0xfe] : []), Buffer.from(text, 'utf16le')]);
const utf16be = (text: string) => {
  const le = Buffer.from(text, 'utf16le');
  for (let index = 0; index < le.length; index += 2) [le[index], le[index + 1]] = [le[index + 1]!, le[index]!];
  return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
};

const AHREFS = [
  'Keyword,Country,Difficulty,Volume,CPC,CPS,Parent Keyword,Last Update,SERP Features,Global volume,Traffic potential,Intents',
  'running shoes,us,67,"12,000",1.2,1.1,running shoes,2026-10-01,"Sitelinks, Image pack",95000,41000,"Commercial, Transactional"',
  'trail running shoes,us,34,2400,0.9,1.3,trail shoes,2026-10-01,,9100,3300,Informational',
  'best marathon shoes,us,,350,,,,,,900,,',
].join('\n');

const SEMRUSH = [
  'Keyword,Intent,Volume,Trend,Keyword Difficulty,CPC (USD),Competitive Density,SERP Features,Number of Results',
  'buy running shoes,"Transactional, Commercial",8100,"0.81,0.67,1.00",78,2.35,1,"Reviews,Image",181000000',
  'running shoes for flat feet,Informational,1900,"0.5,0.6",45,1.10,0.8,,5430000',
].join('\r\n');

const SEARCH_CONSOLE = ['Top queries,Clicks,Impressions,CTR,Position', 'igny8 seo,120,3400,3.53%,4.2', 'wordpress ai writer,40,980,4.08%,7.9'].join(
  '\n',
);

const KEYWORD_PLANNER = [
  'Keyword Stats 2026-11-01 at 10_00_00',
  'All locations',
  'Keyword\tCurrency\tAvg. monthly searches\tThree month change\tYoY change\tCompetition\tCompetition (indexed value)\tTop of page bid (low range)\tTop of page bid (high range)',
  'café near me\tUSD\t9900\t0%\t22%\tLow\t12\t0.50\t2.10',
  'espresso machine\tUSD\t49500\t-18%\t0%\tHigh\t100\t0.80\t3.40',
  'espresso\tUSD\t1K – 10K\t\t\tMedium\t40\t\t',
].join('\r\n');

describe('the exports of each tool', () => {
  it('Ahrefs: UTF-8 with BOM, "12,000", several intents, Volume over Global volume', async () => {
    const records = await read(utf8Bom(AHREFS));
    expect(errors(records)).toEqual([]);
    expect(rows(records)).toEqual([
      { keyword: 'running shoes', volume: 12000, difficulty: 67, cpc: 1.2, intent: 'commercial' },
      { keyword: 'trail running shoes', volume: 2400, difficulty: 34, cpc: 0.9, intent: 'informational' },
      { keyword: 'best marathon shoes', volume: 350, difficulty: null, cpc: null, intent: null },
    ]);
  });

  it('Semrush: CRLF, quoted lists, CPC (USD)', async () => {
    expect(rows(await read(SEMRUSH))).toEqual([
      { keyword: 'buy running shoes', volume: 8100, difficulty: 78, cpc: 2.35, intent: 'transactional' },
      { keyword: 'running shoes for flat feet', volume: 1900, difficulty: 45, cpc: 1.1, intent: 'informational' },
    ]);
  });

  it('Search Console: Top queries, Impressions as volume', async () => {
    expect(rows(await read(SEARCH_CONSOLE))).toEqual([
      { keyword: 'igny8 seo', volume: 3400, difficulty: null, cpc: null, intent: null },
      { keyword: 'wordpress ai writer', volume: 980, difficulty: null, cpc: null, intent: null },
    ]);
  });

  it('Keyword Planner: UTF-16LE, tabs, title lines above the header, high bid as CPC, ranges', async () => {
    for (const bytes of [utf16le(KEYWORD_PLANNER), utf16le(KEYWORD_PLANNER, false), utf16be(KEYWORD_PLANNER)]) {
      const records = await read(bytes, 7); // odd chunk sizes split the two-byte characters
      expect(errors(records)).toEqual([]);
      expect(rows(records)).toEqual([
        { keyword: 'café near me', volume: 9900, difficulty: null, cpc: 2.1, intent: null },
        { keyword: 'espresso machine', volume: 49500, difficulty: null, cpc: 3.4, intent: null },
        { keyword: 'espresso', volume: 1000, difficulty: null, cpc: null, intent: null },
      ]);
    }
  });

  it('European semicolon files with decimal commas', async () => {
    const csv = 'Keyword;Volume;KD;CPC\nlaufschuhe;"12.100";55;1,90\nlaufschuhe damen;880;40;0,75\n';
    expect(rows(await read(csv))).toEqual([
      { keyword: 'laufschuhe', volume: 12100, difficulty: 55, cpc: 1.9, intent: null },
      { keyword: 'laufschuhe damen', volume: 880, difficulty: 40, cpc: 0.75, intent: null },
    ]);
  });

  it('Ahrefs intent flag columns', async () => {
    const csv =
      'Keyword,Volume,Informational,Navigational,Commercial,Transactional\nshoe sizes,100,false,false,true,false\nnike,900,false,true,false,false\n';
    expect(rows(await read(csv)).map((row) => row.intent)).toEqual(['commercial', 'navigational']);
  });
});

describe('messy files keep every valid row and report each bad one with its line', () => {
  it('blank lines, quoted newlines, bad numbers, out-of-range difficulty, missing cells', async () => {
    const csv = [
      'Keyword,Volume,KD,CPC', // 1
      'good one,100,10,0.5', // 2
      '', // 3
      '   ', // 4
      '"multi', // 5
      'line keyword",200,20,1', // 6
      'bad volume,lots,10,1', // 7
      'too hard,10,150,1', // 8
      ',10,10,1', // 9
      'short row', // 10
      '"quoted ""name""",5.2K,33%,$1.20', // 11
      'huge volume,3000000000,1,1', // 12
      'last,1,1,1', // 13 (no newline at the end)
    ].join('\n');
    const records = await read(csv);
    expect(errors(records)).toEqual([
      [7, 'volume is not a number: "lots"'],
      [8, 'difficulty must be 0–100, not 150'],
      [9, 'the keyword is empty'],
      [12, 'volume is larger than 2,000,000,000'],
    ]);
    expect(rows(records).map((row) => [row.keyword, row.volume, row.difficulty, row.cpc])).toEqual([
      ['good one', 100, 10, 0.5],
      ['multi line keyword', 200, 20, 1],
      ['short row', null, null, null],
      ['quoted "name"', 5200, 33, 1.2],
      ['last', 1, 1, 1],
    ]);
  });

  it('gives the same result whatever the chunk boundaries', async () => {
    const csv = utf8Bom(`${SEMRUSH}\r\n"x, ""y""\r\nz",1,,,\r\nçà ü 日本語,5,,,\n`);
    const whole = await read(csv);
    for (const size of [1, 2, 3, 5, 13]) expect(await read(csv, size)).toEqual(whole);
  });

  it('a 1.5 MB row is one error; the rows around it are kept', async () => {
    const huge = `"${'x'.repeat(1_500_000)}",10`;
    const csv = ['Keyword,Volume', 'before,1', huge, 'after,2'].join('\n');
    const records: CsvRecord[] = [];
    for await (const record of readKeywordCsv(Readable.from([Buffer.from(csv)]), { maxRecordBytes: 1024 * 1024 })) records.push(record);
    expect(errors(records)).toEqual([[3, 'the row is too large']]);
    expect(rows(records).map((row) => row.keyword)).toEqual(['before', 'after']);
    // Under the default limit the same row is read, and refused for its length.
    const relaxed = await read(csv);
    expect(errors(relaxed)).toEqual([[3, 'the keyword is longer than 255 characters']]);
  });

  it('invalid UTF-8 is reported per row, never stored garbled', async () => {
    const bytes = Buffer.concat([Buffer.from('Keyword,Volume\nfine,1\nbro'), Buffer.from([0xc3, 0x28]), Buffer.from('ken,2\nalso fine,3\n')]);
    const records = await read(bytes);
    expect(errors(records)).toEqual([[3, 'the keyword is not valid UTF-8 text']]);
    expect(rows(records).map((row) => row.keyword)).toEqual(['fine', 'also fine']);
  });

  it('an unclosed quote at the end is one error', async () => {
    const records = await read('Keyword,Volume\nok,1\n"never closed,2\nmore,3\n');
    expect(rows(records).map((row) => row.keyword)).toEqual(['ok']);
    expect(errors(records)).toEqual([[3, 'a quoted cell is never closed']]);
  });

  it('file-level problems raise CsvFormatError with a stable code', async () => {
    await expect(read('')).rejects.toMatchObject({ code: 'CSV_EMPTY' });
    await expect(read('\n\n')).rejects.toMatchObject({ code: 'CSV_EMPTY' });
    await expect(read('Name,Volume\nfoo,1\n')).rejects.toBeInstanceOf(CsvFormatError);
    await expect(read('Name,Volume\nfoo,1\n')).rejects.toMatchObject({ code: 'CSV_NO_KEYWORD_COLUMN' });
    expect(rows(await read('Keyword\n'))).toEqual([]);
  });
});

describe('numbers and encodings', () => {
  it.each([
    ['12,100', false, 12100],
    ['12 100', false, 12100],
    ['1.2K', false, 1200],
    ['3M', false, 3_000_000],
    ['1,9', true, 1.9],
    ['1.234,56', true, 1234.56],
    ['1,234.56', false, 1234.56],
    ['45%', false, 45],
    ['$2.10', false, 2.1],
    ['1K – 10K', false, 1000],
    ['<10', false, null],
    ['-', false, null],
    ['', false, null],
  ])('"%s" (decimal comma: %s) → %s', (raw, decimalComma, expected) => {
    expect(parseNumber(raw as string, decimalComma as boolean)).toBe(expected);
  });

  it('treats words as not a number', () => {
    expect(parseNumber('lots', false)).toBeNaN();
  });

  it('sniffs UTF-16 without a BOM from its NUL bytes', () => {
    expect(sniffEncoding(Buffer.from('Keyword\tVolume', 'utf16le')).encoding).toBe('utf-16le');
    expect(sniffEncoding(Buffer.from('Keyword,Volume')).encoding).toBe('utf-8');
  });
});

describe('writing CSV', () => {
  it('quotes what needs quoting and defuses formulas in text cells', () => {
    expect(escapeCsvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(['+1', '-cmd', '@SUM(A1)', '\tx'].map(escapeCsvCell)).toEqual([`'+1`, `'-cmd`, `'@SUM(A1)`, `'\tx`]);
    expect(escapeCsvCell(-5)).toBe('-5');
    expect(escapeCsvCell('a,b')).toBe('"a,b"');
    expect(escapeCsvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(escapeCsvCell(null)).toBe('');
    expect(escapeCsvCell(new Date('2026-01-02T03:04:05Z'))).toBe('2026-01-02T03:04:05.000Z');
  });

  it('round-trips through readKeywordCsv', async () => {
    const source = [
      ['plain', 10, 5, 0.5, 'commercial'],
      ['with, comma', 20, 6, 1.25, 'informational'],
      ['with "quotes"', 30, null, null, null],
      ['日本語 キーワード', 40, 7, 2, 'navigational'],
    ];
    const stream = writeCsv(['Keyword', 'Volume', 'KD', 'CPC', 'Intent'], source);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.from(chunk as string));
    const text = Buffer.concat(chunks);
    expect(text.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(rows(await read(text))).toEqual(
      source.map(([keyword, volume, difficulty, cpc, intent]) => ({ keyword, volume, difficulty, cpc, intent })),
    );
  });
});

it('streams 100,000 rows in bounded memory', async () => {
  const total = 100_000;
  async function* generate() {
    yield Buffer.from('Keyword,Volume,KD,CPC\n');
    for (let start = 0; start < total; start += 1000) {
      let block = '';
      for (let index = start; index < start + 1000; index += 1) block += `keyword ${index},${index},${index % 101},1.5\n`;
      yield Buffer.from(block);
    }
  }
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  let count = 0;
  let peak = before;
  for await (const record of readKeywordCsv(generate())) {
    if (record.kind === 'row') count += 1;
    if (count % 10_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  expect(count).toBe(total);
  // The whole file is ~3 MB of text and ~100k objects if held: far more than this allows.
  expect(peak - before).toBeLessThan(64 * 1024 * 1024);
});
