import type { Command } from 'commander';
import { existsSync, readdirSync } from 'node:fs';
import { writeFile, mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { ConfigError } from '../../core/errors.js';
import { type CliIo, parsePositiveInt } from '../context.js';
import { Gallery, GallerySearcher, createSearchPool, type EncodedFinger, type GalleryFinger, type SearchResult } from '../../index/index.js';
import { SCORE_CALIBRATION, compareTemplates, measureCalibration, prepareTemplate, type ScoreCalibration } from '../../matching/index.js';
import { drawSyntheticOrientationMap, generateSyntheticTenPrint, impressionToTemplate, syntheticMapTurn } from '../../synthetic/index.js';
import type { Template } from '../../templates/index.js';
import { type EncodedBatch, type EncodeBatchTask, syntheticFingers } from './bench-search-worker.js';

const MEMBER_STATES = ['BE', 'NL', 'FR', 'DE', 'IT', 'ES', 'PL', 'SE'];

/** The compiled generation worker (dist/), also when this file runs from sources under vitest. */
function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  const file = here.endsWith('.js') ? join(dirname(here), 'bench-search-worker.js') : resolve(dirname(here), '../../../dist/cli/commands/bench-search-worker.js');
  if (!existsSync(file)) throw new ConfigError('AFIS_INDEX_NOT_READY', `${file} not found: run "npm run build" first`);
  return file;
}

export interface SearchBenchOptions {
  readonly subjects: number;
  readonly mated?: number;
  readonly nonMated?: number;
  readonly seed?: number;
  readonly threads?: number;
  /** Concurrent searches for the throughput figure. */
  readonly concurrency?: number;
  readonly progress?: (done: number, total: number) => void;
  /** Directory where the built gallery is saved and, on later runs with the same size and seed, loaded from. */
  readonly cacheDir?: string;
  /**
   * Templates from synthetic images through our extractor (rolled enrolments, plain optical
   * probes) instead of the template generator, so the figures carry real extraction errors; the
   * score calibration is then the production one (measured on FVC2002). ≈ 2 s per subject per core.
   */
  readonly images?: boolean;
  /**
   * Gallery and probe fingers carry an orientation map, as the templates we extract do (default
   * true): the generator's a synthetic one (drawSyntheticOrientationMap), extracted ones their
   * own. False: fingers without maps, the galleries measured before (bench/RESULTS.md, "1:N
   * search at scale"). The calibration's comparisons follow the same choice.
   */
  readonly maps?: boolean;
}

export interface SearchBenchReport {
  subjects: number;
  /** Where the templates came from: the template generator, or synthetic images through our extractor. */
  templates: 'generator' | 'images';
  /** Whether the fingers carry orientation maps ({@link SearchBenchOptions.maps}). */
  orientationMaps: boolean;
  fingers: number;
  threads: number;
  buildSeconds: number;
  loadedFromCache: boolean;
  bytesPerFinger: number;
  allocatedBytesPerFinger: number;
  heapBytesPerFinger: number;
  matedSearches: number;
  nonMatedSearches: number;
  p50Ms: number;
  p95Ms: number;
  matedP50Ms: number;
  matedP95Ms: number;
  nonMatedP50Ms: number;
  nonMatedP95Ms: number;
  /** CPU time of the whole process (search threads and main thread) per search, median and mean, ms. */
  cpuP50Ms: number;
  cpuMeanMs: number;
  firstStageP50Ms: number;
  secondStageP50Ms: number;
  throughputPerSecond: number;
  targetFpir: number;
  fnir: number;
  fpir: number;
  rank1: number;
  penetration: number;
  shortlist: number;
  firstStageHitRate: number;
  bruteForceHits: number;
  calibration: { impostorComparisons: number; genuineComparisons: number; points: readonly { fmr: number; score: number; tmr: number }[] };
}

/** Calibration measured on synthetic impostor and genuine comparisons of a population apart from the gallery's. */
export function calibrateOnSynthetic(seed: number, subjects = 150, others = 20, maps = false): ScoreCalibration {
  const a = Array.from({ length: subjects }, (_, s) => syntheticTemplates(seed ^ 0x7fff, s, 0, maps).map((t) => prepareTemplate(t)));
  const b = Array.from({ length: subjects }, (_, s) => syntheticTemplates(seed ^ 0x7fff, s, 1, maps).map((t) => prepareTemplate(t)));
  const gen: number[] = [];
  const imp: number[] = [];
  for (let s = 0; s < subjects; s++) {
    for (let f = 0; f < 10; f++) {
      gen.push(compareTemplates(b[s][f], a[s][f]));
      for (let o = 1; o <= others; o++) imp.push(compareTemplates(b[s][f], a[(s + o * 7) % subjects][f]));
    }
  }
  return measureCalibration(gen, imp, [0.1, 0.03, 0.01, 0.003, 0.001, 3e-4, 1e-4]);
}

