import type { GrayImage } from '../core/index.js';
import { ALTERATION_PARAMETERS, EXTRACTION_PARAMETERS, type AlterationParameters } from '../config/parameters.js';
import { blockGridOf, computeBlockGradients, findSingularRegion, fitOrientationModel, segmentForeground } from '../extraction/index.js';
import type { Template } from '../templates/index.js';

/** Why a print looks altered; stable identifiers the pages translate (src/ui/public/common.js ALTERATION_SIGNS). */
export type AlterationSign = 'orientation-discontinuity' | 'ridge-flow' | 'scar' | 'minutia-density';

export interface AlterationAssessment {
  /** 0–100: how altered the print looks; `altered` from `flagScore` (50) on. */
  readonly score: number;
  readonly altered: boolean;
  /** The features whose own score reached the flag (`flagScore`), strongest first: every flagged print names at least one. */
  readonly signs: readonly AlterationSign[];
  /**
   * Raw features: share of the print on orientation cuts (away from its own singular points), share
   * whose ridge flow departs from a smooth whole-finger model, share scar-like, densest/mean minutia cell.
   */
  readonly features: { readonly discontinuity: number; readonly flow: number; readonly scar: number; readonly minutiaDensity: number };
  /**
   * Where each sign in `signs` was read, in the same order: the largest connected stretch its
   * feature measured (the densest cell for minutia density), so an examiner can look there.
   */
  readonly regions: readonly AlterationRegion[];
}

/**
 * Where one sign was read, in image pixels: the stretch's bounding box and its blocks (each the
 * top-left corner of a `blockSize` × `blockSize` square; together they draw the stretch's outline).
 */
export interface AlterationRegion {
  readonly sign: AlterationSign;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly blockSize: number;
  readonly blocks: readonly (readonly [number, number])[];
}

/** Ridge term of the flow model's fit (fitOrientationModel's lambda: × the mean diagonal). */
const FLOW_MODEL_RIDGE = 0.01;

/** Sets to 1 every 0 block not reachable from the grid's border (holes inside the print). */
function filledMask(blocks: Uint8Array, cols: number, rows: number): Uint8Array {
  const outside = new Uint8Array(cols * rows);
  const stack: number[] = [];
  const push = (i: number): void => { if (blocks[i] === 0 && outside[i] === 0) { outside[i] = 1; stack.push(i); } };
  for (let x = 0; x < cols; x++) { push(x); push((rows - 1) * cols + x); }
  for (let y = 0; y < rows; y++) { push(y * cols); push(y * cols + cols - 1); }
  while (stack.length > 0) {
    const i = stack.pop()!;
    const x = i % cols;
    if (x > 0) push(i - 1);
    if (x < cols - 1) push(i + 1);
    if (i >= cols) push(i - cols);
    if (i < (rows - 1) * cols) push(i + cols);
  }
  const out = new Uint8Array(cols * rows);
  for (let i = 0; i < out.length; i++) out[i] = outside[i] === 0 ? 1 : 0;
  return out;
}

/** Morphological opening of a block set by a 3 × 3 square (outside the grid counts as 0). */
function openBlocks(bits: Uint8Array, cols: number, rows: number): Uint8Array {
  const square = (src: Uint8Array, keepIfAll: boolean): Uint8Array => {
    const out = new Uint8Array(src.length);
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < cols; x++) {
        let all = true, any = false;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const xx = x + dx, yy = y + dy;
            const v = xx >= 0 && yy >= 0 && xx < cols && yy < rows ? src[yy * cols + xx] : 0;
            if (v === 1) any = true; else all = false;
          }
        }
        out[y * cols + x] = (keepIfAll ? all : any) ? 1 : 0;
      }
    }
    return out;
  };
  const opened = square(square(bits, true), false);
  for (let i = 0; i < opened.length; i++) opened[i] &= bits[i];
  return opened;
}

