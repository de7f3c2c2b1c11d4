import type { Command } from 'commander';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../../core/errors.js';
import { type CliIo, parsePositiveInt } from '../context.js';
import { loadFingerFile } from './match.js';
import { compareTemplates, median, parseFvcName, prepareTemplate, type PreparedTemplate } from '../../matching/index.js';
import { createRng, generateImpression, impressionToTemplate, mixSeed, syntheticMasterFinger } from '../../synthetic/index.js';
import type { Template } from '../../templates/index.js';
import { MATCHING_PARAMETERS, type MatchingParameters } from '../../config/parameters/matching.js';

/** Seed of the synthetic templates measured when no data folder is given. */
const SYNTHETIC_SEED = 1;

/**
 * Synthetic templates standing in for four sets of `perSet` files: fingers of 8 impressions
 * each from the synthetic template generator, so genuine and impostor pairs mix as in the
 * FVC sets. No real person's data; deterministic.
 */
function syntheticTemplates(count: number): Template[] {
  const out: Template[] = [];
  for (let k = 0; k < count; k++) {
    const finger = k >> 3;
    const master = syntheticMasterFinger(SYNTHETIC_SEED, finger, 1);
    out.push(impressionToTemplate(generateImpression(master, createRng(mixSeed(SYNTHETIC_SEED, finger, k & 7)))));
  }
  return out;
}

/**
 * 1:1 comparison speed on one core (this thread): a fixed set of templates, every pair
 * compared repeatedly for about `seconds` (genuine and impostor pairs mixed). With `dataDir`
 * (the data folder of real FVC2002 prints) the first `perSet` files of each B set in name
 * order, our extraction of the images or (`source: 'iso'`) the SecuGen ISO templates; without
 * it, 4 × `perSet` synthetic templates. Preparation is timed apart: in 1:N, candidates are
 * prepared once when the gallery loads.
 */
export async function benchmarkMatching(options: { dataDir?: string; source?: 'extracted' | 'iso'; perSet?: number; seconds?: number; parameters?: MatchingParameters } = {}) {
  const params = options.parameters ?? MATCHING_PARAMETERS;
  const data = options.dataDir;
  const source = data === undefined ? 'synthetic' : options.source ?? 'extracted';
  const perSet = options.perSet ?? 20;
  const seconds = options.seconds ?? 3;
  const templates: Template[] = data === undefined ? syntheticTemplates(4 * perSet) : [];
  if (data !== undefined) {
    for (const set of ['DB1_B', 'DB2_B', 'DB3_B', 'DB4_B']) {
      const dir = source === 'iso' ? join(data, 'iso19794-2', 'fvc2002-secugen', set) : join(data, 'fvc2002', set);
      let names: string[];
      try {
        names = (await readdir(dir)).filter((n) => parseFvcName(n)).sort().slice(0, perSet);
      } catch {
        throw new ConfigError('AFIS_FILE_NOT_FOUND', `${dir}: benchmark data not found (--data names the folder holding fvc2002/ and iso19794-2/)`);
      }
      for (const n of names) templates.push((await loadFingerFile(join(dir, n))).template);
    }
  }
  const prepareUs: number[] = [];
  const prepared: PreparedTemplate[] = templates.map((t) => {
    const t0 = performance.now();
    const p = prepareTemplate(t, params);
    prepareUs.push((performance.now() - t0) * 1000);
    return p;
  });
  const pa: number[] = [];
  const pb: number[] = [];
  for (let a = 0; a < prepared.length; a++) for (let b = a + 1; b < prepared.length; b++) { pa.push(a); pb.push(b); }
  let sink = 0;
  // warm-up: one pass so the JIT has compiled the hot loops
  for (let k = 0; k < pa.length; k++) sink += compareTemplates(prepared[pa[k]], prepared[pb[k]], params);
  let comparisons = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let elapsed = 0;
  do {
    for (let k = 0; k < pa.length; k++) sink += compareTemplates(prepared[pa[k]], prepared[pb[k]], params);
    comparisons += pa.length;
    elapsed = (performance.now() - t0) / 1000;
  } while (elapsed < seconds);
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    comparisonsPerSecond: Math.round(comparisons / elapsed),
    threads: 1,
    // the same work per CPU second of this process: less sensitive to other load on the machine
    comparisonsPerCpuSecond: Math.round(comparisons / cpuSeconds),
    source,
    data: data === undefined ? `synthetic templates (seed ${SYNTHETIC_SEED})` : `FVC2002 B sets in ${data}`,
    templates: prepared.length,
    meanMinutiae: Math.round((templates.reduce((s, t) => s + t.minutiae.length, 0) / templates.length) * 10) / 10,
    pairs: pa.length,
    comparisons,
    seconds: Math.round(elapsed * 100) / 100,
    usPerComparison: Math.round((elapsed / comparisons) * 1e8) / 100,
    prepareUsMedian: Math.round(median(prepareUs) * 10) / 10,
    checksum: Math.round(sink),
  };
}

