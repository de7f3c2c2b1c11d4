#!/usr/bin/env node
// Store benchmark: bulk enrolment, full gallery scan (what the 1:N gallery does at start-up),
// a shard scan and random reads, for the embedded LMDB store and/or Redis.
//
//   npm run build && node bench/store/bench-store.mjs --subjects 100000 [--kind embedded|redis|both] [--json]
//
// Subjects are ten fingers of 412-byte templates (12-byte header + 50 minutiae × 8 bytes, the
// size of `encodeTemplate` output for a typical finger), no images. The embedded store is
// written to a scratch directory under the OS temp dir (removed afterwards); Redis uses a
// scratch prefix at REDIS_URL (deleted afterwards). Options: --module URL of the compiled
// store (default ../../dist/store/index.js), --batch N subjects per putMany (default 500).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deleteRedisPrefix } from '../delete-redis-prefix.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const subjects = Number(opt('subjects', '100000'));
const kind = opt('kind', 'both');
const batch = Number(opt('batch', '500'));
const json = args.includes('--json');
const moduleUrl = opt('module', new URL('../../dist/store/index.js', import.meta.url).href);
const { openStore } = await import(moduleUrl.startsWith('file:') ? moduleUrl : pathToFileURL(moduleUrl).href);

const TEMPLATE_BYTES = 12 + 50 * 8;
function subject(i) {
  const fingers = [];
  let h = (i + 1) * 2654435761;
  for (let p = 1; p <= 10; p++) {
    const t = new Uint8Array(TEMPLATE_BYTES);
    for (let k = 0; k < t.length; k++) {
      h ^= h << 13; h ^= h >>> 17; h ^= h << 5;
      t[k] = h & 0xff;
    }
    fingers.push({ position: p, impression: 'rolled', quality: 40 + (p * 7 + i) % 60, template: t });
  }
  return { id: `s${String(i).padStart(9, '0')}`, referenceNumber: `BE1${String(i).padStart(12, '0')}`, memberState: 'BE', category: 1, capturedAt: 1_700_000_000_000 + i, fingers };
}

function progress(label, done, total) {
  if (json || !process.stderr.isTTY) return;
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(`\r${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}`);
  if (done === total) process.stderr.write('\n');
}

async function run(name, options, cleanup) {
  const store = openStore(options);
  await store.ready();
  const row = { store: name, subjects };
  let t0 = performance.now();
  for (let i = 0; i < subjects; i += batch) {
    const chunk = [];
    for (let k = i; k < Math.min(subjects, i + batch); k++) chunk.push(subject(k));
    await store.subjects.putMany(chunk);
    progress(`${name} enrol`, Math.min(subjects, i + batch), subjects);
  }
  row.enrolPerSecond = Math.round(subjects / ((performance.now() - t0) / 1000));

  t0 = performance.now();
  let n = 0;
  let bytes = 0;
  for await (const b of store.subjects.scan()) {
    n += b.length;
    for (const s of b) for (const f of s.fingers) bytes += f.template.length;
  }
  const scanS = (performance.now() - t0) / 1000;
  if (n !== subjects) throw new Error(`scan saw ${n} of ${subjects}`);
  row.scanSeconds = Number(scanS.toFixed(2));
  row.scanPerSecond = Math.round(n / scanS);
  row.scanTemplateMBps = Number((bytes / 1e6 / scanS).toFixed(1));
  row.projected1MSeconds = Number((1_000_000 / (n / scanS)).toFixed(1));

  t0 = performance.now();
  let shardN = 0;
  for await (const b of store.subjects.scan({ shard: { index: 0, count: 2 } })) shardN += b.length;
  row.shardScanSeconds = Number(((performance.now() - t0) / 1000).toFixed(2));
  row.shardSubjects = shardN;

  const reads = 2000;
  const lat = [];
  for (let k = 0; k < reads; k++) {
    const i = (k * 7919) % subjects;
    const s0 = performance.now();
    const s = await store.subjects.get(subject(i).id);
    lat.push(performance.now() - s0);
    if (!s) throw new Error(`missing ${i}`);
  }
  lat.sort((a, b) => a - b);
  row.getP50Ms = Number(lat[Math.floor(reads / 2)].toFixed(3));
  row.getP99Ms = Number(lat[Math.floor(reads * 0.99)].toFixed(3));
  await store.close();
  await cleanup();
  return row;
}

const rows = [];
if (kind === 'embedded' || kind === 'both') {
  const dir = mkdtempSync(join(tmpdir(), 'afis-bench-store-'));
  rows.push(await run('embedded', { kind: 'embedded', dir }, async () => rmSync(dir, { recursive: true, force: true })));
}
if (kind === 'redis' || kind === 'both') {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `afis-bench:${process.pid}:`;
  const { Redis } = await import('ioredis');
  const admin = new Redis(url);
  rows.push(await run('redis', { kind: 'redis', url, prefix }, async () => {
    await deleteRedisPrefix(admin, prefix, 5000);
    await admin.quit();
  }));
}

if (json) {
  process.stdout.write(`${JSON.stringify(rows)}\n`);
} else {
  const cols = ['store', 'subjects', 'enrolPerSecond', 'scanSeconds', 'scanPerSecond', 'scanTemplateMBps', 'projected1MSeconds', 'shardScanSeconds', 'getP50Ms', 'getP99Ms'];
  process.stdout.write(`| ${cols.join(' | ')} |\n|${cols.map(() => '---').join('|')}|\n`);
  for (const r of rows) process.stdout.write(`| ${cols.map((c) => r[c]).join(' | ')} |\n`);
}
