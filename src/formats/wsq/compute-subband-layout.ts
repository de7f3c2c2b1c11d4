/**
 * Geometry of the WSQ wavelet decomposition (IAFIS-IC-0110 §3 and its reference implementation):
 * 20 single-level 2-D transforms ("nodes", applied in order 0…19 when encoding and 19…0 when
 * decoding) cut the image into 64 rectangular subbands; subbands 60…63 (the finest diagonal
 * detail) are never coded. The rectangles depend only on width and height, and odd lengths are
 * split in a fixed, position-dependent way that encoder and decoder must agree on exactly.
 */

/** One single-level 2-D transform of the decomposition. */
export interface WaveletNode {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Spectral inversion of the horizontal split: the high-pass half comes first. */
  readonly invertRows: boolean;
  /** Spectral inversion of the vertical split. */
  readonly invertColumns: boolean;
}

/** One quantisation subband: a rectangle of the coefficient plane. */
export interface SubbandRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface SubbandLayout {
  readonly nodes: readonly WaveletNode[];
  /** 64 subbands in stream order; only 0…59 carry coefficients. */
  readonly subbands: readonly SubbandRect[];
}

/** Number of subbands that may carry coefficients (60…63 are always dropped). */
export const CODED_SUBBANDS = 60;
/** First subband of the second and third entropy-coded blocks. */
export const BLOCK_2_START = 19;
export const BLOCK_3_START = 52;

interface MutableRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Splits a length into two halves. Even lengths split evenly; odd lengths give the extra sample
 * to the first half, or to the second when `secondLonger` (the standard does the latter where a
 * band was spectrally inverted, so that the low-pass part keeps the extra sample).
 */
function splitLength(length: number, secondLonger: boolean): [number, number] {
  if (length % 2 === 0) return [length / 2, length / 2];
  const longer = (length + 1) / 2;
  return secondLonger ? [longer - 1, longer] : [longer, longer - 1];
}

/**
 * Cuts a rectangle into its 2 × 2 quadrants written at `out[start…start+3]` in the order
 * top-left, top-right, bottom-left, bottom-right.
 */
function splitQuadrants(out: MutableRect[], start: number, r: MutableRect, rightLonger: boolean, bottomLonger: boolean, keepLast = true): void {
  const [w0, w1] = splitLength(r.width, rightLonger);
  const [h0, h1] = splitLength(r.height, bottomLonger);
  out[start] = { x: r.x, y: r.y, width: w0, height: h0 };
  out[start + 1] = { x: r.x + w0, y: r.y, width: w1, height: h0 };
  out[start + 2] = { x: r.x, y: r.y + h0, width: w0, height: h1 };
  if (keepLast) out[start + 3] = { x: r.x + w0, y: r.y + h0, width: w1, height: h1 };
}

/**
 * Sixteen subbands from two levels of splitting one rectangle: the four quadrants, each cut
 * again into four. In the second level, the right quadrants give their extra column to the right
 * half and the bottom quadrants their extra row to the bottom half.
 */
function splitSixteen(out: MutableRect[], start: number, r: MutableRect, rowsInverted: boolean, columnsInverted: boolean): void {
  const quads: MutableRect[] = [];
  splitQuadrants(quads, 0, r, columnsInverted, rowsInverted);
  for (let q = 0; q < 4; q++) splitQuadrants(out, start + 4 * q, quads[q]!, (q & 1) === 1, (q & 2) === 2);
}

/**
 * Computes the 20 transform nodes and the 64 subband rectangles of a width × height image.
 * Pure and cheap (a few hundred integer operations); safe to call per image.
 */
export function computeSubbandLayout(width: number, height: number): SubbandLayout {
  const nodes: MutableRect[] = new Array(20);
  // Level 1 on the whole image: nodes 1–3 are its low/low, high/low and low/high quadrants
  // (the high/high quadrant holds subbands 60–63, which WSQ discards).
  nodes[0] = { x: 0, y: 0, width, height };
  splitQuadrants(nodes, 1, nodes[0], false, false, false);
  // Node 1 is split once more; its quadrants become nodes 14 (low/low), 4 and 5, and its
  // high/high quadrant is subband 51.
  const [wa, wb] = splitLength(nodes[1]!.width, false);
  const [ha, hb] = splitLength(nodes[1]!.height, false);
  nodes[4] = { x: wa, y: 0, width: wb, height: ha };
  splitQuadrants(nodes, 6, nodes[4], true, false);
  nodes[5] = { x: 0, y: ha, width: wa, height: hb };
  splitQuadrants(nodes, 10, nodes[5], false, true);
  nodes[14] = { x: 0, y: 0, width: wa, height: ha };
  splitQuadrants(nodes, 15, nodes[14], false, false);
  nodes[19] = { x: 0, y: 0, width: splitLength(nodes[15]!.width, false)[0], height: splitLength(nodes[15]!.height, false)[0] };

  const invertRows = new Set([2, 4, 7, 9, 11, 13, 16, 18]);
  const invertColumns = new Set([3, 5, 8, 9, 12, 13, 17, 18]);
  const waveletNodes: WaveletNode[] = nodes.map((n, i) => Object.freeze({ ...n, invertRows: invertRows.has(i), invertColumns: invertColumns.has(i) }));

  const subbands: MutableRect[] = new Array(64);
  // Written in this order on purpose: later groups replace the entries they share with earlier
  // ones (entry 3 by the four coarsest subbands, entries 48–50 by node 5's group).
  splitSixteen(subbands, 3, nodes[14], false, false);
  splitSixteen(subbands, 19, nodes[4], false, true);
  splitSixteen(subbands, 48, nodes[0], false, false);
  splitSixteen(subbands, 35, nodes[5], true, false);
  splitQuadrants(subbands, 0, nodes[19], false, false);
  return Object.freeze({ nodes: Object.freeze(waveletNodes), subbands: Object.freeze(subbands.map((s) => Object.freeze(s))) });
}
