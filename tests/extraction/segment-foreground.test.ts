import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS as P } from '../../src/config/parameters.js';
import { computeBlockGradients, segmentForeground } from '../../src/extraction/index.js';
import { blockGridOf, type ForegroundMask } from '../../src/extraction/types.js';

/** The shipped parameters with some values changed (the frozen table types each value as a literal). */
const withParams = (changes: Partial<Record<keyof typeof P, number>>): typeof P => ({ ...P, ...changes }) as unknown as typeof P;

const W = 320;
const H = 320;
const INSET = 24;

/**
 * A round synthetic print (period 9, light sensor noise) inside a sensor frame: a 5-pixel dark
 * straight line at INSET from the image sides, flat grey outside it, light noisy platen inside.
 */
function framedPrint(): Float32Array {
  const grey = new Float32Array(W * H);
  let seed = 12345;
  const noise = (): number => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return ((seed >>> 8) / 0xffffff - 0.5) * 8;
  };
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const d = Math.min(x - INSET, W - 1 - INSET - x, y - INSET, H - 1 - INSET - y);
      let v: number;
      if (d < 0) v = 115;
      else if (d < 5) v = 40;
      else if ((x - 160) ** 2 + (y - 160) ** 2 < 95 * 95) v = 128 + 90 * Math.cos((2 * Math.PI * (0.6 * x + 0.8 * y)) / 9) + noise();
      else v = 225 + noise();
      grey[y * W + x] = v;
    }
  }
  return grey;
}

function segment(params: typeof P): ForegroundMask {
  const grey = framedPrint();
  return segmentForeground(grey, W, H, computeBlockGradients(grey, W, H, blockGridOf(W, H, P.blockSize)), params);
}

/** Share of the frame line's pixels (away from the print) inside the pixel mask. */
function frameInMask(mask: ForegroundMask): number {
  let n = 0;
  let inside = 0;
  for (let x = INSET + 10; x < W - INSET - 10; x++) {
    for (const y of [INSET + 2, H - INSET - 3]) {
      n++;
      inside += mask.pixels[y * W + x];
    }
  }
  return inside / n;
}

describe('foreground segmentation of a framed print', () => {
  it('keeps the print and leaves a straight frame line and the platen inside it out', () => {
    const mask = segment(P);
    expect(mask.pixels[160 * W + 160]).toBe(1);
    expect(frameInMask(mask)).toBeLessThan(0.05);
    // the platen between the print and the frame corner is not filled in as a hole
    expect(mask.pixels[(INSET + 20) * W + INSET + 20]).toBe(0);
  });

  it('still leaves the frame line out with the share against the coarse energy only (ridgeShareShortestPeriod)', () => {
    const mask = segment(withParams({ ridgeShareShortestPeriod: 3.5 }));
    expect(mask.pixels[160 * W + 160]).toBe(1);
    expect(frameInMask(mask)).toBeLessThan(0.05);
    // the print's own ridge evidence is read against its coarse energy: at least the whole-energy reading
    const off = segment(P);
    let higher = 0;
    let measured = 0;
    for (let i = 0; i < mask.ridgeShare.length; i++) {
      if (mask.ridgeShare[i] > 0 && off.ridgeShare[i] > 0) {
        measured++;
        if (mask.ridgeShare[i] >= off.ridgeShare[i] - 1e-6) higher++;
      }
    }
    expect(measured).toBeGreaterThan(0);
    expect(higher / measured).toBeGreaterThan(0.95);
  });

  it('takes the frame in when straight edges are not rejected (what the rejection is for)', () => {
    const mask = segment(withParams({ segmentationEdgeMaxRidgeShare: 0 }));
    expect(frameInMask(mask)).toBeGreaterThan(0.5);
  });
});

