import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { ConfigError } from '../../core/errors.js';
import { SYNTH_STYLES, type SynthStyle, impressionParameters, masterParameters } from '../../synthetic/index.js';
import { type CliIo, parsePositiveInt } from '../context.js';
import { type OutputFile, type SubjectFilesTask, encodeSubjectFiles } from './synth-files.js';

/** The compiled worker (dist/), also when this file runs from sources under vitest. */
function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  const file = here.endsWith('.js') ? join(dirname(here), 'synth-worker.js') : resolve(dirname(here), '../../../dist/cli/commands/synth-worker.js');
  if (!existsSync(file)) throw new ConfigError('AFIS_CLI_USAGE', `${file} not found: run "npm run build" first, or use --threads 1`);
  return file;
}

export interface SynthOptions {
  readonly subjects: number;
  readonly impressions: number;
  readonly style: SynthStyle;
  readonly seed: number;
  readonly out: string;
  readonly format: 'png' | 'wsq';
  /** Also write each person's ten rolled fingers as an ANSI/NIST-ITL transaction. */
  readonly persons: boolean;
  /** Slaps in each person's transaction (right four, left four, two thumbs). */
  readonly slaps: boolean;
  /** Probability that a finger is altered. */
  readonly altered: number;
  /** Capture number of the ten-prints: the same persons captured again (default 1). */
  readonly encounter?: number;
  /** Generator settings of the master prints over the defaults (numeric, by name); omitted = the defaults. */
  readonly master?: Readonly<Record<string, number>>;
  /** Impression settings over the defaults (numeric, by name; the series and the rolled ten-print); omitted = the defaults. */
  readonly impression?: Readonly<Record<string, number>>;
  /** Semi-axes of the series' plain contact (optical, capacitive, thermal) as fractions of the finger's (width, height); omitted = the default. */
  readonly plainContact?: readonly [number, number];
  readonly threads: number;
  readonly progress?: (done: number, total: number) => void;
}

