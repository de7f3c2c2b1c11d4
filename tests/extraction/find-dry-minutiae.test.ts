import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS } from '../../src/config/parameters.js';
import { NO_DEBUG } from '../../src/core/index.js';
import { analyzeFingerprint, extractFromAnalysis, extractTemplate, MINUTIA_NET_CELL, repairDryMinutiae, runMinutiaNet, scoreMinutiae, useMinutiaNetModel } from '../../src/extraction/index.js';
import { findThinRidgeBlocks } from '../../src/extraction/map-thin-ridges.js';
import type { RawMinutia } from '../../src/extraction/types.js';
import { perturbImage } from '../../src/perturbation/index.js';
import { createRng, mixSeed, pairTruthMinutiae, renderImpression, syntheticMasterPrint } from '../../src/synthetic/index.js';

// prints the detector never saw: training used afis synth seeds 101–103, validation 104 (scripts/train-minutia-net.sh)
function dryPrint(subject: number) {
  const master = syntheticMasterPrint(301, subject, 1);
  const impression = renderImpression(master, 'optical', createRng(mixSeed(301, subject, 1)), { condition: 'dry' });
  const image = perturbImage(impression.image, 'dry', mixSeed(301, subject, 2)).image;
  return { image, truth: impression.minutiae.filter((m) => !m.destroyed), analysis: analyzeFingerprint(image) };
}
const prints = [dryPrint(2), dryPrint(8), dryPrint(13), dryPrint(19)];
const P = EXTRACTION_PARAMETERS;
// the shipped model at 0.5: held-out validation on dry prints (models/minutia-net.md) precision 0.77, recall 0.70;
// on these four prints (optical, dry skin, then the suite's dry perturbation) 77 of 133 detections, 77 of 108 truth minutiae
const PRECISION_FLOOR = 0.45;
const RECALL_FLOOR = 0.55;
const withParams = (changes: Partial<Record<keyof typeof P, number>>): typeof P => ({ ...P, ...changes }) as unknown as typeof P;

/** The detector's 3 × 3-maximum cells of at least `threshold`, as Template-convention points. */
function detections(p: (typeof prints)[number], threshold: number) {
  const { width, height } = p.image;
  const net = runMinutiaNet(p.analysis.normalized, 0, 0, width, height);
  const { cols, rows, data } = net;
  const plane = cols * rows;
  const out: Array<{ x: number; y: number; angle: number }> = [];
  for (let cy = 0; cy < rows; cy++) {
    for (let cx = 0; cx < cols; cx++) {
      const v = data[cy * cols + cx]!;
      if (v < threshold) continue;
      let peak = true;
      for (let yy = Math.max(0, cy - 1); yy <= Math.min(rows - 1, cy + 1); yy++) for (let xx = Math.max(0, cx - 1); xx <= Math.min(cols - 1, cx + 1); xx++) if (data[yy * cols + xx]! > v) peak = false;
      const k = cy * cols + cx;
      const x = (cx + data[plane + k]!) * MINUTIA_NET_CELL, y = (cy + data[2 * plane + k]!) * MINUTIA_NET_CELL;
      if (peak && p.analysis.mask.pixels[Math.round(y) * width + Math.round(x)]) out.push({ x, y, angle: Math.atan2(data[4 * plane + k]!, data[3 * plane + k]!) });
    }
  }
  return out;
}