describe('foreground segmentation next to flat grey', () => {
  /** A noisy print disc of radius 90 on a perfectly flat white platen (saturated background). */
  function discOnFlat(): Float32Array {
    const grey = new Float32Array(W * H).fill(255);
    let seed = 99;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        if ((x - 160) ** 2 + (y - 160) ** 2 >= 90 * 90) continue;
        seed = (seed * 1103515245 + 12345) >>> 0;
        grey[y * W + x] = 128 + 90 * Math.cos((2 * Math.PI * (0.8 * x - 0.6 * y)) / 9) + ((seed >>> 8) / 0xffffff - 0.5) * 8;
      }
    }
    return grey;
  }
  /** Mask pixels more than 4 pixels outside the disc (where there is no print). */
  function outside(params: typeof P): number {
    const grey = discOnFlat();
    const mask = segmentForeground(grey, W, H, computeBlockGradients(grey, W, H, blockGridOf(W, H, P.blockSize)), params);
    let n = 0;
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (mask.pixels[y * W + x] && (x - 160) ** 2 + (y - 160) ** 2 > 94 * 94) n++;
    expect(mask.pixels[160 * W + 160]).toBe(1);
    return n;
  }

  it('does not take flat blocks the closing reached as print', () => {
    const withFlat = outside(P);
    const without = outside(withParams({ segmentationFlatMaxDeviation: 0 }));
    expect(withFlat).toBeLessThan(0.5 * without);
  });
});

/**
 * Ridges (period 9) over the whole image on a noisy platen: left of x = 160 at contrast ±90 with
 * ridge normal (0.6, 0.8), right of it faint (±11) with ridge normal `right`: (0.6, 0.8) the same
 * print fading out, (0.8, −0.6) another finger's latent at right angles to it.
 */
function printWithFaintRight(right: readonly [number, number]): Float32Array {
  const grey = new Float32Array(W * H);
  let seed = 7;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const [nx, ny, amp] = x < 160 ? [0.6, 0.8, 90] : [right[0], right[1], 11];
      const inPrint = x > 20 && x < W - 20 && y > 20 && y < H - 20;
      grey[y * W + x] = (inPrint ? 128 + amp * Math.cos((2 * Math.PI * (nx * x + ny * y)) / 9) : 200) + ((seed >>> 8) / 0xffffff - 0.5) * 4;
    }
  }
  return grey;
}
/** The share of the faint right part (inside a 40 px margin) the mask takes in; the strong left part must be in it. */
function faintRightShare(params: typeof P, right: readonly [number, number]): number {
  const grey = printWithFaintRight(right);
  const mask = segmentForeground(grey, W, H, computeBlockGradients(grey, W, H, blockGridOf(W, H, P.blockSize)), params);
  let n = 0, inside = 0;
  for (let y = 40; y < H - 40; y++) for (let x = 180; x < W - 40; x++) { n++; inside += mask.pixels[y * W + x]; }
  expect(mask.pixels[160 * W + 80]).toBe(1);
  return inside / n;
}
const FADING: readonly [number, number] = [0.6, 0.8];
const CROSSING: readonly [number, number] = [0.8, -0.6];

describe('foreground segmentation of a print fading out', () => {
  it('grows into the faint part, which a threshold relative to the strongest blocks cuts off', () => {
    expect(faintRightShare(withParams({ segmentationFaintGrowRidgeShare: 0 }), FADING)).toBeLessThan(0.2);
    expect(faintRightShare(P, FADING)).toBeGreaterThan(0.9);
  });

  it('keeps a faint part that continues the print when grown parts that cross its flow are dropped', () => {
    expect(faintRightShare(withParams({ segmentationGrowRimCoherence: 0.8 }), FADING)).toBeGreaterThan(0.9);
  });
});

describe('foreground segmentation beside a latent print (segmentationGrowRimCoherence)', () => {
  it('the growth takes the latent in; with the rim test it is dropped again', () => {
    expect(faintRightShare(withParams({ segmentationGrowRimCoherence: 0 }), CROSSING)).toBeGreaterThan(0.9);
    expect(faintRightShare(withParams({ segmentationGrowRimCoherence: 0.8 }), CROSSING)).toBeLessThan(0.1);
  });
});

