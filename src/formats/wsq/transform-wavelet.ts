import type { SubbandLayout } from './compute-subband-layout.js';
import { analyzeRows97, buildAnalysisTaps, buildSynthesisTaps, type LineTaps, synthesizeRows97, transformColumns, transformRows } from './wavelet-taps.js';
import { deriveSynthesisFilters, type FilterBank } from './wavelet-filters.js';

type TapBuilder = (n: number, inverted: boolean, low: Float64Array, high: Float64Array) => LineTaps;

function tapCache(build: TapBuilder, low: Float64Array, high: Float64Array): (n: number, inverted: boolean) => LineTaps {
  const cache = new Map<number, LineTaps>();
  return (n, inverted) => {
    const key = n * 2 + (inverted ? 1 : 0);
    let taps = cache.get(key);
    if (taps === undefined) {
      taps = build(n, inverted, low, high);
      cache.set(key, taps);
    }
    return taps;
  };
}

/**
 * Forward WSQ decomposition, in place: the image plane (width × height, row-major) becomes the
 * coefficient plane whose rectangles are the layout's subbands. Rows are split before columns
 * at each of the 20 nodes. Cost O(width × height × taps); allocates one plane-sized scratch.
 */
export function decomposeWavelet(plane: Float32Array, width: number, height: number, layout: SubbandLayout, bank: FilterBank): void {
  const taps = tapCache(buildAnalysisTaps, bank.analysisLow, bank.analysisHigh);
  const line = new Float64Array(Math.max(width, height) + 8);
  const scratch = new Float32Array(width * height);
  const fast = bank.analysisLow.length === 5 && bank.analysisHigh.length === 4;
  for (const node of layout.nodes) {
    if (node.width === 0 || node.height === 0) continue;
    if (fast && node.width >= 2) analyzeRows97(plane, width, node.x, node.y, node.width, node.height, node.invertRows, bank.analysisLow, bank.analysisHigh, line);
    else transformRows(plane, width, node.x, node.y, node.width, node.height, taps(node.width, node.invertRows), line);
    transformColumns(plane, width, node.x, node.y, node.width, node.height, taps(node.height, node.invertColumns), scratch);
  }
}

/**
 * Inverse WSQ decomposition, in place: coefficient plane → image plane (still centred and scaled;
 * the caller applies the frame's shift and scale). Nodes run 19 … 0, columns joined before
 * rows. Exactly inverts {@link decomposeWavelet} for the same filter bank (up to rounding).
 */
export function reconstructWavelet(plane: Float32Array, width: number, height: number, layout: SubbandLayout, bank: FilterBank, scratch?: Float32Array): void {
  const synthesis = deriveSynthesisFilters(bank);
  const taps = tapCache(buildSynthesisTaps, synthesis.low, synthesis.high);
  const line = new Float64Array(Math.max(width, height) + 8);
  const lineHigh = new Float64Array(Math.max(width, height) + 8);
  const work = scratch ?? new Float32Array(width * height);
  const fast = synthesis.low.length === 4 && synthesis.high.length === 5;
  for (let i = layout.nodes.length - 1; i >= 0; i--) {
    const node = layout.nodes[i]!;
    if (node.width === 0 || node.height === 0) continue;
    const columnTaps = taps(node.height, node.invertColumns);
    if (fast && node.width >= 2) {
      // columns into the compact scratch, rows from there back into the plane: no copy-back
      transformColumns(plane, width, node.x, node.y, node.width, node.height, columnTaps, work, false);
      synthesizeRows97(work, 0, node.width, plane, node.y * width + node.x, width, node.width, node.height, node.invertRows, synthesis.low, synthesis.high, line, lineHigh);
    } else {
      transformColumns(plane, width, node.x, node.y, node.width, node.height, columnTaps, work);
      transformRows(plane, width, node.x, node.y, node.width, node.height, taps(node.width, node.invertRows), line);
    }
  }
}