/** Writes a file whole or not at all: a temporary name in the same folder, then a rename. */
async function writeWhole(root: string, file: OutputFile): Promise<void> {
  const target = join(root, file.path);
  const tmp = `${target}.partial-${process.pid}`;
  try {
    await writeFile(tmp, file.bytes);
    await rename(tmp, target);
  } catch (err) {
    throw new ConfigError('AFIS_FILE_NOT_FOUND', `${target}: cannot write: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/**
 * `afis synth`: persons 1..N of population `seed`, each written as soon as it is made (in order),
 * every file through a temporary name and a rename, and `synth.json` (the run's settings) last:
 * a run stopped half-way leaves whole files of the persons finished so far. Returns counts.
 */
export async function runSynth(o: SynthOptions): Promise<{ images: number; persons: number; files: number; seconds: number }> {
  const t0 = performance.now();
  try {
    await mkdir(join(o.out, 'truth'), { recursive: true });
    if (o.persons) await mkdir(join(o.out, 'persons'), { recursive: true });
  } catch (err) {
    throw new ConfigError('AFIS_FILE_NOT_FOUND', `${o.out}: cannot create the folder: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const taskOf = (subject: number): SubjectFilesTask => ({
    seed: o.seed, subject, impressions: o.impressions, style: o.style, format: o.format, persons: o.persons, slaps: o.slaps, altered: o.altered, encounter: o.encounter ?? 1,
    ...(o.master ? { master: o.master } : {}),
    ...(o.impression ? { impression: o.impression } : {}),
    ...(o.plainContact ? { plainContact: o.plainContact } : {}),
  });
  let files = 0;
  const save = async (list: OutputFile[]): Promise<void> => {
    for (const f of list) await writeWhole(o.out, f);
    files += list.length;
  };
  if (o.threads <= 1) {
    for (let s = 1; s <= o.subjects; s++) {
      await save(await encodeSubjectFiles(taskOf(s)));
      o.progress?.(s, o.subjects);
    }
  } else {
    const pool = new Piscina({ filename: workerFile(), minThreads: o.threads, maxThreads: o.threads });
    try {
      const pending: Array<Promise<OutputFile[]>> = [];
      let next = 1;
      let done = 0;
      const submit = (): void => {
        const p = pool.run(taskOf(next++), { name: 'synthesizeSubjectFiles' }) as Promise<OutputFile[]>;
        p.catch(() => undefined); // awaited in order below
        pending.push(p);
      };
      while (next <= o.subjects && pending.length < o.threads * 2) submit();
      while (pending.length > 0) {
        const list = await pending.shift()!;
        if (next <= o.subjects) submit();
        await save(list);
        o.progress?.(++done, o.subjects);
      }
    } finally {
      await pool.destroy();
    }
  }
  const manifest = {
    format: 'afis-synthetic/1', seed: o.seed, subjects: o.subjects, impressions: o.impressions, style: o.style, imageFormat: o.format,
    persons: o.persons, slaps: o.slaps, altered: o.altered, encounter: o.encounter ?? 1, layout: { images: 'F_I.<ext> (F subject, I impression)', truth: 'truth/F_I.json', persons: 'persons/NNNN.an2, persons/NNNN.json, persons/NNNN-fingerP.<ext>, persons/NNNN-slapP.<ext>' },
    ...(o.master ? { master: o.master } : {}),
    ...(o.impression ? { impression: o.impression } : {}),
    ...(o.plainContact ? { plainContact: o.plainContact } : {}),
  };
  await save([{ path: 'synth.json', bytes: new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`) }]);
  return { images: o.subjects * o.impressions, persons: o.persons ? o.subjects : 0, files, seconds: (performance.now() - t0) / 1000 };
}

function parseFraction(name: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new ConfigError('AFIS_CLI_USAGE', `${name} must be a fraction 0…1, got "${value}"`);
  return n;
}

function parseSeed(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new ConfigError('AFIS_CLI_USAGE', `--seed must be an integer 0…4294967295, got "${value}"`);
  return n;
}

/**
 * `--master` / `--impression`: a JSON object of numeric settings the generator has (`check`,
 * masterParameters or impressionParameters, refuses an unknown name or a non-number).
 */
function parseSettings(flag: string, value: string, check: (o: Record<string, number>) => unknown): Record<string, number> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new ConfigError('AFIS_CLI_USAGE', `${flag} must be a JSON object, got "${value}"`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError('AFIS_CLI_USAGE', `${flag} must be a JSON object, got "${value}"`);
  const settings = parsed as Record<string, number>;
  try {
    check(settings);
  } catch (err) {
    throw new ConfigError('AFIS_CLI_USAGE', `${flag}: ${(err as Error).message}`);
  }
  return settings;
}

/**
 * `--plain-contact W,H`: the series' plain contact semi-axes as fractions of the finger's, two
 * numbers in (0, 1.5] (synthesizeSubject's plainContact range).
 */
function parsePlainContact(value: string): [number, number] {
  const parts = value.split(',');
  const nums = parts.map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
  if (nums.length !== 2 || !nums.every((n) => Number.isFinite(n) && n > 0 && n <= 1.5)) {
    throw new ConfigError('AFIS_CLI_USAGE', `--plain-contact must be two fractions W,H in (0, 1.5], e.g. 0.95,0.92, got "${value}"`);
  }
  return [nums[0]!, nums[1]!];
}

export function registerSynth(program: Command, io: CliIo): void {
  program
    .command('synth')
    .description('synthetic persons with ground truth: F_I images, truth/F_I.json, persons/NNNN.an2 (ANSI/NIST-ITL, ten rolled fingers)')
    .requiredOption('--subjects <n>', 'number of persons')
    .option('--impressions <k>', 'impressions per person of one finger (the F_I images)', '8')
    .option('--style <style>', `sensor of the F_I series: ${SYNTH_STYLES.join(', ')} (the persons' ten-prints are always rolled)`, 'optical')
    .option('--seed <s>', 'population seed: the same seed gives the same files', '1')
    .option('--format <fmt>', 'image encoding: png or wsq', 'png')
    .option('--slaps', 'add slaps (right four, left four, two thumbs) with each finger\'s box to every person')
    .option('--altered <fraction>', 'share of fingers with altered skin (obliteration, Z-cut, transplant, central rotation)', '0')
    .option('--encounter <n>', 'capture number of the ten-prints: the same persons, new impressions (a second encounter searches as a mate of the first)', '1')
    .option('--no-persons', 'skip the ten-print transactions (images and truth only)')
    .option('--master <json>', 'generator settings of the master prints over the defaults, e.g. \'{"coreHairpin":0}\' (training scripts pin the settings their models were trained with)')
    .option('--impression <json>', 'impression settings over the defaults, e.g. \'{"noiseGrain":1.2}\' (the series and the rolled ten-print; the slaps keep the defaults)')
    .option('--plain-contact <w,h>', 'semi-axes of the plain (optical, capacitive, thermal) contact area as fractions of the finger\'s width and height, e.g. 0.95,0.92 (omitted: the default)')
    .option('--threads <n>', 'worker threads (default: one per core)')
    .requiredOption('--out <dir>', 'output folder')
    .action(async (opts: { subjects: string; impressions: string; style: string; seed: string; format: string; persons: boolean; slaps?: boolean; altered: string; encounter: string; master?: string; impression?: string; plainContact?: string; threads?: string; out: string }) => {
      const subjects = parsePositiveInt('--subjects', opts.subjects);
      const impressions = parsePositiveInt('--impressions', opts.impressions);
      if (!(SYNTH_STYLES as readonly string[]).includes(opts.style)) throw new ConfigError('AFIS_CLI_USAGE', `--style must be one of ${SYNTH_STYLES.join(', ')}, got "${opts.style}"`);
      if (opts.format !== 'png' && opts.format !== 'wsq') throw new ConfigError('AFIS_CLI_USAGE', `--format must be png or wsq, got "${opts.format}"`);
      const seed = parseSeed(opts.seed);
      const altered = parseFraction('--altered', opts.altered);
      const encounter = parsePositiveInt('--encounter', opts.encounter);
      const master = opts.master === undefined ? undefined : parseSettings('--master', opts.master, masterParameters);
      const impression = opts.impression === undefined ? undefined : parseSettings('--impression', opts.impression, impressionParameters);
      const plainContact = opts.plainContact === undefined ? undefined : parsePlainContact(opts.plainContact);
      if (opts.slaps && !opts.persons) throw new ConfigError('AFIS_CLI_USAGE', '--slaps needs the persons (drop --no-persons)');
      const threads = opts.threads === undefined ? Math.min(availableParallelism(), subjects) : parsePositiveInt('--threads', opts.threads);
      const tty = process.stderr.isTTY === true;
      const r = await runSynth({
        subjects, impressions, style: opts.style as SynthStyle, seed, out: opts.out, format: opts.format, persons: opts.persons, slaps: opts.slaps === true, altered, encounter, threads,
        ...(master ? { master } : {}),
        ...(impression ? { impression } : {}),
        ...(plainContact ? { plainContact } : {}),
        ...(tty ? { progress: (d: number, n: number) => io.stderr(`\rsynth: ${d}/${n} persons${d === n ? '\n' : ''}`) } : {}),
      });
      io.stdout(`${opts.out}: ${r.images} images of ${subjects} persons${r.persons ? `, ${r.persons} ten-print transactions` : ''}, ${r.files} files in ${r.seconds.toFixed(1)} s\n`);
    });
}