describe('foreground segmentation of a print faded towards white (segmentationFadedRidgeShare)', () => {
  /**
   * Ridges (period 9) over the whole image inside a 20-pixel margin of grey 200, swinging ±16
   * around 128. From x = 60 to 220 they fade (as the perturbation suite's low contrast does)
   * until they keep 20 % of their contrast, lightened towards white (v + 0.8 · (255 − v): ±3.2
   * around 230), under sensor noise of ±2 added after the fade: a deviation of 2.5 grey levels,
   * below the faint growth's floor of 3. Where `platen` is set, the right part is instead a
   * grey platen (120) of grain ±8 right of x = 160, the print left of it not faded: the same few
   * grey levels of deviation, no ridges.
   */
  function fadedPrint(platen: boolean): Float32Array {
    const grey = new Float32Array(W * H);
    let seed = 11;
    const noise = (a: number): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return ((seed >>> 8) / 0xffffff - 0.5) * 2 * a;
    };
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const inPrint = x > 20 && x < W - 20 && y > 20 && y < H - 20;
        const ridges = 128 + 16 * Math.cos((2 * Math.PI * (0.6 * x + 0.8 * y)) / 9);
        let v: number;
        if (!inPrint) v = 200 + noise(2);
        else if (x < 160 && platen) v = ridges + noise(2);
        else if (platen) v = 120 + noise(8);
        else v = ridges + 0.8 * Math.min(1, Math.max(0, (x - 60) / 160)) * (255 - ridges) + noise(2);
        grey[y * W + x] = v;
      }
    }
    return grey;
  }
  function rightShare(platen: boolean, params: typeof P): number {
    const grey = fadedPrint(platen);
    const mask = segmentForeground(grey, W, H, computeBlockGradients(grey, W, H, blockGridOf(W, H, P.blockSize)), params);
    expect(mask.pixels[160 * W + 80]).toBe(1);
    let n = 0, inside = 0;
    for (let y = 40; y < H - 40; y++) for (let x = 230; x < W - 40; x++) { n++; inside += mask.pixels[y * W + x]; }
    return inside / n;
  }
  it('leaves the faded part out when off: its deviation is below the faint growth floor', () => {
    expect(rightShare(false, withParams({ segmentationFadedRidgeShare: 0 }))).toBeLessThan(0.2);
  });

  it('grows into the faded part (shipped parameters)', () => {
    expect(P.segmentationFadedRidgeShare).toBeGreaterThan(0);
    expect(rightShare(false, P)).toBeGreaterThan(0.9);
  });

  it('leaves a grey platen of grain as strong as the faded ridges out', () => {
    expect(rightShare(true, P)).toBeLessThan(0.1);
  });

  it('records the blocks the faded test took in only with the joint faded repair, and only in the faded part', () => {
    const grey = fadedPrint(false);
    const gradients = computeBlockGradients(grey, W, H, blockGridOf(W, H, P.blockSize));
    expect(segmentForeground(grey, W, H, gradients, P).faded).toBeUndefined();
    const on = withParams({ fadedJointRepair: 1 });
    const mask = segmentForeground(grey, W, H, gradients, on);
    const faded = mask.faded!;
    const { cols } = mask.grid;
    let count = 0;
    for (let b = 0; b < faded.length; b++) {
      if (!faded[b]) continue;
      count++;
      expect(mask.blocks[b]).toBe(1);
      // the print keeps its contrast left of x = 60: no block there needs the faded test
      expect((b % cols) * P.blockSize).toBeGreaterThanOrEqual(60);
    }
    expect(count).toBeGreaterThan(0);
    // its looser ridge share takes at least what the shipped one does, and the grain stays out
    expect(rightShare(false, on)).toBeGreaterThanOrEqual(rightShare(false, P));
    expect(rightShare(true, on)).toBeLessThan(0.1);
  });

  it('takes the grain in when neither its contrast against white nor its flow is asked for (what those tests are for)', () => {
    const loose = withParams({ segmentationFadedRidgeShare: 0.05, segmentationFadedWeberContrast: 0, segmentationFadedRelativeWeber: 0, segmentationFadedMaxTurn: Math.PI / 2 });
    expect(rightShare(true, loose)).toBeGreaterThan(0.3);
  });
});

