import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractEvalSet, scoreEvalSet, setRidgeModel } from '../../src/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS, type ExtractionParameters } from '../../src/config/parameters.js';
import { RIDGE_NET_INT8_MODEL, ridgeNetModelPath, useOrientationNetModel, useRidgeNetModel, withRidgeModel } from '../../src/extraction/index.js';
import { createRng, mixSeed, renderImpression, syntheticMasterPrint } from '../../src/synthetic/index.js';
import { MATCHING_PARAMETERS } from '../../src/config/parameters/matching.js';
import { isoToTemplate } from '../../src/formats/iso19794-2/index.js';
import { cohortFactor } from '../../src/matching/index.js';
import type { Template } from '../../src/templates/index.js';
import { FIXTURES } from '../helpers/data.js';

const iso = (name: string): Template => isoToTemplate(readFileSync(`${FIXTURES}iso19794-2/fvc2002-secugen/DB1_B/${name}.iso`));

describe('scoreEvalSet', () => {
  // three fingers × 2 impressions of FVC2002 DB1_B (SecuGen templates), one failure to enrol
  const names = ['101_1', '101_2', '102_1', '102_2', '103_1', '103_2'];
  const fingers = [101, 101, 102, 102, 103, 103, 104];
  const templates: Array<Template | null> = [...names.map(iso), null];
  const n = fingers.length;

  it('normalises by the set as cohort when cohortExponent is set, and not otherwise', () => {
    const raw = scoreEvalSet(fingers, templates).scores;
    const params = { ...MATCHING_PARAMETERS, cohortExponent: 1 };
    const on = scoreEvalSet(fingers, templates, params).scores;
    // each template's mean against the other fingers' templates (the failure to enrol left out)
    const mean = (a: number): number => {
      const v: number[] = [];
      for (let c = 0; c < 6; c++) if (fingers[c] !== fingers[a]) v.push(a < c ? raw[a * n + c]! : raw[c * n + a]!);
      return v.reduce((s, x) => s + x, 0) / v.length;
    };
    let changed = 0;
    for (let a = 0; a < 6; a++) {
      for (let b = a + 1; b < 6; b++) {
        expect(on[a * n + b]).toBeCloseTo(raw[a * n + b]! * cohortFactor(mean(a), mean(b), params), 9);
        if (Math.abs(on[a * n + b]! - raw[a * n + b]!) > 1e-6) changed++;
      }
      expect(on[a * n + 6]).toBe(0);
    }
    expect(changed).toBeGreaterThan(0);
    expect(raw[0 * n + 1]).toBeGreaterThan(raw[0 * n + 2]!); // a genuine pair above an impostor pair
  });
});

describe('extractEvalSet', () => {
  const print = renderImpression(syntheticMasterPrint(77, 3, 1), 'optical', createRng(mixSeed(77, 3, 1))).image;
  const blank = { width: 200, height: 200, ppi: 500, data: new Uint8Array(200 * 200).fill(255) };
  const set = { label: 'synthetic', names: ['1_1.png', '2_1.png'], fingers: [1, 2], items: [{ image: print }, { image: blank }] };

  it('counts an image without a print as a failure to enrol', () => {
    const { templates } = extractEvalSet(set);
    expect(templates[0]!.minutiae.length).toBeGreaterThan(10);
    expect(templates[1]).toBeNull();
  });

  it('stops on a system fault instead of counting it as failures to enrol (a model that cannot load)', () => {
    useOrientationNetModel('/nonexistent/model.onnx');
    try {
      const parameters = { ...EXTRACTION_PARAMETERS, orientationNetBlend: 1 } as unknown as ExtractionParameters;
      expect(() => extractEvalSet(set, { parameters })).toThrow(expect.objectContaining({ code: 'AFIS_MODEL_UNAVAILABLE' }));
    } finally {
      useOrientationNetModel();
    }
  });
});

describe('each set with its own ridge network (--ridge-models)', () => {
  const print = renderImpression(syntheticMasterPrint(77, 3, 1), 'optical', createRng(mixSeed(77, 3, 1))).image;
  const set = { label: 'synthetic', names: ['1_1.png'], fingers: [1], items: [{ image: print }] };

  it('reads the pattern with the folder\'s name and refuses a pattern without {set} or a file that is not there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'afis-ridge-models-'));
    try {
      writeFileSync(join(dir, 'fold-DB1_B.onnx'), '');
      expect(setRidgeModel(join(dir, 'fold-{set}.onnx'), '/data/fvc2002/DB1_B/')).toBe(join(dir, 'fold-DB1_B.onnx'));
      expect(() => setRidgeModel(join(dir, 'fold.onnx'), '/data/DB1_B')).toThrow(expect.objectContaining({ code: 'AFIS_CLI_USAGE' }));
      expect(() => setRidgeModel(join(dir, 'fold-{set}.onnx'), '/data/DB2_B', '/data/DB2_B@569')).toThrow(expect.objectContaining({ code: 'AFIS_FILE_NOT_FOUND', message: expect.stringContaining('DB2_B@569') }));
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('extracts the set with its network and restores the caller\'s afterwards', () => {
    const shipped = extractEvalSet(set).templates[0]!;
    // the shipped int8 file named explicitly: the network the shipped parameters run, so the same template
    expect(extractEvalSet({ ...set, ridgeModel: RIDGE_NET_INT8_MODEL }).templates[0]).toEqual(shipped);
    // a network that cannot load: the set's extraction reads it (a system fault, not a failure to enrol)
    const before = ridgeNetModelPath();
    expect(() => extractEvalSet({ ...set, ridgeModel: '/nonexistent/fold-DB1_B.onnx' })).toThrow(expect.objectContaining({ code: 'AFIS_MODEL_UNAVAILABLE' }));
    expect(ridgeNetModelPath()).toBe(before);
    // a caller's own choice is restored, not reset to the shipped network
    useRidgeNetModel('/nonexistent/callers.onnx');
    try {
      expect(() => extractEvalSet({ ...set, ridgeModel: RIDGE_NET_INT8_MODEL })).not.toThrow();
      expect(ridgeNetModelPath()).toBe('/nonexistent/callers.onnx');
    } finally {
      useRidgeNetModel();
    }
    expect(extractEvalSet(set).templates[0]).toEqual(shipped);
  });

  it('keeps the network for an asynchronous run until it settles, and restores it on failure too', async () => {
    const before = ridgeNetModelPath();
    const seen = await withRidgeModel('/nonexistent/a.onnx', async () => {
      await new Promise((r) => setTimeout(r, 5));
      return ridgeNetModelPath();
    });
    expect(seen).toBe('/nonexistent/a.onnx');
    expect(ridgeNetModelPath()).toBe(before);
    await expect(withRidgeModel('/nonexistent/b.onnx', async () => { throw new Error('x'); })).rejects.toThrow('x');
    expect(() => withRidgeModel('/nonexistent/c.onnx', () => { throw new Error('y'); })).toThrow('y');
    expect(ridgeNetModelPath()).toBe(before);
  });
});
