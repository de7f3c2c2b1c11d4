import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractEvalSet, readEvalSets } from '../../src/cli/commands/eval-sets.js';
import { createGrayImage, type GrayImage } from '../../src/core/index.js';
import { decodeCapture } from '../../src/capture/index.js';
import {
  enhanceAnalysis, extractTemplate, heldOutRidgeNet, prepareAnalysis, heldOutRidgeNetOfSet, imageFingerprint, ridgeNetFolds, ridgeNetModelFor, ridgeNetModelPath, trainingSetOf,
  useRidgeNetModel, withHeldOutRidgeNet, RIDGE_NET_FOLDS_DIR, RIDGE_NET_INT8_MODEL, RIDGE_NET_MODEL, type RidgeNetFolds,
} from '../../src/extraction/index.js';
import { encodeTemplate } from '../../src/templates/index.js';
import { perturbImage } from '../../src/perturbation/index.js';
import { describeWithData, sharedPath } from '../helpers/data.js';

const grey = (w: number, h: number, seed: number): GrayImage => createGrayImage(w, h, Uint8Array.from({ length: w * h }, (_, i) => (i * 37 + seed * 101) & 255));

describe('held-out ridge networks: the lookup', () => {
  const a = grey(300, 300, 1), b = grey(300, 300, 2), c = grey(300, 300, 3);
  const table: RidgeNetFolds = {
    setOf: new Map([[imageFingerprint(a), 'DB3_B'], [imageFingerprint(b), 'DB4_B']]),
    modelOf: new Map([['DB3_B', '/m/DB3_B.onnx'], ['DB4_B', '/m/DB4_B.onnx']]),
    sizes: new Set(['300x300']),
  };

  it('fingerprints a print by its size and pixels', () => {
    expect(imageFingerprint(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(imageFingerprint(grey(300, 300, 1))).toBe(imageFingerprint(a));
    expect(imageFingerprint(createGrayImage(150, 600, a.data))).not.toBe(imageFingerprint(a));
  });

  it('names the fold of a training print, and none for any other print', () => {
    expect(trainingSetOf(a, table)).toBe('DB3_B');
    expect(heldOutRidgeNet(b, table)).toBe('/m/DB4_B.onnx');
    expect(heldOutRidgeNet(c, table)).toBeUndefined();
    expect(heldOutRidgeNet(grey(200, 200, 1), table)).toBeUndefined();
  });

  it('knows a training print perturbed by the suite, one kind or a chain that changes its size, as that print', () => {
    const dry = perturbImage(a, 'dry', 7).image;
    expect(imageFingerprint(dry)).not.toBe(imageFingerprint(a));
    expect(trainingSetOf(dry, table)).toBe('DB3_B');
    const rescaled = perturbImage(b, 'dry+resolution+frame', 7).image;
    expect(`${rescaled.width}x${rescaled.height}`).not.toBe('300x300');
    expect(heldOutRidgeNet(rescaled, table)).toBe('/m/DB4_B.onnx');
    expect(heldOutRidgeNet(perturbImage(c, 'wet', 7).image, table)).toBeUndefined();
  });

  it('gives a folder the fold of its training prints, and refuses a folder mixing two training sets', () => {
    expect(heldOutRidgeNetOfSet([c, a, c], 'F', table)).toBe('/m/DB3_B.onnx');
    expect(heldOutRidgeNetOfSet([c], 'F', table)).toBeUndefined();
    expect(() => heldOutRidgeNetOfSet([a, b], 'F', table)).toThrow(expect.objectContaining({ code: 'AFIS_CLI_USAGE', message: expect.stringMatching(/^F mixes .*DB3_B and DB4_B/) }));
  });

  it('swaps in the fold only while the shipped network is the thread\'s, and restores it', () => {
    expect(withHeldOutRidgeNet('/m/DB3_B.onnx', () => ridgeNetModelPath())).toBe('/m/DB3_B.onnx');
    expect(ridgeNetModelPath()).toBe(RIDGE_NET_MODEL);
    expect(() => withHeldOutRidgeNet('/m/DB3_B.onnx', () => { throw new Error('x'); })).toThrow('x');
    expect(ridgeNetModelPath()).toBe(RIDGE_NET_MODEL);
    useRidgeNetModel('/chosen.onnx');
    try {
      expect(withHeldOutRidgeNet('/m/DB3_B.onnx', () => ridgeNetModelPath())).toBe('/chosen.onnx');
    } finally {
      useRidgeNetModel();
    }
    expect(withHeldOutRidgeNet(undefined, () => ridgeNetModelPath())).toBe(RIDGE_NET_MODEL);
  });

  it('runs a float fold network in its int8 form under ridgeNetInt8, as the shipped one', () => {
    const fold = join(RIDGE_NET_FOLDS_DIR, 'DB1_B.onnx');
    expect(ridgeNetModelFor(fold, { ridgeNetInt8: 1 })).toBe(join(RIDGE_NET_FOLDS_DIR, 'DB1_B-int8.onnx'));
    expect(ridgeNetModelFor(fold, { ridgeNetInt8: 0 })).toBe(fold);
    expect(ridgeNetModelFor(join(RIDGE_NET_FOLDS_DIR, 'DB1_B-int8.onnx'), { ridgeNetInt8: 1 })).toBe(join(RIDGE_NET_FOLDS_DIR, 'DB1_B-int8.onnx'));
    expect(ridgeNetModelFor(RIDGE_NET_MODEL, { ridgeNetInt8: 1 })).toBe(RIDGE_NET_INT8_MODEL);
  });

  it('ships a fold network in both forms for every training set of the manifest', () => {
    const folds = ridgeNetFolds();
    expect([...folds.modelOf.keys()].sort()).toEqual(['DB1_B', 'DB2_B', 'DB3_B', 'DB4_B']);
    for (const model of folds.modelOf.values()) {
      expect(existsSync(model)).toBe(true);
      expect(existsSync(ridgeNetModelFor(model, { ridgeNetInt8: 1 }))).toBe(true);
    }
    // 80 prints a set; DB2_B under two readings (as stored, @569)
    const perSet = new Map<string, number>();
    for (const set of folds.setOf.values()) perSet.set(set, (perSet.get(set) ?? 0) + 1);
    expect(Object.fromEntries(perSet)).toEqual({ DB1_B: 80, DB2_B: 160, DB3_B: 80, DB4_B: 80 });
  });
});

describeWithData('held-out ridge networks on the FVC2002 prints (data folder)', () => {
  const FVC = sharedPath('fvc2002');
  const read = async (set: string, name: string, ppi?: number): Promise<GrayImage> =>
    decodeCapture(new Uint8Array(readFileSync(join(FVC, set, name))), ppi !== undefined ? { ppi } : {});
  const bytes = (img: GrayImage): string => Buffer.from(encodeTemplate(extractTemplate(img))).toString('base64');
  const withModel = <T>(model: string, run: () => T): T => {
    useRidgeNetModel(model);
    try { return run(); } finally { useRidgeNetModel(); }
  };

  it('knows every training print under each reading of its file', async () => {
    for (const [set, ppi] of [['DB1_B', undefined], ['DB2_B', undefined], ['DB2_B', 569], ['DB3_B', undefined], ['DB4_B', undefined]] as const) {
      for (const name of ['101_1.tif', '110_8.tif']) expect(trainingSetOf(await read(set, name, ppi))).toBe(set);
    }
  });

  it('extracts a training print with the fold network that never saw its set, not with the shipped one', async () => {
    const fold = join(RIDGE_NET_FOLDS_DIR, 'DB3_B.onnx');
    let differs = 0;
    for (const name of ['101_1.tif', '104_3.tif', '108_6.tif']) {
      const img = await read('DB3_B', name);
      const asIs = bytes(img);
      expect(asIs).toBe(withModel(fold, () => bytes(img)));
      if (asIs !== withModel(RIDGE_NET_INT8_MODEL, () => bytes(img))) differs++;
    }
    // the shipped network reads these prints otherwise, so the comparison above can tell the two apart
    expect(differs).toBeGreaterThan(0);
  });

  it('prepares and enhances a training print with its fold when a stage oracle calls the two halves itself', async () => {
    const img = await read('DB3_B', '104_3.tif');
    const fold = join(RIDGE_NET_FOLDS_DIR, 'DB3_B.onnx');
    const asIs = prepareAnalysis(img);
    const held = withModel(fold, () => prepareAnalysis(img));
    const shipped = withModel(RIDGE_NET_INT8_MODEL, () => prepareAnalysis(img));
    const field = (a: typeof asIs): number[] => [...Array.from(a.orientation.angle), ...Array.from(a.frequency.period)];
    expect(field(asIs)).toEqual(field(held));
    // the shipped network reads this print otherwise, so the comparison above can tell the two apart
    expect(field(asIs)).not.toEqual(field(shipped));
    expect(Array.from(enhanceAnalysis(img, asIs).enhanced.data)).toEqual(Array.from(withModel(fold, () => enhanceAnalysis(img, held)).enhanced.data));
  });

  it('extracts a perturbed training print with its fold when a script perturbs and extracts it itself', async () => {
    const fold = join(RIDGE_NET_FOLDS_DIR, 'DB1_B.onnx');
    const img = (await read('DB1_B', '103_2.tif'));
    let differs = 0;
    for (const kind of ['dry+low-contrast+crop+frame', 'wet']) {
      const perturbed = perturbImage(img, kind, 11).image;
      const asIs = bytes(perturbed);
      expect(asIs).toBe(withModel(fold, () => bytes(perturbed)));
      if (asIs !== withModel(RIDGE_NET_INT8_MODEL, () => bytes(perturbed))) differs++;
    }
    expect(differs).toBeGreaterThan(0);
  });

  it('reads an evaluation folder\'s perturbed images with its fold too, unless a network is named', async () => {
    const [set] = await readEvalSets([join(FVC, 'DB4_B')]);
    expect(set!.heldOutModel).toBe(join(RIDGE_NET_FOLDS_DIR, 'DB4_B.onnx'));
    const one = { ...set!, names: set!.names.slice(0, 2), fingers: set!.fingers.slice(0, 2), items: set!.items.slice(0, 2) };
    // a flipped print is no training print: only the folder tells which fold it needs
    const flip = (img: GrayImage): GrayImage => createGrayImage(img.width, img.height, Uint8Array.from(img.data, (_, i) => img.data[img.data.length - 1 - i]!));
    const perturbed = extractEvalSet(one, { transform: flip }).templates.map((t) => Buffer.from(encodeTemplate(t!)).toString('base64'));
    const image = (one.items[0] as { image: GrayImage }).image;
    expect(trainingSetOf(flip(image))).toBeUndefined();
    expect(perturbed[0]).toBe(withModel(set!.heldOutModel!, () => bytes(flip(image))));
    const named = extractEvalSet({ ...one, ridgeModel: RIDGE_NET_INT8_MODEL }, { transform: flip }).templates.map((t) => Buffer.from(encodeTemplate(t!)).toString('base64'));
    expect(named[0]).toBe(withModel(RIDGE_NET_INT8_MODEL, () => bytes(flip(image))));
  });
});
