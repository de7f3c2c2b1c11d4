// Worker thread of bench/cluster/sharded-search.mjs: makes the synthetic subject records of a
// range of subjects (template generation is the slow part of preparing a large gallery) and
// posts them back with their template bytes transferred, not copied.
import { parentPort } from 'node:worker_threads';
import { encodeTemplate } from '../../dist/templates/index.js';
import { generateSyntheticTenPrint, impressionToTemplate } from '../../dist/synthetic/index.js';

parentPort.on('message', ({ seed, from, to, job }) => {
  const records = [];
  const transfer = [];
  for (let s = from; s < to; s++) {
    const fingers = generateSyntheticTenPrint(seed, s, 0).map((imp, f) => {
      const template = encodeTemplate(impressionToTemplate(imp));
      transfer.push(template.buffer);
      return { position: f + 1, impression: 'plain', quality: imp.quality, template };
    });
    records.push({
      id: `subject-${s}`,
      referenceNumber: `BE1${String(s).padStart(8, '0')}`,
      memberState: 'BE',
      category: 1,
      capturedAt: 1_700_000_000_000 + s,
      fingers,
    });
  }
  parentPort.postMessage({ job, records }, [...new Set(transfer)]);
});
