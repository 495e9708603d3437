import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Knex } from 'knex';
import { lockForUpdate } from '../../platform/db';
import { AppError, NotFoundError, PayloadTooLargeError } from '../../platform/errors';
import type { Services } from '../../platform/http/types';
import type { JobContext, JobPayload, RecoverableJob } from '../../platform/queue/types';
import type { Actor, TenantScope } from '../../platform/tenancy/actor';
import { accountScope } from '../../platform/tenancy/scope';
import { CsvFormatError, readKeywordCsv } from '../csv-io';
import { type ImportRowError, KeywordImport } from '../models';
import { KEYWORD_BATCH_SIZE, type KeywordInput, upsertKeywords } from './keywords';
import { requireSectorTarget } from './sector-target';

export const IMPORT_JOB = 'planner.import_keywords';
/** Bad rows kept for the report; the count covers them all. */
export const MAX_REPORTED_ERRORS = 10_000;
/** Records per committed step: each commits with the import's counters, and reports progress. */
const COMMIT_RECORDS = 10 * KEYWORD_BATCH_SIZE;

/** Streams an upload to disk under DATA_DIR, refusing it past the size limit without reading on. */
async function saveUpload(services: Services, accountId: number, upload: Readable): Promise<{ filePath: string; bytes: number }> {
  const dir = path.join(services.config.DATA_DIR, 'imports', String(accountId));
  await mkdir(dir, { recursive: true });
  const filePath = path.join(dir, `${randomUUID()}.csv`);
  const limit = services.config.IMPORT_MAX_BYTES;
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > limit) done(new PayloadTooLargeError(`${Math.round(limit / 1024 / 1024)} MB`));
      else done(null, chunk);
    },
  });
  try {
    await pipeline(upload, counter, createWriteStream(filePath));
  } catch (err) {
    await rm(filePath, { force: true });
    throw err;
  }
  return { filePath, bytes };
}

/**
 * Receives a keyword CSV for one sector. Small files are imported within the request; larger ones
 * are queued, and the import row reports their progress to any API process.
 */
export async function startKeywordImport(
  services: Services,
  actor: Actor,
  scope: TenantScope,
  props: { siteId: number; sectorId: number; fileName: string; upload: Readable },
): Promise<KeywordImport> {
  const target = await requireSectorTarget(services.knex, scope, props.siteId, props.sectorId);
  const { filePath, bytes } = await saveUpload(services, target.accountId, props.upload);
  const keywordImport = await KeywordImport.query(services.knex)
    .forTenant(scope)
    .insertAndFetch({
      siteId: target.siteId,
      sectorId: target.sectorId,
      createdById: actor.userId ?? null,
      fileName: props.fileName,
      filePath,
      fileBytes: bytes,
      status: 'queued',
      errors: [],
    });
  if (bytes <= services.config.IMPORT_INLINE_MAX_BYTES) {
    await runKeywordImport(services, target.accountId, keywordImport.id);
  } else {
    await services.queue.enqueue('imports', ...importJob(target.accountId, keywordImport.id)).catch((err: unknown) => {
      services.logger.warn({ err, importId: keywordImport.id }, 'the import could not be queued now; the recovery sweep will queue it');
    });
  }
  return requireKeywordImport(services.knex, scope, keywordImport.id);
}

function importJob(accountId: number, importId: number): [JobPayload, RecoverableJob['options']] {
  return [
    { type: IMPORT_JOB, accountId, importId },
    { jobId: `keyword-import-${importId}`, retries: 3, backoffMs: 2000, timeoutMs: 60 * 60_000 },
  ];
}

/** Imports waiting or stalled (no step committed lately): what Redis may have lost. */
export async function recoverableImports(services: Services, staleBefore: Date): Promise<RecoverableJob[]> {
  const imports = await KeywordImport.query(services.knex)
    .unscoped('recovery sweep: every account’s owed imports')
    .whereIn('status', ['queued', 'running'])
    .where('updatedAt', '<', staleBefore)
    .orderBy('updatedAt')
    .limit(100)
    .select('id', 'accountId');
  return imports.map((row) => {
    const [payload, options] = importJob(row.accountId, row.id);
    return { queue: 'imports' as const, payload, options };
  });
}

export async function requireKeywordImport(knex: Knex, scope: TenantScope, id: number): Promise<KeywordImport> {
  const keywordImport = await KeywordImport.query(knex).forTenant(scope).findById(id);
  if (!keywordImport) throw new NotFoundError('Import');
  return keywordImport;
}

interface PendingRow {
  line: number;
  keyword: KeywordInput;
}

/** Records read since the last commit, and how far into the file they reach. */
interface ImportStep {
  rows: PendingRow[];
  errors: ImportRowError[];
  records: number;
  bytesRead: number;
}

