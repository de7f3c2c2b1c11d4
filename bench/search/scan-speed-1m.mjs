// First-stage scan speed at one million subjects, measured without building a million-subject
// gallery (the generator needs about an hour for that on this shared 2-core machine): the
// subject chunks of a cached 100 k synthetic gallery are referenced ten times over, so the scan
// reads 1 M subjects' worth of codes (ten fingers × 256 bytes each) from memory in the same
// streaming pattern. SPEED ONLY: the repeated subjects make the candidates meaningless.
// The second stage does not depend on the gallery size (it matches a shortlist of fixed size),
// so a 1 M search costs about this scan plus the matching time measured at 100 k.
// Usage: npm run build && node bench/search/scan-speed-1m.mjs /tmp/afis-bench/cache/gallery-100000-20261124.bin [--json]
import { Gallery, SUBJECTS_PER_CHUNK, computeProbeCodes, compileSearchFilter, createSearchPool, mergeScans } from '../../dist/index/index.js';

import { generateSyntheticTenPrint, impressionToTemplate } from '../../dist/synthetic/index.js';

const file = process.argv[2];
const g = Gallery.loadSnapshot(file);
if (!g.hasStopBits) g.applyStopBits();
const { memory } = g.snapshot();
const full = Math.floor(memory.slotCount / SUBJECTS_PER_CHUNK);
const reps = Math.ceil(1_000_000 / (full * SUBJECTS_PER_CHUNK));
const chunks = [];
for (let r = 0; r < reps; r++) chunks.push(...memory.subjectChunks.slice(0, full));
const big = { ...memory, subjectChunks: chunks, slotCount: chunks.length * SUBJECTS_PER_CHUNK };
const pool = createSearchPool({ threads: 2 });
const filter = compileSearchFilter({});
const times = [];
for (let q = 0; q < 12; q++) {
  const probe = generateSyntheticTenPrint(20261124, q * 7919, 1).map((i) => impressionToTemplate(i));
  const codes = computeProbeCodes(probe, undefined, g.stopMasks);
  const t0 = performance.now();
  const step = Math.ceil(big.slotCount / 2);
  const parts = await Promise.all([0, 1].map((p) => pool.run({ kind: 'scan', memory: big, probe: codes, filter, from: p * step, to: Math.min(big.slotCount, (p + 1) * step), keep: 300, score: true })));
  mergeScans(parts, 300);
  if (q > 1) times.push(performance.now() - t0);
}
await pool.close();
times.sort((a, b) => a - b);
const report = { subjects: big.slotCount, threads: 2, scans: times.length, scanP50Ms: Math.round(times[times.length >> 1]), scanMinMs: Math.round(times[0]), scanMaxMs: Math.round(times[times.length - 1]) };
process.stdout.write((process.argv.includes('--json') ? JSON.stringify(report) : Object.entries(report).map(([k, v]) => `${k.padEnd(10)} ${v}`).join('\n')) + '\n');
