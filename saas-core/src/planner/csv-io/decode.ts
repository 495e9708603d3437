import { TextDecoder } from 'node:util';

/** Text encodings a keyword export arrives in. */
export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/**
 * Picks the encoding from a byte-order mark, or, without one, from where the NUL bytes sit in the
 * first bytes (ASCII text in UTF-16 has a NUL in every other byte). Returns the BOM's length too.
 */
export function sniffEncoding(head: Buffer): { encoding: CsvEncoding; bomLength: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  const sample = head.subarray(0, Math.min(head.length, 512));
  let evenNuls = 0;
  let oddNuls = 0;
  for (let index = 0; index < sample.length; index += 1) {
    if (sample[index] !== 0) continue;
    if (index % 2 === 0) evenNuls += 1;
    else oddNuls += 1;
  }
  const pairs = sample.length / 2;
  if (pairs >= 2 && oddNuls > pairs * 0.3 && evenNuls < pairs * 0.05) return { encoding: 'utf-16le', bomLength: 0 };
  if (pairs >= 2 && evenNuls > pairs * 0.3 && oddNuls < pairs * 0.05) return { encoding: 'utf-16be', bomLength: 0 };
  return { encoding: 'utf-8', bomLength: 0 };
}

/**
 * Decodes a byte stream chunk by chunk. Invalid UTF-8 becomes U+FFFD (reported per row later,
 * never stored); a character split across chunks is carried over by the streaming decoder.
 */
export async function* decodeChunks(input: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined;
  let head = Buffer.alloc(0);
  for await (const raw of input) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    if (!decoder) {
      head = Buffer.concat([head, chunk]);
      if (head.length < 4) continue; // enough bytes to see any BOM
      const { encoding, bomLength } = sniffEncoding(head);
      decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: true });
      const text = decoder.decode(head.subarray(bomLength), { stream: true });
      if (text) yield text;
      continue;
    }
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  if (!decoder) {
    if (head.length === 0) return;
    const { encoding, bomLength } = sniffEncoding(head);
    decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: true });
    head = head.subarray(bomLength);
    const text = decoder.decode(head, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}
