import type { Command } from 'commander';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { ConfigError } from '../../core/errors.js';
import { createGrayImage, type GrayImage } from '../../core/gray-image.js';
import { decodeWsq, encodeWsq } from '../../formats/wsq/index.js';
import { type CliIo, parsePositiveInt } from '../context.js';

/**
 * The files committed with the tests (src/ or dist/ → the repository's tests/fixtures): the
 * reference WSQ streams, and four synthetic SFinGe images measured when no data folder is given.
 */
function fixturesDir(): string {
  return join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', 'tests', 'fixtures');
}

const SETS = ['DB1_B', 'DB2_B', 'DB3_B', 'DB4_B'] as const;
const REFERENCE_FILES = ['sourceafis-fixtures/wsq-original.wsq', ...SETS.map((s) => `wsq-nbis/fvc2002-${s}-101_1.wsq`)];

export interface WsqSetFigures {
  readonly set: string;
  readonly images: number;
  readonly meanRatio: number;
  readonly minRatio: number;
  readonly meanPsnr: number;
  readonly minPsnr: number;
}

export interface WsqBenchResult {
  readonly bitRate: number;
  readonly images: number;
  readonly megapixels: number;
  /** Our encoder on the FVC2002 B images, megapixels per wall-clock second (one thread). */
  readonly encodeMpPerSecond: number;
  /** Our decoder on our own streams of those images. */
  readonly decodeMpPerSecond: number;
  /** Our decoder on the reference WSQ files (NBIS cwsq and NIST SD14). */
  readonly referenceDecodeMpPerSecond: number;
  /**
   * The same three per second of this process's CPU time: steadier than wall-clock figures
   * when other work shares the machine (the codec is single-threaded).
   */
  readonly encodeMpPerCpuSecond: number;
  readonly decodeMpPerCpuSecond: number;
  readonly referenceDecodeMpPerCpuSecond: number;
  readonly referenceFiles: number;
  readonly meanRatio: number;
  readonly meanPsnr: number;
  readonly minPsnr: number;
  readonly sets: readonly WsqSetFigures[];
  readonly repeat: number;
  /** Which images were coded. */
  readonly data: string;
}

function psnr(a: Uint8Array, b: Uint8Array): number {
  let squares = 0;
  for (let i = 0; i < a.length; i++) squares += (a[i]! - b[i]!) ** 2;
  return squares === 0 ? Infinity : 10 * Math.log10((255 * 255) / (squares / a.length));
}

async function loadSet(dir: string, limit: number): Promise<GrayImage[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.(tif|png)$/.test(n)).sort().slice(0, limit);
  } catch {
    throw new ConfigError('AFIS_FILE_NOT_FOUND', `${dir}: benchmark data not found (--data names a folder holding fvc2002/DBk_B)`);
  }
  const images: GrayImage[] = [];
  for (const n of names) {
    const { data, info } = await sharp(join(dir, n)).greyscale().raw().toBuffer({ resolveWithObject: true });
    images.push(createGrayImage(info.width, info.height, new Uint8Array(data)));
  }
  return images;
}

