import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { ConfigError } from '../../core/errors.js';
import { type CliIo, parsePositiveInt } from '../context.js';
import {
  Gallery, GalleryReader, SUBJECTS_PER_CHUNK, ShortlistOrder, compileSearchFilter, computeProbeCodes, createSearchPool, loadScanKernel, mergeScans,
  packFingerCode, scanGalleryCodes, type EncodedFinger, type GalleryMemory, type ProbeCodes, type ScanEngine, type ScanResult, type SearchPool,
} from '../../index/index.js';
import { generateSyntheticTenPrint, impressionToTemplate } from '../../synthetic/index.js';
import type { BandwidthResult, BandwidthTask } from './bench-scan-worker.js';

/** The compiled bandwidth worker (dist/), also when this file runs from sources under vitest. */
function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  const file = here.endsWith('.js') ? join(dirname(here), 'bench-scan-worker.js') : resolve(dirname(here), '../../../dist/cli/commands/bench-scan-worker.js');
  if (!existsSync(file)) throw new ConfigError('AFIS_INDEX_NOT_READY', `${file} not found: run "npm run build" first`);
  return file;
}

export interface ScanBenchOptions {
  readonly subjects: number;
  readonly threads?: number;
  /** Scans timed per configuration (after one warm-up). */
  readonly probes?: number;
  /** A gallery snapshot (`afis bench search --cache`) to scan instead of random codes. */
  readonly snapshot?: string;
  readonly seed?: number;
  /** Also compare the kernel's candidate lists with the JavaScript scan's (slow at 1 M). */
  readonly check?: boolean;
  readonly progress?: (what: string) => void;
}

export interface ScanTiming {
  readonly engine: ScanEngine;
  readonly threads: number;
  readonly codeStride: number;
  readonly p50Ms: number;
  readonly minMs: number;
  /** p50 time per scanned finger (all threads' work: ms × threads / fingers). */
  readonly nsPerFinger: number;
  /** Bytes read per scan / p50 time. */
  readonly gbPerSecond: number;
}

export interface ScanBenchReport {
  subjects: number;
  fingers: number;
  threads: number;
  codes: 'random' | 'snapshot';
  /** Bytes a ten-finger probe's scan reads: packed codes, the info words and two status bytes per subject. */
  bytesReadPacked: number;
  bytesReadUnpacked: number;
  copyGbPerSecond: number;
  readGbPerSecond: number;
  /** bytesReadPacked / copy bandwidth and / read bandwidth: the time the scan cannot beat. */
  boundCopyMs: number;
  boundReadMs: number;
  handOffP50Ms: number;
  timings: ScanTiming[];
  candidatesAgree: boolean | null;
}

const pct = (v: number[], p: number): number => {
  const s = [...v].sort((x, y) => x - y);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : Number.NaN;
};
const round = (v: number, d: number): number => Math.round(v * 10 ** d) / 10 ** d;

/** Random code words: ≈ 3/16 of the bits set, the fill of the synthetic gallery's codes. */
function codeWords(seed: number): () => number {
  let x = seed | 1;
  const u = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  return () => (u() & u() & (u() | u())) >>> 0;
}

/** A gallery of `n` subjects with random codes (ten fingers each; no minutiae). */
function randomGallery(n: number, seed: number): Gallery {
  const g = new Gallery();
  const W = g.codeWords;
  const word = codeWords(seed);
  const header = new Uint32Array([0]);
  const code = new Uint32Array(W);
  for (let s = 0; s < n; s++) {
    const fingers: EncodedFinger[] = [];
    for (let f = 0; f < 10; f++) {
      const c = code.slice();
      for (let w = 0; w < W; w++) c[w] = word();
      fingers.push({ words: header, count: 0, quality: 50, code: c, popcount: 0 });
    }
    g.putEncoded(`r${s}`, fingers);
  }
  return g;
}

