// Extraction speed on the FVC2002 B images (320 images, DB2 resampled from 569 ppi), one thread:
// median and p90 of wall time and of this process's CPU time per image (the machine is shared,
// so CPU time is the steadier estimate of one free core). One warm-up pass, then one timed pass.
// With --onnx, the ONNX Gabor-bank enhancer (models/gabor-bank.onnx) replaces the JS filter;
// --set NAME=VALUE (repeatable) changes an extraction parameter, e.g. minutiaCheckThreshold=0.1
// (the learned minutia check, models/minutia-check.onnx).
// --perturb KIND [--seed S]: time the images as the perturbation suite draws them (the images of
// `bench/extraction/paired-option.mjs DATA JSON KIND S`, i.e. `afis eval perturb --kinds KIND --seed
// S`), e.g. dry+low-contrast+crop+frame, where the learned ridge enhancer's per-print gate opens.
// RIDGE_NET_FIELD_MODEL (env): the model file `orientationFromRidgeNet` reads (useRidgeNetFieldModel;
// default models/ridge-net-field.onnx), e.g. models/ridge-net.onnx to time the field with the full network
// (or --set orientationFromRidgeNetModel=1). With orientationFromRidgeNet > 0 the JSON also gives
// fieldNetRuns: the share of prints whose field ran the network and its box's mean area (untimed pass).
// RIDGE_NET_WET_MODEL (env): the wet gate's model file (useRidgeNetWetModel; read only with
// --set ridgeNetWetGate=T > 0), e.g. /tmp/realnet/fold-DB3-int8.onnx.
// --int8-form signed|unsigned|auto: the integer kernels the int8 ridge network runs with (useInt8WeightForm;
// default auto: signed on a CPU with VNNI, unsigned elsewhere; bench/RESULTS.md "cpuq", "x64q").
// Usage: npm run build && node bench/extraction/extraction-speed.mjs [--onnx] [--set NAME=VALUE] [--perturb KIND [--seed S]] [--int8-form FORM] [--json]
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeCapture } from '../../dist/capture/index.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { OnnxRidgeEnhancer, extractTemplate, prepareAnalysis, ridgeNetBox, useRidgeNetFieldModel, useRidgeNetWetModel } from '../../dist/extraction/index.js';
import { useInt8WeightForm } from '../../dist/extraction/load-onnx-session.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

if (process.env.RIDGE_NET_FIELD_MODEL) useRidgeNetFieldModel(process.env.RIDGE_NET_FIELD_MODEL);
if (process.env.RIDGE_NET_WET_MODEL) useRidgeNetWetModel(process.env.RIDGE_NET_WET_MODEL);
const onnx = process.argv.includes('--onnx') ? await OnnxRidgeEnhancer.create() : null;
const json = process.argv.includes('--json');
const sets = process.argv.flatMap((a, i) => (a === '--set' ? [process.argv[i + 1]] : []));
const parameters = { ...EXTRACTION_PARAMETERS };
for (const item of sets) {
  const [name, value] = item.split('=');
  if (!(name in parameters) || !Number.isFinite(Number(value))) throw new Error(`--set ${item}: expected NAME=NUMBER of an extraction parameter`);
  parameters[name] = Number(value);
}
const option = (name) => { const i = process.argv.indexOf(name); return i >= 0 ? process.argv[i + 1] : undefined; };
if (option('--int8-form') !== undefined) useInt8WeightForm(option('--int8-form'));
const kind = option('--perturb');
const seed = Number(option('--seed') ?? '1');
const root = fileURLToPath(new URL('../../../shared/data/fvc2002/', import.meta.url));
const images = [];
for (const [k, set] of ['DB1_B', 'DB2_B', 'DB3_B', 'DB4_B'].entries()) {
  const files = readdirSync(root + set).filter((n) => n.endsWith('.tif')).sort();
  for (const [i, f] of files.entries()) {
    const image = await decodeCapture(new Uint8Array(readFileSync(`${root}${set}/${f}`)), set === 'DB2_B' ? { ppi: 569 } : {});
    images.push({ set, image: kind ? perturbImage(image, kind, mixSeed(seed, 0, k, i)).image : image });
  }
}
const run = async (img) => (onnx ? onnx.extractTemplate(img, { parameters }) : extractTemplate(img, { parameters }));
for (const { image } of images) await run(image);
const wall = [];
const cpu = [];
const perSet = {};
for (const { set, image } of images) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await run(image);
  const w = performance.now() - t0;
  const c = process.cpuUsage(c0);
  wall.push(w);
  cpu.push((c.user + c.system) / 1000);
  (perSet[set] ??= []).push(w);
}
const q = (xs, p) => {
  const s = xs.slice().sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))] * 10) / 10;
};
// with the field read from the ridge network on (untimed, after the timed pass): the share of
// prints whose field ran the network, and its box's mean area over the prints that ran it, as a
// share of the image and of the whole-print box the ungated option runs on
let fieldRuns;
if (parameters.orientationFromRidgeNet > 0) {
  let ran = 0;
  let ofImage = 0;
  let ofPrint = 0;
  for (const { image } of images) {
    let a;
    try { a = prepareAnalysis(image, parameters); } catch { continue; }
    if (!a.ridgeNetRun) continue;
    const { x0, y0, x1, y1 } = a.ridgeNetRun.box;
    const whole = ridgeNetBox(a.mask.blocks, a.mask.grid, a.width, a.height);
    ran++;
    ofImage += ((x1 - x0) * (y1 - y0)) / (a.width * a.height);
    ofPrint += ((x1 - x0) * (y1 - y0)) / ((whole.x1 - whole.x0) * (whole.y1 - whole.y0));
  }
  const r3 = (x) => Math.round(x * 1000) / 1000;
  fieldRuns = { share: r3(ran / images.length), meanBoxOfImage: r3(ran ? ofImage / ran : 0), meanBoxOfPrintBox: r3(ran ? ofPrint / ran : 0) };
}
const result = {
  enhancer: onnx ? 'onnx-gabor-bank' : 'js-separable',
  set: sets,
  ...(process.env.RIDGE_NET_FIELD_MODEL ? { fieldModel: process.env.RIDGE_NET_FIELD_MODEL } : {}),
  ...(kind ? { perturb: kind, seed } : {}),
  images: images.length,
  wallMsMedian: q(wall, 0.5),
  wallMsP90: q(wall, 0.9),
  cpuMsMedian: q(cpu, 0.5),
  cpuMsP90: q(cpu, 0.9),
  wallMsMedianPerSet: Object.fromEntries(Object.entries(perSet).map(([k, v]) => [k, q(v, 0.5)])),
  ...(fieldRuns ? { fieldNetRuns: fieldRuns } : {}),
};
if (json) console.log(JSON.stringify(result));
else {
  console.log(`enhancer ${result.enhancer}, ${result.images} images, one thread`);
  console.log('              median    p90');
  console.log(`wall ms    ${String(result.wallMsMedian).padStart(8)} ${String(result.wallMsP90).padStart(6)}`);
  console.log(`CPU ms     ${String(result.cpuMsMedian).padStart(8)} ${String(result.cpuMsP90).padStart(6)}`);
  console.log('per set (wall median ms):', JSON.stringify(result.wallMsMedianPerSet));
  if (fieldRuns) console.log('field network runs:', JSON.stringify(fieldRuns));
}
