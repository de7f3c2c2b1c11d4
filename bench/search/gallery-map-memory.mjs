// Gallery memory per finger with the orientation map, on real prints: the 320 templates our
// extraction gives for FVC2002 DB1_B–DB4_B (DB2_B read at 569 ppi), each enrolled as a one-finger
// subject in a Gallery of each build given, with and without its map; Gallery.stats() gives the
// bytes. Also the maps' cells, their share with print and the share of their print's bounding box.
// Usage: npm run build && node bench/search/gallery-map-memory.mjs DATA [BUILD_DIR=.] [BASE_DIR]
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
const [data, buildArg = '.', baseArg] = process.argv.slice(2);
if (!data) { console.error('usage: gallery-map-memory.mjs DATA [BUILD_DIR] [BASE_DIR]'); process.exit(2); }
const builds = [buildArg, ...(baseArg ? [baseArg] : [])];
const { loadFingerFile } = await import(`${resolve(buildArg, 'dist')}/cli/commands/match.js`);
const sets = [];
for (const set of ['DB1_B', 'DB2_B', 'DB3_B', 'DB4_B']) {
  const dir = join(data, 'fvc2002', set);
  const names = (await readdir(dir)).filter((n) => n.endsWith('.tif')).sort();
  const templates = [];
  for (const n of names) templates.push((await loadFingerFile(join(dir, n), set === 'DB2_B' ? { ppi: 569 } : {})).template);
  sets.push({ set, templates });
}
sets.push({ set: 'all', templates: sets.flatMap((s) => s.templates) });
for (const { set, templates } of sets) {
  let cells = 0, print = 0, box = 0, maps = 0;
  for (const t of templates) {
    const m = t.orientationMap;
    if (!m) continue;
    maps++;
    let u0 = m.columns, u1 = -1, v0 = m.rows, v1 = -1;
    m.codes.forEach((c, i) => { if (c) { print++; const u = i % m.columns, v = Math.floor(i / m.columns); u0 = Math.min(u0, u); u1 = Math.max(u1, u); v0 = Math.min(v0, v); v1 = Math.max(v1, v); } });
    cells += m.codes.length;
    if (u1 >= 0) box += (u1 - u0 + 1) * (v1 - v0 + 1);
  }
  const row = { set, templates: templates.length, maps, cellsPerMap: +(cells / maps).toFixed(1), printShare: +(print / cells).toFixed(3), boxShare: +(box / cells).toFixed(3) };
  for (const b of builds) {
    const ix = await import(`${resolve(b, 'dist')}/index/index.js`);
    const plain = new ix.Gallery(), mapped = new ix.Gallery();
    templates.forEach((t, k) => {
      plain.put(`s${k}`, [{ position: 1, template: { ...t, orientationMap: undefined } }]);
      mapped.put(`s${k}`, [{ position: 1, template: t }]);
    });
    const p = plain.stats(), q = mapped.stats();
    row[b] = { bytesPerFingerWithoutMap: +p.bytesPerFinger.toFixed(1), bytesPerFingerWithMap: +q.bytesPerFinger.toFixed(1), mapBytesPerFinger: +((q.usedBytes - p.usedBytes) / templates.length).toFixed(1) };
  }
  console.log(JSON.stringify(row));
}
