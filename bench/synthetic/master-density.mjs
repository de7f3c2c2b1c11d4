// Where do a master's minutiae come from (no extraction, no matcher)? For masters of
// `generateMasterPrint` (persons × positions 1–10 of one seed), the ground-truth minutiae away
// from singular points (≥ 64 px) and from the finger border (≥ 30 px inside the finger area), per
// cm² of that zone: all, "paired" (nearest neighbour closer than 20 px and pointing the other way,
// > 150°: the facing pairs of bench/synthetic/facing-pairs.mjs) and lone (the rest). Compare
// with real prints as our extraction reads them (core-density.mjs, facing-pairs.mjs): 18.4 per
// cm² away from singular points and borders, 44 % of close neighbours opposite. Also whether the
// minutiae of different masters of one class sit at the same places and point the same way
// (sameClassSense, by distance to the core), and the truth at each model core (coreTruth: minutiae
// within 20 px, their sense against the ray from the core, how settled the pattern is there).
// `npm run build && nice -n 19 node bench/synthetic/master-density.mjs [--seed 1] [--persons 20]
//   [--block 32] [--set '{"growthGain":2}'] [--json]`; AFIS_DIST=DIR for another build.
import { pathToFileURL } from 'node:url';

const dist = process.env.AFIS_DIST ? pathToFileURL(process.env.AFIS_DIST.replace(/\/?$/, '/')).href : new URL('../../dist/', import.meta.url).href;
const { SYNTHETIC_IMAGE_PARAMETERS } = await import(`${dist}config/parameters.js`);
const { createRng, mixSeed, generateMasterPrint } = await import(`${dist}synthetic/index.js`);

const arg = (name, def) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : def; };
const seed = Number(arg('--seed', '1'));
const persons = Number(arg('--persons', '20'));
const block = Number(arg('--block', '32'));
const params = { ...SYNTHETIC_IMAGE_PARAMETERS, ...JSON.parse(arg('--set', '{}')) };
const PX_PER_CM2 = (500 / 2.54) ** 2;
const SP_RADIUS = 64, BORDER = 30, CLOSE = 20, OPPOSITE = (150 * Math.PI) / 180;

/** Chamfer (1, √2) distance of every mask pixel to the nearest pixel outside the mask. */
function borderDistance(mask, W, H) {
  const d = new Float32Array(W * H);
  for (let i = 0; i < W * H; i++) d[i] = mask[i] ? 1e9 : 0;
  const pass = (y, x, dy, dx, w) => { const yy = y + dy, xx = x + dx; if (yy < 0 || yy >= H || xx < 0 || xx >= W) return 0; return d[yy * W + xx] + w; };
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    const i = y * W + x; if (!d[i]) continue;
    d[i] = Math.min(d[i], pass(y, x, -1, 0, 1), pass(y, x, 0, -1, 1), pass(y, x, -1, -1, Math.SQRT2), pass(y, x, -1, 1, Math.SQRT2));
  }
  for (let y = H - 1; y >= 0; y--) for (let x = W - 1; x >= 0; x--) {
    const i = y * W + x; if (!d[i]) continue;
    d[i] = Math.min(d[i], pass(y, x, 1, 0, 1), pass(y, x, 0, 1, 1), pass(y, x, 1, 1, Math.SQRT2), pass(y, x, 1, -1, Math.SQRT2));
  }
  return d;
}

const angleBetween = (a, b) => { const d = Math.abs(a - b) % (2 * Math.PI); return d > Math.PI ? 2 * Math.PI - d : d; };

/**
 * The dislocations the flow and the density map force, per the zone: a stripe pattern of ridge
 * normal n and period P has wave vector k = n / P, and its dislocations are where curl k ≠ 0
 * (k in cycles per px: the net dislocation count of a region is ∫ curl k over it). Signed curl
 * is summed over `block`-px squares and the squares' absolute sums added (finer sign changes
 * the pattern absorbs by bending, so this is a lower bound at that scale). Split into the flow's part, curl(n) / P (ridges
 * that fan out or bunch up need ridges inserted even at a constant period), and the density
 * map's part, ∇(1/P) × n (the period changing along the ridges). Central differences over
 * `h` px, n's sign taken from the centre's (orientation is only defined mod π) and turned to
 * the square's first n before summing.
 */
