#!/usr/bin/env node
// Would a person be routed as altered prints? The generator's persons (`afis synth … --altered F`
// without --no-persons: ten rolled fingers each, persons/NNNN-fingerP.png, the altered positions in
// persons/NNNN.json) read finger by finger with detectAlteration, shipped and with each candidate
// (`--arm NAME=V[,NAME=V]`, repeatable); printed per arm: fingers flagged among the altered and the
// unaltered ones, and persons with at least `alteredFingersToRoute` flagged fingers (a no-hit of
// such a capture is routed `altered-prints-review`). No templates: the minutia-density sign is off
// by default, so the other signs read the image alone.
//   npm run build && node bench/alteration/person-routing.mjs DIR [--arm NAME=V[,NAME=V]]... [--json]
import { readFile, readdir } from 'node:fs/promises';
import { decodeCapture } from '../../dist/capture/index.js';
import { TRANSACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { detectAlteration } from '../../dist/quality/index.js';
import { readArms } from './arms.mjs';

const args = process.argv.slice(2);
const { dir, arms } = readArms(args, 'person-routing.mjs');
const route = TRANSACTION_PARAMETERS.alteredFingersToRoute;
const people = (await readdir(`${dir}/persons`)).filter((n) => /^\d+\.json$/.test(n)).sort();
if (people.length === 0) throw new Error(`${dir}/persons holds no persons (made with --no-persons?)`);
const rows = arms.map((a) => ({ arm: a.name, alteredFingers: 0, alteredFlagged: 0, plainFingers: 0, plainFlagged: 0, persons: 0, alteredPersons: 0, routed: 0, alteredPersonsRouted: 0 }));
for (const p of people) {
  const about = JSON.parse(await readFile(`${dir}/persons/${p}`, 'utf8'));
  const altered = new Set((about.alterations ?? []).map((a) => a.position));
  const flags = arms.map(() => 0);
  for (let position = 1; position <= 10; position++) {
    const image = await decodeCapture(new Uint8Array(await readFile(`${dir}/persons/${p.replace(/\.json$/, '')}-finger${position}.png`)));
    for (const [k, arm] of arms.entries()) {
      const flagged = detectAlteration(image, undefined, arm.params).altered;
      const r = rows[k];
      if (altered.has(position)) { r.alteredFingers++; if (flagged) r.alteredFlagged++; } else { r.plainFingers++; if (flagged) r.plainFlagged++; }
      if (flagged) flags[k]++;
    }
  }
  for (const [k, r] of rows.entries()) {
    r.persons++;
    if (altered.size > 0) r.alteredPersons++;
    if (flags[k] >= route) { r.routed++; if (altered.size > 0) r.alteredPersonsRouted++; }
  }
}
if (args.includes('--json')) console.log(JSON.stringify({ dir, alteredFingersToRoute: route, rows }, null, 1));
else {
  console.log(`${dir}: ${people.length} persons; a person is routed with ≥ ${route} flagged fingers`);
  for (const r of rows) {
    console.log(`${r.arm}: altered fingers flagged ${r.alteredFlagged} / ${r.alteredFingers}, unaltered ${r.plainFlagged} / ${r.plainFingers}; persons routed ${r.routed} / ${r.persons} (with an altered finger ${r.alteredPersonsRouted} / ${r.alteredPersons})`);
  }
}
