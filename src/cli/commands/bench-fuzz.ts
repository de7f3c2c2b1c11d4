import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type * as FastCheck from 'fast-check';
import { FORMAT_PARAMETERS } from '../../config/parameters.js';
import { AfisError, ConfigError, createGrayImage } from '../../core/index.js';
import {
  buildType14Record,
  buildType1Record,
  buildType4Record,
  decodeWsq,
  describeFingerImages,
  encodeWsq,
  parseAnsiNist,
  parseIncits378,
  parseIso19794_2,
  readAnsiNistFingers,
  readType9Minutiae,
  recordToInput,
  writeAnsiNist,
  writeIncits378,
  writeIso19794_2,
} from '../../formats/index.js';
import { type CliIo, parsePositiveInt } from '../context.js';
import { fuzzHttp, startHttpFuzzService, type HttpFuzzReport } from './bench-fuzz-http.js';

type Fc = typeof FastCheck;

/** One parser under fuzz: what it is fed from, and the call that may only return or throw AfisError. */
export interface FuzzTarget {
  readonly name: string;
  /** Real files the mutations start from. */
  readonly seeds: readonly Uint8Array[];
  /** Leading bytes that get random input past the first check. */
  readonly magic: Uint8Array;
  readonly run: (bytes: Uint8Array) => void | Promise<void>;
}

/** ../shared/data from the repository root, whether running from src/ (tests) or dist/ (built). */
/**
 * The seed files: the codec conformance vectors committed in tests/fixtures (the same layout as
 * the project's data folder, which `--data` may name instead).
 */
export function defaultFuzzDataDir(): string {
  // src/cli/commands or dist/cli/commands → the repository root is three levels up
  return join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', 'tests', 'fixtures');
}

async function readSeeds(dir: string, names: readonly string[]): Promise<Uint8Array[]> {
  try {
    return await Promise.all(names.map(async (n) => new Uint8Array(await readFile(join(dir, n)))));
  } catch (err) {
    throw new ConfigError('AFIS_FILE_NOT_FOUND', `fuzz seeds not found under ${dir} (see tests/fixtures/README.md): ${(err as Error).message}`);
  }
}

/**
 * The parsers and their seed files. Each run parses, then exercises what a caller does next
 * (writing the record back, describing finger images, reading Type-9 minutiae), since those
 * must survive whatever the parser accepted.
 */
export async function loadFuzzTargets(dataDir: string = defaultFuzzDataDir()): Promise<FuzzTarget[]> {
  const ansiDir = join(dataDir, 'ansi-nist');
  // the small transactions: every record type, at a size that keeps each case fast
  const ansiSeeds = await readSeeds(ansiDir, [
    'valid1.1.an2', 'valid1.3.an2', 'valid1.7.an2', 'valid1.13.an2', 'valid1.14.an2', 'valid1.15.an2',
    'sign_vec.an2', 'sign_raw.an2', 'nist-fingerprint-sample/sample.eft',
  ]);
  const secugen = join(dataDir, 'iso19794-2', 'fvc2002-secugen', 'DB1_B');
  const isoNames = (await readdir(secugen).catch(() => [] as string[])).filter((n) => n.endsWith('.iso')).sort().slice(0, 6);
  const isoSeeds = [
    ...(await readSeeds(secugen, isoNames)),
    ...(await readSeeds(join(dataDir, 'sourceafis-fixtures'), ['iso-probe.dat', 'iso-nonmatching.dat'])),
  ];
  const incitsSeeds = isoSeeds.map((b) => writeIncits378(recordToInput(parseIso19794_2(b))));
  // WSQ: one NBIS cwsq stream (300 × 300) and two small crops of it encoded by us, so that
  // mutated streams that still decode do not dominate the run time
  const [nbis] = await readSeeds(join(dataDir, 'wsq-nbis'), ['fvc2002-DB3_B-101_1.wsq']);
  const decoded = decodeWsq(nbis).image;
  const crop = (side: number): Uint8Array => {
    const px = new Uint8Array(side * side);
    for (let y = 0; y < side; y++) px.set(decoded.data.subarray((y + 100) * decoded.width + 100, (y + 100) * decoded.width + 100 + side), y * side);
    return encodeWsq(createGrayImage(side, side, px, 500), { comment: 'afis fuzz seed' });
  };
  const wsqSeeds = [nbis, crop(48), crop(96)];
  // a small transaction whose fingers are really decoded: Type-4 WSQ, Type-14 WSQ and raw
  const raw = new Uint8Array(32 * 32).map((_, i) => (i * 37) & 0xff);
  const fingersSeed = writeAnsiNist({
    records: [
      buildType1Record({ transactionType: 'CAR', date: '20260224', destination: 'FUZZ', originator: 'FUZZ', controlNumber: '1' }),
      buildType4Record({ idc: 1, impression: 1, position: 2, width: 48, height: 48, compression: 1, data: wsqSeeds[1] }),
      buildType14Record({ idc: 2, impression: 0, sourceAgency: 'FUZZ', captureDate: '20260224', width: 96, height: 96, ppi: 500, compression: 'WSQ20', position: 3, data: wsqSeeds[2] }),
      buildType14Record({ idc: 3, impression: 0, sourceAgency: 'FUZZ', captureDate: '20260224', width: 32, height: 32, ppi: 500, compression: 'NONE', position: 4, data: raw }),
    ],
  });
  const FMR = Uint8Array.of(0x46, 0x4d, 0x52, 0x00, 0x20, 0x32, 0x30, 0x00);
  return [
    {
      name: 'ansi-nist',
      seeds: ansiSeeds,
      magic: new TextEncoder().encode('1.001:'),
      run: (b) => {
        const tx = parseAnsiNist(b);
        writeAnsiNist(tx);
        describeFingerImages(tx);
        for (const r of tx.records) readType9Minutiae(r);
      },
    },
    { name: 'iso19794-2', seeds: isoSeeds, magic: FMR, run: (b) => void writeIso19794_2(recordToInput(parseIso19794_2(b))) },
    { name: 'incits378', seeds: incitsSeeds, magic: FMR, run: (b) => void writeIncits378(recordToInput(parseIncits378(b))) },
    {
      name: 'ansi-nist-fingers',
      seeds: [fingersSeed],
      magic: new TextEncoder().encode('1.001:'),
      run: async (b) => void (await readAnsiNistFingers(b)),
    },
    { name: 'wsq', seeds: wsqSeeds, magic: Uint8Array.of(0xff, 0xa0, 0xff, 0xa8), run: (b) => void decodeWsq(b) },
  ];
}

