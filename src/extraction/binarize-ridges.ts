import type { BinaryImage, FloatImage } from './types.js';

/**
 * Splits the enhanced image at zero inside the foreground: negative = ridge, positive = valley.
 * Both are returned because minutiae are taken as endings of both skeletons (a valley ending is
 * a ridge bifurcation), which makes bifurcations as robust as endings.
 */
export function binarizeRidges(enhanced: FloatImage, foreground: Uint8Array): { ridges: BinaryImage; valleys: BinaryImage } {
  const { width, height, data } = enhanced;
  const r = new Uint8Array(width * height);
  const v = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) {
    if (!foreground[i]) continue;
    if (data[i] < 0) r[i] = 1;
    else v[i] = 1;
  }
  return { ridges: { width, height, data: r }, valleys: { width, height, data: v } };
}
