/**
 * Bilinear interpolation of values given on a lattice of `step` pixels (gw × gh points, point
 * (i, j) at pixel (i·step, j·step)) over a width × height image. The lattice must reach past the
 * last pixel: gw ≥ ⌈(width − 1) / step⌉ + 1, same for gh.
 */
export function interpolateLattice(grid: Float32Array, gw: number, gh: number, step: number, width: number, height: number): Float32Array {
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const fy = y / step;
    const j0 = Math.min(gh - 2, Math.floor(fy));
    const wy = fy - j0;
    for (let x = 0; x < width; x++) {
      const fx = x / step;
      const i0 = Math.min(gw - 2, Math.floor(fx));
      const wx = fx - i0;
      const a = j0 * gw + i0;
      out[y * width + x] = (1 - wy) * ((1 - wx) * grid[a]! + wx * grid[a + 1]!) + wy * ((1 - wx) * grid[a + gw]! + wx * grid[a + gw + 1]!);
    }
  }
  return out;
}
