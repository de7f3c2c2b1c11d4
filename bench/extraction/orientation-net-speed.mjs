#!/usr/bin/env node
// CPU cost of the learned orientation restoration (`orientationNetBlend`, models/orientation-net.md):
// every STEP-th image of the four FVC2002 B sets extracted with the option off and on, alternating
// in one process (so both see the same load), ROUNDS rounds; per round the median CPU ms per image
// of each and the median paired difference; and the network's own call (features + run + blend)
// timed alone.
//   node bench/extraction/orientation-net-speed.mjs DATA_DIR MODEL.onnx [STEP] [ROUNDS]
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { extractTemplate, prepareFields, restoreOrientationField, useOrientationNetModel } from '../../dist/extraction/index.js';

const [dataDir, model, stepText = '4', roundsText = '3'] = process.argv.slice(2);
if (!dataDir || !model) {
  process.stderr.write('usage: orientation-net-speed.mjs DATA_DIR MODEL.onnx [STEP] [ROUNDS]\n');
  process.exit(2);
}
useOrientationNetModel(model);
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const images = sets.flatMap((s) => s.items.filter((it, i) => it && 'image' in it && i % Number(stepText) === 0).map((it) => it.image));
const off = EXTRACTION_PARAMETERS;
const on = { ...EXTRACTION_PARAMETERS, orientationNetBlend: 1 };
const cpu = (f) => {
  const t = process.cpuUsage();
  f();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
};
const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];
for (const im of images.slice(0, 4)) extractTemplate(im, { parameters: on }); // load the model, warm up
const rounds = [];
for (let r = 0; r < Number(roundsText); r++) {
  const a = [], b = [], net = [];
  for (const [i, im] of images.entries()) {
    const first = (i + r) % 2 === 0;
    const ta = first ? cpu(() => extractTemplate(im, { parameters: off })) : 0;
    const tb = cpu(() => extractTemplate(im, { parameters: on }));
    a.push(first ? ta : cpu(() => extractTemplate(im, { parameters: off })));
    b.push(tb);
    const f = prepareFields(im, off);
    net.push(cpu(() => restoreOrientationField(f.orientation, f.grey, im.width, im.height, f.orientationGradients, f.mask.blocks, on)));
  }
  rounds.push({ offMs: +median(a).toFixed(2), onMs: +median(b).toFixed(2), pairedMs: +median(b.map((x, i) => x - a[i])).toFixed(2), netMs: +median(net).toFixed(2) });
}
process.stdout.write(`${JSON.stringify({ images: images.length, model, rounds })}\n`);