/** The largest 8-connected set of 1s: its size and its block indices (ascending; none: size 0). */
function largestComponent(bits: Uint8Array, cols: number, rows: number): { readonly size: number; readonly blocks: readonly number[] } {
  const seen = new Uint8Array(bits.length);
  const stack: number[] = [];
  let best: number[] = [];
  for (let s = 0; s < bits.length; s++) {
    if (bits[s] === 0 || seen[s] === 1) continue;
    const members: number[] = [];
    seen[s] = 1;
    stack.push(s);
    while (stack.length > 0) {
      const i = stack.pop()!;
      members.push(i);
      const x = i % cols;
      const y = (i - x) / cols;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          const yy = y + dy;
          if (xx < 0 || yy < 0 || xx >= cols || yy >= rows) continue;
          const j = yy * cols + xx;
          if (bits[j] === 1 && seen[j] === 0) { seen[j] = 1; stack.push(j); }
        }
      }
    }
    if (members.length > best.length) best = members;
  }
  best.sort((a, b) => a - b);
  return { size: best.length, blocks: best };
}

/** A set of grid blocks as a region in image pixels (clipped to the image); none for no block. */
function regionOf(sign: AlterationSign, blocks: readonly number[], cols: number, blockSize: number, width: number, height: number): AlterationRegion | undefined {
  if (blocks.length === 0) return undefined;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  const corners: [number, number][] = [];
  for (const i of blocks) {
    const x = (i % cols) * blockSize;
    const y = Math.floor(i / cols) * blockSize;
    corners.push([x, y]);
    x0 = Math.min(x0, x); y0 = Math.min(y0, y);
    x1 = Math.max(x1, Math.min(width, x + blockSize)); y1 = Math.max(y1, Math.min(height, y + blockSize));
  }
  return { sign, x: x0, y: y0, width: x1 - x0, height: y1 - y0, blockSize, blocks: corners };
}

/**
 * How much a finger image looks deliberately altered (burnt, cut, abraded, or with skin moved
 * by surgery), after the signs the published work on altered fingerprints uses (Yoon, Feng &
 * Jain 2012; Ellingsgaard & Busch 2017): (1) orientation discontinuities — neighbouring blocks
 * (two blocks apart, 16 px) of coherent ridges of ridge strength (a weak block's direction may be a
 * texture: a smudge's grain, a latent's faint ridges) whose directions differ sharply, which a natural
 * print shows only around its few singular points (the cuts near its own cores and deltas are
 * left out while it has no more of them than a finger has); (2) ridge flow unlike a finger's —
 * the largest stretch of blocks whose direction departs from a smooth model of the whole field
 * (polynomials, with the print's own cores and deltas divided out), a turned or moved patch's
 * inside; (3) scar-like area — holes in the
 * print and weak blocks inside it without a ridge direction of their own (a faint print keeps
 * its ridges' direction), measured as solid patches (the set opened by 3 × 3 blocks, so a faint
 * area's scattered directionless blocks do not join up); (4) abnormal minutia density — a cell holding
 * many more minutiae than the print's mean (scar edges end every ridge they cross; reported,
 * not flagged by default: `densityScale` 0). Each feature is
 * divided by its flag level; the score is 50 × the largest (capped at 100), so a print is
 * flagged when any feature reaches its level. A print without foreground scores 0.
 * Cost: one gradient pass over the pixels and a small least-squares fit (about 5 ms). Pure, thread-safe.
 */
