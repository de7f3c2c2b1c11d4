// CPU time of building a template's Minutia Cylinder-Code cylinders (buildMinutiaCylinders, with
// the template's hull as cylindersOf gives it, no radial table: the single-use form 1:N builds), and
// a hash of every cylinder array (to check a change keeps the bits). Templates as prepare-speed.mjs:
// SET `fvc` the FVC2002 ISO fixtures under tests/fixtures (DB1_B's 80 and DB2_B's one); SET
// `synthetic` the 80 fingers of `afis bench search`'s first 8 gallery subjects (seed 20261124,
// impression 0). Each round builds every template's cylinders REPS times with each build
// (BUILD_DIR, and BASE_DIR when given), the builds in a turning order; CPU µs per template from
// process.cpuUsage, the median over rounds and, with a base, the paired ratio's 95 % interval over
// rounds (t on the logs).
// Usage: npm run build && node bench/matching/cylinder-speed.mjs [ROUNDS=8] [REPS=20] [BUILD_DIR=.] [BASE_DIR] [SET=fvc|synthetic]
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve, join } from 'node:path';
const [roundsArg = '8', repsArg = '20', buildArg = '.', baseArgGiven, setArg = 'fvc'] = process.argv.slice(2);
const baseArg = baseArgGiven === '' || baseArgGiven === '-' ? undefined : baseArgGiven;
const rounds = Number(roundsArg), reps = Number(repsArg);
const load = async (dir) => {
  const d = resolve(dir, 'dist');
  const ma = await import(`${d}/matching/index.js`);
  const pt = await import(`${d}/matching/prepare-template.js`);
  const cy = await import(`${d}/matching/build-minutia-cylinders.js`);
  const iso = await import(`${d}/formats/iso19794-2/index.js`);
  return { name: dir, prepare: ma.prepareTemplate, hull: pt.minutiaHull, build: cy.buildMinutiaCylinders, iso };
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
// each build's own prepared templates and hulls (prepared once, outside the timing)
const inputs = builds.map((b) => templates.map((t) => { const p = b.prepare(t); if (!p.theta) throw new Error('prepared without cylinders (mccWeight 0)'); return { p, hull: b.hull(p) }; }));

function hashOf(bi) {
  const h = createHash('sha256');
  for (const { p, hull } of inputs[bi]) {
    const c = builds[bi].build(p.count, p.x, p.y, p.theta, p.angle, hull, undefined, true);
    for (const k of Object.keys(c).sort()) {
      const v = c[k];
      h.update(k);
      if (k === 'radial') h.update(String(v.length));
      else h.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    }
  }
  return h.digest('hex').slice(0, 16);
}
builds.forEach((b, bi) => console.log(`hash ${b.name}: ${hashOf(bi)}`));

let sink = 0;
function time(bi) {
  const b = builds[bi], ins = inputs[bi];
  const c0 = process.cpuUsage();
  for (let r = 0; r < reps; r++) for (const { p, hull } of ins) sink += b.build(p.count, p.x, p.y, p.theta, p.angle, hull, undefined, false).ones.length;
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / (reps * ins.length);
}
for (let bi = 0; bi < builds.length; bi++) time(bi); // warm-up
const us = builds.map(() => []);
for (let r = 0; r < rounds; r++) {
  const order = r % 2 === 0 ? builds.map((_, i) => i) : builds.map((_, i) => i).reverse();
  for (const bi of order) us[bi].push(time(bi));
}
const med = (a) => { const s = [...a].sort((x, y) => x - y); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const T975 = [0, 12.71, 4.30, 3.18, 2.78, 2.57, 2.45, 2.36, 2.31, 2.26, 2.23, 2.20, 2.18, 2.16, 2.14, 2.13, 2.12, 2.11, 2.10, 2.09, 2.09];
const line = builds.map((b, bi) => `${b.name} ${med(us[bi]).toFixed(2)} µs`).join(', ');
let ratio = '';
if (builds.length === 2) {
  const l = us[0].map((v, r) => Math.log(v / us[1][r]));
  const m = l.reduce((a, b) => a + b, 0) / l.length;
  const sd = Math.sqrt(l.reduce((a, b) => a + (b - m) ** 2, 0) / (l.length - 1));
  const hw = (T975[Math.min(l.length - 1, 20)] || 2) * sd / Math.sqrt(l.length);
  ratio = `; ratio ${Math.exp(m).toFixed(3)} [${Math.exp(m - hw).toFixed(3)}, ${Math.exp(m + hw).toFixed(3)}]`;
}
console.log(`cylinders (${templates.length} templates × ${reps}, ${rounds} rounds, median CPU per template): ${line}${ratio}`);
if (sink === 0) console.log('');
