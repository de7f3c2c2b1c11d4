import type { Command } from 'commander';
import { ConfigError, TemplateError, type AfisError } from '../../core/errors.js';
import { type CliIo, parsePositiveInt, readUserFile, withFile } from '../context.js';
import { decodeTemplate, isTemplateBinary, templateFromJson, type Template } from '../../templates/index.js';
import { detectFingerMinutiaeFormat, isoToTemplate } from '../../formats/iso19794-2/index.js';
import { incits378ToTemplate } from '../../formats/incits378/index.js';
import { decodeCapture } from '../../capture/index.js';
import type { GrayImage } from '../../core/index.js';
import { compareTemplatesDetailed, fmrClaimRefusal, fmrToThreshold, MIN_REPORTED_FMR, prepareTemplate, SCORE_CALIBRATION, scoreToFmr } from '../../matching/index.js';

/** What a finger file turned out to be. */
export type FingerSource = 'template-binary' | 'iso19794-2' | 'incits378' | 'json' | 'image';

/**
 * Reads a finger from bytes: our binary template, an ISO/IEC 19794-2 or INCITS 378 record, a
 * JSON template, or else any capture image (decoded at 500 ppi and extracted). Errors keep
 * their codes; the caller prefixes the file name.
 */
export async function loadFinger(bytes: Uint8Array, options: { ppi?: number; name?: string } = {}): Promise<{ template: Template; source: FingerSource; extractMs?: number }> {
  const finger = await readFinger(bytes, options);
  if ('template' in finger) return finger;
  // loaded on first use: extraction pulls in heavier dependencies that template-only runs never need
  const { extractTemplate } = await import('../../extraction/index.js');
  const t0 = performance.now();
  const template = extractTemplate(finger.image);
  return { template, source: 'image', extractMs: performance.now() - t0 };
}

/**
 * The first half of {@link loadFinger}: a template file is parsed, an image only decoded (at
 * 500 ppi), for callers that extract with their own parameters (`afis eval cv`).
 */
export async function readFinger(bytes: Uint8Array, options: { ppi?: number; name?: string } = {}): Promise<{ template: Template; source: FingerSource } | { image: GrayImage; source: 'image' }> {
  if (isTemplateBinary(bytes)) return { template: decodeTemplate(bytes), source: 'template-binary' };
  const fmr = detectFingerMinutiaeFormat(bytes);
  if (fmr === 'iso19794-2:2005') return { template: isoToTemplate(bytes), source: 'iso19794-2' };
  if (fmr === 'incits378-2004') return { template: incits378ToTemplate(bytes), source: 'incits378' };
  // JSON: by name, or by content when it parses (a raw grey image may start with a '{' byte)
  if (options.name?.toLowerCase().endsWith('.json')) return { template: parseJsonTemplate(bytes), source: 'json' };
  if (firstNonSpace(bytes) === 0x7b /* { */) {
    try {
      return { template: parseJsonTemplate(bytes), source: 'json' };
    } catch (err) {
      if (!(err instanceof TemplateError) || !/not valid JSON/.test(err.message)) throw err;
    }
  }
  return { image: await decodeCapture(bytes, options.ppi !== undefined ? { ppi: options.ppi } : {}), source: 'image' };
}

function firstNonSpace(bytes: Uint8Array): number {
  for (let k = 0; k < Math.min(bytes.length, 64); k++) {
    const b = bytes[k];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0xef && b !== 0xbb && b !== 0xbf) return b;
  }
  return -1;
}

function parseJsonTemplate(bytes: Uint8Array): Template {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new TemplateError('AFIS_TEMPLATE_INVALID', `not valid JSON: ${(err as Error).message}`);
  }
  // accept a bare Template or an object holding one under `template` (e.g. `afis extract --format json`)
  const obj = value as { template?: unknown; minutiae?: unknown } | null;
  const t = obj && typeof obj === 'object' && obj.minutiae === undefined && obj.template ? obj.template : obj;
  return templateFromJson(t);
}

/** Reads and loads a finger file named by the user; errors name the file. */
export async function loadFingerFile(path: string, options: { ppi?: number } = {}): Promise<{ template: Template; source: FingerSource; extractMs?: number }> {
  const bytes = await readUserFile(path);
  try {
    return await loadFinger(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { ...options, name: path });
  } catch (err) {
    throw withFile(path, err) as AfisError;
  }
}

function lastMeasuredScore(): number {
  const pts = SCORE_CALIBRATION.points;
  return pts.length ? pts[pts.length - 1].score : 0;
}

function formatFmr(fmr: number): string {
  if (fmr >= 0.01) return `${(fmr * 100).toFixed(fmr >= 0.1 ? 0 : 1)} %`;
  return `1 in ${Math.round(1 / fmr).toLocaleString('en-US')}`;
}

export function registerMatch(program: Command, io: CliIo): void {
  program
    .command('match')
    .description('compare two fingers (images or template files) and print the similarity score')
    .argument('<a>', 'image or template file (binary .aft, ISO/IEC 19794-2, INCITS 378, JSON)')
    .argument('<b>', 'image or template file')
    .option('--ppi <n>', 'resolution of raw images')
    .option('--json', 'print one JSON object with the score, its FMR (null, with fmrRefused, when no FMR is claimed) and the paired minutiae')
    .action(async (a: string, b: string, opts: { ppi?: string; json?: boolean }) => {
      const ppi = opts.ppi !== undefined ? parsePositiveInt('--ppi', opts.ppi) : undefined;
      if (a === undefined || b === undefined) throw new ConfigError('AFIS_CLI_USAGE', 'match needs two files');
      const fa = await loadFingerFile(a, { ppi });
      const fb = await loadFingerFile(b, { ppi });
      const pa = prepareTemplate(fa.template), pb = prepareTemplate(fb.template);
      const detail = compareTemplatesDetailed(pa, pb);
      const score = Math.round(detail.score * 1000) / 1000;
      // no FMR is claimed where the calibration measured too few impostor pairs (fmrClaimMinMinutiae)
      const refused = fmrClaimRefusal(pa.count, pb.count);
      const fmr = refused ? null : scoreToFmr(detail.score);
      if (opts.json) {
        io.stdout(JSON.stringify({
          score, fmr,
          fmrRefused: refused,
          measured: refused === null && detail.score <= lastMeasuredScore(),
          thresholds: [0.01, 0.001, 1e-4, 1e-5].map((f) => ({ fmr: f, score: Math.round(fmrToThreshold(f) * 1000) / 1000 })),
          minutiae: [fa.template.minutiae.length, fb.template.minutiae.length],
          pairs: detail.pairs,
        }) + '\n');
      } else {
        io.stdout(`${score}\n`);
        const meaning = refused
          ? `no FMR claimed: fewer than ${refused.required} minutiae in the smaller template (${refused.minutiae}): the calibration measured too few impostor pairs there`
          : detail.score <= lastMeasuredScore()
            ? `an impostor (different finger) reaches this score with FMR ≈ ${formatFmr(fmr!)}`
            : `beyond the measured range: FMR below ${formatFmr(SCORE_CALIBRATION.points[SCORE_CALIBRATION.points.length - 1].fmr)} (extrapolated ${fmr! <= MIN_REPORTED_FMR ? 'under' : '≈'} ${formatFmr(fmr!)})`;
        io.stdout(`score ${score}: ${meaning}; ${detail.pairs.length} paired minutiae of ${fa.template.minutiae.length} and ${fb.template.minutiae.length}\n`);
      }
    });
}
