#!/usr/bin/env node
// One hash of the 320 FVC2002 B templates (DB1–DB4, DB2 at 569 ppi) per arm, under a perturbation
// KIND (the seeds paired-option.mjs draws; `clean` for none): the shipped parameters and each given
// change, extracted in one process (issue 12, gainsuite). Equal hashes mean the option changes no
// template there, so its paired EER change is 0 without a run.
//
//   node bench/extraction/option-template-hash.mjs DATA_DIR KIND SEED '{"opt":v}' ['{"opt":w}' …]
import { createHash } from 'node:crypto';
import { readEvalSets, extractEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

const [dataDir, kind = 'clean', seedText = '1', ...changes] = process.argv.slice(2);
const seed = Number(seedText);
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const hashOf = (parameters) => {
  const h = createHash('sha256');
  sets.forEach((s, k) => {
    const { templates } = extractEvalSet(s, {
      parameters,
      ...(kind === 'clean' ? {} : { transform: (image, i) => perturbImage(image, kind, mixSeed(seed, 0, k, i)).image }),
    });
    for (const t of templates) h.update(JSON.stringify(t ?? null));
  });
  return h.digest('hex').slice(0, 16);
};
const out = { kind, seed, shipped: hashOf(EXTRACTION_PARAMETERS) };
for (const c of changes) out[c] = hashOf({ ...EXTRACTION_PARAMETERS, ...JSON.parse(c) });
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