type Edit =
  | { readonly k: 'flip'; readonly at: number; readonly bit: number }
  | { readonly k: 'set'; readonly at: number; readonly v: number }
  | { readonly k: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly k: 'delete'; readonly at: number; readonly n: number }
  | { readonly k: 'truncate'; readonly at: number }
  | { readonly k: 'duplicate'; readonly at: number; readonly n: number; readonly to: number }
  | { readonly k: 'digits'; readonly at: number; readonly text: string }
  | { readonly k: 'uint'; readonly at: number; readonly width: 2 | 4; readonly v: number };

/** Applies edits to a copy of `seed`; positions wrap around the current length. */
export function applyEdits(seed: Uint8Array, edits: readonly Edit[]): Uint8Array {
  let b = seed.slice();
  for (const e of edits) {
    const n = b.length;
    const at = n === 0 ? 0 : e.at % n;
    switch (e.k) {
      case 'flip': if (n) b[at] ^= 1 << e.bit; break;
      case 'set': if (n) b[at] = e.v; break;
      case 'insert': { const o = new Uint8Array(n + e.bytes.length); o.set(b.subarray(0, at)); o.set(e.bytes, at); o.set(b.subarray(at), at + e.bytes.length); b = o; break; }
      case 'delete': { const o = new Uint8Array(Math.max(0, n - Math.min(e.n, n - at))); o.set(b.subarray(0, at)); o.set(b.subarray(at + e.n), at); b = o; break; }
      case 'truncate': b = b.slice(0, at); break;
      case 'duplicate': {
        const piece = b.slice(at, at + e.n);
        const to = n === 0 ? 0 : e.to % n;
        const o = new Uint8Array(n + piece.length); o.set(b.subarray(0, to)); o.set(piece, to); o.set(b.subarray(to), to + piece.length); b = o; break;
      }
      case 'digits': for (let i = 0; i < e.text.length && at + i < n; i++) b[at + i] = e.text.charCodeAt(i); break;
      case 'uint': for (let i = 0; i < e.width && at + i < n; i++) b[at + i] = Math.floor(e.v / 256 ** (e.width - 1 - i)) & 0xff; break;
    }
  }
  return b;
}

/**
 * Hostile inputs for one target: real files with a few byte-level edits (bit flips, separators
 * and digits written over lengths, big-endian counts set to extremes, insertions, deletions,
 * truncations, duplicated ranges), random bytes behind the format's magic, and plain random bytes.
 */
