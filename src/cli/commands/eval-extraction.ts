import type { Command } from 'commander';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeCapture } from '../../capture/index.js';
import { ConfigError, isFailureToEnrol } from '../../core/errors.js';
import { EXTRACTION_PARAMETERS, type ExtractionParameters } from '../../config/parameters.js';
import { NO_DEBUG } from '../../core/index.js';
import { analyzeFingerprint, extractFromAnalysis } from '../../extraction/index.js';
import { parseFvcName } from '../../matching/index.js';
import {
  type ExtractionCounts, type ExtractionScores, type ImpressionTruth, TRUTH_FORMAT, addExtractionCounts, scoreExtraction, summarizeExtractionScores,
} from '../../synthetic/index.js';
import { type CliIo, readUserFile } from '../context.js';
import { parameterOverrides } from './eval-cross-validation.js';

/** `afis eval extraction --json`: the pooled figures, and the same per style and per skin condition. */
export interface ExtractionEvaluation extends ExtractionScores {
  readonly dataset: string;
  readonly failedToExtract: number;
  readonly byStyle: Record<string, ExtractionScores>;
  readonly byCondition: Record<string, ExtractionScores>;
}

/**
 * Our extractor against the ground truth of a folder `afis synth` wrote: every F_I image with a
 * truth/F_I.json is extracted (the production pipeline: decode, analyse, extract) and scored by
 * {@link scoreExtraction}. An image the extractor refuses counts with no minutiae and an empty
 * mask. Cost: one extraction per image (≈ 30 ms each on a quiet core). `parameters`: a
 * candidate's extraction parameters (default: the shipped ones).
 */
export async function evaluateExtractionFolder(dir: string, parameters: ExtractionParameters = EXTRACTION_PARAMETERS): Promise<ExtractionEvaluation> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => parseFvcName(n)).sort();
  } catch (err) {
    throw new ConfigError('AFIS_FILE_NOT_FOUND', `${dir}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : (err as Error).message}`);
  }
  const total: { all?: ExtractionCounts; style: Map<string, ExtractionCounts>; condition: Map<string, ExtractionCounts> } = { style: new Map(), condition: new Map() };
  let failed = 0;
  let scored = 0;
  for (const name of names) {
    const stem = name.replace(/\.[^.]+$/, '');
    let truth: ImpressionTruth;
    try {
      truth = JSON.parse(await readFile(join(dir, 'truth', `${stem}.json`), 'utf8')) as ImpressionTruth;
    } catch {
      continue; // an image without truth is not part of the evaluation
    }
    if (truth.format !== TRUTH_FORMAT) throw new ConfigError('AFIS_CLI_USAGE', `${join(dir, 'truth', `${stem}.json`)}: not an ${TRUTH_FORMAT} file`);
    const bytes = await readUserFile(join(dir, name));
    const image = await decodeCapture(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    let counts: ExtractionCounts;
    try {
      const analysis = analyzeFingerprint(image, parameters, NO_DEBUG);
      const template = extractFromAnalysis(image, analysis, parameters, NO_DEBUG);
      const o = analysis.orientation;
      const bs = o.grid.blockSize;
      counts = scoreExtraction(truth, {
        minutiae: template.minutiae,
        mask: analysis.mask.pixels,
        orientationAt: (x, y) => {
          const bx = Math.floor(x / bs), by = Math.floor(y / bs);
          if (bx >= o.grid.cols || by >= o.grid.rows || !analysis.mask.blocks[by * o.grid.cols + bx]) return Number.NaN;
          // the extractor's angle is in image coordinates (y down); the truth's counter-clockwise on screen
          const a = Math.PI - o.angle[by * o.grid.cols + bx]!;
          return a >= Math.PI ? a - Math.PI : a;
        },
      });
    } catch (err) {
      if (!isFailureToEnrol(err)) throw err;
      failed++;
      counts = scoreExtraction(truth, { minutiae: [], mask: new Uint8Array(image.width * image.height), orientationAt: () => Number.NaN });
    }
    scored++;
    total.all = total.all ? addExtractionCounts(total.all, counts) : counts;
    for (const [map, key] of [[total.style, truth.style], [total.condition, truth.condition]] as const) {
      const prev = map.get(key);
      map.set(key, prev ? addExtractionCounts(prev, counts) : counts);
    }
  }
  if (!total.all || scored === 0) throw new ConfigError('AFIS_CLI_USAGE', `${dir}: no F_I images with truth/F_I.json (write them with afis synth)`);
  const by = (m: Map<string, ExtractionCounts>): Record<string, ExtractionScores> =>
    Object.fromEntries([...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, c]) => [k, summarizeExtractionScores(c)]));
  return { dataset: dir, ...summarizeExtractionScores(total.all), failedToExtract: failed, byStyle: by(total.style), byCondition: by(total.condition) };
}

const pct = (v: number): string => `${(v * 100).toFixed(1)} %`;

export function registerEvalExtraction(ev: Command, io: CliIo): void {
  ev.command('extraction')
    .description('our extractor against synthetic ground truth (a folder afis synth wrote): minutia precision and recall (15 px, 30°), errors, mask IoU, orientation error, per style and skin condition')
    .argument('<dir>', 'folder written by afis synth')
    .option('--set <name=value>', 'use this value of a numeric extraction parameter (a candidate), repeatable', (v: string, prev: string[] = []) => [...prev, v])
    .option('--json', 'print one JSON object')
    .action(async (dir: string, opts: { json?: boolean; set?: string[] }) => {
      const r = await evaluateExtractionFolder(dir, parameterOverrides(opts.set ?? []).extraction);
      if (opts.json) {
        io.stdout(`${JSON.stringify(r)}\n`);
        return;
      }
      const line = (label: string, s: ExtractionScores): string =>
        `${label.padEnd(14)} ${String(s.images).padStart(6)}  ${pct(s.precision).padStart(9)}  ${pct(s.recall).padStart(7)}  ${s.positionErrorPx.toFixed(2).padStart(6)}  ${s.directionErrorDeg.toFixed(1).padStart(6)}  ${s.maskIoU.toFixed(3).padStart(6)}  ${s.orientationErrorDeg.toFixed(1).padStart(6)}\n`;
      io.stdout(`${dir}: ${r.images} images with truth, ${r.failedToExtract} failed to extract\n`);
      io.stdout('               images  precision   recall  pos px  dir °   mask   orient °\n');
      io.stdout(line('all', r));
      for (const [k, s] of Object.entries(r.byStyle)) io.stdout(line(k, s));
      for (const [k, s] of Object.entries(r.byCondition)) io.stdout(line(k, s));
    });
}
