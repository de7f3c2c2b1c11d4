import { TWO_PI } from '../core/index.js';
import { SEARCH_PARAMETERS, type SearchParameters } from '../config/parameters.js';
import type { FlatFinger } from './encode-compact-finger.js';

/** Bits set in a 32-bit word (SWAR). */
export function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

function hashCell(a: number, b: number, c: number, d: number): number {
  let h = Math.imul(a + 1, 0x9e3779b1) ^ Math.imul(b + 7, 0x85ebca77) ^ Math.imul(c + 13, 0xc2b2ae3d) ^ Math.imul(d + 17, 0x27d4eb2f);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0;
}

/**
 * The first-stage code of a finger: a fixed-length bit vector (a Bloom-filter-like set) of
 * quantised neighbour-pair features. For each of the best `codeMinutiae` minutiae and each of
 * its `codeNeighbours` nearest neighbours (between `codeMinDistance` and `codeMaxDistance`
 * pixels), the pair is described by its length, the direction of the edge relative to the
 * minutia, the neighbour's direction relative to the minutia (these three are invariant to
 * rotation and translation) and the minutia's absolute direction in `codeRotationBins` bins.
 * The quantised quadruple is hashed to one bit.
 *
 * Why the absolute direction: pair features alone are weak (neighbouring ridges run nearly
 * parallel, so most pairs fall in a few cells and impostors share most of them). True
 * correspondences between two impressions also agree on one global rotation, impostor
 * coincidences do not; keying on the direction keeps only rotation-consistent agreements, the
 * idea of Hough-style alignment at no search cost. Captures are roughly upright (ten-print
 * cards, live scanners), so a probe code (`probe` true) sets each feature in its own rotation
 * bin and both neighbours, tolerating ± one bin (±30° with 12 bins) of relative rotation.
 *
 * Two impressions of one finger share many bits; the first stage compares by the popcount of
 * the AND. Writes `codeWords` words at `out[at]`, returns the number of bits set.
 * Cost: O(n²) with n ≤ codeMinutiae (≈ 10–20 µs for 40 minutiae).
 */
export function computeFingerCode(f: FlatFinger, out: Uint32Array, at: number, params: SearchParameters = SEARCH_PARAMETERS, probe = false): number {
  const W = params.codeWords;
  const bits = W * 32;
  out.fill(0, at, at + W);
  const n = Math.min(f.count, params.codeMinutiae);
  const k = params.codeNeighbours;
  const minD2 = params.codeMinDistance ** 2;
  const maxD2 = params.codeMaxDistance ** 2;
  const nbD = new Float64Array(k);
  const nbJ = new Int32Array(k);
  const angleScale = params.codeAngleBins / TWO_PI;
  const R = params.codeRotationBins;
  const rotScale = R / TWO_PI;
  for (let i = 0; i < n; i++) {
    // k nearest neighbours by insertion into a small sorted list
    let m = 0;
    const xi = f.x[i];
    const yi = f.y[i];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const dx = f.x[j] - xi;
      const dy = f.y[j] - yi;
      const d2 = dx * dx + dy * dy;
      if (d2 < minD2 || d2 > maxD2) continue;
      if (m === k && d2 >= nbD[k - 1]) continue;
      let p = m < k ? m++ : k - 1;
      while (p > 0 && nbD[p - 1] > d2) {
        nbD[p] = nbD[p - 1];
        nbJ[p] = nbJ[p - 1];
        p--;
      }
      nbD[p] = d2;
      nbJ[p] = j;
    }
    const ti = f.angle[i];
    for (let q = 0; q < m; q++) {
      const j = nbJ[q];
      const d = Math.sqrt(nbD[q]);
      const dir = Math.atan2(-(f.y[j] - yi), f.x[j] - xi);
      let a1 = (dir - ti) % TWO_PI;
      if (a1 < 0) a1 += TWO_PI;
      let a2 = (f.angle[j] - ti) % TWO_PI;
      if (a2 < 0) a2 += TWO_PI;
      const c0 = Math.floor(d / params.codeDistanceBin);
      const c1 = Math.floor(a1 * angleScale) % params.codeAngleBins;
      const c2 = Math.floor(a2 * angleScale) % params.codeAngleBins;
      const r = Math.floor(ti * rotScale) % R;
      for (let dr = probe ? -1 : 0; dr <= (probe ? 1 : 0); dr++) {
        const h = hashCell(c0, c1, c2, (r + dr + R) % R) % bits;
        out[at + (h >>> 5)] |= 1 << (h & 31);
      }
    }
  }
  let pc = 0;
  for (let w = 0; w < W; w++) pc += popcount32(out[at + w]);
  return pc;
}
