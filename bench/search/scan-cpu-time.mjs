// First-stage scan on one thread in CPU time (process.cpuUsage), for a machine shared with other
// jobs, where wall time is not the scan's: random codes at the synthetic fill, before and after the
// stop bits are packed out; per engine and for a bare read loop over the same bytes (the bound).
// Usage: npm run build && node bench/search/scan-cpu-time.mjs [SUBJECTS, default 300000]
import { Gallery, GalleryReader, compileSearchFilter, scanGalleryCodes, packFingerCode, loadScanKernel, instantiateScanKernel, SUBJECTS_PER_CHUNK, subjectChunkLayout } from '../../dist/index/index.js';
const N = Number(process.argv[2] ?? 300000), W = 64;
let x = 987654321;
const u = () => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return x >>> 0; };
const g = new Gallery();
const header = new Uint32Array([0]);
for (let s = 0; s < N; s++) {
  const fingers = [];
  for (let f = 0; f < 10; f++) { const c = new Uint32Array(W); for (let w = 0; w < W; w++) c[w] = (u() & u() & (u() | u())) >>> 0; fingers.push({ words: header, count: 0, quality: 50, code: c, popcount: 0 }); }
  g.putEncoded(`r${s}`, fingers);
}
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1e3; };
function probe(p) { const raw = Uint32Array.from({ length: 10 * W }, () => (u() | u() | u()) >>> 0); const codes = new Uint32Array(10 * p.stride); const pcs = new Uint32Array(10); for (let f = 0; f < 10; f++) pcs[f] = Math.max(1, packFingerCode(p, f, raw, f * W, codes, f * p.stride)); return { codes, popcounts: pcs }; }
const mod = loadScanKernel();
function measure(label) {
  const mem = g.snapshot().memory; const reader = new GalleryReader(mem); const C = mem.codeStride; const pr = probe(g.codePacking);
  const L = subjectChunkLayout(C); const ks = mem.subjectChunks.map((m) => instantiateScanKernel(mod, m));
  const best = (fn) => { let b = Infinity; for (let r = 0; r < 4; r++) { const t = cpu(); fn(); b = Math.min(b, cpu() - t); } return b; };
  const read = best(() => ks.forEach((k, c) => { const slots = Math.min(SUBJECTS_PER_CHUNK, mem.slotCount - c * SUBJECTS_PER_CHUNK); for (let f = 0; f < 10; f++) { const at = f * SUBJECTS_PER_CHUNK * C * 4; k.readBytes(at, at + slots * C * 4); } }));
  const out = [`${label} (${C} words): read loop ${(read * 1e6 / (N * 10)).toFixed(1)} ns/finger`];
  for (const e of ['wasm', 'wasm-simd', 'js']) { const ms = best(() => scanGalleryCodes(reader, pr, compileSearchFilter({}), 0, N, 300, true, e)); out.push(`${e} ${(ms * 1e6 / (N * 10)).toFixed(1)}`); }
  console.log(out.join(', '), 'ns/finger CPU, one thread');
}
measure('unpacked');
g.applyStopBits();
measure('packed');