/** Wall-clock and process CPU seconds of a synchronous run. */
function timed(run: () => void): { wall: number; cpu: number } {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  run();
  const c = process.cpuUsage(c0);
  return { wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

/**
 * WSQ codec speed and compression on one core: with `dataDir`, every FVC2002 B image (4 × 80,
 * or the first `perSet` of each set), else the four synthetic images committed with the tests,
 * is encoded at
 * `bitRate` and decoded back (timed `repeat` times after one untimed warm-up pass), and the
 * reference WSQ files are decoded `repeat` times. Image loading is not timed.
 */
export async function benchmarkWsq(options: { dataDir?: string; bitRate?: number; repeat?: number; perSet?: number } = {}): Promise<WsqBenchResult> {
  const data = options.dataDir;
  const fixtures = fixturesDir();
  const perSetLimit = options.perSet ?? Infinity;
  const bitRate = options.bitRate ?? 0.75;
  const repeat = options.repeat ?? 3;
  const perSet: { set: string; images: GrayImage[] }[] = [];
  if (data === undefined) perSet.push({ set: 'SFinGe', images: await loadSet(join(fixtures, 'sfinge'), perSetLimit) });
  else for (const set of SETS) perSet.push({ set, images: await loadSet(join(data, 'fvc2002', set), perSetLimit) });
  const all = perSet.flatMap((s) => s.images);
  const pixels = all.reduce((n, im) => n + im.width * im.height, 0);

  // warm-up, and the compression figures (deterministic, so one pass is enough)
  const streams = all.map((im) => encodeWsq(im, { bitRate }));
  const quality = all.map((im, i) => psnr(im.data, decodeWsq(streams[i]!).image.data));
  const ratios = all.map((im, i) => im.data.length / streams[i]!.length);

  const encode = timed(() => {
    for (let r = 0; r < repeat; r++) for (const im of all) encodeWsq(im, { bitRate });
  });
  const decode = timed(() => {
    for (let r = 0; r < repeat; r++) for (const s of streams) decodeWsq(s);
  });

  const references: Uint8Array[] = [];
  for (const f of REFERENCE_FILES) {
    try {
      references.push(new Uint8Array(await readFile(join(fixtures, f))));
    } catch {
      throw new ConfigError('AFIS_FILE_NOT_FOUND', `${join(fixtures, f)}: reference WSQ file missing (see tests/fixtures/README.md)`);
    }
  }
  let referencePixels = 0;
  for (const b of references) {
    const d = decodeWsq(b);
    referencePixels += d.image.width * d.image.height;
  }
  const referenceRepeat = repeat * 10;
  const reference = timed(() => {
    for (let r = 0; r < referenceRepeat; r++) for (const b of references) decodeWsq(b);
  });

  let offset = 0;
  const sets: WsqSetFigures[] = perSet.map(({ set, images }) => {
    const q = quality.slice(offset, offset + images.length);
    const c = ratios.slice(offset, offset + images.length);
    offset += images.length;
    return { set, images: images.length, meanRatio: mean(c), minRatio: Math.min(...c), meanPsnr: mean(q), minPsnr: Math.min(...q) };
  });
  return {
    bitRate,
    images: all.length,
    megapixels: pixels / 1e6,
    encodeMpPerSecond: (pixels * repeat) / 1e6 / encode.wall,
    decodeMpPerSecond: (pixels * repeat) / 1e6 / decode.wall,
    referenceDecodeMpPerSecond: (referencePixels * referenceRepeat) / 1e6 / reference.wall,
    encodeMpPerCpuSecond: (pixels * repeat) / 1e6 / encode.cpu,
    decodeMpPerCpuSecond: (pixels * repeat) / 1e6 / decode.cpu,
    referenceDecodeMpPerCpuSecond: (referencePixels * referenceRepeat) / 1e6 / reference.cpu,
    referenceFiles: references.length,
    meanRatio: mean(ratios),
    meanPsnr: mean(quality),
    minPsnr: Math.min(...quality),
    sets,
    repeat,
    data: data === undefined ? 'synthetic images (SFinGe, tests/fixtures/sfinge)' : `FVC2002 B sets in ${data}`,
  };
}

/** The human-readable table `afis bench wsq` prints. */
export function formatWsqBenchTable(r: WsqBenchResult): string {
  const lines = [
    `WSQ codec, ${r.images} images of ${r.data} (${r.megapixels.toFixed(2)} MP), bit rate ${r.bitRate}, one thread, ${r.repeat} timed passes`,
    '                              MP/s wall   MP/s per CPU second',
    `  encode                      ${r.encodeMpPerSecond.toFixed(1).padStart(9)}   ${r.encodeMpPerCpuSecond.toFixed(1).padStart(9)}`,
    `  decode (our streams)        ${r.decodeMpPerSecond.toFixed(1).padStart(9)}   ${r.decodeMpPerCpuSecond.toFixed(1).padStart(9)}`,
    `  decode (${r.referenceFiles} reference files)  ${r.referenceDecodeMpPerSecond.toFixed(1).padStart(9)}   ${r.referenceDecodeMpPerCpuSecond.toFixed(1).padStart(9)}`,
    `  compression       mean ${r.meanRatio.toFixed(1)}:1, PSNR mean ${r.meanPsnr.toFixed(2)} dB, min ${r.minPsnr.toFixed(2)} dB`,
    '  set     images  ratio mean/min   PSNR mean/min (dB)',
    ...r.sets.map((s) => `  ${s.set.padEnd(7)} ${String(s.images).padStart(6)}  ${s.meanRatio.toFixed(1).padStart(5)} / ${s.minRatio.toFixed(1).padEnd(5)}   ${s.meanPsnr.toFixed(2)} / ${s.minPsnr.toFixed(2)}`),
  ];
  return `${lines.join('\n')}\n`;
}

export function registerBenchWsq(bench: Command, io: CliIo): void {
  bench
    .command('wsq')
    .description('WSQ decode and encode speed (megapixels per second) and compression figures')
    .option('--json', 'print one JSON object')
    .option('--data <dir>', 'code the FVC2002 B images of this data folder (default: the synthetic images in tests/fixtures)')
    .option('--bit-rate <bpp>', 'encoder bit rate in bits per pixel', '0.75')
    .option('--repeat <n>', 'timed passes over the images', '3')
    .option('--per-set <n>', 'only the first N images of each FVC2002 set (default all 80)')
    .action(async (opts: { json?: boolean; data?: string; bitRate: string; repeat: string; perSet?: string }) => {
      const bitRate = Number(opts.bitRate);
      if (!(Number.isFinite(bitRate) && bitRate > 0 && bitRate <= 8)) throw new ConfigError('AFIS_CLI_USAGE', `--bit-rate must be in (0, 8], got "${opts.bitRate}"`);
      const result = await benchmarkWsq({
        ...(opts.data !== undefined ? { dataDir: opts.data } : {}),
        ...(opts.perSet !== undefined ? { perSet: parsePositiveInt('--per-set', opts.perSet) } : {}),
        bitRate,
        repeat: parsePositiveInt('--repeat', opts.repeat),
      });
      io.stdout(opts.json ? `${JSON.stringify(result)}\n` : formatWsqBenchTable(result));
    });
}
