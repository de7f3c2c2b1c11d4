// CPU time of preparing a template (prepareTemplate), ordinary and single-use, and a hash of
// every prepared array (to check a change keeps the bits). Templates: the FVC2002 ISO fixtures
// under tests/fixtures (SecuGen's extraction: DB1_B's 80 and DB2_B's one; no maps). Each round
// prepares every template REPS times in each mode with each build (BUILD_DIR, and BASE_DIR when
// given), the builds in a turning order; CPU µs per preparation from process.cpuUsage, the median
// over rounds and, with a base, the paired ratio's 95 % interval over rounds (t on the logs).
// SET `synthetic`: instead, the 80 fingers of `afis bench search`'s first 8 gallery subjects (seed
// 20261124, impression 0; minutiae in quality order, not in y order as SecuGen's; no maps), the
// templates 1:N's second stage prepares.
// Usage: npm run build && node bench/matching/prepare-speed.mjs [ROUNDS=8] [REPS=20] [BUILD_DIR=.] [BASE_DIR] [SET=fvc|synthetic]
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve, join } from 'node:path';
const [roundsArg = '8', repsArg = '20', buildArg = '.', baseArgGiven, setArg = 'fvc'] = process.argv.slice(2);
const baseArg = baseArgGiven === '' || baseArgGiven === '-' ? undefined : baseArgGiven;
const rounds = Number(roundsArg), reps = Number(repsArg);
const load = async (dir) => {
  const d = resolve(dir, 'dist');
  const ma = await import(`${d}/matching/index.js`);
  const iso = await import(`${d}/formats/iso19794-2/index.js`);
  return { name: dir, prepare: ma.prepareTemplate, iso };
};
const builds = [await load(buildArg)];
if (baseArg !== undefined) builds.push(await load(baseArg));
const root = resolve(buildArg, 'tests/fixtures/iso19794-2/fvc2002-secugen');
const files = ['DB1_B', 'DB2_B'].flatMap((db) => readdirSync(join(root, db)).filter((f) => f.endsWith('.iso')).sort().map((f) => join(root, db, f)));
let templates = files.map((f) => builds[0].iso.isoToTemplate(readFileSync(f), 0, builds[0].iso.SAME_PLACEMENT));
if (setArg === 'synthetic') {
  const sy = await import(`${resolve(buildArg, 'dist')}/synthetic/index.js`);
  templates = [];
  for (let s = 0; s < 8; s++) for (const im of sy.generateSyntheticTenPrint(20261124, s, 0)) templates.push(sy.impressionToTemplate(im));
} else if (setArg !== 'fvc') throw new Error(`unknown set ${setArg}`);
const modes = [['ordinary', undefined], ['single-use', { singleUse: true }]];

function hashOf(prepare, opts) {
  const h = createHash('sha256');
  for (const t of templates) {
    const p = prepare(t, undefined, opts);
    for (const k of Object.keys(p).sort()) {
      const v = p[k];
      if (ArrayBuffer.isView(v)) { h.update(k); h.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)); }
      else if (typeof v === 'number' || typeof v === 'boolean') h.update(`${k}=${v};`);
      else if (v === null || v === undefined) h.update(`${k}=null;`);
      else h.update(`${k}=obj;`);
    }
  }
  return h.digest('hex').slice(0, 16);
}
for (const b of builds) for (const [m, o] of modes) console.log(`hash ${b.name} ${m}: ${hashOf(b.prepare, o)}`);

let sink = 0;
function time(prepare, opts) {
  const c0 = process.cpuUsage();
  for (let r = 0; r < reps; r++) for (const t of templates) sink += prepare(t, undefined, opts).count;
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / (reps * templates.length);
}
// warm-up
for (const b of builds) for (const [, o] of modes) time(b.prepare, o);
const us = builds.map(() => modes.map(() => []));
for (let r = 0; r < rounds; r++) {
  const order = r % 2 === 0 ? builds.map((_, i) => i) : builds.map((_, i) => i).reverse();
  for (let mi = 0; mi < modes.length; mi++) for (const bi of order) us[bi][mi].push(time(builds[bi].prepare, modes[mi][1]));
}
const med = (a) => { const s = [...a].sort((x, y) => x - y); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const T975 = [0, 12.71, 4.30, 3.18, 2.78, 2.57, 2.45, 2.36, 2.31, 2.26, 2.23, 2.20, 2.18, 2.16, 2.14, 2.13, 2.12, 2.11, 2.10, 2.09, 2.09];
for (let mi = 0; mi < modes.length; mi++) {
  const line = builds.map((b, bi) => `${b.name} ${med(us[bi][mi]).toFixed(2)} µs`).join(', ');
  let ratio = '';
  if (builds.length === 2) {
    const l = us[0][mi].map((v, r) => Math.log(v / us[1][mi][r]));
    const m = l.reduce((a, b) => a + b, 0) / l.length;
    const sd = Math.sqrt(l.reduce((a, b) => a + (b - m) ** 2, 0) / (l.length - 1));
    const hw = (T975[Math.min(l.length - 1, 20)] || 2) * sd / Math.sqrt(l.length);
    ratio = `; ratio ${Math.exp(m).toFixed(3)} [${Math.exp(m - hw).toFixed(3)}, ${Math.exp(m + hw).toFixed(3)}]`;
  }
  console.log(`${modes[mi][0]} (${templates.length} templates × ${reps}, ${rounds} rounds, median CPU per preparation): ${line}${ratio}`);
}
if (sink === 0) console.log('');
