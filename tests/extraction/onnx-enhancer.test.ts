import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCapture } from '../../src/capture/index.js';
import { ExtractionError } from '../../src/core/index.js';
import { GABOR_BANK_MODEL, OnnxRidgeEnhancer, prepareAnalysis, extractTemplate } from '../../src/extraction/index.js';
import { SFINGE_IMAGES } from '../helpers/data.js';
import { sinusoidImage } from './synthetic.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));

describe('models/gabor-bank.onnx', () => {
  let enhancer: OnnxRidgeEnhancer;
  beforeAll(async () => {
    enhancer = await OnnxRidgeEnhancer.create();
  });

  it('is exactly what scripts/build-models.mjs builds', () => {
    const dir = mkdtempSync(join(tmpdir(), 'afis-model-'));
    try {
      const out = join(dir, 'gabor-bank.onnx');
      execFileSync(process.execPath, [join(repo, 'scripts/build-models.mjs'), out]);
      expect(Buffer.compare(readFileSync(out), readFileSync(GABOR_BANK_MODEL))).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('enhances a synthetic print in phase with the JS filter (ridges negative)', async () => {
    const img = sinusoidImage(160, 160, 9, 0.6);
    const prepared = prepareAnalysis(img);
    const out = await enhancer.run(prepared);
    let agree = 0;
    let counted = 0;
    for (let y = 40; y < 120; y++) {
      for (let x = 40; x < 120; x++) {
        const i = y * 160 + x;
        if (Math.abs(prepared.normalized.data[i]) < 0.5) continue;
        counted++;
        if (Math.sign(out.data[i]) === Math.sign(prepared.normalized.data[i])) agree++;
      }
    }
    expect(agree / counted).toBeGreaterThan(0.97);
  });

  it('extracts a template from a fingerprint image close to the JS pipeline', async () => {
    const img = await decodeCapture(readFileSync(SFINGE_IMAGES[0]!));
    const a = await enhancer.extractTemplate(img);
    const b = extractTemplate(img);
    expect(a.minutiae.length).toBeGreaterThanOrEqual(15);
    // most minutiae of one are within 8 px of a minutia of the other
    const near = a.minutiae.filter((m) => b.minutiae.some((q) => Math.hypot(q.x - m.x, q.y - m.y) < 8)).length;
    expect(near / a.minutiae.length).toBeGreaterThan(0.6);
  });

  it('a missing model is a typed error', async () => {
    await expect(OnnxRidgeEnhancer.create('/nonexistent/model.onnx')).rejects.toBeInstanceOf(ExtractionError);
  });
});