describe('foreground segmentation of a print with residue on it', () => {
  const R = 34;
  /**
   * Ridges over the image (period 9, light noise) with a dark, grainy smudge of radius R at the
   * centre: grey 30 with a ±2 grain (standard deviation ≈ 1.4, above the strict flat test's 1),
   * blended into the print over its outer fifth, as the suite's residue perturbation draws it.
   */
  function smudgedPrint(): Float32Array {
    const grey = new Float32Array(W * H);
    let seed = 31;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        const inPrint = x > 20 && x < W - 20 && y > 20 && y < H - 20;
        const v = (inPrint ? 128 + 80 * Math.cos((2 * Math.PI * (0.6 * x + 0.8 * y)) / 9) : 210) + ((seed >>> 8) / 0xffffff - 0.5) * 4;
        const d = Math.hypot(x - 160, y - 160) / R;
        const w = d < 0.8 ? 1 : d < 1 ? (1 - d) / 0.2 : 0;
        grey[y * W + x] = v + w * (30 + (((x * 7 + y * 13) % 5) - 2) - v);
      }
    }
    return grey;
  }
  /** Share of the smudge's inner pixels (within 0.6 R of its centre) inside the pixel mask. */
  function smudgeInMask(params: typeof P): number {
    const grey = smudgedPrint();
    const mask = segmentForeground(grey, W, H, computeBlockGradients(grey, W, H, blockGridOf(W, H, P.blockSize)), params);
    let n = 0, inside = 0;
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (Math.hypot(x - 160, y - 160) < 0.6 * R) { n++; inside += mask.pixels[y * W + x]; }
    // the print around it stays
    expect(mask.pixels[60 * W + 60]).toBe(1);
    expect(mask.pixels[160 * W + 250]).toBe(1);
    return inside / n;
  }

  it('leaves a dark grainy smudge out when the dark flat test is on, and takes it in (hole filling) when off', () => {
    expect(smudgeInMask(withParams({ segmentationDarkFlatMaxDeviation: 0 }))).toBeGreaterThan(0.9);
    expect(smudgeInMask(withParams({ segmentationDarkFlatMaxDeviation: 3 }))).toBeLessThan(0.1);
  });

  it('marks the smudge and its rim as residue at pixel precision when segmentationResidueMargin is on, and nothing else', () => {
    const grey = smudgedPrint();
    const g = computeBlockGradients(grey, W, H, blockGridOf(W, H, P.blockSize));
    expect(segmentForeground(grey, W, H, g, withParams({ segmentationResidueMargin: 0 })).residue).toBeUndefined();
    const on = segmentForeground(grey, W, H, g, withParams({ segmentationResidueMargin: 6 }));
    const residue = on.residue!;
    expect(residue).toBeDefined();
    let core = 0, coreN = 0, rim = 0, rimN = 0, far = 0;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const d = Math.hypot(x - 160, y - 160) / R;
        const r = residue[y * W + x]!;
        if (d < 0.8) { coreN++; core += r; } else if (d < 0.85) { rimN++; rim += r; } else if (d > 1 + 8 / R) far += r;
      }
    }
    // the flat core and the dark inner part of the soft rim (weight ≥ 0.75) are covered; print
    // beyond the smudge is not (the flat test stops 3 px inside it, the margin adds 6)
    expect(core / coreN).toBe(1);
    expect(rim / rimN).toBe(1);
    expect(far).toBe(0);
    // the mask itself is the block test's, unchanged
    expect(Array.from(on.pixels)).toEqual(Array.from(segmentForeground(grey, W, H, g, P).pixels));
  });

  it('takes a dark flat patch smaller than segmentationResidueMinArea for a wet spot, not residue', () => {
    const grey = smudgedPrint();
    const g = computeBlockGradients(grey, W, H, blockGridOf(W, H, P.blockSize));
    // the smudge's flat core (7 × 7 deviation < 3) is a disc of radius ≈ 0.8 R − 3 ≈ 24 px: ≈ 1,800 px
    expect(segmentForeground(grey, W, H, g, withParams({ segmentationResidueMargin: 6, segmentationResidueMinArea: 1500 })).residue).toBeDefined();
    expect(segmentForeground(grey, W, H, g, withParams({ segmentationResidueMargin: 6, segmentationResidueMinArea: 2500 })).residue).toBeUndefined();
  });

  it('cuts the smudge and its rim out of the pixel mask when segmentationResidueCut is on, and nothing else', () => {
    const grey = smudgedPrint();
    const g = computeBlockGradients(grey, W, H, blockGridOf(W, H, P.blockSize));
    const off = segmentForeground(grey, W, H, g, P);
    expect(off.residueCut).toBeUndefined();
    const on = segmentForeground(grey, W, H, g, withParams({ segmentationResidueCut: 6 }));
    const cut = on.residueCut!;
    expect(cut).toBeDefined();
    let rimIn = 0, rimInOff = 0, rimN = 0, changedFar = 0, cutIn = 0, joined = 0;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const i = y * W + x;
        const d = Math.hypot(x - 160, y - 160) / R;
        // the soft rim the block mask keeps (weight ≥ 0.75) is out of the mask now
        if (d >= 0.8 && d < 0.85) { rimN++; rimIn += on.pixels[i]!; rimInOff += off.pixels[i]!; }
        if (d > 1 + 8 / R && on.pixels[i] !== off.pixels[i]) changedFar++;
        if (cut[i] && on.pixels[i]) cutIn++;
        // the cut only clears: nothing joins the mask
        if (on.pixels[i] && !off.pixels[i]) joined++;
      }
    }
    expect(joined).toBe(0);
    // the block mask keeps most of that rim without the cut
    expect(rimInOff / rimN).toBeGreaterThan(0.5);
    expect(rimIn).toBe(0);
    expect(cutIn).toBe(0);
    // print beyond the smudge and its margin keeps the block mask's pixels
    expect(changedFar).toBe(0);
    // the block mask is the block test's, unchanged
    expect(Array.from(on.blocks)).toEqual(Array.from(off.blocks));
  });

  it('with segmentationResidueCutClears 0 leaves the pixel mask as it is and still marks the cut', () => {
    const grey = smudgedPrint();
    const g = computeBlockGradients(grey, W, H, blockGridOf(W, H, P.blockSize));
    const off = segmentForeground(grey, W, H, g, P);
    const kept = segmentForeground(grey, W, H, g, withParams({ segmentationResidueCut: 6, segmentationResidueCutClears: 0 }));
    const cleared = segmentForeground(grey, W, H, g, withParams({ segmentationResidueCut: 6 }));
    expect(Array.from(kept.pixels)).toEqual(Array.from(off.pixels));
    expect(Array.from(kept.residueCut!)).toEqual(Array.from(cleared.residueCut!));
  });

  it('finds no residue on a print without a smudge', () => {
    const grey = smudgedPrint();
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (Math.hypot(x - 160, y - 160) < 40) {
      grey[y * W + x] = 128 + 80 * Math.cos((2 * Math.PI * (0.6 * x + 0.8 * y)) / 9);
    }
    const g = computeBlockGradients(grey, W, H, blockGridOf(W, H, P.blockSize));
    expect(segmentForeground(grey, W, H, g, withParams({ segmentationResidueMargin: 6 })).residue).toBeUndefined();
  });
});

