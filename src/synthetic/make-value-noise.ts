import type { Rng } from './create-rng.js';

/**
 * Smooth random texture over a width × height grid: uniform values in [0, 1) on a lattice of
 * `spacing` pixels, interpolated with a smoothstep (value noise). Used for ridge breaks, ink
 * blotches, paper and sensor shading. Pure given the rng state; O(W·H).
 */
export function makeValueNoise(rng: Rng, width: number, height: number, spacing: number): Float32Array {
  const gw = Math.ceil(width / spacing) + 2;
  const gh = Math.ceil(height / spacing) + 2;
  const lattice = new Float32Array(gw * gh);
  for (let i = 0; i < lattice.length; i++) lattice[i] = rng.next();
  const out = new Float32Array(width * height);
  const inv = 1 / spacing;
  for (let y = 0; y < height; y++) {
    const fy = y * inv;
    const j = Math.floor(fy);
    let ty = fy - j;
    ty = ty * ty * (3 - 2 * ty);
    for (let x = 0; x < width; x++) {
      const fx = x * inv;
      const i = Math.floor(fx);
      let tx = fx - i;
      tx = tx * tx * (3 - 2 * tx);
      const a = j * gw + i;
      out[y * width + x] = (1 - ty) * ((1 - tx) * lattice[a]! + tx * lattice[a + 1]!) + ty * ((1 - tx) * lattice[a + gw]! + tx * lattice[a + gw + 1]!);
    }
  }
  return out;
}
