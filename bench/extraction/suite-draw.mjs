// What the stage oracles of a suite kind share (issue 12: wet-stage-oracle.mjs, residue-stage-oracle.mjs,
// wet-field-partial.mjs, faded-field-partial.mjs): their command line, the FVC2002 B sets they read, and
// the two field stages they re-run inside another mask, the check that their shipped row is the
// shipped extraction, and their table of variant EERs. One place, so that the oracles draw the same
// perturbed images and re-read the fields as `prepareAnalysis` does.
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { NO_DEBUG } from '../../dist/core/index.js';
import { analyzeFingerprint, computeOrientationField, extractFromAnalysis, prepareFields } from '../../dist/extraction/index.js';
import { estimateRidgeFrequency } from '../../dist/extraction/estimate-ridge-frequency.js';
import { frequencyFromRidgeNet } from '../../dist/extraction/frequency-from-ridge-net.js';
import { readFieldFromRidgeNet } from '../../dist/extraction/orientation-from-ridge-net.js';
import { allPairsErrorRates, bootstrapErrorRates } from '../../dist/matching/index.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';

/**
 * Reads `DATA_DIR [KIND] SEED ['{"PARAM":VALUE}'] [--sets 3,4] [--rounds N] [--kind-index K]` and the
 * script's own valued flags (`extra`: flag → default text) from the command line.
 * --kind-index K: the perturbation's seed stream as `afis eval perturb` draws it for the kind at index K
 * of its list (PERTURBATION_KINDS: low-contrast is 1, residue 4), to take apart the suite's own draw;
 * default 0, paired-option's stream (KIND alone in the list). `kind` fixes the kind (no KIND argument).
 * Returns the parsed values (`changes` as given: the JSON text of parameter changes), the extraction
 * parameters P and the chosen sets (DB2 at 569 ppi).
 */
export async function readSuiteDraw(script, { kind: fixedKind = null, extra = {} } = {}) {
  const args = process.argv.slice(2);
  const take = (flag, fallback) => { const at = args.indexOf(flag); return at >= 0 ? args.splice(at, 2)[1] : fallback; };
  const pick = take('--sets', '1,2,3,4').split(',').map(Number);
  const rounds = Number(take('--rounds', '300'));
  const kindIndex = Number(take('--kind-index', '0'));
  const flags = Object.fromEntries(Object.entries(extra).map(([flag, fallback]) => [flag, take(flag, fallback)]));
  const dataDir = args.shift();
  const kind = fixedKind ?? args.shift();
  const [seedText = '1', changes = '{}'] = args;
  if (!dataDir || !kind || !pick.every((k) => k >= 1 && k <= 4)) {
    const extras = Object.keys(extra).map((flag) => ` [${flag} V]`).join('');
    process.stderr.write(`usage: ${script} DATA_DIR ${fixedKind ? '' : 'KIND '}SEED ['{"PARAM":VALUE}'] [--sets 3,4] [--rounds N] [--kind-index K]${extras}\n`);
    process.exit(2);
  }
  const P = { ...EXTRACTION_PARAMETERS, ...JSON.parse(changes) };
  const D = `${dataDir}/fvc2002`;
  const all = [`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`];
  const sets = await readEvalSets(pick.map((k) => all[k - 1]));
  return { pick, rounds, kindIndex, flags, dataDir, kind, seed: Number(seedText), changes, P, sets };
}

/**
 * The field stages of `prepareAnalysis` under parameters P, re-run for an oracle (the learned
 * restoration and the faded repair left out: both are off in the shipped parameters):
 * - `rereadPeriod(w, orientation, mask)`: the period map read again along another field on an
 *   analysis `w`'s pixels (and its network run's map, as the parameters say);
 * - `fieldsWithin(image, mask)`: the image's fields measured inside another foreground mask (the
 *   classical field, the network's field and run, the period), as if segmentation had kept that area.
 */
export function fieldReaders(P) {
  const rereadPeriod = (w, orientation, mask) => {
    let f = estimateRidgeFrequency(w.normalized, orientation, mask.blocks, P);
    if (P.frequencyFromRidgeNet > 0) f = frequencyFromRidgeNet(f, w.ridgeNetRun ?? null, orientation, mask, w.width, w.height, P);
    return f;
  };
  const fieldsWithin = (image, mask) => {
    const f = prepareFields(image, P);
    let orientation = computeOrientationField(f.orientationGradients, mask.blocks, P);
    let run = null;
    if (P.orientationFromRidgeNet > 0) ({ orientation, run } = readFieldFromRidgeNet(orientation, f.normalized, mask, P));
    let frequency = estimateRidgeFrequency(f.normalized, orientation, mask.blocks, P);
    if (P.frequencyFromRidgeNet > 0) frequency = frequencyFromRidgeNet(frequency, run, orientation, mask, image.width, image.height, P);
    return { width: image.width, height: image.height, mask, normalized: f.normalized, orientation, frequency, ...(run ? { ridgeNetRun: run } : {}) };
  };
  return { rereadPeriod, fieldsWithin };
}

/**
 * The oracles' self-check on one perturbed image: whether the shipped row's template (`shipped`) differs
 * from the shipped extraction (`analyzeFingerprint` + `extractFromAnalysis` under P); it also warns on
 * stderr when the fields read inside the analysis `w`'s own mask are not its own fields.
 */
export function shippedRowDiffers(P, fieldsWithin, label, i, image, w, shipped) {
  if (w) {
    const own = fieldsWithin(image, w.mask);
    if (!own.orientation.angle.every((v, b) => v === w.orientation.angle[b]) || !own.frequency.period.every((v, b) => v === w.frequency.period[b])) process.stderr.write(`${label} image ${i}: fields read in the own mask differ from the analysis's\n`);
  }
  let t = null;
  try { t = extractFromAnalysis(image, analyzeFingerprint(image, P), P, NO_DEBUG); } catch { t = null; }
  return JSON.stringify(t?.minutiae ?? null) !== JSON.stringify(shipped?.minutiae ?? null);
}

/**
 * The oracles' table: per variant (`names`, one of them 'shipped'), the mean all-pairs EER % over the
 * sets (`scored[j]`: one scoreEvalSet result per set), the per-set EERs, and the paired change against
 * 'shipped' with a 95 % interval from resampling whole fingers (`rounds`, drawn from `seed`).
 */
export function variantEerRows(names, scored, rounds, seed) {
  const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
  const s = names.indexOf('shipped');
  const est = bootstrapErrorRates(scored, (r) => {
    const m = r.map((x) => mean(x.map((e) => e.eer)));
    return [...m, ...m.map((v) => v - m[s])];
  }, { rounds, random: createRng(mixSeed(seed, 0)).next });
  const pct = (v) => (v * 100).toFixed(2);
  const n = names.length;
  return Object.fromEntries(names.map((name, j) => [name, {
    mean: pct(est[j].value),
    sets: scored[j].map((x) => pct(allPairsErrorRates(x).eer)).join(' / '),
    ...(j !== s ? { againstShipped: `${pct(est[n + j].value)} [${pct(est[n + j].low)}, ${pct(est[n + j].high)}]` } : {}),
  }]));
}