describe('foreground segmentation of a print whose ridges thin out (a dry half)', () => {
  /** Ridges (period 9) over the image on a light platen; right of x = 160 only 2-pixel dark lines on white, faint. */
  function thinningPrint(depth: number): Float32Array {
    const grey = new Float32Array(W * H);
    let seed = 11;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        const inPrint = x > 20 && x < W - 20 && y > 20 && y < H - 20;
        const u = (((0.6 * x + 0.8 * y) % 9) + 9) % 9;
        const v = !inPrint ? 200 : x < 160 ? 128 + 90 * Math.cos((2 * Math.PI * u) / 9) : u < 2 ? 200 - depth : 200;
        grey[y * W + x] = v + ((seed >>> 8) / 0xffffff - 0.5) * 4;
      }
    }
    return grey;
  }
  function thinShare(params: typeof P, depth = 30): number {
    const grey = thinningPrint(depth);
    const mask = segmentForeground(grey, W, H, computeBlockGradients(grey, W, H, blockGridOf(W, H, P.blockSize)), params);
    let n = 0, inside = 0;
    for (let y = 40; y < H - 40; y++) for (let x = 180; x < W - 40; x++) { n++; inside += mask.pixels[y * W + x]; }
    expect(mask.pixels[160 * W + 80]).toBe(1);
    return inside / n;
  }

  it('grows into the thin ridges on their harmonics, which the fundamental alone leaves out', () => {
    expect(thinShare(P)).toBeLessThan(0.2);
    expect(thinShare(withParams({ segmentationFaintGrowHarmonicShare: 0.3 }))).toBeGreaterThan(0.9);
  });
});

