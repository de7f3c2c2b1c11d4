/** Tuned constants of finger quality assessment (src/quality). */
export const QUALITY_PARAMETERS = Object.freeze({
  /**
   * Below this finger quality (0–100) a capture is flagged low-quality: comparisons of prints
   * between 20 and 70 fail at FMR 0.1 % one time in four, from 90 about one in eighty
   * (error-versus-reject curve, bench/RESULTS.md); the desk's advice level
   * (TRANSACTION_PARAMETERS.adviseRecaptureBelowQuality).
   */
  minAcceptableScore: 70,
  /** Least foreground area of an acceptable capture, pixels at 500 ppi (about 8 × 8 mm). */
  minForegroundPixels: 25_000,
  /** Least number of minutiae of an acceptable capture. */
  minMinutiae: 12,
  /** Grey-level standard deviation under which an image is blank. */
  blankContrast: 4,
  /** Share of pixels at 0 or 255 above which the capture is saturated (pressed too hard, or overexposed). */
  maxSaturatedShare: 0.4,
  /**
   * The finger quality's absolute term (extraction `scoreFingerQuality`): 0 at this median ridge
   * contrast (grey-level amplitude of the ridges: block standard deviation × √ridge evidence),
   * 1 from `ridgeContrastHigh` on; high 0 leaves the term out. **Off**: 2 → 8 was chosen by
   * leave-one-set-out cross-validation of the error-versus-reject curve over the four FVC2002
   * sets (clean and with bad captures mixed in), but its held-out gain change, +0.02 [−0.04,
   * +0.11], is not beyond its interval (bench/quality/fit-quality-ridge-contrast.mjs,
   * bench/RESULTS.md). Turning it on needs the desk's thresholds derived again.
   */
  ridgeContrastLow: 2,
  ridgeContrastHigh: 0,
  /**
   * A finger that slid while captured (detectSlidFinger; issue 12, smear): flagged for recapture
   * when the smear's cepstral correlation is above this, its length at least `slidMinLength` px and,
   * with `slidGateThreshold` above 0, the learned smear gate's probability (models/smear-gate.onnx)
   * at least that. The values of extraction's gate (`smearUndoMinCorrelation`, `smearUndoMinLength`,
   * `smearGateThreshold`): on FVC2002 B it flags no clean print of 320 and, at spent seed 1, 152 of
   * the 208 prints smeared by 4 px or more (the correlation 0.55 alone: 125; bench/RESULTS.md,
   * smeargate2).
   */
  slidMinCorrelation: 0.45,
  slidMinLength: 3.5,
  slidGateThreshold: 0.99,
});
export type QualityParameters = typeof QUALITY_PARAMETERS;

