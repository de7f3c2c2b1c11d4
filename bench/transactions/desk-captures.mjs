// A set of FVC-style impressions (fingers × impressions) read as a desk's captures, one after the
// other, for the latent-residue benches (latent-clean.mjs, latent-flat.mjs): capture j holds
// impression j of every finger, as positions 1… in finger order.

/** The desk's captures of a set whose image i is of finger `fingers[i]`: `[{ index, position }]` per capture. */
export function deskCaptures(fingers) {
  const labels = [...new Set(fingers)].sort((a, b) => a - b);
  const byFinger = labels.map((l) => fingers.flatMap((f, i) => (f === l ? [i] : [])));
  const n = Math.max(...byFinger.map((b) => b.length));
  return Array.from({ length: n }, (_, j) => byFinger.flatMap((b, p) => (b[j] === undefined ? [] : [{ index: b[j], position: p + 1 }])));
}
