/**
 * Ridge evidence for thin ridges: the share 0–1 of a signature's energy that a period's
 * fundamental and its harmonics up to `harmonics` explain together, normalised as
 * measureSignature's share (a sinusoid reads the same with both). A ridge profile thinned to narrow dark lines
 * (a dry print's eroded ridges) is still periodic, but no longer sinusoidal: its energy splits
 * between the ridge frequency and its multiples, so the fundamental alone (measureSignature)
 * reads it as weak. A single line or noise spreads its energy over all frequencies and a step
 * edge keeps it below the ridge band, so the sum stays low for them.
 */
export function measureHarmonicShare(sig: Float32Array, len: number, period: number, harmonics: number): number {
  if (!(period > 0) || len < 2) return 0;
  const hann = hannWindow(len);
  let mean = 0;
  for (let k = 0; k < len; k++) mean += sig[k];
  mean /= len;
  if (scratch.length < len) scratch = new Float32Array(len);
  let energy = 0;
  for (let k = 0; k < len; k++) {
    const v = (sig[k] - mean) * hann[k];
    scratch[k] = v;
    energy += v * v;
  }
  if (energy < 1e-6) return 0;
  let power = 0;
  for (let h = 1; h <= harmonics; h++) {
    // a harmonic at or beyond the sampling's Nyquist frequency carries no information
    if (period / h < 2) break;
    const w = (2 * Math.PI * h) / period;
    let re = 0;
    let im = 0;
    for (let k = 0; k < len; k++) {
      re += scratch[k] * Math.cos(w * k);
      im += scratch[k] * Math.sin(w * k);
    }
    power += re * re + im * im;
  }
  // normalised as measureSignature's share (a pure sinusoid gives the same value with either)
  return Math.min(1, (2 * power) / (energy * len));
}

// scratch of measureHarmonicShare (extraction never yields inside a stage)
let scratch = new Float32Array(0);
const windows = new Map<number, Float32Array>();

/** The Hann window of `len` samples measureSignature applies, built once per length. */
function hannWindow(len: number): Float32Array {
  let w = windows.get(len);
  if (!w) {
    w = new Float32Array(len).map((_, k) => 0.5 - 0.5 * Math.cos((2 * Math.PI * (k + 0.5)) / len));
    windows.set(len, w);
  }
  return w;
}
