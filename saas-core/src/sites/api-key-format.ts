import { randomToken, sha256 } from '../platform/crypto';

/** `igny8_<prefix>_<secret>`: the prefix finds the row, the hash of the whole key proves it. */
const KEY_PATTERN = /^igny8_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = randomToken(12)
    .replace(/[^A-Za-z0-9]/g, '')
    .padEnd(12, '0')
    .slice(0, 12);
  const key = `igny8_${prefix}_${randomToken(32)}`;
  return { key, prefix, hash: sha256(key) };
}

export function parseApiKey(key: string): { prefix: string } | null {
  const match = KEY_PATTERN.exec(key);
  return match ? { prefix: match[1] as string } : null;
}