/** The template generator's ten fingers of a subject's impression as templates, with synthetic orientation maps when `maps`. */
export function syntheticTemplates(seed: number, subject: number, impression: number, maps: boolean): Template[] {
  return generateSyntheticTenPrint(seed, subject, impression).map((i, f) => {
    const t = impressionToTemplate(i);
    return maps ? { ...t, orientationMap: drawSyntheticOrientationMap(t.width, t.height, syntheticMapTurn(subject, f)) } : t;
  });
}

/** A cached gallery of the same seed and kind (`suffix`) with more subjects, if any. */
function largerCachedGallery(dir: string, n: number, seed: number, suffix: string): { file: string; subjects: number } | undefined {
  let best: { file: string; subjects: number } | undefined;
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return undefined;
  }
  for (const name of names) {
    const m = /^gallery-(\d+)-(\d+)(.*)\.bin$/.exec(name);
    if (!m || Number(m[2]) !== seed || m[3] !== suffix || Number(m[1]) <= n) continue;
    if (!best || Number(m[1]) < best.subjects) best = { file: join(dir, name), subjects: Number(m[1]) };
  }
  return best;
}

const pct = (v: number[], p: number): number => {
  const s = [...v].sort((x, y) => x - y);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : Number.NaN;
};

/** Makes subjects 0..N−1 (impression 0) on `threads` workers and enrols them in order. */
async function buildSyntheticGallery(gallery: Gallery, N: number, seed: number, threads: number, progress?: (done: number, total: number) => void, images = false, maps = true): Promise<void> {
  const gen = new Piscina({ filename: workerFile(), minThreads: threads, maxThreads: threads });
  // image subjects cost seconds each: small batches keep every thread busy and the bar moving
  const batch = images ? 4 : 2000;
  let done = 0;
  const W = gallery.codeWords;
  const ingest = (b: EncodedBatch): void => {
    for (let i = 0; i < b.to - b.from; i++) {
      const fingers: EncodedFinger[] = [];
      for (let f = 0; f < 10; f++) {
        const k = i * 10 + f;
        fingers.push({ words: b.words.subarray(b.offsets[k], b.offsets[k + 1]), count: b.counts[k], quality: b.quality[k], code: b.codes.subarray(k * W, (k + 1) * W), popcount: b.popcounts[k] });
      }
      const s = b.from + i;
      gallery.putEncoded(`S${s}`, fingers, { category: 1 + (s % 3), memberState: MEMBER_STATES[s % MEMBER_STATES.length] });
    }
    done += b.to - b.from;
    progress?.(done, N);
  };
  // a window of batches in flight, ingested in order (slot numbers follow subject numbers; memory
  // stays bounded; the progress bar moves as batches land)
  const pending: Promise<EncodedBatch>[] = [];
  let from = 0;
  const submit = (): void => {
    const task: EncodeBatchTask = { seed, from, to: Math.min(N, from + batch), impression: 0, images, maps };
    const p = gen.run(task, { name: 'encodeSyntheticBatch' }) as Promise<EncodedBatch>;
    p.catch(() => undefined); // awaited in order below; this only keeps an early failure from being "unhandled"
    pending.push(p);
    from = task.to;
  };
  while (from < N && pending.length < threads * 2) submit();
  while (pending.length > 0) {
    const b = await pending.shift()!;
    if (from < N) submit();
    ingest(b);
  }
  await gen.destroy();
}

/**
 * Builds a synthetic gallery of `subjects` ten-print subjects on all cores, then runs mated
 * searches (a second impression of enrolled subjects) and non-mated ones (subjects never
 * enrolled), one at a time for latency and several at once for throughput.
 */