function forcedDislocations(m, inZone, h = 6, block = 32) {
  const { width: W, height: H, orientation: o, period: P } = m;
  const bw = Math.ceil(W / block), nb = bw * Math.ceil(H / block);
  const fa = new Float64Array(nb), fb = new Float64Array(nb), rx = new Float64Array(nb), ry = new Float64Array(nb), ref = new Uint8Array(nb);
  for (let y = h; y < H - h; y += 2) for (let x = h; x < W - h; x += 2) {
    if (!inZone(x, y)) continue;
    const c = o[y * W + x];
    const nx0 = -Math.sin(c), ny0 = Math.cos(c);
    const n = (xx, yy) => { const a = o[yy * W + xx]; let nx = -Math.sin(a), ny = Math.cos(a); if (nx * nx0 + ny * ny0 < 0) { nx = -nx; ny = -ny; } return [nx, ny]; };
    const [nxE, nyE] = n(x + h, y), [nxW, nyW] = n(x - h, y), [nxS, nyS] = n(x, y + h), [nxN, nyN] = n(x, y - h);
    const curlN = ((nyE - nyW) - (nxS - nxN)) / (2 * h);
    const q = (xx, yy) => 1 / P[yy * W + xx];
    const gx = (q(x + h, y) - q(x - h, y)) / (2 * h), gy = (q(x, y + h) - q(x, y - h)) / (2 * h);
    const a = curlN * q(x, y), b = gx * ny0 - gy * nx0;
    // one sign of n per square (n's sign flips where the orientation wraps from π to 0)
    const k = Math.floor(y / block) * bw + Math.floor(x / block);
    if (!ref[k]) { ref[k] = 1; rx[k] = nx0; ry[k] = ny0; }
    const sg = nx0 * rx[k] + ny0 * ry[k] < 0 ? -1 : 1;
    fa[k] += sg * a * 4; fb[k] += sg * b * 4;
  }
  let flow = 0, density = 0, total = 0;
  for (let k = 0; k < nb; k++) { flow += Math.abs(fa[k]); density += Math.abs(fb[k]); total += Math.abs(fa[k] + fb[k]); }
  return { flow, density, total };
}