export function fuzzInputArbitrary(fc: Fc, target: FuzzTarget, maxRandomBytes: number = FORMAT_PARAMETERS.fuzzMaxRandomBytes): FastCheck.Arbitrary<Uint8Array> {
  const at = fc.nat();
  const edit: FastCheck.Arbitrary<Edit> = fc.oneof(
    fc.record({ k: fc.constant('flip' as const), at, bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ k: fc.constant('set' as const), at, v: fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0, 0xff, 0x1c, 0x1d, 0x1e, 0x1f, 0x2e, 0x30, 0x39, 0x3a, 0x7f, 0x80)) }),
    fc.record({ k: fc.constant('insert' as const), at, bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
    fc.record({ k: fc.constant('delete' as const), at, n: fc.integer({ min: 1, max: 64 }) }),
    fc.record({ k: fc.constant('truncate' as const), at }),
    fc.record({ k: fc.constant('duplicate' as const), at, n: fc.integer({ min: 1, max: 256 }), to: fc.nat() }),
    fc.record({ k: fc.constant('digits' as const), at, text: fc.stringMatching(/^[0-9]{1,12}$/) }),
    fc.record({
      k: fc.constant('uint' as const), at, width: fc.constantFrom(2 as const, 4 as const),
      v: fc.oneof(fc.constantFrom(0, 1, 255, 0xffff, 0x7fffffff, 0xffffffff), fc.nat()),
    }),
  );
  const mutated = fc.tuple(fc.integer({ min: 0, max: target.seeds.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 6 }))
    .map(([i, edits]) => applyEdits(target.seeds[i], edits));
  const random = fc.uint8Array({ maxLength: maxRandomBytes });
  const prefixed = random.map((r) => { const o = new Uint8Array(target.magic.length + r.length); o.set(target.magic); o.set(r, target.magic.length); return o; });
  return fc.oneof({ arbitrary: mutated, weight: 6 }, { arbitrary: prefixed, weight: 2 }, { arbitrary: random, weight: 1 });
}

/** What a fuzz run of one target found. */
export interface FuzzReport {
  readonly parser: string;
  readonly cases: number;
  /** Inputs the parser accepted. */
  readonly accepted: number;
  /** Inputs refused with a typed AfisError, by code. */
  readonly refused: Readonly<Record<string, number>>;
  /** Any other exception: a bug. The first few, with the input in base64. */
  readonly crashes: number;
  readonly crashExamples: readonly { readonly error: string; readonly inputBase64: string }[];
  /** Cases slower than the hang threshold. */
  readonly hangs: number;
  readonly maxMs: number;
  /** The slowest case: its size, and where to regenerate it (`fc.sample` batch seed and index). */
  readonly slowest: { readonly ms: number; readonly bytes: number; readonly batchSeed: number; readonly index: number; readonly headHex: string };
  readonly seconds: number;
  readonly casesPerSecond: number;
}