/** Probe codes: synthetic ten-prints (second impressions) for a real gallery, else random codes as dense as a probe's. */
function probesFor(g: Gallery, n: number, real: boolean, seed: number): ProbeCodes[] {
  const packing = g.codePacking;
  if (real) {
    return Array.from({ length: n }, (_, q) => computeProbeCodes(generateSyntheticTenPrint(seed, Math.floor(((q + 0.5) * g.size) / n), 1).map((i) => impressionToTemplate(i)), g.params, packing));
  }
  const word = codeWords(seed ^ 0x5bd1e995);
  const W = g.codeWords;
  return Array.from({ length: n }, () => {
    // probe codes set each feature in three rotation bins: about three times the gallery's fill
    const raw = Uint32Array.from({ length: 10 * W }, () => (word() | word() | word()) >>> 0);
    const codes = new Uint32Array(10 * packing.stride);
    const popcounts = new Uint32Array(10);
    for (let f = 0; f < 10; f++) popcounts[f] = Math.max(1, packFingerCode(packing, f, raw, f * W, codes, f * packing.stride));
    return { codes, popcounts };
  });
}

/** Bytes a ten-finger scan of `slots` subjects reads with codes of `stride` words. */
const bytesRead = (slots: number, stride: number): number => slots * (10 * (stride * 4 + 4) + 2);

async function timeScans(pool: SearchPool | null, memory: GalleryMemory, probes: ProbeCodes[], engine: ScanEngine, threads: number, keep: number): Promise<{ ms: number[]; results: ScanResult[] }> {
  const filter = compileSearchFilter({});
  const ms: number[] = [];
  const results: ScanResult[] = [];
  const reader = new GalleryReader(memory);
  const scan = async (probe: ProbeCodes): Promise<ScanResult> => {
    if (!pool || threads < 2) return scanGalleryCodes(reader, probe, filter, 0, memory.slotCount, keep, true, engine);
    // as the searcher splits it: every thread takes the next subject chunk from a shared counter
    const claim = new Int32Array(new SharedArrayBuffer(4));
    const parts = await Promise.all(Array.from({ length: threads }, () =>
      pool.run({ kind: 'scan', memory, probe, filter, from: 0, to: memory.slotCount, keep, score: true, engine, claim })));
    return mergeScans(parts as ScanResult[], keep, new ShortlistOrder(reader));
  };
  await scan(probes[0]); // warm-up: workers, kernel compilation and tier-up
  for (const p of probes) {
    const t = performance.now();
    results.push(await scan(p));
    ms.push(performance.now() - t);
  }
  return { ms, results };
}

/**
 * The first-stage scan alone at `subjects` subjects (ten fingers each): its time per engine and
 * code layout, set beside the memory-bandwidth bound measured on the same threads (a copy loop
 * and a read loop), and the cost of handing a scan to a worker and back.
 */