let area = 0, all = 0, paired = 0, close = 0, closeOpposite = 0, masters = 0, forcedFlow = 0, forcedDensity = 0, forced = 0;
const perMaster = [], spreads = [], medians = [], forSense = [];
// the truth at each model core inside the finger: minutiae within CORE_REACH px, their sense
// against the ray from the core (out ≤ 60°, in ≥ 120°: sideways between), and how settled the
// grown pattern is there (mean |ridges| within 8 px against the finger's)
const CORE_REACH = 20;
const coreTruth = { cores: 0, minutiae: 0, perCoreCount: [0, 0, 0, 0, 0, 0], out: 0, side: 0, in: 0, absCore: 0, absFinger: 0 };
let absCoreN = 0, absFingerN = 0;
const t0 = process.hrtime.bigint();
for (let s = 1; s <= persons; s++) {
  for (let position = 1; position <= 10; position++) {
    const m = generateMasterPrint(createRng(mixSeed(seed, s, position)), position, params);
    const { width: W, height: H, mask, minutiae: mn, pattern } = m;
    const sp = [...pattern.cores, ...pattern.deltas];
    const far = (x, y) => { for (let k = 0; k + 1 < sp.length; k += 2) if ((x - sp[k]) ** 2 + (y - sp[k + 1]) ** 2 < SP_RADIUS ** 2) return false; return true; };
    const d = borderDistance(mask, W, H);
    let zone = 0;
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (d[y * W + x] >= BORDER && far(x, y)) zone++;
    const f = forcedDislocations(m, (x, y) => d[y * W + x] >= BORDER && far(x, y), 6, block);
    forcedFlow += f.flow; forcedDensity += f.density; forced += f.total;
    let n = 0, p = 0;
    for (let i = 0; i < mn.count; i++) {
      const x = mn.x[i], y = mn.y[i];
      if (d[Math.round(y) * W + Math.round(x)] < BORDER || !far(x, y)) continue;
      n++;
      let best = -1, bd = Infinity;
      for (let j = 0; j < mn.count; j++) { if (j === i) continue; const dd = (mn.x[j] - x) ** 2 + (mn.y[j] - y) ** 2; if (dd < bd) { bd = dd; best = j; } }
      if (best >= 0 && bd < CLOSE * CLOSE) {
        close++;
        if (angleBetween(mn.angle[i], mn.angle[best]) > OPPOSITE) { closeOpposite++; p++; }
      }
    }
    // the density map's spread over the finger (p90 − p10), as realism.mjs reads it from the prints
    { const v = []; for (let i = 0; i < mask.length; i += 5) if (mask[i]) v.push(m.period[i]); v.sort((a, b) => a - b); spreads.push(v[Math.floor(0.9 * (v.length - 1))] - v[Math.floor(0.1 * (v.length - 1))]); medians.push(v[Math.floor(0.5 * (v.length - 1))]); }
    area += zone / PX_PER_CM2; all += n; paired += p; masters++;
    for (let i = 0; i < W * H; i++) if (mask[i]) { coreTruth.absFinger += Math.abs(m.ridges[i]); absFingerN++; }
    for (let c = 0; c + 1 < pattern.cores.length; c += 2) {
      const cx = Math.round(pattern.cores[c]), cy = Math.round(pattern.cores[c + 1]);
      if (cx < 8 || cy < 8 || cx >= W - 8 || cy >= H - 8 || !mask[cy * W + cx]) continue;
      coreTruth.cores++;
      let k = 0;
      for (let i = 0; i < mn.count; i++) {
        const dx = mn.x[i] - pattern.cores[c], dy = mn.y[i] - pattern.cores[c + 1];
        if (dx * dx + dy * dy > CORE_REACH ** 2) continue;
        k++;
        const a = angleBetween(mn.angle[i], Math.atan2(-dy, dx)); // Template angles: y up
        if (a <= Math.PI / 3) coreTruth.out++; else if (a >= (2 * Math.PI) / 3) coreTruth.in++; else coreTruth.side++;
      }
      coreTruth.minutiae += k; coreTruth.perCoreCount[Math.min(5, k)]++;
      for (let y = -8; y <= 8; y++) for (let x = -8; x <= 8; x++) if (x * x + y * y <= 64) { coreTruth.absCore += Math.abs(m.ridges[(cy + y) * W + cx + x]); absCoreN++; }
    }
    if (pattern.cores.length >= 2) {
      const rel = [];
      for (let i = 0; i < mn.count; i++) rel.push({ x: mn.x[i] - pattern.cores[0], y: mn.y[i] - pattern.cores[1], a: -mn.angle[i] });
      forSense.push({ cls: pattern.patternClass, rot: pattern.flowRotation, ms: rel });
    }
    if (zone > 0) perMaster.push(n / (zone / PX_PER_CM2));
  }
}
/**
 * Does the sense of the minutiae repeat across fingers? Masters of one class (two or more: every
 * class with a core) laid on each other at their first core, turned by the difference of their
 * flow rotations: of each master's minutiae within SENSE_ZONES of its core, the share with one
 * of the other master's within 15 px, and of those the share pointing the same way (≤ 30°) and
 * the opposite way (≥ 150°). Singular points are where the model puts them, so this is the
 * master's own structure, without extraction (individuality.mjs measures the same on prints).
 */