/**
 * Imports the stored file batch by batch. Each batch commits together with the import's counters,
 * so a retried job skips the records already committed and counts every row exactly once.
 */
export async function runKeywordImport(services: Services, accountId: number, importId: number, job?: JobContext): Promise<void> {
  const { knex } = services;
  const scope = accountScope(accountId);
  const initial = await KeywordImport.query(knex).forTenant(scope).findById(importId);
  if (!initial || initial.status === 'completed' || initial.status === 'failed') return;
  await KeywordImport.query(knex)
    .forTenant(scope)
    .findById(importId)
    .patch({ status: 'running', startedAt: initial.startedAt ?? new Date() });
  const target = { accountId, siteId: initial.siteId, sectorId: initial.sectorId };

  let bytesRead = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytesRead += chunk.length;
      done(null, chunk);
    },
  });
  const skip = initial.rowsRead;
  let recordIndex = 0;
  let step: ImportStep = { rows: [], errors: [], records: 0, bytesRead: 0 };

  const commit = async ({ rows, errors: rowErrors, records, bytesRead: bytesAtStep }: ImportStep) => {
    await knex.transaction(async (trx) => {
      const current = await lockForUpdate(trx, KeywordImport.query(trx).forTenant(scope).findById(importId));
      if (!current) throw new NotFoundError('Import');
      const outcome = await upsertKeywords(
        trx,
        scope,
        target,
        rows.map((row) => row.keyword),
        { source: 'csv_import', updateExisting: true },
      );
      const errors = [...rowErrors];
      for (const position of outcome.overLimit) errors.push({ line: rows[position]!.line, reason: 'plan keyword limit reached' });
      errors.sort((left, right) => left.line - right.line);
      const room = Math.max(0, MAX_REPORTED_ERRORS - current.errors.length);
      await KeywordImport.query(trx)
        .forTenant(scope)
        .findById(importId)
        .patch({
          rowsRead: current.rowsRead + records,
          bytesRead: Math.min(bytesAtStep, current.fileBytes),
          created: current.created + outcome.created,
          updated: current.updated + outcome.updated,
          duplicates: current.duplicates + outcome.duplicates,
          errorCount: current.errorCount + errors.length,
          ...(errors.length > 0 && room > 0 ? { errors: [...current.errors, ...errors.slice(0, room)] } : {}),
        });
    });
  };

  // One step commits while the next is read and parsed; steps still commit strictly in order.
  let committing: Promise<void> = Promise.resolve();
  const handOff = async () => {
    await committing;
    const ready = { ...step, bytesRead };
    step = { rows: [], errors: [], records: 0, bytesRead: 0 };
    committing = commit(ready);
    committing.catch(() => undefined); // awaited (and thrown) at the next hand-off or the end
  };

  try {
    for await (const record of readKeywordCsv(createReadStream(initial.filePath).pipe(counter))) {
      recordIndex += 1;
      if (recordIndex <= skip) continue;
      step.records += 1;
      if (record.kind === 'row') step.rows.push({ line: record.line, keyword: record.keyword });
      else step.errors.push({ line: record.line, reason: record.reason });
      if (step.records >= COMMIT_RECORDS) await handOff();
    }
    if (step.records > 0) await handOff();
    await committing;
    await finish(services, scope, importId, { status: 'completed', bytesRead: initial.fileBytes });
  } catch (err) {
    if (err instanceof CsvFormatError || err instanceof AppError) {
      const { code, message } = err as { code: string; message: string };
      await finish(services, scope, importId, { status: 'failed', failureCode: code, failureMessage: message });
      return;
    }
    if (job && job.retriesLeft === 0 && !job.signal.aborted) {
      services.logger.error({ err, importId }, 'keyword import failed');
      await finish(services, scope, importId, {
        status: 'failed',
        failureCode: 'IMPORT_FAILED',
        failureMessage: 'The import stopped because of a problem on our side. The rows counted so far are saved; upload the file again for the rest.',
      });
      return;
    }
    throw err; // infrastructure trouble: the job is retried and resumes after the last committed batch
  }
}

async function finish(services: Services, scope: TenantScope, importId: number, patch: Partial<KeywordImport>): Promise<void> {
  const row = await KeywordImport.query(services.knex).forTenant(scope).findById(importId);
  await KeywordImport.query(services.knex)
    .forTenant(scope)
    .findById(importId)
    .patch({ ...patch, finishedAt: new Date() });
  if (row) await rm(row.filePath, { force: true });
}

/** Registered on the `imports` queue by the worker (and by the API process when it runs jobs itself). */
export async function performKeywordImportJob(services: Services, payload: JobPayload, job: JobContext): Promise<void> {
  await runKeywordImport(services, payload.accountId, Number(payload.importId), job);
}
