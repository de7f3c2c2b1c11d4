// The prints of a folder `afis synth` wrote, in the natural order of their names (F_I.png), each
// decoded with its ground truth (truth/F_I.json); read by the training-data scripts
// (minutia-check/cut-patches.mjs, minutia-net/make-data.mjs).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeCapture } from '../dist/capture/index.js';

export async function* readSynthFolder(dir) {
  const names = readdirSync(dir).filter((n) => /^\d+_\d+\.png$/.test(n)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  for (const name of names) {
    const stem = name.replace(/\.png$/, '');
    const truth = JSON.parse(readFileSync(join(dir, 'truth', `${stem}.json`), 'utf8'));
    const bytes = readFileSync(join(dir, name));
    const image = await decodeCapture(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    yield { name, stem, truth, image };
  }
}