const SENSE_ZONES = [[0, 64], [64, 120], [120, 1e9]];
function senseAgreement(list) {
  const wrap = (v) => { let d = v % (2 * Math.PI); if (d > Math.PI) d -= 2 * Math.PI; if (d < -Math.PI) d += 2 * Math.PI; return d; };
  const z = SENSE_ZONES.map(() => ({ minutiae: 0, near: 0, same: 0, opposite: 0 }));
  for (let i = 0; i < list.length; i++) for (let j = 0; j < list.length; j++) {
    const A = list[i], Bm = list[j];
    if (i === j || A.cls !== Bm.cls) continue;
    // flowRotation is y-up: the image rotation that takes B's flow onto A's is the difference, negated
    const r = Bm.rot - A.rot, c = Math.cos(r), sn = Math.sin(r);
    const mb = Bm.ms.map((m) => ({ x: c * m.x - sn * m.y, y: sn * m.x + c * m.y, a: m.a + r }));
    for (const m of A.ms) {
      const rr = Math.hypot(m.x, m.y);
      const k = SENSE_ZONES.findIndex(([lo, hi]) => rr >= lo && rr < hi);
      z[k].minutiae++;
      let best = Infinity, bj = -1;
      for (let q = 0; q < mb.length; q++) { const d = Math.hypot(mb[q].x - m.x, mb[q].y - m.y); if (d < best) { best = d; bj = q; } }
      if (best > 15) continue;
      z[k].near++;
      const da = Math.abs(wrap(mb[bj].a - m.a));
      if (da <= Math.PI / 6) z[k].same++; else if (da >= (5 * Math.PI) / 6) z[k].opposite++;
    }
  }
  const pct = (n, d) => Math.round((1000 * n) / Math.max(1, d)) / 10;
  return z.map((v, k) => ({ fromCorePx: SENSE_ZONES[k][0], toCorePx: SENSE_ZONES[k][1] > 1e8 ? null : SENSE_ZONES[k][1], minutiae: v.minutiae, nearPercent: pct(v.near, v.minutiae), sameWayOfNearPercent: pct(v.same, v.near), oppositeOfNearPercent: pct(v.opposite, v.near) }));
}
perMaster.sort((a, b) => a - b);
const q = (f) => perMaster[Math.min(perMaster.length - 1, Math.floor(f * perMaster.length))];
const out = {
  seed, masters, block, set: JSON.parse(arg('--set', '{}')), areaCm2: +area.toFixed(2),
  perCm2: +(all / area).toFixed(2), pairedPerCm2: +(paired / area).toFixed(2), lonePerCm2: +((all - paired) / area).toFixed(2),
  perMasterP10P50P90: [q(0.1), q(0.5), q(0.9)].map((v) => +v.toFixed(1)),
  forcedPerCm2: { flow: +(forcedFlow / area).toFixed(2), densityMap: +(forcedDensity / area).toFixed(2), both: +(forced / area).toFixed(2) },
  periodMapMedianP50: +medians.sort((a, b) => a - b)[medians.length >> 1].toFixed(2),
  periodMapSpreadP10P50P90: (spreads.sort((a, b) => a - b), [0.1, 0.5, 0.9].map((f) => +spreads[Math.floor(f * (spreads.length - 1))].toFixed(2))),
  closeOppositeShare: +(closeOpposite / Math.max(1, close)).toFixed(3),
  sameClassSense: senseAgreement(forSense),
  coreTruth: {
    reach: CORE_REACH, cores: coreTruth.cores, perCore: +(coreTruth.minutiae / Math.max(1, coreTruth.cores)).toFixed(2),
    perCoreCount: coreTruth.perCoreCount, sense: { out: coreTruth.out, side: coreTruth.side, in: coreTruth.in },
    meanAbsRidgeAtCore: +(coreTruth.absCore / Math.max(1, absCoreN)).toFixed(3), meanAbsRidgeFinger: +(coreTruth.absFinger / Math.max(1, absFingerN)).toFixed(3),
  },
  seconds: +(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1),
};
if (process.argv.includes('--json')) console.log(JSON.stringify(out));
else console.log(out);