export async function benchmarkSearch(o: SearchBenchOptions): Promise<SearchBenchReport> {
  const seed = o.seed ?? 20261124;
  const threads = o.threads ?? availableParallelism();
  const matedN = o.mated ?? 100;
  const nonMatedN = o.nonMated ?? 100;
  const N = o.subjects;
  const images = o.images === true;
  const maps = o.maps !== false;
  const calibration = images ? SCORE_CALIBRATION : calibrateOnSynthetic(seed, undefined, undefined, maps);
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  // galleries with maps and without are cached apart (the name without a map suffix: the galleries cached before maps)
  const suffix = images ? (maps ? '-images' : '-images-nomaps') : maps ? '-maps' : '';
  const cacheFile = o.cacheDir ? join(o.cacheDir, `gallery-${N}-${seed}${suffix}.bin`) : undefined;
  let loadedFromCache = false;
  let gallery = new Gallery();
  const larger = o.cacheDir && !images && !(cacheFile && existsSync(cacheFile)) ? largerCachedGallery(o.cacheDir, N, seed, suffix) : undefined;
  if (cacheFile && existsSync(cacheFile)) {
    gallery = Gallery.loadSnapshot(cacheFile);
    loadedFromCache = true;
    o.progress?.(N, N);
  } else if (larger) {
    // subjects are generated independently from (seed, number): the first N subjects of a larger
    // gallery are exactly the gallery of N subjects
    gallery = Gallery.loadSnapshot(larger.file);
    for (let s = N; s < larger.subjects; s++) gallery.remove(`S${s}`);
    gallery.compact();
    loadedFromCache = true;
    o.progress?.(N, N);
  } else {
    await buildSyntheticGallery(gallery, N, seed, threads, o.progress, images, maps);
    if (cacheFile) {
      await mkdir(dirname(cacheFile), { recursive: true });
      gallery.saveSnapshot(cacheFile);
    }
  }
  if (!gallery.hasStopBits) gallery.applyStopBits();
  const buildSeconds = (performance.now() - t0) / 1000;
  const stats = gallery.stats();
  const heapBytes = Math.max(0, process.memoryUsage().heapUsed - heap0);
  const pool = createSearchPool({ threads });
  try {
    const searcher = new GallerySearcher(gallery, { calibration, pool });
    const probe = (s: number): GalleryFinger[] => (images ? (syntheticFingers(seed, s, 1, true, maps) as Template[]) : syntheticTemplates(seed, s, 1, maps))
      .map((template, f) => ({ position: f + 1, template }));
    const matedSubjects = Array.from({ length: matedN }, (_, q) => Math.floor(((q + 0.5) * N) / matedN));
    // warm-up: JIT and worker start
    await searcher.search(probe(matedSubjects[0]));
    const lat: number[] = [];
    const cpu: number[] = [];
    const first: number[] = [];
    const second: number[] = [];
    let misses = 0;
    let rank1 = 0;
    let pen = 0;
    let shortlist = 0;
    let bruteHits = 0;
    let bruteHitsFound = 0;
    const record = (r: SearchResult, ms: number, cpuMs: number): void => {
      lat.push(ms);
      cpu.push(cpuMs);
      first.push(r.firstStageMs);
      second.push(r.secondStageMs);
      pen += r.penetration;
      shortlist = r.shortlisted;
    };
    for (const s of matedSubjects) {
      const p = probe(s);
      const c = process.cpuUsage();
      const t = performance.now();
      const r = await searcher.search(p);
      record(r, performance.now() - t, cpuMsSince(c));
      const top = r.candidates[0];
      const found = top?.id === `S${s}`;
      if (found) rank1++;
      if (!(found && top.hit)) misses++;
      // what brute force would decide for the mate: compare it directly, fuse, apply the threshold
      const mate = await searcher.search(p, { subjects: [`S${s}`] });
      if (mate.candidates[0]?.hit) {
        bruteHits++;
        if (r.candidates.some((c) => c.id === `S${s}` && c.hit)) bruteHitsFound++;
      }
    }
    let falsePositives = 0;
    for (let q = 0; q < nonMatedN; q++) {
      const p = probe(N + 1_000_000 + q);
      const c = process.cpuUsage();
      const t = performance.now();
      const r = await searcher.search(p);
      record(r, performance.now() - t, cpuMsSince(c));
      if (r.candidates.some((c) => c.hit)) falsePositives++;
    }
    // throughput: several searches in flight share the pool
    const conc = o.concurrency ?? 4;
    const tq = performance.now();
    const tput = matedSubjects.slice(0, Math.min(matedN, 20));
    let ti = 0;
    await Promise.all(Array.from({ length: conc }, async () => {
      while (ti < tput.length) await searcher.search(probe(tput[ti++]));
    }));
    const throughputPerSecond = tput.length / ((performance.now() - tq) / 1000);
    return {
      subjects: N,
      templates: images ? 'images' : 'generator',
      orientationMaps: maps,
      fingers: stats.fingers,
      threads,
      buildSeconds: round(buildSeconds, 1),
      loadedFromCache,
      bytesPerFinger: round(stats.bytesPerFinger, 1),
      allocatedBytesPerFinger: round(stats.allocatedBytes / stats.fingers, 1),
      heapBytesPerFinger: round(heapBytes / stats.fingers, 1),
      matedSearches: matedN,
      nonMatedSearches: nonMatedN,
      p50Ms: round(pct(lat, 0.5), 1),
      p95Ms: round(pct(lat, 0.95), 1),
      matedP50Ms: round(pct(lat.slice(0, matedN), 0.5), 1),
      matedP95Ms: round(pct(lat.slice(0, matedN), 0.95), 1),
      nonMatedP50Ms: round(pct(lat.slice(matedN), 0.5), 1),
      nonMatedP95Ms: round(pct(lat.slice(matedN), 0.95), 1),
      cpuP50Ms: round(pct(cpu, 0.5), 1),
      cpuMeanMs: round(cpu.reduce((a, b) => a + b, 0) / cpu.length, 1),
      firstStageP50Ms: round(pct(first, 0.5), 1),
      secondStageP50Ms: round(pct(second, 0.5), 1),
      throughputPerSecond: round(throughputPerSecond, 2),
      targetFpir: 0.001,
      fnir: round(misses / matedN, 4),
      fpir: round(falsePositives / nonMatedN, 4),
      rank1: round(rank1 / matedN, 4),
      penetration: round(pen / (matedN + nonMatedN), 6),
      shortlist,
      firstStageHitRate: bruteHits ? round(bruteHitsFound / bruteHits, 4) : 0,
      bruteForceHits: bruteHits,
      calibration,
    };
  } finally {
    await pool.close();
  }
}

