// Gallery loading speed from the embedded store: a full load (decode + code per finger) and a
// start-up from a snapshot synchronised with the store (only changed subjects re-encoded).
// Usage: npm run build && node bench/search/load-speed.mjs [SUBJECTS=20000]
// Writes a temporary LMDB store of synthetic subjects and removes it afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedStore } from '../../dist/store/index.js';
import { encodeTemplate } from '../../dist/templates/index.js';
import { Gallery, loadGalleryFromStore, syncGalleryWithStore } from '../../dist/index/index.js';
import { generateSyntheticTenPrint, impressionToTemplate } from '../../dist/synthetic/index.js';
const dir = mkdtempSync(join(tmpdir(), 'afis-sync-'));
const store = openEmbeddedStore({ dir });
await store.ready();
const N = +process.argv[2] || 20000;
for (let b = 0; b < N; b += 1000) {
  const recs = [];
  for (let s = b; s < b + 1000; s++) recs.push({ id: `s${s}`, referenceNumber: `R${s}`, memberState: 'BE', category: 1, capturedAt: 1, fingers: generateSyntheticTenPrint(3, s, 0).map((i, f) => ({ position: f + 1, impression: 'plain', quality: i.quality, template: encodeTemplate(impressionToTemplate(i)) })) });
  await store.subjects.putMany(recs);
}
let t0 = performance.now();
const g = new Gallery();
await loadGalleryFromStore(store.subjects, g);
const full = performance.now() - t0;
const file = join(dir, 'g.snap');
g.saveSnapshot(file);
t0 = performance.now();
const h = Gallery.loadSnapshot(file);
const tLoad = performance.now() - t0;
const r = await syncGalleryWithStore(store.subjects, h);
const tSync = performance.now() - t0 - tLoad;
console.log(JSON.stringify({ subjects: N, fullLoadS: +(full / 1000).toFixed(1), fullSubjectsPerS: Math.round(N / (full / 1000)), snapshotLoadS: +(tLoad / 1000).toFixed(2), syncS: +(tSync / 1000).toFixed(2), syncSubjectsPerS: Math.round(N / (tSync / 1000)), sync: r }));
await store.close();
rmSync(dir, { recursive: true, force: true });
