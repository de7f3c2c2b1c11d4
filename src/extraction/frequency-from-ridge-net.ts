import type { ExtractionParameters } from '../config/parameters.js';
import type { RidgeNetRun } from './blend-ridge-net.js';
import { estimateRidgeFrequency, gatePeriodWindows, measurePeriodWindows, periodMapFromWindows } from './estimate-ridge-frequency.js';
import { blocksWellInsideBox } from './orientation-from-ridge-net.js';
import type { ForegroundMask, FrequencyField, OrientationField } from './types.js';

/**
 * The ridge period map read from the learned ridge network's map (issue 12, netperiod; off while
 * `frequencyFromRidgeNet` is 0). Where a wet print's spread ridges closed the valleys, the
 * x-signature of the grey loses every other valley and reads about twice the period (an octave
 * error); the network's map draws the closed valleys again from the intact ridges around, as it
 * does for the orientation field. The run is the one the orientation field made
 * (readFieldFromRidgeNet), so the network is not run again; with no run (the field from the
 * network off, or its doubt gate ran none) `classical` is returned itself.
 *
 * The same estimator ({@link estimateRidgeFrequency}, with the octave test and every option as
 * set) reads the map, on the foreground blocks well inside the run's box (blocksWellInsideBox):
 * the map (ridges −1, valleys +1) has the sign of the contrast-normalised grey (ridges dark,
 * negative) and a smaller scale (|value| ≤ 1 against about unit variance), and the estimator is
 * blind to both: each signature is made mean-free and the period is the strongest sinusoid's,
 * kept by its share of the signature's energy, and the octave test compares powers of one
 * signature, all ratios unchanged by a factor of either sign; only a flat signature (energy below
 * 1e-6) is refused, far below the map's.
 *
 * In those blocks the period becomes (1 − w)·classical + w·network (w = `frequencyFromRidgeNet`,
 * at most 1; 1 = the network's period alone); every other block keeps the classical period bit
 * for bit. `measured`, `sampled` and `share` stay the classical ones: they are the grey's ridge
 * evidence, which quality, reliability and the minutia gates read (the network's map is clean by
 * construction). Later steps (the faded repair) run on the result as they did on the classical map.
 *
 * With `frequencyFromRidgeNetMinShare` > 0 the map's windows pass that spectral share instead of the
 * grey's `frequencyMinSpectralShare` (issue 12, wet3): where the network drew no clear ridges (a wet
 * print's closed valleys) its window is refused and the map's period there is filled from the measured
 * windows around, as the estimator fills any refused window. With `frequencyFromRidgeNetLongRatio` R > 0
 * as well, that gated reading is taken only in the blocks where the map's reading under the grey's gate
 * is longer than R × its median over the blocks read (a wet print's closed valleys read long, never
 * short); every other block keeps the ungated reading.
 */
export function frequencyFromRidgeNet(
  classical: FrequencyField,
  run: RidgeNetRun | null | undefined,
  orientation: OrientationField,
  mask: ForegroundMask,
  width: number,
  height: number,
  params: ExtractionParameters,
): FrequencyField {
  const w = Math.min(1, params.frequencyFromRidgeNet);
  if (!(w > 0) || !run) return classical;
  const inside = blocksWellInsideBox(run.box, orientation.grid, width, height);
  let any = false;
  for (let b = 0; b < inside.length; b++) {
    if (!mask.blocks[b]) inside[b] = 0;
    else if (inside[b]) any = true;
  }
  if (!any) return classical;
  const map = { width, height, data: run.map };
  // the map's own ridge-evidence gate (off: the grey's): a window where the network drew no clear
  // ridges is refused and filled from the map's measured windows around
  const V = params.frequencyFromRidgeNetMinShare;
  const R = params.frequencyFromRidgeNetLongRatio;
  let net: FrequencyField;
  if (!(V > 0)) net = estimateRidgeFrequency(map, orientation, inside, params);
  else if (!(R > 0)) net = estimateRidgeFrequency(map, orientation, inside, { ...params, frequencyMinSpectralShare: V } as unknown as ExtractionParameters);
  else {
    // one-sided: the gated reading only where the map's own (ungated) reading is long, where a wet
    // print's closed valleys put it; every other block keeps the ungated reading. The signatures
    // are measured once (under the grey's gate) and both maps made from them (V at or above it).
    const windows = measurePeriodWindows(map, orientation, inside, params);
    const open = periodMapFromWindows(map, orientation, windows, params);
    const gated =
      V >= params.frequencyMinSpectralShare
        ? periodMapFromWindows(map, orientation, gatePeriodWindows(windows, V), params)
        : estimateRidgeFrequency(map, orientation, inside, { ...params, frequencyMinSpectralShare: V } as unknown as ExtractionParameters);
    const values: number[] = [];
    for (let b = 0; b < inside.length; b++) if (inside[b]) values.push(open.period[b]!);
    values.sort((a, b) => a - b);
    const median = values[values.length >> 1]!;
    const period = Float32Array.from(open.period);
    for (let b = 0; b < period.length; b++) if (inside[b] && open.period[b]! > R * median) period[b] = gated.period[b]!;
    net = { ...open, period };
  }
  const period = Float32Array.from(classical.period);
  for (let b = 0; b < period.length; b++) {
    if (!inside[b]) continue;
    period[b] = w >= 1 ? net.period[b]! : (1 - w) * classical.period[b]! + w * net.period[b]!;
  }
  return { ...classical, period };
}
