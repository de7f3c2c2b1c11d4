// Singular points of a print as our extraction's orientation field shows them, for the realism
// benches (individuality.mjs, core-density.mjs): the field averaged to 16-px blocks and the
// Poincaré index around 2 × 2 block loops of its 3 × 3-smoothed version.

/** Block size of the coarse field, pixels. */
export const B = 16;

/** Orientation (doubled-angle vectors) and mask on 16-px blocks, from the extractor's 8-px field. */
export function coarseField(a) {
  const g = a.orientation.grid;
  const cols = Math.floor(g.cols / 2), rows = Math.floor(g.rows / 2);
  const c = new Float32Array(cols * rows), s = new Float32Array(cols * rows), m = new Uint8Array(cols * rows);
  for (let r = 0; r < rows; r++) {
    for (let q = 0; q < cols; q++) {
      let cc = 0, ss = 0, n = 0;
      for (let dr = 0; dr < 2; dr++) for (let dq = 0; dq < 2; dq++) {
        const k = (2 * r + dr) * g.cols + 2 * q + dq;
        if (!a.mask.blocks[k]) continue;
        cc += a.orientation.cos2[k]; ss += a.orientation.sin2[k]; n++;
      }
      const i = r * cols + q;
      if (n >= 3) { const l = Math.hypot(cc, ss) || 1; c[i] = cc / l; s[i] = ss / l; m[i] = 1; }
    }
  }
  return { cols, rows, c, s, m };
}

/** Singular points by the Poincaré index around 2 × 2 block loops of the 3 × 3-smoothed field. */
export function singularPoints(f) {
  const { cols, rows } = f;
  const sc = new Float32Array(cols * rows), ss = new Float32Array(cols * rows);
  for (let r = 0; r < rows; r++) for (let q = 0; q < cols; q++) {
    let cc = 0, s2 = 0;
    for (let dr = -1; dr <= 1; dr++) for (let dq = -1; dq <= 1; dq++) {
      const rr = r + dr, qq = q + dq;
      if (rr < 0 || qq < 0 || rr >= rows || qq >= cols || !f.m[rr * cols + qq]) continue;
      cc += f.c[rr * cols + qq]; s2 += f.s[rr * cols + qq];
    }
    sc[r * cols + q] = cc; ss[r * cols + q] = s2;
  }
  const ang = (i) => Math.atan2(ss[i], sc[i]); // doubled angle
  const interior = (r, q) => {
    for (let dr = -1; dr <= 2; dr++) for (let dq = -1; dq <= 2; dq++) {
      const rr = r + dr, qq = q + dq;
      if (rr < 0 || qq < 0 || rr >= rows || qq >= cols || !f.m[rr * cols + qq]) return false;
    }
    return true;
  };
  const cores = [], deltas = [];
  for (let r = 0; r + 1 < rows; r++) for (let q = 0; q + 1 < cols; q++) {
    if (!interior(r, q)) continue;
    const loop = [r * cols + q, r * cols + q + 1, (r + 1) * cols + q + 1, (r + 1) * cols + q];
    let sum = 0;
    for (let k = 0; k < 4; k++) {
      let d = ang(loop[(k + 1) % 4]) - ang(loop[k]);
      while (d > Math.PI) d -= 2 * Math.PI;
      while (d < -Math.PI) d += 2 * Math.PI;
      sum += d;
    }
    const idx = Math.round(sum / (2 * Math.PI)); // in doubled angles: +1 core, −1 delta
    const pt = [(q + 1) * B, (r + 1) * B];
    if (idx === 1) cores.push(pt); else if (idx === -1) deltas.push(pt);
  }
  // merge points closer than 2 blocks (one singularity found by neighbouring loops)
  const merge = (pts) => { const out = []; for (const p of pts) if (!out.some((o) => Math.hypot(o[0] - p[0], o[1] - p[1]) <= 2 * B)) out.push(p); return out; };
  return { cores: merge(cores), deltas: merge(deltas) };
}