/** Runs `cases` generated inputs through one target, in batches so memory stays flat. */
export async function fuzzTarget(fc: Fc, target: FuzzTarget, cases: number, seed: number, hangMs: number = FORMAT_PARAMETERS.fuzzHangMs): Promise<FuzzReport> {
  const arb = fuzzInputArbitrary(fc, target);
  const refused: Record<string, number> = {};
  const crashExamples: { error: string; inputBase64: string }[] = [];
  let accepted = 0;
  let crashes = 0;
  let hangs = 0;
  let maxMs = 0;
  let slowest = { ms: 0, bytes: 0, batchSeed: seed, index: 0, headHex: '' };
  const t0 = performance.now();
  const batch = 500;
  for (let done = 0, k = 0; done < cases; done += batch, k++) {
    const inputs = fc.sample(arb, { numRuns: Math.min(batch, cases - done), seed: seed + k });
    for (let i = 0; i < inputs.length; i++) {
      const input = inputs[i];
      const s = performance.now();
      try {
        await target.run(input);
        accepted++;
      } catch (err) {
        if (err instanceof AfisError) refused[err.code] = (refused[err.code] ?? 0) + 1;
        else {
          crashes++;
          if (crashExamples.length < 3) crashExamples.push({ error: String((err as Error)?.stack ?? err).split('\n').slice(0, 3).join(' | '), inputBase64: Buffer.from(input).toString('base64').slice(0, 4096) });
        }
      }
      const ms = performance.now() - s;
      if (ms > maxMs) {
        maxMs = ms;
        slowest = { ms: Math.round(ms * 100) / 100, bytes: input.length, batchSeed: seed + k, index: i, headHex: Buffer.from(input.subarray(0, 48)).toString('hex') };
      }
      if (ms > hangMs) hangs++;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  return {
    parser: target.name, cases, accepted, refused, crashes, crashExamples, hangs,
    maxMs: Math.round(maxMs * 100) / 100,
    slowest,
    seconds: Math.round(seconds * 10) / 10,
    casesPerSecond: Math.round(cases / seconds),
  };
}

export function registerBenchFuzz(bench: Command, io: CliIo): void {
  bench.command('fuzz')
    .description('long fuzz run of every parser (random and mutated inputs)')
    .option('--cases <n>', 'cases per parser', String(FORMAT_PARAMETERS.fuzzBenchCases))
    .option('--seed <n>', 'random seed (runs are reproducible)', '1')
    .option('--parser <name>', 'fuzz only this parser')
    .option('--data <dir>', 'a folder with the seed files in the layout of tests/fixtures (default: tests/fixtures)')
    .option('--json', 'print one JSON object')
    .option('--http', 'fuzz the HTTP API instead: every /v1 route of a service started on 127.0.0.1')
    .action(async (opts: { cases: string; seed: string; parser?: string; data?: string; json?: boolean; http?: boolean }) => {
      const cases = parsePositiveInt('--cases', opts.cases);
      const seed = parsePositiveInt('--seed', opts.seed);
      let fc: Fc;
      try {
        fc = await import('fast-check');
      } catch {
        throw new AfisError('AFIS_NOT_IMPLEMENTED', 'afis bench fuzz needs the dev dependency fast-check (npm install --include=dev)');
      }
      if (opts.http) {
        io.exitCode = await runHttpFuzz(fc, io, cases, seed, opts.json === true);
        return;
      }
      const seedDir = opts.data ?? defaultFuzzDataDir();
      let targets = await loadFuzzTargets(seedDir);
      if (opts.parser !== undefined) {
        targets = targets.filter((t) => t.name === opts.parser);
        if (targets.length === 0) throw new ConfigError('AFIS_CLI_USAGE', `--parser must be one of ${(await loadFuzzTargets(opts.data ?? defaultFuzzDataDir())).map((t) => t.name).join(', ')}`);
      }
      const rssBefore = process.memoryUsage().rss;
      const reports: FuzzReport[] = [];
      let peakRss = rssBefore;
      for (const t of targets) {
        reports.push(await fuzzTarget(fc, t, cases, seed));
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
      }
      const summary = {
        casesPerParser: cases,
        seed,
        seedFiles: seedDir,
        hangThresholdMs: FORMAT_PARAMETERS.fuzzHangMs,
        crashes: reports.reduce((s, r) => s + r.crashes, 0),
        hangs: reports.reduce((s, r) => s + r.hangs, 0),
        peakRssMiB: Math.round(peakRss / 2 ** 20),
        parsers: reports,
      };
      if (opts.json) {
        io.stdout(`${JSON.stringify(summary)}\n`);
      } else {
        io.stdout('parser              cases   accepted  refused  crashes  hangs  max ms  cases/s\n');
        for (const r of reports) {
          const refusedTotal = Object.values(r.refused).reduce((s, n) => s + n, 0);
          io.stdout(`${r.parser.padEnd(18)} ${String(r.cases).padStart(7)} ${String(r.accepted).padStart(9)} ${String(refusedTotal).padStart(8)} ${String(r.crashes).padStart(8)} ${String(r.hangs).padStart(6)} ${String(r.maxMs).padStart(7)} ${String(r.casesPerSecond).padStart(8)}\n`);
        }
        io.stdout(`peak RSS ${summary.peakRssMiB} MiB; hang threshold ${summary.hangThresholdMs} ms; seed files from ${seedDir}\n`);
      }
      if (summary.crashes > 0 || summary.hangs > 0) io.exitCode = 1;
    });
}

/** `afis bench fuzz --http`: the HTTP fuzz against a service started here; exit code 1 on any failure. */
async function runHttpFuzz(fc: Fc, io: CliIo, cases: number, seed: number, json: boolean): Promise<number> {
  const service = await startHttpFuzzService();
  let report: HttpFuzzReport;
  try {
    report = await fuzzHttp(fc, service, cases, seed, json ? undefined : (line) => io.stderr(line));
  } finally {
    await service.close();
  }
  if (json) io.stdout(`${JSON.stringify(report)}\n`);
  else {
    io.stdout(`cases ${report.cases} (seed ${report.seed}): answered ${report.answered}, not sent ${report.notSent}, closed without answer ${JSON.stringify(report.resets)}\n`);
    io.stdout(`statuses ${JSON.stringify(report.statuses)}\n`);
    io.stdout(`codes ${JSON.stringify(report.codes)}\n`);
    io.stdout(`failures ${report.failures}${report.failures > 0 ? ` e.g. ${JSON.stringify(report.failureExamples)}` : ''}; healthy after: ${report.healthyAfter}\n`);
    io.stdout(`${report.seconds} s, ${report.casesPerSecond} cases/s, slowest ${report.maxMs} ms\n`);
  }
  return report.failures > 0 || !report.healthyAfter ? 1 : 0;
}
