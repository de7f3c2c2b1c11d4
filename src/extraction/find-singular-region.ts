import type { OrientationField } from './types.js';

/** Singular points of a block orientation field and the blocks around them. */
export interface SingularRegion {
  /** Per block 1 when its centre lies within the radius of a core or a delta, else 0. */
  readonly blocks: Uint8Array;
  /** Cores (Poincaré index +½), pixels at 500 ppi: the corner shared by the loop's four blocks. */
  readonly cores: readonly (readonly [number, number])[];
  /** Deltas (index −½), pixels. */
  readonly deltas: readonly (readonly [number, number])[];
}

/**
 * Cores and deltas by the Poincaré index of the doubled-angle field around each loop of 2 × 2
 * foreground blocks (+2π = core, −2π = delta), on the field smoothed over 3 × 3 blocks first so
 * that a single noisy block does not close a loop of its own; a loop is counted only when the
 * 4 × 4 blocks around it are all foreground (no index is read across the mask's edge). The
 * region is every block whose centre lies within `radius` pixels of a singular point.
 * Units: pixels at 500 ppi. Cost: a few operations per block. Pure; thread-safe.
 */
export function findSingularRegion(orientation: Pick<OrientationField, 'grid' | 'cos2' | 'sin2'>, foreground: Uint8Array, radius: number): SingularRegion {
  const { cols, rows, blockSize } = orientation.grid;
  const n = cols * rows;
  const sc = new Float32Array(n);
  const ss = new Float32Array(n);
  for (let r = 0; r < rows; r++) {
    for (let q = 0; q < cols; q++) {
      let c = 0;
      let s = 0;
      for (let dr = -1; dr <= 1; dr++) {
        for (let dq = -1; dq <= 1; dq++) {
          const rr = r + dr;
          const qq = q + dq;
          if (rr < 0 || qq < 0 || rr >= rows || qq >= cols) continue;
          const k = rr * cols + qq;
          if (!foreground[k]) continue;
          c += orientation.cos2[k];
          s += orientation.sin2[k];
        }
      }
      sc[r * cols + q] = c;
      ss[r * cols + q] = s;
    }
  }
  const inside = (r: number, q: number): boolean => {
    for (let dr = -1; dr <= 2; dr++) {
      for (let dq = -1; dq <= 2; dq++) {
        const rr = r + dr;
        const qq = q + dq;
        if (rr < 0 || qq < 0 || rr >= rows || qq >= cols || !foreground[rr * cols + qq]) return false;
      }
    }
    return true;
  };
  const cores: [number, number][] = [];
  const deltas: [number, number][] = [];
  for (let r = 0; r + 1 < rows; r++) {
    for (let q = 0; q + 1 < cols; q++) {
      if (!inside(r, q)) continue;
      const loop = [r * cols + q, r * cols + q + 1, (r + 1) * cols + q + 1, (r + 1) * cols + q];
      let sum = 0;
      for (let k = 0; k < 4; k++) {
        const a = loop[k];
        const b = loop[(k + 1) & 3];
        // the doubled-angle step from a to b, in (−π, π]
        sum += Math.atan2(sc[a] * ss[b] - ss[a] * sc[b], sc[a] * sc[b] + ss[a] * ss[b]);
      }
      const index = Math.round(sum / (2 * Math.PI));
      const point: [number, number] = [(q + 1) * blockSize, (r + 1) * blockSize];
      if (index === 1) cores.push(point);
      else if (index === -1) deltas.push(point);
    }
  }
  const blocks = new Uint8Array(n);
  const points = [...cores, ...deltas];
  if (points.length) {
    const r2 = radius * radius;
    for (let r = 0; r < rows; r++) {
      const cy = (r + 0.5) * blockSize;
      for (let q = 0; q < cols; q++) {
        const cx = (q + 0.5) * blockSize;
        for (const [px, py] of points) {
          if ((cx - px) * (cx - px) + (cy - py) * (cy - py) <= r2) {
            blocks[r * cols + q] = 1;
            break;
          }
        }
      }
    }
  }
  return { blocks, cores, deltas };
}

/** Per pixel 1 within `radius` pixels of one of the region's cores or deltas, else 0. */
export function singularPixels(region: SingularRegion, width: number, height: number, radius: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const r2 = radius * radius;
  for (const [px, py] of [...region.cores, ...region.deltas]) {
    const y0 = Math.max(0, Math.ceil(py - radius));
    const y1 = Math.min(height - 1, Math.floor(py + radius));
    for (let y = y0; y <= y1; y++) {
      const dy = y + 0.5 - py;
      const half = r2 - dy * dy;
      if (half < 0) continue;
      const h = Math.sqrt(half);
      const x0 = Math.max(0, Math.ceil(px - 0.5 - h));
      const x1 = Math.min(width - 1, Math.floor(px - 0.5 + h));
      if (x1 >= x0) out.fill(1, y * width + x0, y * width + x1 + 1);
    }
  }
  return out;
}
