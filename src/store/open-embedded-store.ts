import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { open } from 'lmdb';
import { STORE_PARAMETERS } from '../config/parameters.js';
import { StoreError } from '../core/index.js';
import { EmbeddedSubjectStore } from './embedded-subject-store.js';
import { EmbeddedAuditLog, EmbeddedResultStream } from './embedded-results-and-audit.js';
import { EmbeddedExaminationStore, EmbeddedIdempotencyStore, EmbeddedTransactionStore } from './embedded-workflow-stores.js';
import { LmdbWriteQueue } from './lmdb-write-queue.js';
import { EmbeddedOutboxStore, type EmbeddedOutboxDbs } from './embedded-outbox-store.js';
import type { AfisStore } from './store-types.js';

/** File name of the LMDB environment inside the data directory (plus `afis.lmdb-lock`). */
export const EMBEDDED_DB_FILE = 'afis.lmdb';

/**
 * Opens (creating if needed) the embedded store: one LMDB environment `DIR/afis.lmdb` with a
 * named database per record kind. Several processes on one machine may open the same
 * directory (LMDB locks across processes); a network file system is not supported.
 *
 * Durability (see README.md): `flushed` (default) syncs every group commit to disk before any
 * of its writes is acknowledged; `committed` opens LMDB with `noSync`, so a killed process
 * loses nothing acknowledged but an OS crash or power cut may lose the last writes.
 */
export function openEmbeddedStore(options: { dir?: string; durability?: 'flushed' | 'committed'; idempotencyTtlMs?: number } = {}): AfisStore {
  const dir = resolve(options.dir ?? STORE_PARAMETERS.defaultDataDir);
  const durability = options.durability ?? STORE_PARAMETERS.embeddedDurability;
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new StoreError('AFIS_STORE_UNAVAILABLE', `cannot create the data directory ${dir}: ${(err as Error).message}`);
  }
  let root: ReturnType<typeof open>;
  try {
    root = open({
      path: join(dir, EMBEDDED_DB_FILE),
      maxDbs: 32,
      mapSize: STORE_PARAMETERS.lmdbMapSize,
      noSync: durability === 'committed',
      // compression would make scans slower; templates do not compress well anyway
      compression: false,
    });
  } catch (err) {
    throw new StoreError('AFIS_STORE_UNAVAILABLE', `cannot open the embedded store in ${dir}: ${(err as Error).message}`);
  }
  const writes = new LmdbWriteQueue(root);
  const binary = { encoding: 'binary' as const };
  const json = { encoding: 'json' as const };
  const subjects = new EmbeddedSubjectStore({
    subjects: root.openDB('subjects', binary),
    images: root.openDB('subject-images', binary),
    refs: root.openDB('subject-refs', { encoding: 'string' }),
  }, writes);
  const outboxDbs: EmbeddedOutboxDbs = {
    entries: root.openDB('outbox', json) as EmbeddedOutboxDbs['entries'],
    payloads: root.openDB('outbox-payloads', binary) as EmbeddedOutboxDbs['payloads'],
    open: root.openDB('outbox-open', json) as EmbeddedOutboxDbs['open'],
  };
  const outbox = new EmbeddedOutboxStore(outboxDbs, writes);
  const transactions = new EmbeddedTransactionStore({
    transactions: root.openDB('transactions', json),
    probes: root.openDB('transaction-probes', binary),
    unfinished: root.openDB('transactions-unfinished', json),
    byTime: root.openDB('transactions-by-time', { encoding: 'string' }),
  }, writes, outboxDbs);
  const examinations = new EmbeddedExaminationStore({
    examinations: root.openDB('examinations', json),
    pending: root.openDB('examinations-pending', { encoding: 'string' }),
    byTransaction: root.openDB('examinations-by-transaction', { encoding: 'string' }),
  }, writes);
  const idempotency = new EmbeddedIdempotencyStore({ records: root.openDB('idempotency', json), expiry: root.openDB('idempotency-expiry', json) }, writes, options.idempotencyTtlMs ?? STORE_PARAMETERS.idempotencyTtlMs);
  const results = new EmbeddedResultStream({ results: root.openDB('results', binary), dedup: root.openDB('results-dedup', json) }, writes);
  const audit = new EmbeddedAuditLog({ entries: root.openDB('audit', json), meta: root.openDB('meta', json) }, writes);
  let closing: Promise<void> | undefined;
  return {
    kind: 'embedded',
    subjects, transactions, examinations, idempotency, results, audit, outbox,
    ready: async () => {
      if (closing) throw new StoreError('AFIS_STORE_UNAVAILABLE', 'the embedded store is closed');
    },
    // the embedded results have no consumer groups (readers follow cursors): nothing is trimmed
    housekeep: async (now) => ({ idempotencyKeysRemoved: await idempotency.removeExpired(now), resultsTrimmed: 0 }),
    close: () => {
      closing ??= (async () => {
        writes.close();
        await root.flushed;
        await root.close();
      })();
      return closing;
    },
  };
}
