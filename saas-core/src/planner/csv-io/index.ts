import { Readable } from 'node:stream';
import { cleanKeyword } from '../normalize';
import type { KeywordIntent } from '../models';
import { isTruthy, mapColumns, parseIntent, parseNumber, type ColumnMap } from './columns';
import { decodeChunks } from './decode';
import { CsvTokenizer, detectDelimiter, type RawRecord } from './tokenizer';

export type { KeywordIntent };

export interface CsvKeyword {
  keyword: string;
  volume: number | null;
  difficulty: number | null;
  cpc: number | null;
  intent: KeywordIntent | null;
}

export type CsvRecord = { kind: 'row'; line: number; keyword: CsvKeyword } | { kind: 'error'; line: number; reason: string };

export interface ReadKeywordCsvOptions {
  /** A record larger than this is reported as one bad row (default 2 MiB). */
  maxRecordBytes?: number;
}

/** A problem with the file as a whole; bad rows never raise it. */
export class CsvFormatError extends Error {
  constructor(
    readonly code: 'CSV_NO_KEYWORD_COLUMN' | 'CSV_EMPTY' | 'CSV_UNREADABLE',
    message: string,
  ) {
    super(message);
    this.name = 'CsvFormatError';
  }
}

/** Keyword Planner puts title lines above its header; look this far for it. */
const HEADER_SEARCH_RECORDS = 10;
/** Text gathered before choosing the delimiter. */
const SAMPLE_CHARS = 64 * 1024;
const MAX_KEYWORD_LENGTH = 255;
/** The columns' ranges: a figure beyond them is a bad row, never a truncated value. */
const MAX_VOLUME = 2_000_000_000;
const MAX_CPC = 99_999_999;

/**
 * Reads a keyword export as a stream, never holding the whole file: detects the encoding (UTF-8
 * with or without BOM, UTF-16 LE/BE) and the delimiter (comma, semicolon, tab), finds the header
 * (Ahrefs, Semrush, Search Console, Keyword Planner names), and yields each row or the reason it
 * was refused, with its line. Blank lines are skipped silently.
 */
export async function* readKeywordCsv(
  input: NodeJS.ReadableStream | AsyncIterable<Buffer>,
  options: ReadKeywordCsvOptions = {},
): AsyncGenerator<CsvRecord> {
  const maxRecordChars = options.maxRecordBytes ?? 2 * 1024 * 1024;
  const chunks = decodeChunks(input as AsyncIterable<Buffer>);
  let sample = '';
  let tokenizer: CsvTokenizer | undefined;
  let delimiter = ',';
  let columns: ColumnMap | null = null;
  let recordsBeforeHeader = 0;

  function* handle(record: RawRecord): Generator<CsvRecord> {
    if (!columns) {
      if (record.fields.every((field) => field.trim() === '')) return;
      columns = mapColumns(record.fields);
      if (columns) return;
      recordsBeforeHeader += 1;
      if (recordsBeforeHeader >= HEADER_SEARCH_RECORDS) throw noKeywordColumn();
      return;
    }
    if (!record.problem && record.fields.every((field) => field.trim() === '')) return;
    yield toRecord(record, columns, delimiter === ';');
  }

  for await (const text of chunks) {
    if (!tokenizer) {
      sample += text;
      if (sample.length < SAMPLE_CHARS) continue;
      delimiter = detectDelimiter(sample);
      tokenizer = new CsvTokenizer(delimiter, maxRecordChars);
      for (const record of tokenizer.push(sample)) yield* handle(record);
      sample = '';
      continue;
    }
    for (const record of tokenizer.push(text)) yield* handle(record);
  }
  if (!tokenizer) {
    if (sample.trim() === '') throw new CsvFormatError('CSV_EMPTY', 'The file is empty.');
    delimiter = detectDelimiter(sample);
    tokenizer = new CsvTokenizer(delimiter, maxRecordChars);
    for (const record of tokenizer.push(sample)) yield* handle(record);
  }
  for (const record of tokenizer.end()) yield* handle(record);
  if (!columns) throw noKeywordColumn();
}

function noKeywordColumn(): CsvFormatError {
  return new CsvFormatError(
    'CSV_NO_KEYWORD_COLUMN',
    'No keyword column found. Name it Keyword (Ahrefs, Semrush, Keyword Planner), Query or Top queries (Search Console).',
  );
}

function toRecord(record: RawRecord, columns: ColumnMap, decimalComma: boolean): CsvRecord {
  const refuse = (reason: string): CsvRecord => ({ kind: 'error', line: record.line, reason });
  if (record.problem === 'oversize') return refuse('the row is too large');
  if (record.problem === 'unterminated') return refuse('a quoted cell is never closed');
  const cell = (index: number | null) => (index === null ? '' : (record.fields[index] ?? ''));
  const keyword = cleanKeyword(cell(columns.keyword));
  if (keyword === '') return refuse('the keyword is empty');
  if (keyword.includes('\ufffd')) return refuse('the keyword is not valid UTF-8 text');
  if (keyword.length > MAX_KEYWORD_LENGTH) return refuse(`the keyword is longer than ${MAX_KEYWORD_LENGTH} characters`);

  const metric = (name: 'volume' | 'difficulty' | 'cpc') => {
    const raw = cell(columns[name]);
    const value = parseNumber(raw, decimalComma);
    if (value === null) return null;
    if (Number.isNaN(value) || value < 0) throw new RowError(`${name} is not a number: "${raw.slice(0, 40)}"`);
    return value;
  };
  try {
    const volume = metric('volume');
    const difficulty = metric('difficulty');
    const cpc = metric('cpc');
    if (difficulty !== null && difficulty > 100) return refuse(`difficulty must be 0–100, not ${difficulty}`);
    if (volume !== null && volume > MAX_VOLUME) return refuse(`volume is larger than ${MAX_VOLUME.toLocaleString('en-US')}`);
    if (cpc !== null && cpc > MAX_CPC) return refuse(`cpc is larger than ${MAX_CPC.toLocaleString('en-US')}`);
    let intent = columns.intent === null ? null : parseIntent(cell(columns.intent));
    intent ??= columns.intentFlags.find((flag) => isTruthy(cell(flag.column)))?.intent ?? null;
    return {
      kind: 'row',
      line: record.line,
      keyword: {
        keyword,
        volume: volume === null ? null : Math.round(volume),
        difficulty: difficulty === null ? null : Math.round(difficulty),
        cpc: cpc === null ? null : Math.round(cpc * 100) / 100,
        intent,
      },
    };
  } catch (err) {
    if (err instanceof RowError) return refuse(err.message);
    throw err;
  }
}

class RowError extends Error {}

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: quoted when needed, and a leading apostrophe on text a spreadsheet would run as a formula. */
export function escapeCsvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'bigint') return Number.isFinite(Number(value)) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Streams CSV text: a UTF-8 BOM (so Excel reads UTF-8), the header, then rows as they come, with
 * CRLF line ends. Rows are pulled one at a time, so the source can be a database cursor of any size.
 */
export function writeCsv(header: string[], rows: AsyncIterable<unknown[]> | Iterable<unknown[]>): Readable {
  async function* lines(): AsyncGenerator<string> {
    yield `\ufeff${header.map(escapeCsvCell).join(',')}\r\n`;
    let batch = '';
    for await (const row of rows as AsyncIterable<unknown[]>) {
      batch += `${row.map(escapeCsvCell).join(',')}\r\n`;
      if (batch.length >= 64 * 1024) {
        yield batch;
        batch = '';
      }
    }
    if (batch) yield batch;
  }
  return Readable.from(lines());
}
