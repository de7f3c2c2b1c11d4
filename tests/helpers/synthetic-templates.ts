import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { templateToIso } from '../../src/formats/iso19794-2/index.js';
import { createRng, impressionToTemplate, generateImpression, mixSeed, syntheticMasterFinger } from '../../src/synthetic/index.js';

/**
 * A folder of ISO/IEC 19794-2 templates named `F_I.iso` (finger F = 101…, impression I = 1…),
 * as `afis eval fvc` reads, made by the synthetic template generator: no real person's data.
 * Deterministic from `seed`.
 */
export function writeSyntheticTemplateFolder(seed: number, fingers = 10, impressions = 8): string {
  const dir = mkdtempSync(join(tmpdir(), 'afis-synthetic-iso-'));
  for (let f = 0; f < fingers; f++) {
    const master = syntheticMasterFinger(seed, f, 1);
    for (let i = 1; i <= impressions; i++) {
      const impression = generateImpression(master, createRng(mixSeed(seed, f, i)));
      writeFileSync(join(dir, `${101 + f}_${i}.iso`), templateToIso(impressionToTemplate(impression)));
    }
  }
  return dir;
}