export async function benchmarkScan(o: ScanBenchOptions): Promise<ScanBenchReport> {
  if (!loadScanKernel()) throw new ConfigError('AFIS_INDEX_NOT_READY', 'the scan kernel is not built: run "npm run build" first');
  const threads = o.threads ?? availableParallelism();
  const seed = o.seed ?? 20261124;
  const nProbes = o.probes ?? 10;
  o.progress?.(o.snapshot ? `loading ${o.snapshot}` : `making ${o.subjects} subjects of random codes`);
  let g = o.snapshot ? Gallery.loadSnapshot(o.snapshot) : randomGallery(o.subjects, seed);
  if (o.snapshot && g.size > o.subjects) {
    for (let s = o.subjects; g.remove(`S${s}`); s++);
    g.compact();
  }
  const real = Boolean(o.snapshot);
  const keep = Math.max(g.params.shortlistMin, Math.ceil(g.params.shortlistShare * g.size));
  const pool = threads > 1 ? createSearchPool({ threads }) : null;
  const bw = new Piscina({ filename: workerFile(), minThreads: threads, maxThreads: threads });
  const timings: ScanTiming[] = [];
  const record = (engine: ScanEngine, stride: number, fingers: number, ms: number[], t: number): void => {
    const p50 = pct(ms, 0.5);
    timings.push({ engine, threads: t, codeStride: stride, p50Ms: round(p50, 1), minMs: round(Math.min(...ms), 1), nsPerFinger: round((p50 * 1e6 * t) / fingers, 2), gbPerSecond: round(bytesRead(g.snapshot().memory.slotCount, stride) / p50 / 1e6, 2) });
  };
  try {
    const fingers = g.stats().fingers;
    // the layout before stop bits are packed out: codes of 64 words
    if (!g.hasStopBits) {
      o.progress?.('scanning unpacked codes');
      const memory: GalleryMemory = { ...g.snapshot().memory, poolChunks: [] };
      const probes = probesFor(g, nProbes, real, seed);
      record('wasm', memory.codeStride, fingers, (await timeScans(pool, memory, probes, 'wasm', threads, keep)).ms, threads);
      o.progress?.('applying stop bits');
      g.applyStopBits();
    }
    // as the searcher posts it: the scan needs no minutiae
    const memory: GalleryMemory = { ...g.snapshot().memory, poolChunks: [] };
    const { slotCount, codeStride } = memory;
    const probes = probesFor(g, nProbes, real, seed);
    o.progress?.('measuring memory bandwidth');
    const copy = (await Promise.all(Array.from({ length: threads }, () => bw.run({ kind: 'copy', bytes: 256 << 20, repeats: 5 } satisfies BandwidthTask, { name: 'runBandwidthTask' })))) as BandwidthResult[];
    const copyGbPerSecond = copy.reduce((a, r) => a + (2 * r.bytes) / r.ms / 1e6, 0);
    const chunkSlots = memory.subjectChunks.map((_, c) => Math.max(0, Math.min(SUBJECTS_PER_CHUNK, slotCount - c * SUBJECTS_PER_CHUNK)));
    const read = (await Promise.all(Array.from({ length: threads }, (_, t) => {
      const mine = memory.subjectChunks.map((m, c) => ({ m, c })).filter((x) => x.c % threads === t);
      return bw.run({ kind: 'read', chunks: mine.map((x) => x.m), slots: mine.map((x) => chunkSlots[x.c]), codeStride, repeats: 3 } satisfies BandwidthTask, { name: 'runBandwidthTask' });
    }))) as BandwidthResult[];
    const readGbPerSecond = read.reduce((a, r) => a + r.bytes / r.ms / 1e6, 0);
    const packedBytes = bytesRead(slotCount, codeStride);
    o.progress?.('scanning packed codes');
    const runs = new Map<ScanEngine, ScanResult[]>();
    for (const engine of ['wasm', 'wasm-simd'] as const) {
      const r = await timeScans(pool, memory, probes, engine, threads, keep);
      record(engine, codeStride, fingers, r.ms, threads);
      runs.set(engine, r.results);
    }
    // one thread on this thread: the kernel's own speed, without hand-off
    record('wasm', codeStride, fingers, (await timeScans(null, memory, probes.slice(0, 3), 'wasm', 1, keep)).ms, 1);
    let candidatesAgree: boolean | null = null;
    if (o.check) {
      o.progress?.('checking candidate lists against the JavaScript scan');
      const js = await timeScans(pool, memory, probes, 'js', threads, keep);
      record('js', codeStride, fingers, js.ms, threads);
      const same = (a: ScanResult, b: ScanResult): boolean => a.slots.length === b.slots.length && a.slots.every((s, i) => s === b.slots[i] && a.scores[i] === b.scores[i]);
      candidatesAgree = js.results.every((r, i) => same(r, runs.get('wasm')![i]) && same(r, runs.get('wasm-simd')![i]));
    }
    // hand-off: a scan task over no slots, there and back
    const handOff: number[] = [];
    if (pool) {
      const empty = { kind: 'scan' as const, memory, probe: probes[0], filter: compileSearchFilter({}), from: 0, to: 0, keep, score: true };
      for (let i = 0; i < 20; i++) {
        const t = performance.now();
        await Promise.all(Array.from({ length: threads }, () => pool.run(empty)));
        handOff.push(performance.now() - t);
      }
    }
    return {
      subjects: g.size,
      fingers,
      threads,
      codes: real ? 'snapshot' : 'random',
      bytesReadPacked: packedBytes,
      bytesReadUnpacked: bytesRead(slotCount, g.codeWords),
      copyGbPerSecond: round(copyGbPerSecond, 2),
      readGbPerSecond: round(readGbPerSecond, 2),
      boundCopyMs: round(packedBytes / copyGbPerSecond / 1e6, 1),
      boundReadMs: round(packedBytes / readGbPerSecond / 1e6, 1),
      handOffP50Ms: handOff.length ? round(pct(handOff, 0.5), 2) : 0,
      timings,
      candidatesAgree,
    };
  } finally {
    await bw.destroy();
    await pool?.close();
    g = new Gallery();
  }
}

