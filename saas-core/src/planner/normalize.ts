import { createHash } from 'node:crypto';
import { INDEXED_STRING } from '../platform/db/schema';

/** How a keyword is shown: Unicode NFC, trimmed, inner whitespace collapsed to one space. */
export function cleanKeyword(keyword: string): string {
  return keyword.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/**
 * The form keywords are de-duplicated on within a site and sector: compatibility-normalised
 * (full-width letters, ligatures), case-folded, with every kind of whitespace and zero-width
 * character collapsed. "Best  SEO Tools", "best seo tools" and "ｂｅｓｔ seo\u00a0tools" are one keyword.
 * Forms longer than the indexed column keep a prefix plus a hash, so they stay unique.
 */
export function normalizeKeyword(keyword: string): string {
  const normalized = keyword
    .normalize('NFKC')
    .replace(/[\u200b-\u200d\u2060\ufeff]/gu, '')
    .toLocaleLowerCase('en-US')
    .replace(/\s+/gu, ' ')
    .trim();
  if (normalized.length <= INDEXED_STRING) return normalized;
  const hash = createHash('sha256').update(normalized).digest('hex').slice(0, 40);
  return `${normalized.slice(0, INDEXED_STRING - 41)}#${hash}`;
}
