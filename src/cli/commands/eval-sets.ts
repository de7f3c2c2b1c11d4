import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, isFailureToEnrol, type GrayImage } from '../../core/index.js';
import { EXTRACTION_PARAMETERS, MATCHING_PARAMETERS, type ExtractionParameters, type MatchingParameters } from '../../config/parameters.js';
import { extractTemplate } from '../../extraction/index.js';
import { compareTemplates, normaliseScoresByCohort, parseFvcName, prepareTemplate, type FvcImage, type ScoredSet } from '../../matching/index.js';
import type { Template } from '../../templates/index.js';
import { withFile } from '../context.js';
import { readFinger } from './match.js';

/**
 * The sets of an evaluation with several folders (`afis eval cv`, `afis eval perturb`): each
 * file read once (images decoded, not yet extracted), so the same images can be extracted with
 * other parameters or after a perturbation.
 */
export interface EvalSet {
  /** The folder as given (DIR or DIR@PPI). */
  readonly label: string;
  readonly names: readonly string[];
  readonly fingers: readonly number[];
  /** Each file: a decoded image, a template read from it, or null (failed to read: fails to enrol). */
  readonly items: ReadonlyArray<{ image: GrayImage } | { template: Template } | null>;
}

/** The `F_I.ext` files of a folder, sorted by name (at least two fingers). */
export async function listSet(dir: string): Promise<{ names: string[]; images: FvcImage[] }> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (err) {
    throw new ConfigError('AFIS_FILE_NOT_FOUND', `${dir}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : (err as Error).message}`);
  }
  const names: string[] = [];
  const images: FvcImage[] = [];
  for (const name of entries.sort()) {
    const img = parseFvcName(name);
    if (img) { names.push(name); images.push(img); }
  }
  if (names.length < 2) throw new ConfigError('AFIS_CLI_USAGE', `${dir}: no F_I.ext files (finger F, impression I) to evaluate`);
  if (new Set(images.map((i) => i.finger)).size < 2) throw new ConfigError('AFIS_CLI_USAGE', `${dir}: needs at least two fingers`);
  return { names, images };
}

/** A folder as named on the command line: `DIR@PPI` declares its resolution, else `ppi` (when given). */
export function parseSetSpec(label: string, ppi?: number): { dir: string; ppi?: number } {
  const m = /^(.*)@(\d+)$/.exec(label);
  const setPpi = m ? Number(m[2]) : ppi;
  return { dir: m ? m[1]! : label, ...(setPpi !== undefined ? { ppi: setPpi } : {}) };
}

/** Reads folders of `F_I.ext` files; `DIR@PPI` declares one folder's resolution. */
export async function readEvalSets(specs: readonly string[], ppi?: number): Promise<EvalSet[]> {
  if (specs.length === 0) throw new ConfigError('AFIS_CLI_USAGE', 'name at least one folder');
  const sets: EvalSet[] = [];
  for (const label of specs) {
    const { dir, ppi: setPpi } = parseSetSpec(label, ppi);
    const { names, images } = await listSet(dir);
    const fingers = images.map((i) => i.finger);
    const items: EvalSet['items'][number][] = [];
    for (const name of names) {
      const path = join(dir, name);
      try {
        const bytes = await readFile(path);
        items.push(await readFinger(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { name, ...(setPpi !== undefined ? { ppi: setPpi } : {}) }));
      } catch (err) {
        if (!isFailureToEnrol(err)) throw withFile(path, err);
        items.push(null);
      }
    }
    sets.push({ label, names, fingers, items });
  }
  return sets;
}

/** Templates of a set's files: images extracted (after `transform`, when given), templates as read; null = failed to enrol. */
export function extractEvalSet(
  set: EvalSet,
  options: { parameters?: ExtractionParameters; transform?: (image: GrayImage, index: number) => GrayImage } = {},
): { templates: Array<Template | null>; extractMs: number[] } {
  const parameters = options.parameters ?? EXTRACTION_PARAMETERS;
  const extractMs: number[] = [];
  const templates = set.items.map((item, i) => {
    if (!item) return null;
    if ('template' in item) return item.template;
    try {
      const image = options.transform ? options.transform(item.image, i) : item.image;
      const t0 = performance.now();
      const t = extractTemplate(image, { parameters });
      extractMs.push(performance.now() - t0);
      return t;
    } catch (err) {
      if (isFailureToEnrol(err)) return null;
      throw err;
    }
  });
  return { templates, extractMs };
}

/**
 * Every unordered pair of a set's templates compared (a failure to enrol scores 0); with
 * `cohortExponent` set, normalised by the set as cohort (cohort-normalisation.ts).
 */
export function scoreEvalSet(fingers: readonly number[], templates: ReadonlyArray<Template | null>, parameters: MatchingParameters = MATCHING_PARAMETERS): ScoredSet {
  const n = templates.length;
  const prepared = templates.map((t) => (t ? prepareTemplate(t, parameters) : null));
  const scores = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    const pa = prepared[a];
    if (!pa) continue;
    for (let b = a + 1; b < n; b++) {
      const pb = prepared[b];
      scores[a * n + b] = pb ? compareTemplates(pa, pb, parameters) : 0;
    }
  }
  normaliseScoresByCohort(scores, fingers, fingers.map(() => 0), prepared.map((p) => p !== null), true, parameters);
  return { fingers, scores };
}