export function registerBenchScan(bench: Command, io: CliIo): void {
  bench.command('scan')
    .description('the first-stage code scan alone, beside the memory-bandwidth bound of this machine')
    .option('--subjects <n>', 'gallery size in ten-print subjects', '1000000')
    .option('--threads <n>', 'threads (default: one per core)')
    .option('--probes <n>', 'scans timed per configuration', '10')
    .option('--snapshot <file>', 'scan a gallery snapshot (afis bench search --cache) instead of random codes')
    .option('--check', 'also run the JavaScript scan and compare candidate lists')
    .option('--json', 'print one JSON object')
    .action(async (opts: { subjects: string; threads?: string; probes: string; snapshot?: string; check?: boolean; json?: boolean }) => {
      const report = await benchmarkScan({
        subjects: parsePositiveInt('--subjects', opts.subjects),
        probes: parsePositiveInt('--probes', opts.probes),
        ...(opts.threads ? { threads: parsePositiveInt('--threads', opts.threads) } : {}),
        ...(opts.snapshot ? { snapshot: opts.snapshot } : {}),
        ...(opts.check ? { check: true } : {}),
        progress: (what) => io.stderr(`${what}…\n`),
      });
      if (opts.json) {
        io.stdout(JSON.stringify(report) + '\n');
        return;
      }
      const mb = (b: number): string => `${round(b / 1e6, 0)} MB`;
      io.stdout(`subjects / fingers           ${report.subjects} / ${report.fingers} (${report.codes} codes), ${report.threads} threads\n`);
      io.stdout(`bytes read per scan          ${mb(report.bytesReadPacked)} packed (${mb(report.bytesReadUnpacked)} unpacked)\n`);
      io.stdout(`memory bandwidth             copy ${report.copyGbPerSecond} GB/s (read + write), read ${report.readGbPerSecond} GB/s\n`);
      io.stdout(`bound (bytes / bandwidth)    ${report.boundCopyMs} ms (copy), ${report.boundReadMs} ms (read)\n`);
      io.stdout(`hand-off to workers          ${report.handOffP50Ms} ms\n`);
      for (const t of report.timings) io.stdout(`scan ${t.engine.padEnd(9)} ${String(t.threads).padStart(2)} thr, ${t.codeStride} words  p50 ${t.p50Ms} ms (min ${t.minMs}), ${t.nsPerFinger} ns/finger, ${t.gbPerSecond} GB/s\n`);
      if (report.candidatesAgree !== null) io.stdout(`candidates as the JS scan    ${report.candidatesAgree ? 'same' : 'DIFFERENT'}\n`);
    });
}
