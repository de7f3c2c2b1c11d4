#!/usr/bin/env node
// Clean leave-one-set-out cross-validation of `ridgeNetBlend` (off against VALUES) with a chosen
// learned ridge enhancer model file: what `afis eval cv --param ridgeNetBlend --values 0,V
// --rounds 300` gives with models/ridge-net.onnx, for a model trained elsewhere (e.g. in /tmp)
// without replacing the shipped file (useRidgeNetModel). Same sets (FVC2002 B, DB2 at 569 ppi),
// same bootstrap (seed 1, 300 rounds by default) and same JSON as the CLI's `parameter` part.
//
//   node bench/extraction/ridge-net-cv.mjs DATA_DIR MODEL [VALUES] [ROUNDS]   (VALUES default 0,0.5)
//
// Figures in bench/RESULTS.md (wetnet).
import { crossValidateFolders } from '../../dist/cli/commands/eval-cross-validation.js';
import { useRidgeNetModel } from '../../dist/extraction/index.js';

const [dataDir, model, valuesText = '0,0.5', roundsText = '300'] = process.argv.slice(2);
if (!dataDir || !model) {
  process.stderr.write('usage: ridge-net-cv.mjs DATA_DIR MODEL [VALUES] [ROUNDS]\n');
  process.exit(2);
}
const D = `${dataDir}/fvc2002`;
useRidgeNetModel(model);
const r = await crossValidateFolders([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`], {
  parameter: 'ridgeNetBlend', values: valuesText.split(',').map(Number), rounds: Number(roundsText), seed: 1,
});
const pct = (e) => `${(e.value * 100).toFixed(2)} [${(e.low * 100).toFixed(2)}, ${(e.high * 100).toFixed(2)}]`;
const p = r.parameter;
console.log(JSON.stringify({
  model, meanEer: pct(r.meanEer), crossValidatedMeanEer: pct(p.crossValidatedMeanEer), change: pct(p.change), improves: p.improves,
  folds: p.folds, perCandidate: p.perCandidate,
}, null, 2));
