// Distribution helpers of the synthetic-realism benches (realism.mjs, individuality.mjs): a
// quantile summary and the two-sample Kolmogorov–Smirnov statistic. Values that are not finite
// (a property a print does not have) are left out of both.

/** Count, 5/25/50/75/95th percentiles and mean, rounded to 0.01. */
export function summary(v) {
  const s = Float64Array.from(v.filter((x) => Number.isFinite(x))).sort();
  if (!s.length) return { n: 0 };
  const q = (p) => Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))] * 100) / 100;
  return { n: s.length, p5: q(0.05), p25: q(0.25), p50: q(0.5), p75: q(0.75), p95: q(0.95), mean: Math.round((s.reduce((x, y) => x + y, 0) / s.length) * 100) / 100 };
}

/** Two-sample Kolmogorov–Smirnov statistic (largest gap between the empirical CDFs), to 0.001. */
export function ks(x, y) {
  const a = Float64Array.from(x.filter(Number.isFinite)).sort();
  const b = Float64Array.from(y.filter(Number.isFinite)).sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < a.length && j < b.length) {
    const v = Math.min(a[i], b[j]);
    while (i < a.length && a[i] <= v) i++;
    while (j < b.length && b[j] <= v) j++;
    d = Math.max(d, Math.abs(i / a.length - j / b.length));
  }
  return Math.round(d * 1000) / 1000;
}