describe('dry-region minutia detector (models/minutia-net.onnx)', () => {
  it('is off by default: extraction unchanged and the model not needed', () => {
    expect(P.minutiaNetAddThreshold).toBe(0);
    expect(P.minutiaNetDropThreshold).toBe(0);
    expect(P.minutiaNetCheckThreshold).toBe(0);
    const { image, analysis } = prints[0]!;
    const list: RawMinutia[] = [{ x: 50, y: 50, direction: 0, type: 'ending', ridgeLength: 10, quality: 50 }];
    expect(repairDryMinutiae(list, analysis, P)).toBe(list);
    expect(extractTemplate(image, { parameters: withParams({ minutiaNetMaxDarkShare: 0.5 }) })).toEqual(extractTemplate(image));
  });

  it('chooses the detector with minutiaNetModel (0 = minutia-net.onnx, the default), loaded only when a threshold is on', () => {
    expect(P.minutiaNetModel).toBe(0);
    const { image, analysis } = prints[0]!;
    const list: RawMinutia[] = [{ x: 50, y: 50, direction: 0, type: 'ending', ridgeLength: 10, quality: 50 }];
    expect(repairDryMinutiae(list, analysis, withParams({ minutiaNetModel: 1 }))).toBe(list);
    expect(extractTemplate(image, { parameters: withParams({ minutiaNetModel: 1 }) })).toEqual(extractTemplate(image));
  });

  it('finds the true minutiae of dry prints it was not trained on, directions included', () => {
    let paired = 0, found = 0, truth = 0;
    for (const p of prints) {
      const d = detections(p, 0.5);
      const inMask = p.truth.filter((m) => p.analysis.mask.pixels[Math.round(m.y) * p.image.width + Math.round(m.x)]);
      paired += pairTruthMinutiae(inMask, d, 12, (40 * Math.PI) / 180).pairs.length;
      found += d.length;
      truth += inMask.length;
    }
    expect(truth).toBeGreaterThan(60);
    expect(paired / found, `precision ${paired}/${found}`).toBeGreaterThan(PRECISION_FLOOR);
    expect(paired / truth, `recall ${paired}/${truth}`).toBeGreaterThan(RECALL_FLOOR);
  });

  it('runs the same on a box as on the whole image inside the box, away from its edges', () => {
    const { image, analysis } = prints[0]!;
    const whole = runMinutiaNet(analysis.normalized, 0, 0, image.width, image.height);
    const box = runMinutiaNet(analysis.normalized, 64, 64, 64 + 160, 64 + 160);
    expect(box.cols).toBe(20);
    // a cell 6 cells inside the box: its receptive field lies inside the box's input
    const k = (cy: number, cx: number, cols: number) => cy * cols + cx;
    for (const [cy, cx] of [[10, 10], [8, 12]] as const) {
      expect(box.data[k(cy, cx, box.cols)]).toBeCloseTo(whole.data[k(cy + 8, cx + 8, whole.cols)]!, 4);
    }
  });

  it('changes minutiae only in thin-ridged blocks: drops there, adds there, keeps its spacing', () => {
    for (const p of prints) {
      const { analysis } = p;
      const base = extractFromAnalysis(p.image, analysis, P, NO_DEBUG);
      const list: RawMinutia[] = base.minutiae.map((m) => ({ x: m.x, y: m.y, direction: -m.angle, type: m.type === 'bifurcation' ? 'bifurcation' : 'ending', ridgeLength: 10, quality: m.quality }));
      const share = 0.25;
      const thin = findThinRidgeBlocks(analysis.normalized, analysis.mask, P.gapThinDarkLevel, share)!;
      expect(thin).not.toBeNull();
      const { blockSize: bs, cols } = analysis.mask.grid;
      const isThin = (x: number, y: number) => thin[Math.floor(y / bs) * cols + Math.floor(x / bs)] === 1;
      // drop everything the detector doubts at all: only thin-block minutiae may go
      const dropped = repairDryMinutiae(list, analysis, withParams({ minutiaNetDropThreshold: 0.999, minutiaNetMaxDarkShare: share }));
      const gone = list.filter((m) => !dropped.includes(m));
      expect(gone.length).toBeGreaterThan(0);
      for (const m of gone) expect(isThin(m.x, m.y)).toBe(true);
      for (const m of list) if (!isThin(m.x, m.y)) expect(dropped).toContain(m);
      // with the learned check as a second opinion: only what both reject goes
      const probability = scoreMinutiae(analysis, gone);
      const both = repairDryMinutiae(list, analysis, withParams({ minutiaNetDropThreshold: 0.999, minutiaNetMaxDarkShare: share, minutiaNetCheckThreshold: 0.3 }));
      expect(list.filter((m) => !both.includes(m))).toEqual(gone.filter((_, k) => probability[k]! < 0.3));
      expect(both.length).toBeGreaterThan(dropped.length);
      // add: new minutiae lie in thin blocks, inside the mask, at least the spacing from every other
      const added = repairDryMinutiae(list, analysis, withParams({ minutiaNetAddThreshold: 0.3, minutiaNetMaxDarkShare: share }));
      const fresh = added.slice(list.length);
      expect(added.slice(0, list.length)).toEqual(list);
      expect(fresh.length).toBeGreaterThan(0);
      for (const f of fresh) {
        expect(isThin(f.x, f.y)).toBe(true);
        for (const m of added) if (m !== f) expect(Math.hypot(m.x - f.x, m.y - f.y)).toBeGreaterThanOrEqual(P.minutiaNetAddSpacing - 1e-9);
        expect(f.quality).toBeGreaterThanOrEqual(30);
      }
      // no thin-ridged block at all: nothing changes, the same list comes back
      expect(repairDryMinutiae(list, analysis, withParams({ minutiaNetAddThreshold: 0.3, minutiaNetDropThreshold: 0.5, minutiaNetMaxDarkShare: -1 }))).toBe(list);
    }
  });

  it('loads the model file the bench chose (useMinutiaNetModel), and the shipped one again without an argument', () => {
    const { analysis } = prints[0]!;
    const list: RawMinutia[] = [{ x: 50, y: 50, direction: 0, type: 'ending', ridgeLength: 10, quality: 50 }];
    const on = withParams({ minutiaNetDropThreshold: 0.3 });
    const shipped = repairDryMinutiae(list, analysis, on);
    try {
      useMinutiaNetModel('/nonexistent/minutia-net.onnx');
      expect(() => repairDryMinutiae(list, analysis, on)).toThrow(/cannot load ONNX model/);
      // off: the model is never loaded, whichever file is chosen
      expect(repairDryMinutiae(list, analysis, P)).toBe(list);
    } finally {
      useMinutiaNetModel();
    }
    expect(repairDryMinutiae(list, analysis, on)).toEqual(shipped);
  });
});
