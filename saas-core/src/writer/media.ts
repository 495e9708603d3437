import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Router from '@koa/router';
import { AppError, PayloadTooLargeError } from '../platform/errors';
import type { AppState, Services } from '../platform/http/types';

export const IMAGE_TYPES_BY_MIME: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/gif': 'gif' };
const MIME_BY_EXTENSION: Record<string, string> = Object.fromEntries(Object.entries(IMAGE_TYPES_BY_MIME).map(([mime, ext]) => [ext, mime]));

/** The image type from the file's first bytes; the Content-Type a client sends is only a claim. */
export function sniffImageType(head: Buffer): string | null {
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  const ascii = head.subarray(0, 12).toString('latin1');
  if (ascii.startsWith('GIF87a') || ascii.startsWith('GIF89a')) return 'image/gif';
  if (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP') return 'image/webp';
  return null;
}

export class UnsupportedMediaError extends AppError {
  constructor(message: string) {
    super(415, 'UNSUPPORTED_MEDIA_TYPE', message);
  }
}

export interface StoredFile {
  storagePath: string;
  mimeType: string;
  byteSize: number;
}

/**
 * Streams an upload into the account's media folder: written to a temporary file, checked by its
 * magic bytes and size on the way, then renamed into place, so no half-written or mislabelled file
 * is ever served. Names are random (the URL is the only key to a file, as with object storage).
 */
export async function storeImage(services: Services, accountId: number, upload: Readable, declaredType: string): Promise<StoredFile> {
  const dir = path.join(services.config.mediaDir, String(accountId));
  await mkdir(dir, { recursive: true });
  const temporary = path.join(dir, `.upload-${randomUUID()}`);
  const limit = services.config.MEDIA_MAX_BYTES;
  let byteSize = 0;
  let head = Buffer.alloc(0);
  const check = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      byteSize += chunk.length;
      if (byteSize > limit) return done(new PayloadTooLargeError(`${Math.round(limit / 1024 / 1024)} MB`));
      if (head.length < 12) head = Buffer.concat([head, chunk.subarray(0, 12 - head.length)]);
      done(null, chunk);
    },
  });
  try {
    await pipeline(upload, check, createWriteStream(temporary));
    const mimeType = sniffImageType(head);
    if (!mimeType) throw new UnsupportedMediaError('The file is not a PNG, JPEG, WebP or GIF image.');
    if (declaredType && declaredType !== mimeType && declaredType !== 'application/octet-stream') {
      throw new UnsupportedMediaError(`The file is ${mimeType}, not ${declaredType} as sent.`);
    }
    if (byteSize === 0) throw new UnsupportedMediaError('The file is empty.');
    const name = `${randomUUID()}.${IMAGE_TYPES_BY_MIME[mimeType]}`;
    await rename(temporary, path.join(dir, name));
    return { storagePath: `${accountId}/${name}`, mimeType, byteSize };
  } finally {
    await rm(temporary, { force: true });
  }
}

export async function removeImageFile(services: Services, storagePath: string | null): Promise<void> {
  if (storagePath && STORED_NAME.test(storagePath)) await rm(path.join(services.config.mediaDir, storagePath), { force: true });
}

const STORED_NAME = /^\d+\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(png|jpg|webp|gif)$/;

export const mediaUrl = (baseUrl: string, storagePath: string) => `${baseUrl}/media/${storagePath}`;

/**
 * Serves stored images at /media/<account>/<uuid>.<ext>: public and immutable (WordPress sideloads
 * them by URL), so they cache for a year; the strict name pattern leaves no room for path tricks.
 */
export function buildMediaRouter(services: Services): Router<AppState> {
  const router = new Router<AppState>();
  router.get('/media/:account/:file', async (ctx) => {
    const storagePath = `${ctx.params.account}/${ctx.params.file}`;
    if (!STORED_NAME.test(storagePath)) throw new AppError(404, 'NOT_FOUND', 'File not found.');
    const file = path.join(services.config.mediaDir, storagePath);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) throw new AppError(404, 'NOT_FOUND', 'File not found.');
    const etag = `"${storagePath.split('/')[1]!.split('.')[0]}"`;
    ctx.set('ETag', etag);
    ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
    ctx.set('Last-Modified', info.mtime.toUTCString());
    if (ctx.get('If-None-Match') === etag) {
      ctx.status = 304;
      return;
    }
    ctx.type = MIME_BY_EXTENSION[path.extname(file).slice(1)] ?? 'application/octet-stream';
    ctx.length = info.size;
    ctx.body = createReadStream(file);
  });
  return router;
}
