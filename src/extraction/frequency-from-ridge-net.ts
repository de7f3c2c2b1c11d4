import type { ExtractionParameters } from '../config/parameters.js';
import type { RidgeNetRun } from './blend-ridge-net.js';
import {
  estimateRidgeFrequency,
  estimateRidgeFrequencyPair,
  gatePeriodWindows,
  measurePeriodWindowPair,
  measurePeriodWindows,
  periodMapOf,
  type PeriodWindows,
} from './estimate-ridge-frequency.js';
import { blocksWellInsideBox } from './orientation-from-ridge-net.js';
import type { FloatImage, ForegroundMask, FrequencyField, OrientationField } from './types.js';

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
 * With `frequencyFromRidgeNetMinShare` > 0 (issue 12, wet3; off by default) the map's windows pass that
 * spectral share instead of the grey's, and with `frequencyFromRidgeNetLongRatio` > 0 as well only
 * where the map reads long (netPeriodMap).
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
  const inside = ridgeNetPeriodBlocks(run, orientation, mask, width, height, params);
  if (!inside || !run) return classical;
  const map = { width, height, data: run.map };
  const net = gatedMapPeriod(params) ? netPeriodMap(map, orientation, inside, params) : estimateRidgeFrequency(map, orientation, inside, params);
  return mixPeriods(classical, net, inside, params.frequencyFromRidgeNet);
}

/** Whether the map's own ridge-evidence gate is on (`frequencyFromRidgeNetMinShare`, issue 12, wet3). */
function gatedMapPeriod(params: ExtractionParameters): boolean {
  return params.frequencyFromRidgeNetMinShare > 0;
}

/**
 * The network map's period under its own ridge-evidence gate (issue 12, wet3): the map's windows
 * pass the spectral share V = `frequencyFromRidgeNetMinShare` instead of the grey's; a window where
 * the network drew no clear ridges is refused and filled from the map's measured windows around.
 * With `frequencyFromRidgeNetLongRatio` R > 0 that gated reading is taken only where the map's
 * ungated reading exceeds R × its median over the blocks read (a wet print's closed valleys read
 * long, never short); every other block keeps the ungated reading. The windows are measured once
 * (`windows`, when the caller has them, under the grey's gate) and both maps made from them.
 */
function netPeriodMap(map: FloatImage, orientation: OrientationField, inside: Uint8Array, params: ExtractionParameters, windows?: PeriodWindows): FrequencyField {
  const V = params.frequencyFromRidgeNetMinShare;
  const R = params.frequencyFromRidgeNetLongRatio;
  const measured = windows ?? measurePeriodWindows(map, orientation, inside, params);
  const gated =
    V >= params.frequencyMinSpectralShare
      ? periodMapOf(map, orientation, gatePeriodWindows(measured, V), params)
      : estimateRidgeFrequency(map, orientation, inside, { ...params, frequencyMinSpectralShare: V } as unknown as ExtractionParameters);
  if (!(R > 0)) return gated;
  const open = periodMapOf(map, orientation, measured, params);
  const values: number[] = [];
  for (let b = 0; b < inside.length; b++) if (inside[b]) values.push(open.period[b]!);
  values.sort((a, b) => a - b);
  const median = values[values.length >> 1]!;
  const period = Float32Array.from(open.period);
  for (let b = 0; b < period.length; b++) if (inside[b] && open.period[b]! > R * median) period[b] = gated.period[b]!;
  return { ...open, period };
}

/**
 * The classical period map of `normalized` ({@link estimateRidgeFrequency} on the mask's blocks)
 * with {@link frequencyFromRidgeNet} applied, bit for bit the two in turn, in one pass over the
 * blocks: each block both images read finds its signature's sample positions once for both
 * ({@link estimateRidgeFrequencyPair}). The analysis's call (analyze-fingerprint.ts).
 */
export function estimateFrequencyWithRidgeNet(
  normalized: FloatImage,
  run: RidgeNetRun | null | undefined,
  orientation: OrientationField,
  mask: ForegroundMask,
  params: ExtractionParameters,
): FrequencyField {
  const { width, height } = normalized;
  const inside = ridgeNetPeriodBlocks(run, orientation, mask, width, height, params);
  if (!inside || !run) return estimateRidgeFrequency(normalized, orientation, mask.blocks, params);
  const map = { width, height, data: run.map };
  if (gatedMapPeriod(params)) {
    const [windowsGrey, windowsMap] = measurePeriodWindowPair(normalized, mask.blocks, map, inside, orientation, params);
    const classical = periodMapOf(normalized, orientation, windowsGrey, params);
    return mixPeriods(classical, netPeriodMap(map, orientation, inside, params, windowsMap), inside, params.frequencyFromRidgeNet);
  }
  const [classical, net] = estimateRidgeFrequencyPair(normalized, mask.blocks, map, inside, orientation, params);
  return mixPeriods(classical, net, inside, params.frequencyFromRidgeNet);
}

/** The blocks whose period the network's map gives (1), or null when none (the option off, no run, or no foreground block well inside its box). */
function ridgeNetPeriodBlocks(
  run: RidgeNetRun | null | undefined,
  orientation: OrientationField,
  mask: ForegroundMask,
  width: number,
  height: number,
  params: ExtractionParameters,
): Uint8Array | null {
  const w = Math.min(1, params.frequencyFromRidgeNet);
  if (!(w > 0) || !run) return null;
  const inside = blocksWellInsideBox(run.box, orientation.grid, width, height);
  let any = false;
  for (let b = 0; b < inside.length; b++) {
    if (!mask.blocks[b]) inside[b] = 0;
    else if (inside[b]) any = true;
  }
  return any ? inside : null;
}

/** The classical map with the network's period in the blocks of `inside`, weighted by `weight` (at most 1). */
function mixPeriods(classical: FrequencyField, net: FrequencyField, inside: Uint8Array, weight: number): FrequencyField {
  const w = Math.min(1, weight);
  const period = Float32Array.from(classical.period);
  for (let b = 0; b < period.length; b++) {
    if (!inside[b]) continue;
    period[b] = w >= 1 ? net.period[b]! : (1 - w) * classical.period[b]! + w * net.period[b]!;
  }
  return { ...classical, period };
}