describe('foreground segmentation at the edge of the contact (segmentationEdgePeelDepth)', () => {
  const R = 100;
  const HOLE = 14;
  /** A round print of radius R (period 9) with a blank spot of radius HOLE at its centre, on a light noisy blank sensor. */
  function roundPrint(): Float32Array {
    const grey = new Float32Array(W * H);
    let seed = 777;
    const noise = (): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return ((seed >>> 8) / 0xffffff - 0.5) * 6;
    };
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const r = Math.hypot(x - 160, y - 160);
        grey[y * W + x] = r < R && r >= HOLE ? 128 + 90 * Math.cos((2 * Math.PI * (0.6 * x + 0.8 * y)) / 9) + noise() : 225 + noise();
      }
    }
    return grey;
  }
  const segmentRound = (params: typeof P): ForegroundMask => {
    const grey = roundPrint();
    return segmentForeground(grey, W, H, computeBlockGradients(grey, W, H, blockGridOf(W, H, P.blockSize)), params);
  };
  /** Mask pixels more than `beyond` px outside the print's disc, and print pixels (at least 3 px inside its rim, outside the hole) not in the mask. */
  function edgeCounts(mask: ForegroundMask, beyond: number): { outside: number; lost: number; hole: number } {
    let outside = 0;
    let lost = 0;
    let hole = 0;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const r = Math.hypot(x - 160, y - 160);
        const m = mask.pixels[y * W + x];
        if (m && r > R + beyond) outside++;
        if (!m && r < R - 3 && r > HOLE + 3) lost++;
        if (m && r < HOLE - 3) hole++;
      }
    }
    return { outside, lost, hole };
  }

  it('reaches past the contact by more than 6 px when off (the block contrast window reaches half a block beyond the block)', () => {
    expect(edgeCounts(segmentRound(P), 6).outside).toBeGreaterThan(200);
  });

  it('peels the rim back to within 6 px of the contact (its 9 × 9 window still sees the last ridge), keeps the print and leaves a blank spot inside it to the hole filling', () => {
    const off = edgeCounts(segmentRound(P), 6);
    expect(off.outside).toBeGreaterThan(0);
    const on = edgeCounts(segmentRound(withParams({ segmentationEdgePeelDepth: 12 })), 6);
    expect(on.outside).toBe(0);
    expect(on.lost).toBe(off.lost); // the block mask's own corners, not the peel
    expect(on.hole).toBe(off.hole);
    expect(on.hole).toBeGreaterThan(0);
  });

  it('peels no deeper than its depth', () => {
    const shallow = edgeCounts(segmentRound(withParams({ segmentationEdgePeelDepth: 2 })), 6);
    const off = edgeCounts(segmentRound(P), 6);
    expect(shallow.outside).toBeGreaterThan(0);
    expect(shallow.outside).toBeLessThan(off.outside);
  });
});

