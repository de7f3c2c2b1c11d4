/**
 * The perturbation kinds the shipped score → FMR table is fitted on besides the clean pairs (its
 * mixture form, src/matching/calibration-table.ts: `afis eval calibration … --fit-kinds
 * dry,low-contrast,crop,frame,wet --seed 1`). The accuracy tests that recompute or judge the
 * shipped form read them here, so the two cannot drift apart.
 */
export const SHIPPED_FIT_KINDS: readonly string[] = Object.freeze(['dry', 'low-contrast', 'crop', 'frame', 'wet']);