export function detectAlteration(image: GrayImage, template?: Template, params: AlterationParameters = ALTERATION_PARAMETERS): AlterationAssessment {
  const { width, height } = image;
  const grey = new Float32Array(image.data.length);
  for (let i = 0; i < grey.length; i++) grey[i] = image.data[i];
  const grid = blockGridOf(width, height, EXTRACTION_PARAMETERS.blockSize);
  const { cols, rows, blockSize } = grid;
  let area = 0;
  const gradients = computeBlockGradients(grey, width, height, grid);
  const mask = segmentForeground(grey, width, height, gradients, EXTRACTION_PARAMETERS);
  const filled = filledMask(mask.blocks, cols, rows);

  // Ridge direction (doubled angle) and coherence over 3 × 3 blocks, unsmoothed beyond that:
  // the extraction's smoothed field would blur exactly the cuts looked for here.
  const n = cols * rows;
  const c2 = new Float32Array(n);
  const s2 = new Float32Array(n);
  const coherence = new Float32Array(n);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      let xx = 0, yy = 0, xy = 0;
      for (let dy = -1; dy <= 1; dy++) {
        const yy0 = y + dy;
        if (yy0 < 0 || yy0 >= rows) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx0 = x + dx;
          if (xx0 < 0 || xx0 >= cols) continue;
          const j = yy0 * cols + xx0;
          xx += gradients.gxx[j]; yy += gradients.gyy[j]; xy += gradients.gxy[j];
        }
      }
      const vx = xx - yy;
      const vy = 2 * xy;
      const norm = Math.hypot(vx, vy);
      const i = y * cols + x;
      coherence[i] = norm / (xx + yy + 1e-9);
      c2[i] = norm > 0 ? vx / norm : 1;
      s2[i] = norm > 0 ? vy / norm : 0;
    }
  }

  // Depth of each print block: 0 outside, else blocks to the nearest outside block (chessboard).
  const depth = new Int32Array(n);
  for (let i = 0; i < n; i++) depth[i] = filled[i] === 1 ? 1 << 20 : 0;
  for (let pass = 0; pass < 2; pass++) {
    for (let k = 0; k < n; k++) {
      const i = pass === 0 ? k : n - 1 - k;
      if (depth[i] === 0) continue;
      const x = i % cols;
      const y = (i - x) / cols;
      if (x === 0 || y === 0 || x === cols - 1 || y === rows - 1) { depth[i] = 1; continue; }
      const step = pass === 0 ? -1 : 1;
      for (const j of [i + step, i + step * cols, i + step * (cols - 1), i + step * (cols + 1)]) depth[i] = Math.min(depth[i], depth[j] + 1);
    }
  }
  const inner = (i: number): boolean => depth[i] > params.interiorDepth;
  let innerCount = 0;
  const energy: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!inner(i)) continue;
    innerCount++;
    if (mask.blocks[i] === 1) energy.push(gradients.gxx[i] + gradients.gyy[i]);
  }
  energy.sort((a, b) => a - b);
  const lowEnergy = (energy[Math.floor(energy.length / 2)] ?? 0) * params.scarEnergyRatio;

  // The scar sign's direction test reads the 3 × 3 blocks' coherence (radius 1) or the block's own (0).
  const ownCoherence = params.scarMaxCoherence > 0 && params.scarCoherenceRadius < 1;
  const scarCoherence = ownCoherence ? new Float32Array(n) : coherence;
  if (ownCoherence) {
    for (let i = 0; i < n; i++) {
      const e = gradients.gxx[i] + gradients.gyy[i];
      scarCoherence[i] = Math.hypot(gradients.gxx[i] - gradients.gyy[i], 2 * gradients.gxy[i]) / (e + 1e-9);
    }
  }
  // cos of the doubled-angle difference below this = directions further apart than the angle
  const cutCos = Math.cos(2 * params.discontinuityAngle);
  const cut = new Uint8Array(n);
  const scarLike = new Uint8Array(n);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      const i = y * cols + x;
      if (!inner(i)) continue;
      // smooth skin (a scar, a burn) or a hole in the print
      // (a weak block whose ridges keep a clear direction is faint print, not smooth skin)
      const weak = gradients.gxx[i] + gradients.gyy[i] < lowEnergy && (params.scarMaxCoherence <= 0 || scarCoherence[i] < params.scarMaxCoherence);
      if (mask.blocks[i] === 0 || weak) scarLike[i] = 1;
      if (coherence[i] < params.discontinuityMinCoherence) continue;
      if (params.discontinuityPrintOnly > 0 && mask.blocks[i] === 0) continue;
      if (params.discontinuityStrongOnly > 0 && gradients.gxx[i] + gradients.gyy[i] < lowEnergy) continue;
      for (const [dx, dy] of [[2, 0], [0, 2], [2, 2], [2, -2]] as const) {
        const x2 = x + dx;
        const y2 = y + dy;
        if (x2 < 0 || y2 < 0 || x2 >= cols || y2 >= rows) continue;
        const j = y2 * cols + x2;
        if (!inner(j) || coherence[j] < params.discontinuityMinCoherence) continue;
        if (params.discontinuityPrintOnly > 0 && mask.blocks[j] === 0) continue;
        if (params.discontinuityStrongOnly > 0 && gradients.gxx[j] + gradients.gyy[j] < lowEnergy) continue;
        if (c2[i] * c2[j] + s2[i] * s2[j] < cutCos) { cut[i] = 1; cut[j] = 1; }
      }
    }
  }
  // Natural prints have scattered weak spots and a few cuts at their singular points; an
  // alteration makes one connected stretch of them: the largest connected set counts. With
  // discontinuitySingularRadius, the cuts around the print's own cores and deltas are left out
  // (while their number is a natural finger's, discontinuitySingularMax).
  const singular = params.discontinuitySingularRadius > 0 ? findSingularRegion({ grid, cos2: c2, sin2: s2 }, filled, params.discontinuitySingularRadius) : null;
  const limit = params.discontinuitySingularMax;
  // singularInPrintOnly: a point is the print's own only where the four blocks of its loop are print;
  // a smudge or a hole in the print turns the flow around its rim as a core does, and its points,
  // counted past a finger's two, hid the print's own core's cuts (bench/RESULTS.md, "altsmudge2").
  // Only the points counted and divided out are filtered; the blocks around every point are left out
  // of the cuts as before.
  const own = (points: readonly (readonly [number, number])[]): readonly (readonly [number, number])[] => params.singularInPrintOnly > 0
    ? points.filter(([px, py]) => {
      const q = Math.round(px / blockSize) - 1;
      const r = Math.round(py / blockSize) - 1;
      return mask.blocks[r * cols + q] === 1 && mask.blocks[r * cols + q + 1] === 1 && mask.blocks[(r + 1) * cols + q] === 1 && mask.blocks[(r + 1) * cols + q + 1] === 1;
    })
    : points;
  const ownCores = singular ? own(singular.cores) : [];
  const ownDeltas = singular ? own(singular.deltas) : [];
  // the blocks around the print's own cores and deltas, while it has no more of them than a finger has
  const leftOut = singular && (limit <= 0 || (ownCores.length <= limit && ownDeltas.length <= limit)) ? singular.blocks : null;
  if (leftOut) for (let i = 0; i < n; i++) if (leftOut[i] === 1) cut[i] = 0;
  const cutPart = largestComponent(cut, cols, rows);
  const discontinuity = innerCount > 0 ? cutPart.size / innerCount : 0;

  // Ridge flow unlike a finger's: a skin patch turned or moved by surgery keeps ridges of its own
  // direction over its whole area, where a cut is seen at its rim only. A smooth model of the whole
  // field (Legendre polynomials of degree flowModelDegree over the print, as Yoon, Feng & Jain 2012
  // fit Zhou & Gu's model) is fitted to the coherent blocks of ridge strength; blocks whose direction
  // is more than flowResidualAngle from the model's make a set whose largest stretch counts. A
  // polynomial bends badly around a core or a delta (a whorl's two cores most), so with
  // flowSingularFactor the print's own cores and deltas are divided out first (Sherlock & Monro's
  // zero-pole model: each core turns the doubled angle once around it, each delta once back), the
  // polynomial fits what remains and the model is the two multiplied again. Where the model has no
  // clear direction (its polynomial's vector shorter than flowModelMinLength: no fit for too few
  // blocks, or near its own zeros) nothing is read; the print's own cores and deltas are left out as
  // for the cuts.
  let flow = 0;
  let flowBlocks: readonly number[] = [];
  if (params.flowModelDegree > 0 && innerCount > 0) {
    const weights = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      if (inner(i) && mask.blocks[i] === 1 && coherence[i] >= params.discontinuityMinCoherence && gradients.gxx[i] + gradients.gyy[i] >= lowEnergy) weights[i] = coherence[i];
    }
    // the zero-pole phase of the print's own singular points at each block (none: 0)
    const phase = new Float32Array(n);
    if (params.flowSingularFactor > 0 && leftOut && singular) {
      for (let y = 0; y < rows; y++) {
        const cy = (y + 0.5) * blockSize;
        for (let x = 0; x < cols; x++) {
          const cx = (x + 0.5) * blockSize;
          let p = 0;
          for (const [px, py] of ownCores) p += Math.atan2(cy - py, cx - px);
          for (const [px, py] of ownDeltas) p -= Math.atan2(cy - py, cx - px);
          phase[y * cols + x] = p;
        }
      }
    }
    const cosP = new Float32Array(n);
    const sinP = new Float32Array(n);
    const rc = new Float32Array(n);
    const rs = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      cosP[i] = Math.cos(phase[i]);
      sinP[i] = Math.sin(phase[i]);
      // the field with the singular points divided out: (c2 + i s2) · e^(−i phase)
      rc[i] = c2[i] * cosP[i] + s2[i] * sinP[i];
      rs[i] = s2[i] * cosP[i] - c2[i] * sinP[i];
    }
    const model = fitOrientationModel({ grid, cos2: rc, sin2: rs }, weights, filled, params.flowModelDegree, FLOW_MODEL_RIDGE);
    // cos of the doubled-angle difference below this = directions further apart than the angle
    const flowCos = Math.cos(2 * params.flowResidualAngle);
    const astray = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      if (weights[i] === 0 || leftOut?.[i] === 1) continue;
      const length = Math.hypot(model.cos2[i], model.sin2[i]);
      if (length < params.flowModelMinLength) continue;
      // the model's direction with the singular points multiplied back: (mc + i ms) · e^(i phase)
      const mc = model.cos2[i] * cosP[i] - model.sin2[i] * sinP[i];
      const ms = model.sin2[i] * cosP[i] + model.cos2[i] * sinP[i];
      if ((c2[i] * mc + s2[i] * ms) / length < flowCos) astray[i] = 1;
    }
    const flowPart = largestComponent(astray, cols, rows);
    flow = flowPart.size / innerCount;
    flowBlocks = flowPart.blocks;
  }
  // scarOpening: the scar-like set opened by 3 × 3 blocks first (a block stays only inside a 3 × 3
  // square of scar-like blocks), so the scattered directionless blocks of a faint area do not join
  // into one stretch while a burn's solid patch keeps its extent
  const scarSet = params.scarOpening > 0 ? openBlocks(scarLike, cols, rows) : scarLike;
  const scarPart = largestComponent(scarSet, cols, rows);
  const scar = innerCount > 0 ? scarPart.size / innerCount : 0;

  let minutiaDensity = 0;
  let densest = -1;
  let densityRegion: AlterationRegion | undefined;
  for (let i = 0; i < filled.length; i++) area += filled[i];
  if (template && template.minutiae.length > 0 && area > 0) {
    const cell = params.densityCell;
    const ccols = Math.ceil(width / cell);
    const crows = Math.ceil(height / cell);
    const counts = new Float64Array(ccols * crows);
    for (const m of template.minutiae) {
      const cx = Math.min(ccols - 1, Math.max(0, Math.floor(m.x / cell)));
      const cy = Math.min(crows - 1, Math.max(0, Math.floor(m.y / cell)));
      counts[cy * ccols + cx]++;
    }
    const printCells = (area * blockSize * blockSize) / (cell * cell);
    const mean = template.minutiae.length / Math.max(1, printCells);
    let max = 0;
    for (let c = 0; c < counts.length; c++) {
      if (counts[c] > max) { max = counts[c]; densest = c; }
    }
    minutiaDensity = mean > 0 ? max / mean : 0;
    if (densest >= 0) densityRegion = regionOf('minutia-density', [densest], ccols, cell, width, height);
  }

  const levels: [AlterationSign, number][] = [
    ['orientation-discontinuity', discontinuity / params.discontinuityScale],
    // flowModelDegree 0: the sign is not used (its feature reads 0)
    ['ridge-flow', params.flowModelDegree > 0 ? flow / params.flowScale : 0],
    ['scar', scar / params.scarScale],
    // densityScale 0: the sign is not used (its feature is still reported)
    ['minutia-density', params.densityScale > 0 ? minutiaDensity / params.densityScale : 0],
  ];
  levels.sort((a, b) => b[1] - a[1]);
  const z = levels[0][1];
  const score = Math.min(100, Math.round(50 * z));
  const round = (v: number): number => Math.round(v * 1000) / 1000;
  // a sign is named once its own score reaches the flag (the score is rounded: a feature at 0.99 of
  // its level flags the print, and the print must name why)
  const signs = levels.filter(([, v]) => Math.min(100, Math.round(50 * v)) >= params.flagScore).map(([s]) => s);
  const where: Record<AlterationSign, () => AlterationRegion | undefined> = {
    'orientation-discontinuity': () => regionOf('orientation-discontinuity', cutPart.blocks, cols, blockSize, width, height),
    'ridge-flow': () => regionOf('ridge-flow', flowBlocks, cols, blockSize, width, height),
    scar: () => regionOf('scar', scarPart.blocks, cols, blockSize, width, height),
    'minutia-density': () => densityRegion,
  };
  return {
    score,
    altered: score >= params.flagScore,
    signs,
    regions: signs.map((s) => where[s]()).filter((r): r is AlterationRegion => r !== undefined),
    features: { discontinuity: round(discontinuity), flow: round(flow), scar: round(scar), minutiaDensity: round(minutiaDensity) },
  };
}
