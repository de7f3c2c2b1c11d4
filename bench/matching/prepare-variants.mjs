// CPU time of single-use preparation (prepareTemplate with { singleUse: true }, the form 1:N's second
// stage prepares) and, with `cyl`, of a template's cylinders (buildMinutiaCylinders with its hull,
// no radial table, as cylinder-speed.mjs), for several builds at once, paired: each round times
// every build in a turning order (rotated by the round), in blocks of REPS passes over the
// templates; the ratio of each build to the first is the exp of the mean log ratio over rounds with
// a t interval (95 %). Templates: SET `synthetic` (default; the 80 fingers of `afis bench search`'s
// first 8 gallery subjects, as prepare-speed.mjs), `fvc` (the SecuGen fixtures) or `both`.
// Prints each build's hash of every prepared array (and cylinder array) first.
// Usage: npm run build && node bench/matching/prepare-variants.mjs ROUNDS REPS WHAT=prep|cyl SET BUILD_DIR...
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve, join } from 'node:path';
const [roundsArg, repsArg, what = 'prep', setArg = 'synthetic', ...dirs] = process.argv.slice(2);
const rounds = Number(roundsArg), reps = Number(repsArg);
const builds = [];
for (const dir of dirs) {
  const d = resolve(dir, 'dist');
  builds.push({
    name: dir,
    prepare: (await import(`${d}/matching/index.js`)).prepareTemplate,
    hull: (await import(`${d}/matching/prepare-template.js`)).minutiaHull,
    build: (await import(`${d}/matching/build-minutia-cylinders.js`)).buildMinutiaCylinders,
  });
}
const first = resolve(dirs[0], 'dist');
const iso = await import(`${first}/formats/iso19794-2/index.js`);
const sy = await import(`${first}/synthetic/index.js`);
let templates = [];
if (setArg === 'fvc' || setArg === 'both') {
  const root = resolve(dirs[0], 'tests/fixtures/iso19794-2/fvc2002-secugen');
  for (const db of ['DB1_B', 'DB2_B']) for (const f of readdirSync(join(root, db)).filter((x) => x.endsWith('.iso')).sort()) templates.push(iso.isoToTemplate(readFileSync(join(root, db, f)), 0, iso.SAME_PLACEMENT));
}
if (setArg === 'synthetic' || setArg === 'both') for (let s = 0; s < 8; s++) for (const im of sy.generateSyntheticTenPrint(20261124, s, 0)) templates.push(sy.impressionToTemplate(im));
const opts = { singleUse: true };
const inputs = builds.map((b) => templates.map((t) => { const p = b.prepare(t); return { p, hull: b.hull(p) }; }));
function hashOf(bi) {
  const h = createHash('sha256');
  const add = (o) => {
    for (const k of Object.keys(o).sort()) {
      const v = o[k];
      if (ArrayBuffer.isView(v)) { h.update(k); h.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)); } else h.update(`${k}=${typeof v === 'object' && v !== null ? 'obj' : v};`);
    }
  };
  for (const t of templates) add(builds[bi].prepare(t, undefined, opts));
  for (const { p, hull } of inputs[bi]) add(builds[bi].build(p.count, p.x, p.y, p.theta, p.angle, hull, undefined, false));
  return h.digest('hex').slice(0, 16);
}
for (let bi = 0; bi < builds.length; bi++) console.log(`hash ${builds[bi].name}: ${hashOf(bi)}`);
let sink = 0;
function time(bi) {
  const b = builds[bi];
  const c0 = process.cpuUsage();
  if (what === 'cyl') { for (let r = 0; r < reps; r++) for (const { p, hull } of inputs[bi]) sink += b.build(p.count, p.x, p.y, p.theta, p.angle, hull, undefined, false).ones[0]; }
  else for (let r = 0; r < reps; r++) for (const t of templates) sink += b.prepare(t, undefined, opts).count;
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / (reps * templates.length);
}
for (let bi = 0; bi < builds.length; bi++) { time(bi); time(bi); }
const us = builds.map(() => []);
for (let r = 0; r < rounds; r++) for (let k = 0; k < builds.length; k++) { const bi = (k + r) % builds.length; us[bi].push(time(bi)); }
const med = (a) => { const s = [...a].sort((x, y) => x - y); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const T975 = [0, 12.71, 4.30, 3.18, 2.78, 2.57, 2.45, 2.36, 2.31, 2.26, 2.23, 2.20, 2.18, 2.16, 2.14, 2.13, 2.12, 2.11, 2.10, 2.09, 2.09, 2.08, 2.07, 2.07, 2.06, 2.06, 2.06, 2.05, 2.05, 2.05, 2.04];
for (let bi = 0; bi < builds.length; bi++) {
  let ratio = '';
  if (bi > 0) {
    const l = us[bi].map((v, r) => Math.log(v / us[0][r]));
    const m = l.reduce((a, b) => a + b, 0) / l.length;
    const sd = Math.sqrt(l.reduce((a, b) => a + (b - m) ** 2, 0) / (l.length - 1));
    const hw = (T975[Math.min(l.length - 1, 30)] || 2) * sd / Math.sqrt(l.length);
    ratio = ` / first ${Math.exp(m).toFixed(3)} [${Math.exp(m - hw).toFixed(3)}, ${Math.exp(m + hw).toFixed(3)}]`;
  }
  console.log(`${what} ${setArg} ${builds[bi].name}: ${med(us[bi]).toFixed(2)} µs (median of ${rounds} rounds × ${reps} × ${templates.length})${ratio}`);
}
if (sink === 0) console.log('');