const round = (v: number, d: number): number => Math.round(v * 10 ** d) / 10 ** d;

/** CPU time of the whole process (every thread) since `from` (process.cpuUsage), ms. */
const cpuMsSince = (from: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
};

export function registerBenchSearch(bench: Command, io: CliIo): void {
  bench.command('search')
    .description('1:N ten-print search at scale on a synthetic gallery')
    .option('--subjects <n>', 'gallery size in ten-print subjects', '10000')
    .option('--mated <n>', 'mated searches', '100')
    .option('--non-mated <n>', 'non-mated searches', '100')
    .option('--threads <n>', 'worker threads (default: one per core)')
    .option('--out <file>', 'also write the JSON report to this file')
    .option('--cache <dir>', 'save the built gallery here and reuse it on later runs')
    .option('--images', 'templates from synthetic images through our extractor (slow: ≈ 2 s per subject per core)')
    .option('--no-maps', 'fingers without orientation maps (by default each carries one, as extracted templates do)')
    .option('--json', 'print one JSON object')
    .action(async (opts: { subjects: string; mated: string; nonMated: string; threads?: string; out?: string; cache?: string; images?: boolean; maps: boolean; json?: boolean }) => {
      const subjects = parsePositiveInt('--subjects', opts.subjects);
      let last = -1;
      const report = await benchmarkSearch({
        subjects,
        mated: parsePositiveInt('--mated', opts.mated),
        nonMated: parsePositiveInt('--non-mated', opts.nonMated),
        ...(opts.threads ? { threads: parsePositiveInt('--threads', opts.threads) } : {}),
        ...(opts.cache ? { cacheDir: opts.cache } : {}),
        ...(opts.images ? { images: true } : {}),
        maps: opts.maps,
        progress: (d, t) => {
          const pctDone = Math.floor((100 * d) / t);
          if (d === last) return;
          last = d;
          const bar = '#'.repeat(Math.floor(pctDone / 2)).padEnd(50, '.');
          io.stderr(`\rbuilding gallery [${bar}] ${pctDone}% ${d}/${t}${d === t ? '\n' : ''}`);
        },
      });
      if (opts.out) {
        await mkdir(dirname(opts.out), { recursive: true });
        await writeFile(opts.out, JSON.stringify(report, null, 2) + '\n');
      }
      if (opts.json) {
        io.stdout(JSON.stringify(report) + '\n');
        return;
      }
      const rows: [string, string][] = [
        ['subjects / fingers', `${report.subjects} / ${report.fingers}`],
        ['build', `${report.buildSeconds} s${report.loadedFromCache ? ' (loaded from the cache)' : ''}`],
        ['bytes per finger', `${report.bytesPerFinger} (allocated ${report.allocatedBytesPerFinger}, ids ${report.heapBytesPerFinger})`],
        ['orientation maps', report.orientationMaps ? 'yes' : 'no'],
        ['search p50 / p95', `${report.p50Ms} / ${report.p95Ms} ms (first stage ${report.firstStageP50Ms}, matching ${report.secondStageP50Ms})`],
        ['mated / non-mated p50 (p95)', `${report.matedP50Ms} (${report.matedP95Ms}) / ${report.nonMatedP50Ms} (${report.nonMatedP95Ms}) ms`],
        ['CPU per search p50 / mean', `${report.cpuP50Ms} / ${report.cpuMeanMs} ms (all threads)`],
        ['throughput', `${report.throughputPerSecond} searches/s`],
        ['FNIR at FPIR 0.1 %', `${report.fnir} (measured FPIR ${report.fpir}, rank-1 ${report.rank1})`],
        ['penetration', `${report.penetration} (${report.shortlist} subjects)`],
        ['first stage vs brute force', `${report.firstStageHitRate} of ${report.bruteForceHits}`],
      ];
      for (const [k, v] of rows) io.stdout(`${k.padEnd(28)} ${v}\n`);
    });
}
