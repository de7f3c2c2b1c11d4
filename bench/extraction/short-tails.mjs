// The minutiae a shorter tail cut would add (issue 12, closepair): the skeleton candidates with
// tailMaxLength = L0 that the shipped cleaning (tailMaxLength 18) does not give, per image, by
// tail length, orientation coherence, the enhanced image's block clarity (remove-false-minutiae.ts
// blockClarity: rms over 3 × 3 blocks against the print's median) and the angle of the tail to the
// field's ridge axis; on a folder `afis synth` wrote (truth/), the share a truth minutia backs
// (within 12 px and 30°). On FVC folders no truth: counts only. Used to choose the gate of
// `tailClearMaxLength` (map-clear-tails.ts) on synthetic training prints (seed 7101).
// `npm run build && nice -n 19 node bench/extraction/short-tails.mjs DIR L0 [LIMIT]`; figures in bench/RESULTS.md (closepair)
import { readdirSync, readFileSync } from 'node:fs';
const dist = new URL('../../dist/', import.meta.url).href;
const X = await import(dist + 'extraction/index.js');
const { openEndPixels } = await import(dist + 'extraction/remove-skeleton-artifacts.js');
const { blockClarity } = await import(dist + 'extraction/remove-false-minutiae.js');
const { sampleBlockMap } = await import(dist + 'extraction/filters.js');
const { EXTRACTION_PARAMETERS: P } = await import(dist + 'config/parameters.js');
const { decodeCapture } = await import(dist + 'capture/index.js');
const [dir, L0s, lim] = process.argv.slice(2);
const L0 = Number(L0s);
const files = readdirSync(dir).filter((n) => /\.(png|tif|bmp|wsq)$/.test(n)).sort().slice(0, Number(lim ?? 1e9));
const hasTruth = (() => { try { readdirSync(dir + '/truth'); return true; } catch { return false; } })();
const ad = (a, b) => { const d = Math.abs(a - b) % (2 * Math.PI); return d > Math.PI ? 2 * Math.PI - d : d; };
const rows = [];
for (const f of files) {
  const b = readFileSync(`${dir}/${f}`);
  const img = await decodeCapture(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
  let a; try { a = X.analyzeFingerprint(img, P); } catch { continue; }
  const { ridges, valleys } = X.binarizeRidges(a.enhanced, a.mask.pixels);
  const open = openEndPixels(a.mask.pixels, a.width, a.height, P);
  const cand = (L) => { const q = { ...P, tailMaxLength: L }; return X.detectMinutiae(X.removeSkeletonArtifacts(X.traceSkeletonGraph(X.thinSkeleton(ridges)), q, open), X.removeSkeletonArtifacts(X.traceSkeletonGraph(X.thinSkeleton(valleys)), q, open), q); };
  const base = cand(P.tailMaxLength), more = cand(L0);
  const key = (m) => `${m.type}${Math.round(m.x)},${Math.round(m.y)}`;
  const bk = new Set(base.map(key));
  const extra = more.filter((m) => !bk.has(key(m)));
  const truth = hasTruth ? JSON.parse(readFileSync(`${dir}/truth/${f.replace(/\.\w+$/, '.json')}`)).minutiae.filter((m) => !m.destroyed) : null;
  const o = a.orientation, { cols, rows: R, blockSize } = o.grid;
  const clar = blockClarity(a.enhanced, a.mask, o.grid);
  for (const m of extra) {
    const coh = sampleBlockMap(o.coherence, cols, R, blockSize, m.x, m.y);
    const cl = sampleBlockMap(clar, cols, R, blockSize, m.x, m.y);
    const c2 = sampleBlockMap(o.cos2, cols, R, blockSize, m.x, m.y), s2 = sampleBlockMap(o.sin2, cols, R, blockSize, m.x, m.y);
    const axis = 0.5 * Math.atan2(s2, c2);
    let dev = Math.abs(m.direction - axis) % Math.PI; if (dev > Math.PI / 2) dev = Math.PI - dev;
    const angle = ((-m.direction % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
    const good = truth ? truth.some((t) => Math.hypot(t.x - m.x, t.y - m.y) <= 12 && ad(t.angle, angle) <= Math.PI / 6) : null;
    const inside = a.mask.pixels[Math.round(m.y) * a.width + Math.round(m.x)];
    rows.push({ f, type: m.type, len: m.ridgeLength, coh, cl, dev: dev * 180 / Math.PI, good, inside });
  }
}
const n = files.length;
console.log(`${dir}: ${n} images, ${rows.length} extra candidates (${(rows.length / n).toFixed(1)} per image)`);
const report = (name, pick) => {
  const r = rows.filter(pick);
  const g = r.filter((x) => x.good).length;
  console.log(`${name.padEnd(40)} ${String(r.length).padStart(5)} (${(r.length / n).toFixed(2)}/img)` + (hasTruth ? ` true ${(100 * g / Math.max(1, r.length)).toFixed(1)} %` : ''));
};
report('all', () => true);
for (const [lo, hi] of [[0, 10], [10, 14], [14, 18]]) report(`len ${lo}-${hi}`, (x) => x.len >= lo && x.len < hi);
for (const [lo, hi] of [[0, 0.5], [0.5, 0.7], [0.7, 0.85], [0.85, 1.1]]) report(`coh ${lo}-${hi}`, (x) => x.coh >= lo && x.coh < hi);
for (const [lo, hi] of [[0, 0.6], [0.6, 0.8], [0.8, 1.0], [1.0, 9]]) report(`clarity ${lo}-${hi}`, (x) => x.cl >= lo && x.cl < hi);
for (const [lo, hi] of [[0, 15], [15, 30], [30, 50], [50, 91]]) report(`dev from field ${lo}-${hi}°`, (x) => x.dev >= lo && x.dev < hi);
report('ending', (x) => x.type === 'ending');
report('bifurcation', (x) => x.type === 'bifurcation');
report('coh>=0.7 & dev<30', (x) => x.coh >= 0.7 && x.dev < 30);
report('coh>=0.7 & dev<30 & cl>=0.8', (x) => x.coh >= 0.7 && x.dev < 30 && x.cl >= 0.8);
report('coh>=0.8 & dev<20 & cl>=0.8', (x) => x.coh >= 0.8 && x.dev < 20 && x.cl >= 0.8);