describe('foreground segmentation: the block contrast window (segmentationContrastGrowth)', () => {
  const EDGE = 160; // the print's right edge, on a block boundary (block 20 starts here)
  /** Ridges (period 9) left of EDGE, a light noisy blank sensor right of it. */
  function halfPrint(): Float32Array {
    const grey = new Float32Array(W * H);
    let seed = 4242;
    const noise = (): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return ((seed >>> 8) / 0xffffff - 0.5) * 6;
    };
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        grey[y * W + x] = x < EDGE ? 128 + 90 * Math.cos((2 * Math.PI * (0.6 * x + 0.8 * y)) / 9) + noise() : 225 + noise();
      }
    }
    return grey;
  }
  const segmentHalf = (params: typeof P): ForegroundMask => {
    const grey = halfPrint();
    return segmentForeground(grey, W, H, computeBlockGradients(grey, W, H, blockGridOf(W, H, params.blockSize)), params);
  };
  /** Mask pixels on the middle rows that lie more than `beyond` px right of the print's edge. */
  const pastEdge = (mask: ForegroundMask, beyond: number): number => {
    let c = 0;
    for (let y = 80; y < H - 80; y++) for (let x = EDGE + beyond + 1; x < W; x++) c += mask.pixels[y * W + x];
    return c;
  };
  const size = P.blockSize;
  const cols = Math.ceil(W / size);
  const blankBeside = (H / 2 / size) * cols + EDGE / size; // the first blank block right of the ridges, mid-height

  it('lets a blank block beside the ridges pass on their contrast at half a block, and not at none', () => {
    const shipped = segmentHalf(P);
    const none = segmentHalf(withParams({ segmentationContrastGrowth: 0 }));
    // the blank sensor's own deviation is ≈ 1.7 grey levels; half a block of ridges in the window lifts it far above the floor
    expect(shipped.contrast[blankBeside]).toBeGreaterThan(4 * P.segmentationMinContrast);
    expect(none.contrast[blankBeside]).toBeLessThan(P.segmentationMinContrast);
    expect(shipped.blocks[blankBeside]).toBe(1);
    expect(none.blocks[blankBeside]).toBe(0);
    // a block inside the print keeps its contrast either way
    expect(none.contrast[blankBeside - 2]).toBeGreaterThan(4 * P.segmentationMinContrast);
    expect(none.blocks[blankBeside - 2]).toBe(1);
  });

  it('draws the mask most of a block past the print at half a block, and not past it at none', () => {
    const shipped = pastEdge(segmentHalf(P), 0);
    const none = pastEdge(segmentHalf(withParams({ segmentationContrastGrowth: 0 })), 0);
    expect(shipped).toBeGreaterThanOrEqual((H - 160) * (size - 2));
    expect(none).toBe(0);
  });
});

describe('blockRidgeShare in the WebAssembly kernel', () => {
  it('gives the JavaScript\'s shares bit for bit, at the image edges too', async () => {
    const { blockRidgeShare } = await import('../../src/extraction/segment-foreground.js');
    const { useEnhanceKernel } = await import('../../src/extraction/load-enhance-kernel.js');
    const { createRng, mixSeed, renderImpression, syntheticMasterPrint } = await import('../../src/synthetic/index.js');
    const image = renderImpression(syntheticMasterPrint(77, 3, 1), 'optical', createRng(mixSeed(77, 3, 1))).image;
    const { width, height } = image;
    const grey = new Float32Array(image.data);
    const grid = blockGridOf(width, height, P.blockSize);
    const g = computeBlockGradients(grey, width, height, grid);
    const n = grid.cols * grid.rows;
    // every block a candidate, a few already measured (kept)
    const candidates = new Uint8Array(n).fill(1);
    const start = Float32Array.from({ length: n }, (_, i) => (i % 17 === 0 ? 0.5 : -1));
    for (const shortest of [0, 3.5]) {
      const params = withParams({ ridgeShareShortestPeriod: shortest });
      const kernel = Float32Array.from(start);
      blockRidgeShare(grey, width, height, g, candidates, params, kernel);
      const js = Float32Array.from(start);
      useEnhanceKernel(false);
      try {
        blockRidgeShare(grey, width, height, g, candidates, params, js);
      } finally {
        useEnhanceKernel(true);
      }
      expect(Buffer.from(kernel.buffer).equals(Buffer.from(js.buffer))).toBe(true);
      expect(kernel.filter((v) => v > 0.3).length).toBeGreaterThan(50);
    }
  });
});
