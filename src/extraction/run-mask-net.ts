import { fileURLToPath } from 'node:url';
import { ExtractionError } from '../core/index.js';
import { loadOnnxSession } from './load-onnx-session.js';
import type { BlockGrid, FloatImage } from './types.js';

/**
 * The learned print mask (models/mask-net.md; issue 12, masknet): a small network trained on the
 * synthetic generator's impressions with their exact contact area, which reads the grey as the
 * segmentation sees it and its contrast normalisation, and gives per block of the extraction's
 * grid the probability that the block is finger contact.
 */
export const MASK_NET_MODEL = fileURLToPath(new URL('../../models/mask-net.onnx', import.meta.url));

/** The normalised grey is clipped to ±this before it is halved, as in training (scripts/mask-net/train.py `channels`). */
const NORMALIZED_LIMIT = 4;

/**
 * Per block of `grid` (row-major, cols × rows) the network's contact probability in [0, 1]. The
 * image is padded to whole blocks by repeating its last row and column, as training pads it.
 * Cost: ≈ 270 multiply-adds per pixel; 6–25 ms a print as measured through onnxruntime-node on one
 * thread (models/mask-net.md). Throws ExtractionError AFIS_MODEL_UNAVAILABLE when the model cannot be
 * loaded or does not give one value per block.
 */
export function runMaskNet(grey: Float32Array, normalized: FloatImage, grid: BlockGrid, modelPath: string = MASK_NET_MODEL): Float32Array {
  const { width, height, data } = normalized;
  const pw = grid.cols * grid.blockSize;
  const ph = grid.rows * grid.blockSize;
  const input = new Float32Array(2 * pw * ph);
  const plane = pw * ph;
  for (let y = 0; y < ph; y++) {
    const sy = Math.min(height - 1, y);
    for (let x = 0; x < pw; x++) {
      const i = sy * width + Math.min(width - 1, x);
      const v = data[i]!;
      input[y * pw + x] = (grey[i]! - 128) / 64;
      input[plane + y * pw + x] = (v < -NORMALIZED_LIMIT ? -NORMALIZED_LIMIT : v > NORMALIZED_LIMIT ? NORMALIZED_LIMIT : v) / 2;
    }
  }
  const ort = loadOnnxSession(modelPath);
  const result = ort.session.run({ input: new ort.Tensor('float32', input, [1, 2, ph, pw]) }, { contact: null }, {});
  const out = result.contact?.data;
  if (!out || out.length !== grid.cols * grid.rows) {
    throw new ExtractionError('AFIS_MODEL_UNAVAILABLE', `mask network ${modelPath} gave ${out?.length ?? 0} values for ${grid.cols} × ${grid.rows} blocks`);
  }
  return Float32Array.from(out);
}