export function registerBenchMatch(bench: Command, io: CliIo): void {
  bench.command('match')
    .description('1:1 comparison speed on one core (synthetic templates, or real FVC2002 ones with --data; genuine and impostor pairs)')
    .option('--json', 'print one JSON object')
    .option('--iso', 'with --data: the SecuGen ISO templates instead of our extraction of the images')
    .option('--per-set <n>', 'images per FVC2002 B set (default 20)')
    .option('--seconds <n>', 'how long to measure (default 3)')
    .option('--data <dir>', 'a data folder holding fvc2002/DBk_B (and iso19794-2/fvc2002-secugen for --iso); default: synthetic templates')
    .option('--set <name=value>', 'a matching parameter changed for this run (repeatable), e.g. mccWeight=1', (v: string, prev: string[] = []) => [...prev, v])
    .action(async (opts: { json?: boolean; iso?: boolean; perSet?: string; seconds?: string; data?: string; set?: string[] }) => {
      if (opts.iso && opts.data === undefined) throw new ConfigError('AFIS_CLI_USAGE', '--iso needs --data (the folder holding iso19794-2/fvc2002-secugen)');
      const r = await benchmarkMatching({
        source: opts.iso ? 'iso' : 'extracted',
        ...(opts.perSet !== undefined ? { perSet: parsePositiveInt('--per-set', opts.perSet) } : {}),
        ...(opts.seconds !== undefined ? { seconds: parsePositiveInt('--seconds', opts.seconds) } : {}),
        ...(opts.data !== undefined ? { dataDir: opts.data } : {}),
        ...(opts.set?.length ? { parameters: matchingOverrides(opts.set) } : {}),
      });
      if (opts.json) io.stdout(JSON.stringify(r) + '\n');
      else {
        io.stdout(
          `1:1 matching, one thread, ${r.templates} ${r.source} templates (${r.meanMinutiae} minutiae on average), ${r.pairs} pairs; data: ${r.data}\n` +
            `comparisons/s   per CPU second   µs/comparison   prepare µs (median)\n` +
            `${String(r.comparisonsPerSecond).padEnd(15)} ${String(r.comparisonsPerCpuSecond).padEnd(16)} ${String(r.usPerComparison).padEnd(15)} ${r.prepareUsMedian}\n`,
        );
      }
    });
}

/** NAME=VALUE changes of numeric matching parameters (`--set`), applied to the shipped values. */
function matchingOverrides(list: readonly string[]): MatchingParameters {
  const out: Record<string, number> = { ...MATCHING_PARAMETERS };
  for (const item of list) {
    const m = /^([A-Za-z0-9]+)=(.+)$/.exec(item);
    const value = m ? Number(m[2]) : NaN;
    if (!m || !Number.isFinite(value) || typeof out[m[1]!] !== 'number') throw new ConfigError('AFIS_CLI_USAGE', `--set ${item}: expected NAME=NUMBER with NAME a matching parameter`);
    out[m[1]!] = value;
  }
  return out as MatchingParameters;
}