/** Tuned constants of altered-fingerprint detection (src/quality `detectAlteration`). */
export interface AlterationParameters {
  /** Neighbouring blocks whose ridge directions differ by more than this (radians) are a discontinuity. */
  readonly discontinuityAngle: number;
  /** Only blocks whose ridges are this coherent (0–1) on both sides count: noise is not a cut. */
  readonly discontinuityMinCoherence: number;
  /**
   * Share of the print's interior in the largest connected set of discontinuity blocks at which a
   * finger is flagged. Set on the FVC2002 stand-in's tuning split (fingers 101–105): 0.065 while every
   * cut counted, 0.02 with the cuts around singular points left out (chosen with the density sign
   * still on: 13 false flags of 160 against 14; with every default of today 7).
   */
  readonly discontinuityScale: number;
  /**
   * Cuts whose block centre lies within this many pixels of a core or delta of the print's own
   * field (Poincaré index of the detector's block directions, extraction's findSingularRegion) are
   * not counted: a natural singular point turns the ridges sharply between coherent blocks (issue
   * 12, altsing). 0 = every cut counts. 48 since 2026-12-06: on fresh synthetic fingers (seed 1322,
   * 425 unaltered, 175 altered) the discontinuity feature's AUC 0.624 → 0.840 (+0.216 [+0.170,
   * +0.263]), true flags at 5 % false flags 22.9 → 60.6 %; on the FVC2002 stand-in's test split
   * AUC 0.549 → 0.730 (bench/RESULTS.md, altsing).
   */
  readonly discontinuitySingularRadius: number;
  /**
   * With `discontinuitySingularRadius`: the cuts are left out only while the print's field has at
   * most this many cores and at most this many deltas (a natural finger has two of each at most:
   * whorls and twin loops). A turned patch of skin whose directions lie about 90° from its
   * surroundings makes a line of spurious singular points along its rim, which would otherwise
   * hide the very cut looked for (issue 12, altsing3). 0 = no limit. 2 since 2026-12-06: on fresh
   * synthetic fingers (seed 1323) altered ones flagged 75 → 92 of 196, unaltered 14 → 14 of 404,
   * AUC +0.054 [+0.031, +0.078].
   */
  readonly discontinuitySingularMax: number;
  /**
   * 1: a core or delta counts as the print's own (towards `discontinuitySingularMax`, and divided out
   * of the ridge-flow model) only where the four blocks of its loop are all print (the foreground
   * mask, not its filled holes): a smudge or a hole in the print turns the flow around its rim as a
   * core does, and its points counted past a finger's two hid the print's own core's cuts.
   * 0: every point of the filled print counts. 1 since the forty-eighth session, switched on by its
   * rule (bench/RESULTS.md, "altsmudge2"): at fresh capture-fault seed 10 smudged prints flagged
   * 38 → 8 of 320 (captures routed 5 → 0 of 32), blurred 60 → 57 (9 → 7), fifteen faults 256 → 223
   * fingers and 17 → 10 captures, no fault flagging more; detection unchanged on the FVC test split
   * (80 of 160 altered, 4 of 160 unaltered) and on fresh synthetic seed 1341 (46 of 86, 2 of 214).
   */
  readonly singularInPrintOnly: number;
  /**
   * Degree of the smooth whole-finger model of the ridge flow (Legendre polynomials over the print,
   * fitted to its coherent blocks of ridge strength) the ridge-flow sign compares each block with;
   * 0 = the sign is not used. A skin patch turned or moved by surgery keeps its own direction over
   * its whole area, where the cut sign sees its rim only. 5 since the forty-seventh session, with
   * `flowSingularFactor` 1, switched on by its rule (bench/RESULTS.md, "altflow2"): altered prints
   * flagged on the FVC test split 35.6 → 50.0 % (unaltered 4 → 4 of 160), on fresh synthetic
   * fingers (seed 1338) 38 → 49 of 85 (unaltered 4 → 5 of 215); unaltered FVC2002 prints under
   * fifteen capture faults (fresh seed 9) 225 → 275 flagged, ten-print captures routed 17 → 25 of
   * 480, clean 0 → 0.
   */
  readonly flowModelDegree: number;
  /**
   * 1: the print's own cores and deltas (while it has no more than a finger, as for the cuts) are
   * divided out of the field before the polynomial is fitted, and multiplied back into the model
   * (Sherlock & Monro's zero-pole model times the polynomial); 0: the polynomial alone, which
   * cannot turn the field twice around a whorl's two cores (altflow failed on the generator's
   * whorls: 0 → 4 of 212 unaltered fingers flagged at seed 1337).
   */
  readonly flowSingularFactor: number;
  /** A block whose ridge direction is further than this (radians) from the model's departs from it. */
  readonly flowResidualAngle: number;
  /**
   * Blocks where the model's doubled-angle vector is shorter than this are not read: the model has
   * no clear direction there (near its own singular points, or no fit at all for too few blocks).
   */
  readonly flowModelMinLength: number;
  /**
   * Share of the print's interior in the largest connected set of departing blocks at which a finger
   * is flagged. 0.011: the 99th percentile of the unaltered prints of the FVC tuning split and of
   * spent synthetic seeds 1333–1334 under the polynomial alone (altflow); kept with the singular
   * points divided out, whose own 99th percentile (0.008) flagged 59 % more prints under capture
   * faults at spent seed 5 (altflow2).
   */
  readonly flowScale: number;
  /** A block whose gradient energy is below this fraction of the print's median is smooth skin (scar-like). */
  readonly scarEnergyRatio: number;
  /**
   * A weak block counts as smooth skin only while its ridges have no clear direction (their
   * coherence below this, read over `scarCoherenceRadius`): a faint print (uneven
   * pressure, a dry finger, a faded part of the platen) keeps its ridges' direction, scar tissue
   * has none. 0 = every weak block counts. 0.5 on the block alone since the forty-sixth session,
   * switched on by its rule (bench/RESULTS.md, "altfaint3"): at fresh capture-fault seed 5 a
   * faint half of every FVC2002 print 258 → 49 fingers flagged (32 → 9 of 32 ten-print captures
   * with 3 or more), dry 70 → 18 (10 → 2), a latent on the platen 235 → 45, clean 13 → 7; no
   * fault flags more (the scar level is unchanged, so the test can only take blocks out);
   * detection: FVC test split 37.5 → 36.3 % of altered prints, fresh synthetic altered fingers
   * 40 → 40 of 91.
   */
  readonly scarMaxCoherence: number;
  /**
   * The window the direction test reads, in blocks around the block: 1 = its 3 × 3 blocks (as the
   * cut sign reads them), 0 = the block alone (a small scar's rim then keeps its own lack of
   * direction instead of borrowing the surrounding ridges'). 0 since the forty-sixth session
   * (altfaint3): read on 3 × 3 blocks the test lost obliterated patches unless the scar level was
   * halved, and the halved level flagged more smudged and blurred prints (altfaint2).
   */
  readonly scarCoherenceRadius: number;
  /**
   * 1: the scar-like set is opened by 3 × 3 blocks before its largest stretch is measured (the
   * scattered directionless blocks of a faint area do not join into one stretch; a burn's solid
   * patch keeps its extent); 0: measured as it is. 1 since the forty-sixth session, with
   * `scarScale` 0.04, switched on by its rule (bench/RESULTS.md, "altopen"): at fresh capture-fault
   * seed 6 a faint half 48 → 8 fingers flagged (5 → 0 of 32 captures routed), dry 16 → 8 (1 → 0);
   * no fault flagged more; detection the same on the FVC test split (36.3 %) and on fresh synthetic
   * altered fingers (50 of 108).
   */
  readonly scarOpening: number;
  /**
   * 1: an orientation cut counts only between two blocks the mask keeps as print (a smudge's or a
   * latent's rim, which the mask leaves out as residue, is not a cut in the skin); 0: any two
   * coherent blocks inside the print's outline. 1 since the forty-fifth session, switched on by its
   * rule (bench/RESULTS.md, "altsmudge"): with 3–5 dark smudges on every FVC2002 print (fresh seed
   * 3) 104 → 58 fingers flagged, 21 → 8 ten-print captures with 3 or more; no other capture fault,
   * nor a clean print, flagged more; detection the same on the FVC test split and on fresh
   * synthetic altered fingers.
   */
  readonly discontinuityPrintOnly: number;
  /**
   * 1: an orientation cut counts only between two blocks of ridge strength (gradient energy at
   * least the scar sign's weak level): a weak block's direction may be a texture (a smudge's grain,
   * sensor noise), not ridges that could be cut; 0: any two coherent blocks. 1 since the
   * forty-sixth session, switched on by its rule (bench/RESULTS.md, "altstrong"): at fresh
   * capture-fault seed 7 a latent on the platen 41 → 12 fingers flagged (6 → 1 of 32 captures
   * routed), smudges 53 → 47 (10 → 7); no fault flagged more; detection 36.3 → 35.6 % on the FVC
   * test split, 49 → 48 of 98 fresh synthetic altered fingers.
   */
  readonly discontinuityStrongOnly: number;
  /** Blocks this close to the print's edge (blocks) are left out: edges are naturally weak. */
  readonly interiorDepth: number;
  /**
   * Share of the print's interior in the largest connected scar-like set at which a finger is
   * flagged. 0.04 since the forty-sixth session (was 0.06): with `scarOpening` the set is measured
   * opened, which shrinks a burn's stretch too; set again on the FVC tuning split (altopen).
   */
  readonly scarScale: number;
  /** Side of the cells minutia density is counted in, pixels at 500 ppi. */
  readonly densityCell: number;
  /**
   * Densest cell ÷ mean cell at which a finger is flagged; 0 = the minutia-density sign is not used.
   * 0 since 2026-12-06 (was 7): alone it flagged 5 of 160 real unaltered prints and no altered one
   * on the FVC2002 stand-in's tuning split, and on fresh synthetic fingers of every style (seed
   * 1324) 5 of 390 unaltered against 1 of 210 altered (bench/RESULTS.md, densoff).
   */
  readonly densityScale: number;
  /** A finger is flagged altered when its score (0–100) reaches this. */
  readonly flagScore: number;
}

export const ALTERATION_PARAMETERS: AlterationParameters = Object.freeze({
  discontinuityAngle: 0.7,
  discontinuityMinCoherence: 0.45,
  discontinuityScale: 0.02,
  discontinuitySingularRadius: 48,
  discontinuitySingularMax: 2,
  singularInPrintOnly: 1,
  scarEnergyRatio: 0.2,
  scarMaxCoherence: 0.5,
  scarCoherenceRadius: 0,
  scarOpening: 1,
  discontinuityPrintOnly: 1,
  discontinuityStrongOnly: 1,
  flowModelDegree: 5,
  flowSingularFactor: 1,
  flowResidualAngle: 0.25,
  flowModelMinLength: 0.5,
  flowScale: 0.011,
  interiorDepth: 2,
  scarScale: 0.04,
  densityCell: 48,
  densityScale: 0,
  flagScore: 50,
});
