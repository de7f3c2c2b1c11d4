import type { AlterationParameters } from '../../src/config/parameters.js';
import type { EvalSet } from '../../src/cli/commands/eval-sets.js';

export interface FaultFlagsRow {
  kind: string;
  fingers: number;
  flagged: number;
  perSet: number[];
  captures: number;
  routed: number;
  signs: Record<string, number>;
}
/** The alteration check on unaltered prints under one capture fault (`clean` = none). */
export function faultFlags(sets: readonly EvalSet[], kind: string, seed: number, params?: AlterationParameters): FaultFlagsRow;
