import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS as P } from '../../src/config/parameters.js';
import { computeBlockGradients, segmentForeground } from '../../src/extraction/index.js';
import { beyond, findCrease } from '../../src/extraction/find-crease.js';
import { blockGridOf, type ForegroundMask } from '../../src/extraction/types.js';

/** The shipped parameters with some values changed (the frozen table types each value as a literal). */
const withParams = (changes: Partial<Record<keyof typeof P, number>>): typeof P => ({ ...P, ...changes }) as unknown as typeof P;

const W = 320;
const H = 400;
const ON = withParams({ segmentationCreaseMinShare: 0.85 });
const OFF = withParams({ segmentationCreaseMinShare: 0 });

interface Finger {
  /** The crease's middle row at x = 160, its slope, and its light rows (0 = no crease: the fingertip's ridges go on). */
  readonly creaseY: number;
  readonly slope: number;
  readonly creaseRows: number;
  /** Ridges beyond the crease: along it (a second phalanx) or across it. */
  readonly beyondRidges: 'along' | 'across';
}

/**
 * An upright finger on a light platen (period 9, light noise): a fingertip of rings around a core
 * at (160, 130) and, below a light crease band, the second phalanx's ridges.
 */
function finger(f: Finger): Float32Array {
  const grey = new Float32Array(W * H);
  let seed = 4242;
  const noise = (): number => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return ((seed >>> 8) / 0xffffff - 0.5) * 8;
  };
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const line = f.creaseY + f.slope * (x - 160);
      const inFinger = Math.abs(x - 160) < 115 && (y > 130 || ((x - 160) / 115) ** 2 + ((y - 130) / 110) ** 2 < 1);
      let v = 225 + noise();
      if (inFinger) {
        if (f.creaseRows > 0 && y >= line - f.creaseRows / 2 && y < line + f.creaseRows / 2) v = 225 + noise();
        else if (f.creaseRows > 0 && y >= line) {
          const t = f.beyondRidges === 'along' ? y - f.slope * (x - 160) + 0.002 * (x - 160) ** 2 : x;
          v = 128 + 90 * Math.cos((2 * Math.PI * t) / 9) + noise();
        } else {
          const r = Math.hypot(x - 160, (y - 130) / 1.3);
          v = 128 + 90 * Math.cos((2 * Math.PI * r) / 9) + noise();
        }
      }
      grey[y * W + x] = v;
    }
  }
  return grey;
}

function segment(f: Finger, params: typeof P): ForegroundMask {
  const grey = finger(f);
  return segmentForeground(grey, W, H, computeBlockGradients(grey, W, H, blockGridOf(W, H, P.blockSize)), params);
}

/** Share of the mask's pixels among those of the column band |x − 160| < 80 between rows y0 and y1. */
function maskShare(mask: ForegroundMask, y0: number, y1: number): number {
  let n = 0;
  let on = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = 80; x < 240; x++) {
      n++;
      on += mask.pixels[y * W + x];
    }
  }
  return on / n;
}

const CREASE: Finger = { creaseY: 290, slope: 0, creaseRows: 12, beyondRidges: 'along' };

describe('flexion crease cut (find-crease.ts)', () => {
  it('with the cut off (0), the second phalanx stays in the mask', () => {
    expect(P.segmentationCreaseMinShare).toBe(0.85);
    const mask = segment(CREASE, OFF);
    expect(maskShare(mask, 310, 390)).toBeGreaterThan(0.95);
  });

  it('cuts the second phalanx below a crease and keeps the fingertip', () => {
    const mask = segment(CREASE, ON);
    expect(maskShare(mask, 300, 400)).toBe(0);
    expect(maskShare(mask, 60, 270)).toBeGreaterThan(0.98);
  });

  it('finds the crease line along the band\'s upper edge, the lower side cut', () => {
    const grey = finger(CREASE);
    const g = computeBlockGradients(grey, W, H, blockGridOf(W, H, P.blockSize));
    const off = segmentForeground(grey, W, H, g, OFF);
    const sat = summedArea(grey, false), sat2 = summedArea(grey, true);
    const crease = findCrease(sat, sat2, W, H, g, off.blocks, off.contrast, ON);
    expect(crease).not.toBeNull();
    expect(crease!.side).toBe(1);
    // the band covers rows 284-295; the line runs along its upper edge (its quiet rows start half
    // the 5-row quiet window inside it), segmentationCreaseCutMargin back towards the print
    const intoPrint = beyond(crease!, 160, 284);
    expect(intoPrint).toBeGreaterThanOrEqual(ON.segmentationCreaseCutMargin - 3);
    expect(intoPrint).toBeLessThanOrEqual(ON.segmentationCreaseCutMargin + 1);
    expect(Math.abs(crease!.slope)).toBeLessThan(0.06);
  });

  it('follows a tilted crease', () => {
    const tilted: Finger = { ...CREASE, slope: 0.15 };
    const mask = segment(tilted, ON);
    // well below the line at both ends of the band, nothing is left; well above it, all is print
    let below = 0, above = 0, n = 0;
    for (let x = 80; x < 240; x++) {
      const line = 290 + 0.15 * (x - 160);
      n++;
      below += mask.pixels[Math.round(line + 15) * W + x];
      above += mask.pixels[Math.round(line - 20) * W + x];
    }
    expect(below / n).toBe(0);
    expect(above / n).toBe(1);
  });

  it('cuts nothing on a print without a crease', () => {
    const plain: Finger = { ...CREASE, creaseRows: 0 };
    expect(segment(plain, ON).pixels).toEqual(segment(plain, OFF).pixels);
  });

  it('cuts nothing when the ridges beyond the band cross it (not a second phalanx)', () => {
    const across: Finger = { ...CREASE, beyondRidges: 'across' };
    expect(segment(across, ON).pixels).toEqual(segment(across, OFF).pixels);
    // the ridge-flow test is what spares it: without it the band would cut
    expect(maskShare(segment(across, withParams({ segmentationCreaseMinShare: 0.85, segmentationCreaseMinParallel: -1 })), 300, 400)).toBe(0);
  });
});

/** Summed-area table of the grey (or its square), (W + 1) × (H + 1). */
function summedArea(grey: Float32Array, square: boolean): Float64Array {
  const out = new Float64Array((W + 1) * (H + 1));
  for (let y = 0; y < H; y++) {
    let row = 0;
    for (let x = 0; x < W; x++) {
      const v = grey[y * W + x];
      row += square ? v * v : v;
      out[(y + 1) * (W + 1) + x + 1] = out[y * (W + 1) + x + 1] + row;
    }
  }
  return out;
}
