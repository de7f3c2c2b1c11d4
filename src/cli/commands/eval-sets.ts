import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { ConfigError, isFailureToEnrol, type GrayImage } from '../../core/index.js';
import { EXTRACTION_PARAMETERS, MATCHING_PARAMETERS, type ExtractionParameters, type MatchingParameters } from '../../config/parameters.js';
import { extractTemplate, heldOutRidgeNetOfSet, withHeldOutRidgeNet, withRidgeModel } from '../../extraction/index.js';
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
  /**
   * The ridge network this set's images are extracted with instead of the shipped one (`--ridge-models`):
   * a network trained on real prints leave one set out is judged on each set with the fold model that
   * never saw it. Run as it is (give the int8 file to judge it as `ridgeNetInt8` 1 runs the shipped one).
   */
  readonly ridgeModel?: string;
  /**
   * The fold network that never saw this folder's prints, when they are prints the shipped ridge network
   * was trained on (held-out-ridge-net.ts): every image of the set, perturbed ones included, is read with
   * it while the shipped network is the thread's network.
   */
  readonly heldOutModel?: string;
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

/**
 * A set's ridge network from `--ridge-models`: the pattern's `{set}` replaced by the folder's name
 * (DIR/DB1_B → DB1_B). Throws AFIS_CLI_USAGE for a pattern without `{set}`, AFIS_FILE_NOT_FOUND for a
 * file that is not there, before anything is extracted.
 */
export function setRidgeModel(pattern: string, dir: string, label: string = dir): string {
  if (!pattern.includes('{set}')) {
    throw new ConfigError('AFIS_CLI_USAGE', `--ridge-models: "${pattern}" has no {set} (the folder's name), e.g. /models/fold-{set}-int8.onnx`);
  }
  const path = pattern.replaceAll('{set}', basename(resolve(dir)));
  if (!existsSync(path)) throw new ConfigError('AFIS_FILE_NOT_FOUND', `--ridge-models: ${path}: no such file (the ridge network for ${label})`);
  return path;
}

/** Every folder's network from `--ridge-models` (none without a pattern), all checked before any folder is read. */
export function setRidgeModels(pattern: string | undefined, specs: readonly string[]): Array<string | undefined> {
  return specs.map((label) => (pattern !== undefined ? setRidgeModel(pattern, parseSetSpec(label).dir, label) : undefined));
}

/**
 * Reads folders of `F_I.ext` files; `DIR@PPI` declares one folder's resolution. `ridgeModels`, a file
 * pattern with `{set}` (replaced by each folder's name, e.g. DB1_B), names each set's ridge network
 * ({@link EvalSet.ridgeModel}); every file must exist.
 */
export async function readEvalSets(specs: readonly string[], ppi?: number, ridgeModels?: string): Promise<EvalSet[]> {
  if (specs.length === 0) throw new ConfigError('AFIS_CLI_USAGE', 'name at least one folder');
  const models = setRidgeModels(ridgeModels, specs);
  const sets: EvalSet[] = [];
  for (const [k, label] of specs.entries()) {
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
    const ridgeModel = models[k];
    // (a set whose network is named needs no fold: its images are never read with the shipped network)
    const heldOutModel = ridgeModel === undefined ? heldOutRidgeNetOfSet(items.flatMap((item) => (item && 'image' in item ? [item.image] : [])), label) : undefined;
    sets.push({ label, names, fingers, items, ...(ridgeModel !== undefined ? { ridgeModel } : {}), ...(heldOutModel !== undefined ? { heldOutModel } : {}) });
  }
  return sets;
}

/**
 * Templates of a set's files: images extracted (after `transform`, when given) with the set's ridge
 * network when it names one, else with its held-out fold network where the shipped one is the thread's;
 * templates as read; null = failed to enrol.
 */
export function extractEvalSet(
  set: EvalSet,
  options: { parameters?: ExtractionParameters; transform?: (image: GrayImage, index: number) => GrayImage } = {},
): { templates: Array<Template | null>; extractMs: number[] } {
  const parameters = options.parameters ?? EXTRACTION_PARAMETERS;
  const extractMs: number[] = [];
  const templates = withRidgeModel(set.ridgeModel, () => withHeldOutRidgeNet(set.heldOutModel, () => set.items.map((item, i) => {
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
  })));
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
