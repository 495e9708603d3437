import type { KeywordIntent } from '../models';

/** Header names of the exports we read, lower-cased with spaces collapsed; the first present wins. */
const HEADERS = {
  keyword: ['keyword', 'keywords', 'query', 'top queries', 'search term', 'search terms', 'keyword text'],
  volume: ['volume', 'search volume', 'avg. monthly searches', 'avg monthly searches', 'monthly volume', 'global volume', 'impressions'],
  difficulty: ['kd', 'kd %', 'kd%', 'keyword difficulty', 'difficulty', 'seo difficulty'],
  cpc: ['cpc', 'cpc (usd)', 'cpc usd', 'cpc ($)', 'top of page bid (high range)'],
  intent: ['intent', 'intents', 'search intent', 'keyword intents'],
} as const;

const INTENT_COLUMNS: readonly KeywordIntent[] = ['informational', 'commercial', 'transactional', 'navigational'];

export interface ColumnMap {
  keyword: number;
  volume: number | null;
  difficulty: number | null;
  cpc: number | null;
  intent: number | null;
  /** Ahrefs' newer exports: one true/false column per intent. */
  intentFlags: { column: number; intent: KeywordIntent }[];
}

export function normalizeHeader(cell: string): string {
  return cell
    .replace(/^\ufeff/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** The column map for a header row, or null when it has no keyword column (a title line, say). */
export function mapColumns(header: string[]): ColumnMap | null {
  const names = header.map(normalizeHeader);
  const find = (candidates: readonly string[]) => {
    for (const candidate of candidates) {
      const index = names.indexOf(candidate);
      if (index >= 0) return index;
    }
    return null;
  };
  const keyword = find(HEADERS.keyword);
  if (keyword === null) return null;
  const cpc = find(HEADERS.cpc) ?? names.findIndex((name) => /^cpc\b/.test(name));
  return {
    keyword,
    volume: find(HEADERS.volume),
    difficulty: find(HEADERS.difficulty),
    cpc: cpc === -1 ? null : cpc,
    intent: find(HEADERS.intent),
    intentFlags: INTENT_COLUMNS.map((intent) => ({ column: names.indexOf(intent), intent })).filter((flag) => flag.column >= 0),
  };
}

const INTENT_WORDS: Record<string, KeywordIntent> = {
  informational: 'informational',
  info: 'informational',
  i: 'informational',
  commercial: 'commercial',
  'commercial investigation': 'commercial',
  c: 'commercial',
  transactional: 'transactional',
  t: 'transactional',
  navigational: 'navigational',
  n: 'navigational',
};

/** "Informational, Transactional" (Semrush lists several): the first one we know. Unknown words are no intent, not an error. */
export function parseIntent(value: string): KeywordIntent | null {
  for (const word of value.split(/[,;|/]/)) {
    const intent = INTENT_WORDS[word.trim().toLowerCase()];
    if (intent) return intent;
  }
  return null;
}

const TRUTHY = new Set(['true', '1', 'yes', 'y', 'x', '✓']);
export const isTruthy = (value: string) => TRUTHY.has(value.trim().toLowerCase());

const EMPTY = new Set(['', '-', '–', '—', 'n/a', 'na', 'null', '--']);
const SUFFIX: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9 };

/**
 * Reads a metric the way the tools print them: "12,100", "12 100", "1.2K", "3M", "1,9" (decimal
 * comma), "45%", "$1.20", "1K – 10K" (Keyword Planner ranges: the lower bound), "<10" (no figure).
 * Returns null for an empty cell and NaN for text that is not a number.
 */
export function parseNumber(raw: string, decimalComma: boolean): number | null {
  let value = raw.trim().toLowerCase();
  if (EMPTY.has(value) || value.startsWith('<')) return null;
  value = value.split(/\s[–—-]\s|–|—/)[0]!.trim(); // a range: keep the lower bound
  value = value.replace(/^[$€£¥]|\s*(usd|eur|gbp)$|%$/g, '').replace(/[\s\u00a0\u202f']/g, '');
  const multiplier = SUFFIX[value.slice(-1)] ?? 1;
  if (multiplier !== 1) value = value.slice(0, -1);
  if (value.includes(',') && value.includes('.')) {
    // Both separators: the last one is the decimal point.
    value = value.lastIndexOf(',') > value.lastIndexOf('.') ? value.replace(/\./g, '').replace(',', '.') : value.replace(/,/g, '');
  } else if (decimalComma && /^\d{1,3}(\.\d{3})+$/.test(value)) {
    value = value.replace(/\./g, ''); // "12.100" in a semicolon file is twelve thousand
  } else if (value.includes(',')) {
    const thousands = /^\d{1,3}(,\d{3})+$/.test(value) && !(decimalComma && /^\d+,\d{1,2}$/.test(value));
    value = thousands ? value.replace(/,/g, '') : value.replace(',', '.');
  }
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(value)) return Number.NaN;
  return Number(value) * multiplier;
}
