#!/usr/bin/env node
// A/B of two builds of the extraction in one process (issue 12): first that they give the same
// templates bit for bit, then their speed in alternated rounds (CPU time of this process).
//
//   node bench/extraction/ab-extraction.mjs DATA_DIR BUILD_A BUILD_B [--rounds N] [--deep] [--set NAME=VALUE]… [--no-kernel] [--hash-only]
//
// BUILD_A/B: folders holding a built dist/ (e.g. `git worktree add --detach ../ab-base COMMIT`,
// then `npm ci && npm run build` there; `.` is this checkout). DATA_DIR holds fvc2002/DB1_B …
// DB4_B (DB2 read at 569 ppi, decoded by BUILD_A). Identity: the SHA-256 of the JSON of all 320
// templates; with --deep also of the analysis's arrays (enhanced and normalised image, masks,
// orientation field, period map). --set changes an extraction parameter for both builds (to
// check an option that is off by default). --no-kernel turns the WebAssembly kernel off in both
// builds (useEnhanceKernel(false)), so the JavaScript enhancement and signature paths are the
// ones compared and timed. Speed: each round extracts all 320 images with each
// build, the order of the builds alternating from round to round; per round the median CPU ms
// per image, and the paired ratio B/A. Figures in bench/RESULTS.md ("Extraction and 1:1
// matching speed").
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAbArguments } from '../ab-arguments.mjs';

const { args, dataDir, roots, option, flag, dist: distOf } = parseAbArguments('ab-extraction.mjs DATA_DIR BUILD_A BUILD_B [--rounds N] [--deep] [--set NAME=VALUE]… [--no-kernel] [--hash-only]');
const rounds = Number(option('--rounds', '5'));
const deep = flag('--deep');
const load = async (root) => {
  const dist = (p) => distOf(root, p);
  const extraction = await import(dist('extraction/index.js'));
  if (flag('--no-kernel')) (await import(dist('extraction/load-enhance-kernel.js'))).useEnhanceKernel(false);
  const { EXTRACTION_PARAMETERS } = await import(dist('config/parameters.js'));
  const parameters = { ...EXTRACTION_PARAMETERS };
  for (const item of args.flatMap((a, i) => (a === '--set' ? [args[i + 1]] : []))) {
    const [name, value] = item.split('=');
    if (!(name in parameters) || !Number.isFinite(Number(value))) throw new Error(`--set ${item}: expected NAME=NUMBER of an extraction parameter`);
    parameters[name] = Number(value);
  }
  return { extraction, parameters, capture: await import(dist('capture/index.js')) };
};
const builds = [await load(roots[0]), await load(roots[1])];
const images = [];
for (const set of ['DB1_B', 'DB2_B', 'DB3_B', 'DB4_B']) {
  const dir = resolve(dataDir, 'fvc2002', set);
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.tif')).sort()) {
    images.push(await builds[0].capture.decodeCapture(new Uint8Array(readFileSync(resolve(dir, f))), set === 'DB2_B' ? { ppi: 569 } : {}));
  }
}

const bytes = (a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
const digest = ({ extraction, parameters }) => {
  const h = createHash('sha256');
  for (const image of images) {
    h.update(JSON.stringify(extraction.extractTemplate(image, { parameters })));
    if (!deep) continue;
    const a = extraction.analyzeFingerprint(image, parameters);
    for (const arr of [a.enhanced.data, a.normalized.data, a.mask.pixels, a.mask.blocks, a.orientation.angle, a.orientation.coherence, a.orientation.cos2, a.orientation.sin2, a.frequency.period]) h.update(bytes(arr));
  }
  return h.digest('hex');
};
const hashes = builds.map(digest);
console.log(`A ${hashes[0]}\nB ${hashes[1]}\n${hashes[0] === hashes[1] ? 'identical' : 'DIFFERENT'} (${images.length} templates${deep ? ' and analyses' : ''})`);
if (flag('--hash-only')) process.exit(hashes[0] === hashes[1] ? 0 : 1);

const pass = ({ extraction, parameters }) => {
  const cpu = [];
  for (const image of images) {
    const c0 = process.cpuUsage();
    extraction.extractTemplate(image, { parameters });
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return median(cpu);
};
const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
const ms = [[], []];
for (let r = 0; r < rounds; r++) {
  const order = r % 2 ? [1, 0] : [0, 1];
  for (const b of order) ms[b].push(pass(builds[b]));
}
const ratios = ms[0].map((a, r) => ms[1][r] / a);
const f = (xs) => xs.map((x) => x.toFixed(1)).join(' ');
console.log(`CPU ms per image (median of 320), round by round\nA ${f(ms[0])}  median ${median(ms[0]).toFixed(1)}\nB ${f(ms[1])}  median ${median(ms[1]).toFixed(1)}`);
console.log(`paired ratio B/A ${ratios.map((x) => x.toFixed(3)).join(' ')}  median ${median(ratios).toFixed(3)}`);
process.exit(hashes[0] === hashes[1] ? 0 : 1);
