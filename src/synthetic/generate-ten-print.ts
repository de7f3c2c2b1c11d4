import { SYNTHETIC_PARAMETERS, type SyntheticParameters } from '../config/parameters.js';
import { createRng, mixSeed } from './create-rng.js';
import { generateMasterFinger, type MasterFinger } from './generate-master-finger.js';
import { generateImpression, type SyntheticImpression } from './generate-impression.js';

/** The ten finger positions (ANSI/NIST-ITL 1 right thumb … 10 left little). */
export const TEN_PRINT_POSITIONS: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/**
 * The master finger of (subject, position) in the synthetic population `seed`. Random access:
 * any subject can be regenerated without the others, so a benchmark can make probes of
 * subject 123 456 without storing the gallery it built.
 */
export function syntheticMasterFinger(seed: number, subject: number, position: number, params: SyntheticParameters = SYNTHETIC_PARAMETERS): MasterFinger {
  return generateMasterFinger(createRng(mixSeed(seed, subject, position)), params);
}

/**
 * Impression number `impression` (0, 1, 2, ...) of every finger of a synthetic subject: index
 * 0..9 = positions 1..10. Different impressions of one subject are mated; different subjects (or
 * different seeds) are not. Deterministic from (seed, subject, impression).
 * Cost: ≈ 10 × (master + impression) ≈ tens of µs.
 */
export function generateSyntheticTenPrint(seed: number, subject: number, impression: number, params: SyntheticParameters = SYNTHETIC_PARAMETERS): SyntheticImpression[] {
  const out: SyntheticImpression[] = [];
  for (const position of TEN_PRINT_POSITIONS) {
    const master = syntheticMasterFinger(seed, subject, position, params);
    out.push(generateImpression(master, createRng(mixSeed(seed, subject, position, 0x5eed0000 + impression)), params));
  }
  return out;
}
