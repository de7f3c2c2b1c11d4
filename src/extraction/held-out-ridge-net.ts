import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, originalImage, type GrayImage } from '../core/index.js';
import { ridgeNetModelPath, withRidgeModel, RIDGE_NET_FOLDS_DIR, RIDGE_NET_MODEL } from './blend-ridge-net.js';

/**
 * The shipped ridge network (models/ridge-net.md) was trained on the prints of the four FVC2002 B
 * sets too (self-supervised). An evaluation must never read a print with a network that saw it, so
 * beside it ship four fold networks, each trained the same way without one set's prints, and a
 * manifest of the training prints (models/ridge-net-folds/folds.json, made by
 * scripts/ridge-net/fold-manifest.mjs): each print's {@link imageFingerprint} under each reading
 * of its file (as stored, and at the set's declared resolution) and the set it belongs to.
 *
 * Where the shipped network is the thread's network, {@link analyzeFingerprint} (and its two halves,
 * prepareAnalysis and enhanceAnalysis, which stage oracles call directly) reads a training
 * print with the fold network that never saw its set ({@link withHeldOutRidgeNet}), and an
 * evaluation folder holding training prints reads all its images, perturbed ones included, with
 * that fold ({@link heldOutRidgeNetOfSet}). A network chosen explicitly (useRidgeNetModel,
 * `--ridge-models`) is never replaced. A capture that is not a training print is untouched.
 */
export interface RidgeNetFolds {
  /** The training set of each fingerprint ({@link imageFingerprint}). */
  readonly setOf: ReadonlyMap<string, string>;
  /** Each training set's fold network (the float file; ridgeNetModelFor gives its int8 form). */
  readonly modelOf: ReadonlyMap<string, string>;
  /** `${width}x${height}` of every training print, so other sizes are never hashed. */
  readonly sizes: ReadonlySet<string>;
}

interface FoldManifest {
  readonly sets: Record<string, { readonly model: string; readonly images: readonly string[]; readonly sizes: readonly string[] }>;
}

const MANIFEST = join(RIDGE_NET_FOLDS_DIR, 'folds.json');
let folds: RidgeNetFolds | null = null;

/** The shipped manifest, read once per thread (none: no set is held out, the shipped network was not trained on real prints). */
export function ridgeNetFolds(): RidgeNetFolds {
  if (folds) return folds;
  const setOf = new Map<string, string>();
  const modelOf = new Map<string, string>();
  const sizes = new Set<string>();
  if (existsSync(MANIFEST)) {
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as FoldManifest;
    for (const [set, entry] of Object.entries(manifest.sets)) {
      modelOf.set(set, join(RIDGE_NET_FOLDS_DIR, entry.model));
      for (const f of entry.images) setOf.set(f, set);
      for (const s of entry.sizes) sizes.add(s);
    }
  }
  folds = { setOf, modelOf, sizes };
  return folds;
}

/** A print's identity: SHA-256 of its width, height and pixels, first 16 hex digits. */
export function imageFingerprint(image: GrayImage): string {
  const head = new Uint8Array(8);
  new DataView(head.buffer).setUint32(0, image.width, true);
  new DataView(head.buffer).setUint32(4, image.height, true);
  return createHash('sha256').update(head).update(image.data).digest('hex').slice(0, 16);
}

/**
 * The training set a print belongs to (undefined: not a training print). A perturbed image (the
 * perturbation suite marks it: core markDerivedImage) belongs to its original's set. Hashes only
 * prints of a training print's size.
 */
export function trainingSetOf(image: GrayImage, table: RidgeNetFolds = ridgeNetFolds()): string | undefined {
  const origin = originalImage(image);
  if (!table.sizes.has(`${origin.width}x${origin.height}`)) return undefined;
  return table.setOf.get(imageFingerprint(origin));
}

/** The fold network that never saw this print (undefined: not a training print). */
export function heldOutRidgeNet(image: GrayImage, table: RidgeNetFolds = ridgeNetFolds()): string | undefined {
  const set = trainingSetOf(image, table);
  return set === undefined ? undefined : table.modelOf.get(set);
}

/**
 * The fold network for a folder of prints: the fold of the training set its training prints belong to
 * (undefined when none is a training print). A folder mixing two training sets' prints has no network
 * that saw none of them: that throws ConfigError AFIS_CLI_USAGE (`describe` names the folder).
 */
export function heldOutRidgeNetOfSet(images: Iterable<GrayImage>, describe = 'the folder', table: RidgeNetFolds = ridgeNetFolds()): string | undefined {
  let found: string | undefined;
  for (const image of images) {
    const set = trainingSetOf(image, table);
    if (set === undefined || set === found) continue;
    if (found !== undefined) throw new ConfigError('AFIS_CLI_USAGE', `${describe} mixes prints of the ridge network's training sets ${found} and ${set}: each fold network saw one of them`);
    found = set;
  }
  return found === undefined ? undefined : table.modelOf.get(found);
}

/**
 * `run` with the network `model` when the shipped network is the thread's network (a network chosen
 * explicitly is kept), the thread's network restored afterwards; `model` undefined: `run` as it is.
 */
export function withHeldOutRidgeNet<T>(model: string | undefined, run: () => T): T {
  return withRidgeModel(ridgeNetModelPath() === RIDGE_NET_MODEL ? model : undefined, run);
}
