// One training record of the learned print mask (models/mask-net.md), the format scripts/mask-net/train.py
// reads: per image uint8 grey (what the segmentation sees), int8 normalised grey × 32 clipped to ±127, then
// per 8-px block uint8 target × 255 and uint8 classical block mask. Shared by make-data.mjs (synthetic
// contact areas) and make-real-data.mjs (real prints' own masks).
import { prepareFields } from '../../dist/extraction/index.js';

/**
 * The record of one image as the segmentation sees it (prepareFields with `params`), `inTarget(x, y)`
 * whether a pixel counts as print for the target (the block's value is the share of its pixels that do);
 * null when the image cannot be prepared (no print found).
 */
export function maskRecordOf(image, params, inTarget) {
  let fields;
  try {
    fields = prepareFields(image, params);
  } catch {
    return null;
  }
  const { width, height } = image;
  const blockSize = params.blockSize;
  const cols = Math.ceil(width / blockSize), rows = Math.ceil(height / blockSize);
  const n = width * height;
  const buf = Buffer.alloc(2 * n + 2 * cols * rows);
  for (let i = 0; i < n; i++) {
    const v = fields.normalized.data[i];
    buf[i] = Math.max(0, Math.min(255, Math.round(fields.grey[i])));
    buf.writeInt8(Number.isFinite(v) ? Math.max(-127, Math.min(127, Math.round(v * 32))) : 0, n + i);
  }
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let inside = 0, all = 0;
      for (let y = r * blockSize; y < Math.min(height, (r + 1) * blockSize); y++) {
        for (let x = c * blockSize; x < Math.min(width, (c + 1) * blockSize); x++) {
          all++;
          if (inTarget(x, y)) inside++;
        }
      }
      buf[2 * n + r * cols + c] = Math.round((255 * inside) / Math.max(1, all));
      buf[2 * n + cols * rows + r * cols + c] = fields.mask.blocks[r * cols + c] ? 1 : 0;
    }
  }
  return { buf, cols, rows };
}
