/**
 * Tuned constants of minutiae extraction (src/extraction). Lengths are pixels at 500 ppi,
 * angles radians. Change a number only with an EER figure before and after (bench/RESULTS.md).
 */
export const EXTRACTION_PARAMETERS = Object.freeze({
  /** Side of the square blocks of the segmentation, orientation and frequency grids. */
  blockSize: 8,

  // --- foreground segmentation -------------------------------------------------------------
  /** A block needs at least this grey-level standard deviation (absolute floor). */
  segmentationMinContrast: 6,
  /** …and at least this fraction of the 90th percentile of block contrasts in the image. */
  segmentationRelativeContrast: 0.3,
  /**
   * The window a block's contrast is measured on reaches this fraction of the block side past the
   * block on each side (0.5 = half a block; 0 = the block alone). The grown window lets a blank block
   * beside the print pass on its neighbour's ridges (bench/RESULTS.md, "Mask past the contact").
   */
  segmentationContrastGrowth: 0.5,
  /** Blocks with contrast between the threshold and this multiple of it also need coherence. */
  segmentationCoherenceBand: 1.6,
  /** Orientation coherence a low-contrast block needs to count as foreground. */
  segmentationMinCoherence: 0.3,
  /**
   * Ridge evidence a block needs (share 0–1 of its signature's energy at one ridge period,
   * segment-foreground.ts); 0 = not used. Straight edges and lines (sensor frames, smudge rims)
   * pass the contrast and coherence tests but not this one.
   */
  segmentationMinRidgeShare: 0,
  /**
   * Straight-edge rejection: a block whose gradient coherence exceeds
   * `segmentationEdgeMinCoherence` (a single straight direction) and whose ridge evidence is
   * below `segmentationEdgeMaxRidgeShare` is a step edge or a line (sensor frame, smudge rim),
   * not ridges; 0 = off. Measured in bench/RESULTS.md (issue 12).
   */
  segmentationEdgeMaxRidgeShare: 0.3,
  segmentationEdgeMinCoherence: 0.85,
  /**
   * Flat areas: a block whose pixels are mostly (share above `segmentationFlatMaxShare`) of a
   * grey standard deviation below `segmentationFlatMaxDeviation` over 7 × 7 pixels is background
   * after the mask's closing and hole filling (a sensor frame's surround, saturation); 0 = off.
   * Measured in bench/RESULTS.md (issue 12).
   */
  segmentationFlatMaxDeviation: 1,
  segmentationFlatMaxShare: 0.5,
  /**
   * Residue: a block whose pixels are mostly (share above `segmentationFlatMaxShare`) nearly flat
   * (grey standard deviation below this over 7 × 7) and darker than the print's typical ridge
   * grey is background (a latent smudge, a wet blob: dark, grainy, no ridges); 0 = off.
   * Measured in bench/RESULTS.md (issue 12, "Residue and low contrast").
   */
  segmentationDarkFlatMaxDeviation: 3,
  /**
   * Residue at pixel precision: the same dark flat grey found per pixel and grown by this many
   * pixels; minutiae found on it are dropped (the block test leaves a smudge's partial blocks and
   * rim in the mask, where the enhancement draws the rim as a ridge). 0 = off.
   * Measured in bench/RESULTS.md (issue 12, "Residue and low contrast: which stage, by oracle").
   */
  segmentationResidueMargin: 0,
  /**
   * …counting only patches of dark flat pixels of at least this many pixels: a wet print's dark
   * flat spots, where ridges merge, are a few pixels (DB3: median 3, 90th percentile 27); the
   * suite's smudges at least ~200.
   */
  segmentationResidueMinArea: 100,
  /**
   * The template's valid area (Template.validArea): where the print is usable, as a bitmap of
   * square cells of this many pixels, a cell usable when at least half its pixels lie in the final
   * mask and off residue (`validAreaResidueMargin`). The matcher reads it with `validAreaShare`.
   * 0 = no valid area (templates as before). Minutiae are not changed by it.
   * Measured in bench/RESULTS.md (issue 12, "The valid area").
   */
  validAreaCell: 0,
  /**
   * With `validAreaCell`: the valid area leaves out residue (the dark flat pixels of
   * `segmentationResidueMinArea` patches) grown by this many pixels; 0 = the mask alone.
   */
  validAreaResidueMargin: 6,
  /**
   * With `validAreaCell`: a mask pixel counts toward a usable cell only at least this far
   * (pixels, Euclidean) from the mask's background and the image side, the valid area eroded by
   * the minutia filter's own border distance (`borderDistance`, 8): the print holds no minutiae
   * nearer its edge, so the other print's minutiae carried there should not count as ones it
   * could have shown. 0 = not eroded (the map as before). Measured in bench/RESULTS.md
   * ("The valid area", zone2).
   */
  validAreaErosion: 0,
  /**
   * The template's orientation map (Template.orientationMap): the orientation field in square
   * cells of this many pixels, each the doubled-angle mean of the 8-px blocks of the print whose
   * centre lies in it (no print when fewer than half of them are print), in 15 directions (4 bits
   * a cell). The matcher reads it with `orientationAgreementWeight`. 0 = no map (templates as
   * before). Minutiae are not changed by it. Measured in bench/RESULTS.md ("Evidence beyond
   * minutia geometry", odesc); 16 by default since the tenth session of 4 December 2026 (with the
   * matcher's `orientationAgreementWeight` 16: "The orientation map switched on").
   */
  orientationMapCell: 16,
  /**
   * Residue as a cut (pixels; 0 = off): the same dark flat patches (at least
   * `segmentationResidueMinArea` pixels) grown by this many pixels are cleared from the pixel
   * mask, so the smudge's rim is not drawn as a ridge and the print's ridges end at the cut.
   * Measured in bench/RESULTS.md (issue 12, "Residue's rim as a cut").
   */
  segmentationResidueCut: 0,
  /**
   * 1: the residue cut clears the pixel mask; 0: the mask is left as the block test made it and
   * only its background on residue counts as the cut for `borderResidueDistance` (the smudge's
   * rim stays print, the true minutiae beside it keep a smaller border distance).
   */
  segmentationResidueCutClears: 1,
  /** Pixels within this distance of flat unsaturated grey (a drawn fill) are background too; 0 = off. */
  segmentationFlatMargin: 0,
  /**
   * Sensor frames: a straight edge or bar at least this long (pixels) with print on one side and
   * nothing print-like on the other (find-frame-lines.ts) is a frame; the print is cut at it,
   * `segmentationLineMargin` pixels inside, so ridges ending on it give no minutiae; 0 = off.
   */
  segmentationLineMinLength: 150,
  segmentationLineMargin: 0,
  /**
   * The frame detector's Hough peaks read over this many distance bins (2 px each) on each side
   * of a bin: a line whose true angle lies between two angle bins drifts across distance bins
   * along its length (1° over 300 px is 5 px), so a slanted side's votes split over two or three
   * bins and a faint or coded one falls below the vote floor; 0 = one bin. Judged in
   * bench/RESULTS.md (issue 12, framevote): a dry, faint, framed capture coded as WSQ −2.13 points of
   * EER, no clean FVC2002 template changed.
   */
  segmentationLineVoteWindow: 1,
  /**
   * The pixel mask is carried out to a frame line from this distance (pixels): a pixel on the
   * print side within it is print when the pixel this far + 1 from the line along the same
   * normal is (the block mask keeps blocks within a block of the line out, so the mask would
   * end a few pixels short of it); 0 = off. Measured in bench/RESULTS.md (issue 12, frame).
   */
  segmentationLineReach: 16,
  /**
   * The contrast scale (the 90th percentile of block contrast the segmentation threshold is
   * relative to) with a frame found: 1 = the blocks of the frame's cut count in the percentile as
   * blocks without contrast, so the rank runs over the whole image as it does on an image whose
   * surround is bare platen; 0 = they are left out, and the percentile is taken over the print
   * and what remains of the platen only: the scale rises with the share of the image the frame
   * hides and a faint print's faint part falls below the threshold. Measured in bench/RESULTS.md
   * (issue 12, compound).
   */
  segmentationLineCutInScale: 0,
  /**
   * The frame's cut is painted (with the print's mean grey, before anything reads the image) this
   * many pixels further towards the print than the mask is cut (`segmentationLineMargin`): a
   * slanted line's staircase leaves pixels of its dark bar on the print side of the fitted line,
   * which the enhancement draws as a ridge along the line on a faint print; 0 = painted as cut.
   * Measured in bench/RESULTS.md (issue 12, compound).
   */
  segmentationLineFillMargin: 0,
  /**
   * Blocks below the contrast threshold (relative to the print's strongest) but above the
   * absolute floor count as print when their ridge evidence reaches this share: faint, lightly
   * pressed or dry parts of a print; 0 = off.
   */
  segmentationFaintRidgeShare: 0,
  /**
   * The learned print mask's growth (issue 12, masknet; 0 = off): after the block mask's closing
   * and hole filling, background blocks touching the mask whose contact probability under the
   * network of models/mask-net.md (trained on the synthetic generator's exact contact areas) is
   * at least this join it, `maskNetGrowReach` rings deep; never on or beyond a frame line. The
   * flat, residue and crease tests after it still apply. Measured in bench/RESULTS.md (masknet).
   */
  maskNetGrow: 0,
  maskNetGrowReach: 2,
  /**
   * Faint print grown from the mask: a neighbouring block above `segmentationFaintMinContrast`,
   * coherent (`segmentationMinCoherence`) and with ridge evidence of at least this share joins
   * the print, and the region grows on from it; 0 = off. Measured in bench/RESULTS.md (issue 12).
   */
  segmentationFaintGrowRidgeShare: 0.35,
  /**
   * With > 0, each part the faint-print growth added is taken out again when its clear rim (rim
   * blocks of direction coherence at least this) crosses the print's flow (segment-foreground.ts
   * dropCrossingGrowth; issue 12, ghost: a latent print beside the finger). 0 = off. Judged at 0.8 in
   * the forty-first session (bench/RESULTS.md, rimflow): fresh ghost seeds −1.93 and −1.88 points, no
   * clean template changed, but washed-out +0.62 [0.00, +1.88] at fresh seed 56, so its rule failed.
   */
  segmentationGrowRimCoherence: 0,
  /**
   * Thin ridges in the growth: a neighbouring block that fails the ridge-evidence share above
   * still joins when its signature's fundamental and second harmonic together explain at least
   * this share (eroded, thinned ridges of a dry print; measure-harmonic-share.ts); 0 = off.
   * Measured in bench/RESULTS.md (issue 12, dry prints).
   */
  segmentationFaintGrowHarmonicShare: 0,
  /** Grey-level standard deviation a block grown into faint print needs (below the print's floor). */
  segmentationFaintMinContrast: 3,
  /**
   * The growth's ordinary test read on the contrast a block would have without its fade (issue 12,
   * lowcon; 0 = off). A print faded towards white (light pressure, the suite's `low-contrast`) keeps
   * its contrast against the grey left above it: the block's standard deviation over 255 − its mean
   * grey is that of print. With K > 0, a block lighter than the print's typical block (the median of
   * 255 − mean over the mask's blocks) is read as if its deviation were deviation × (typical gap /
   * its gap), at most K × deviation, in two places: the first contrast test against the print's
   * relative threshold (typical gap over the blocks that passed it as read; blocks of deviation ≤
   * `segmentationFadedMinContrast` not raised), and the growth's floor
   * `segmentationFaintMinContrast` (typical gap over the mask before the growth); coherence and
   * ridge evidence are tested as they are. Off: at K 5 it keeps DB3's faded blocks (lost 12.2 →
   * 2.9 %) and gives low contrast −0.16 / −0.27 on paired-option's seeds 1 / 2, but clean +0.38
   * [+0.01, +0.70] (a clean print's light rim is raised too); on the fresh seed 3, by a rule fixed
   * first, low contrast +0.49 [−0.27, +1.05], clean under the jitter control +0.25 [−0.02, +0.53]
   * (DB3 +0.87): not met. bench/RESULTS.md "Where does the suite's low-contrast print lose now"
   * (lowcon).
   */
  segmentationFaintWeberGain: 0,
  /**
   * Faded print in the growth (a second test for a neighbouring block that fails the one above):
   * the block joins when its ridge evidence, measured across the direction of the mask's blocks
   * around it on a signature averaged `segmentationFadedHalfWidth` pixels along the ridges, reaches
   * this share, its own direction turns at most `segmentationFadedMaxTurn` (radians) from theirs,
   * its contrast lies between `segmentationFadedMinContrast` and `segmentationFadedMaxContrast`
   * (a block with more contrast that failed the ordinary test lacks ridges, not contrast), and its
   * contrast against the white point
   * (standard deviation / (255 − mean grey)) reaches `segmentationFadedWeberContrast` and
   * `segmentationFadedRelativeWeber` times the median of the mask's blocks around: faded ridges
   * keep the share of the grey left to them that the print beside them has, while a grey
   * platen's grain does not; 0 = off. On under the protocol's second rule (clean EERs identical
   * on every set, low contrast −0.79 points, paired); the other six were chosen on the same sets'
   * low-contrast draws. Measured in bench/RESULTS.md (issue 12, "Faded print in the growth").
   */
  segmentationFadedRidgeShare: 0.2,
  segmentationFadedHalfWidth: 15,
  segmentationFadedMaxTurn: 0.35,
  segmentationFadedMinContrast: 1,
  segmentationFadedMaxContrast: 6,
  segmentationFadedWeberContrast: 0.07,
  segmentationFadedRelativeWeber: 0.7,
  /**
   * Rim peel at pixel precision: from the mask's background inwards, mask pixels whose grey standard
   * deviation over 9 × 9 pixels is below `segmentationEdgePeelContrast` times the block contrast
   * threshold are cleared, up to this many pixels deep (the block contrast window reaches half a
   * block past the block, so the mask overshot a synthetic contact by ≈ 4 px on average, 6 on wet
   * prints). 0 = off. Measured in bench/RESULTS.md ("Mask past the contact", maskedge).
   */
  segmentationEdgePeelDepth: 0,
  segmentationEdgePeelContrast: 0.5,
  /**
   * Flexion crease cut (find-crease.ts, issue 12 part 2): a band across the print (within
   * `segmentationCreaseMaxTilt` of the rows) whose mask pixels are quiet and light in at least
   * this share, with print on both sides, the smaller side's ridges along it: that side (the
   * second phalanx) is cut from the mask. Quiet = grey deviation over 9 × 5 px below
   * `segmentationCreaseQuietContrast` × the print's median block contrast. 0 = off. On since
   * 3 December (bench/RESULTS.md, "The second phalanx cut at the crease"): phalanx −0.83 / −0.88
   * points of mean EER on seeds 1 / 2, clean and every other kind ±0.00; it cuts 1 clean FVC
   * image of 320 (a real distal crease, DB1_B/105_6), no synthetic or rolled sample without one.
   */
  segmentationCreaseMinShare: 0.85,
  segmentationCreaseQuietContrast: 0.25,
  segmentationCreaseMaxTilt: 0.35,
  /** Each flank (8–32 rows from the band) may be untextured (no grey spread: quiet, light or dark) in at most this share of its pixels. */
  segmentationCreaseMaxFlankShare: 0.5,
  /** Most rows of quiet band (a crease and the light print's end beside it). */
  segmentationCreaseMaxRows: 48,
  /** The side cut holds at most this share of the mask's pixels. */
  segmentationCreaseMaxCutShare: 0.45,
  /** The cut side's ridges along the crease: normalised gradient moment across it, −1…1. */
  segmentationCreaseMinParallel: 0.3,
  /** The cut runs this many pixels inside the print from the band's edge (the ridges end at the crease). */
  segmentationCreaseCutMargin: 4,
  /** Morphological closing then opening of the block mask, radius in blocks. */
  segmentationClosingRadius: 2,
  segmentationOpeningRadius: 1,
  /** Fewer foreground blocks than this means there is no print (failure to enrol). */
  segmentationMinBlocks: 40,

  // --- contrast normalisation --------------------------------------------------------------
  /** Box radius of the local mean subtracted before enhancement (about one ridge period). */
  normalizationMeanRadius: 8,
  /** Box radius of the local standard deviation the image is divided by. */
  normalizationDeviationRadius: 12,
  /**
   * Grey levels added to the local standard deviation before dividing by it: keeps flat
   * background from being amplified into noise, but also makes a faint part of the print
   * (standard deviation of a few grey levels) come out weaker than a strong part.
   */
  normalizationDeviationFloor: 4,

  // --- orientation field -------------------------------------------------------------------
  /** Gaussian smoothing of the doubled-angle field, in blocks: fine and coarse scale. */
  orientationFineSigma: 1.0,
  orientationCoarseSigma: 2.5,
  /** Coherence below which the coarse scale takes over (blended linearly up to the high mark). */
  orientationBlendLow: 0.25,
  orientationBlendHigh: 0.6,
  /**
   * Gradient moments of the orientation field taken with a Gaussian window of this sigma
   * (pixels) around each block's centre instead of summed over the block's square, so the field
   * moves smoothly when the image moves against the block grid (0 = the block sums; the
   * segmentation always reads the block sums). Issue 12, off by default: see bench/RESULTS.md
   * "The orientation field's window" and "What reads the orientation field".
   */
  orientationGradientSigma: 0,
  /**
   * Gaussian pre-smoothing (sigma, pixels) of the grey image before every stage reads it
   * (frame lines, segmentation, contrast normalisation, orientation, period, enhancement; the
   * blank-spot map keeps the raw image): a sharp capture and a mildly blurred one (scanner
   * optics, JPEG, bilinear resampling) then reach the extraction at nearly the same blur, since
   * blur variances add. 0 = off. Issue 12, off: at 0.7 clean +2.25 points of mean EER (DB3/DB4
   * need the sharp image), bench/RESULTS.md "Mild blur: why a smoother image extracts worse".
   */
  preSmoothSigma: 0,
  /**
   * A noisy capture smoothed first (issue 12, noise; 0 = off): when the image's white-noise
   * standard deviation (estimateNoiseLevel, grey levels: Immerkær's 3 × 3 mask, the median of its
   * absolute response, so ridges and a saturated background weigh little) exceeds this, the grey
   * is smoothed with a Gaussian of `denoiseSigma` pixels before every stage reads it, as
   * `preSmoothSigma` does for every image (with that on, this is not read). Clean captures, whose
   * noise reads below it, are extracted exactly as without it. 7 (a round value above all 320 clean
   * FVC2002 prints, whose levels read 0–5.9; no print of the perturbation suite reaches it): it
   * takes the noise perturbation's cost from +1.66 to +0.37 points (fresh seeds 49 + 50), and on the
   * generator at real sensors' noise it opens for 2 of 800 prints and, with white noise added,
   * raises minutia precision 69.7 → 78.7 % for 0.4 point of recall. On the shipped generator, whose
   * noise reads 8–36, it opens almost everywhere (synthetic precision −1.6). See bench/RESULTS.md
   * "noise" and "noise2". 0 = off.
   */
  denoiseAboveNoise: 7,
  denoiseSigma: 1,
  /**
   * A finger that slid while captured (issue 12, smear; undo-smear.ts): the smear's line is
   * estimated from the print's cepstrum and, when its correlation is above
   * `smearUndoMinCorrelation` and its length at least `smearUndoMinLength` px, deconvolved by the
   * filter of `smearUndoIterations` Landweber iterations before every stage reads the image.
   * 0 = off (nothing estimated). 0.55 since the forty-first session, switched on by its rule
   * (bench/RESULTS.md, smearundo): fresh smear seeds 4 and 5 −4.23 [−6.42, −2.65] and
   * −4.28 [−7.23, −2.33] points of mean EER; at fresh suite seed 55 the gate opens for no clean
   * print and for one print of all the suite's and the extra kinds (resolution: 0.00); the estimate
   * costs every print about 1.5 ms. 0.45 since the forty-second session, with the learned gate
   * below behind it (smeargate2).
   */
  smearUndoMinCorrelation: 0.45,
  smearUndoMinLength: 3.5,
  smearUndoIterations: 20,
  /**
   * The learned smear gate (models/smear-gate.onnx, undo-smear.ts `smearProbability`): above 0, an
   * estimate the correlation gate lets through is undone only when the model's probability that the
   * print slid and the estimate read its line reaches this too. 0 = off (the correlation alone).
   * 0.99 since the forty-second session, switched on by its rule (bench/RESULTS.md, smeargate2):
   * fresh smear seeds 9 and 10 −1.61 [−2.85, −0.38] and −0.98 [−2.17, −0.42] points of mean EER
   * against the 0.55 correlation gate alone; at fresh suite seed 58 no kind above +0.05 (the
   * compound, [−0.09, +0.26]); no clean print opens. The model is read only for an estimate the
   * correlation floor lets through.
   */
  smearGateThreshold: 0.99,
  /**
   * Gaussian smoothing (sigma, pixels) of the grey that only the orientation field's gradient
   * moments read (and the faded-block test on them); segmentation, contrast normalisation and
   * enhancement keep the raw grey. Sobel moments of a sharp capture carry its finest pixel noise,
   * which a mild blur removes (DB3: −29 % of the energy, coherence +0.04), so the field and its
   * coherence move with the capture's sharpness. 0 = off. Issue 12, off: at 1 clean +1.01,
   * half −0.37, bench/RESULTS.md "Mild blur: why a smoother image extracts worse".
   */
  orientationPreSmoothSigma: 0,
  /**
   * 1 = the orientation field's block moments from Scharr's derivative (3, 10, 3) instead of
   * Sobel's (1, 2, 1), which leans toward the image axes on fine ridges; the segmentation keeps
   * Sobel's (compute-block-gradients.ts `computeScharrGradients`; ignored when
   * `orientationGradientSigma` is on). 0 = off. Issue 12 (wetorient), off: wet −0.62 / −0.80
   * (intervals cross zero), clean +0.54 paired, +0.41 over five period-smoothing nudges (DB3 +1.2);
   * bench/RESULTS.md "The orientation field under spread ridges".
   */
  orientationScharr: 0,
  /**
   * Share (0–1) of the pixel noise's gradient energy taken off each block's energy before the
   * orientation coherence is formed: the noise (Immerkær's estimate inside the mask) adds
   * 24σ² per pixel to gx² + gy² and nothing to the direction, so a sharp, noisy capture reads
   * less coherent than the same print mildly blurred, and every reader of the coherence (the
   * fine/coarse blend, minCoherence, the minutiae's quality) moves with the capture's sharpness.
   * 0 = off. Issue 12, off: at 1 clean +0.30, half −0.18, smooth +0.26, bench/RESULTS.md
   * "Mild blur: why a smoother image extracts worse".
   */
  orientationNoiseCorrection: 0,
  /**
   * Weight of a background block's gradients in the orientation field's smoothing (foreground
   * blocks weigh 1): low, so the field inside the print is not pulled by the background.
   */
  orientationBackgroundWeight: 0.05,
  /**
   * Each block's gradient moments divided by the energy around it, Gaussian window of this sigma
   * in blocks (0 = off), so a faint part of the print weighs as much as a strong one in the
   * field's smoothing. Issue 12, off by default: the field is more accurate (at faded minutiae,
   * and its change turned the other way costs more), but, like any change of the field of its
   * size, it re-draws ~5 % of the minutiae through the enhancement and costs clean EER on the
   * sets the rest was tuned on; re-tuning the blend with it gives nothing back. See
   * bench/RESULTS.md "What reads the orientation field".
   */
  orientationEnergyNormSigma: 0,
  /**
   * Blocks where the gradient energy around (Gaussian window of orientationFaintBoostSigma
   * blocks) is below this share of the median over the print's blocks have their moments raised
   * to that share, so a faded part is not outweighed by the strong print next to it while the
   * rest keeps its energy weights (0 = off). Issue 12, off by default.
   */
  orientationFaintBoostShare: 0,
  orientationFaintBoostSigma: 3,
  /**
   * Near cores and deltas (blocks within `singularRegionRadius` pixels of a Poincaré-index
   * singular point of the field, find-singular-region.ts) the fine/coarse blend leans toward the
   * fine field by this share (0 = off, 1 = the fine field alone): there low coherence is the
   * ridges turning, which the coarse field smooths away. Issue 12 (core), off by default: on
   * synthetic prints it cuts the field's error within 16 px of a core/delta from 11.2° to 8.5° and
   * false minutiae there by a tenth (precision +0.3 / +0.6, recall unchanged), but costs FVC clean
   * EER +0.24 (1.21 → 1.45 %, DB4); see bench/RESULTS.md "The orientation field and the
   * enhancement near cores and deltas".
   */
  orientationSingularFineShare: 0,
  /** Radius (pixels) around a singular point of the field that the two near-core options touch. */
  singularRegionRadius: 24,
  /**
   * Faded blocks (local contrast, the root of the gradient energy around, below this share of
   * the print's median; 0 = off) get their fields repaired and no other block is touched: the
   * orientation from energy-normalised moments over a wider window (fadedFieldOrientationSigma
   * blocks), the period from the well-contrasted measured blocks around (fadedFieldPeriodSigma
   * blocks) instead of the faded block's own weak spectrum. Issue 12, off by default; see
   * bench/RESULTS.md "Fields repaired in faded blocks only".
   */
  /**
   * Learned orientation restoration (issue 12, part 4; 0 = off): the network of
   * models/orientation-net.md predicts the clean print's doubled-angle field per block from
   * the block features the analysis already has, and each block's direction becomes the
   * normalised blend (1 − w)·classical + w·learned (the coherence stays the classical one).
   * Off by default; see bench/RESULTS.md "fieldnet".
   */
  orientationNetBlend: 0,
  /**
   * The orientation field read from the learned ridge enhancer's map (issue 12, wetfield; 0 = off):
   * the network of models/ridge-net.md is run on the print (its bounding box) and the same
   * classical estimator reads its output, where a wet print's closed valleys are drawn again from
   * the intact ridges around; each block's direction becomes the normalised doubled-angle blend
   * (1 − w)·classical + w·that field (1 = that field alone), the coherence stays the classical one
   * (orientation-from-ridge-net.ts). Off: at 1 wet −1.45 / −0.69 (seed 2 crosses zero), clean +0.24
   * with the jitter control, CV +0.25; at 0.5 wet −1.08 / −0.88 (both cross), clean −0.21, CV −0.21
   * [−0.56, +0.23], elastic and low contrast wholly below zero on one seed only; the network on every
   * print, +15 to +19 ms CPU. The spread half's large errors stay; bench/RESULTS.md "wetfield".
   * **On at 0.5** since the twenty-second session, read from the full network in its int8 form
   * (`orientationFromRidgeNetModel` 1, `ridgeNetInt8` 1): a rule fixed before a fresh draw (seeds
   * 4 + 5 pooled) was met: low contrast −0.89, dry −0.86, resolution −0.94, each wholly below zero,
   * no kind above, clean −0.10; CPU median 24–30 ms a print on a loaded machine; bench/RESULTS.md
   * "The int8 field judged on fresh seeds 4 and 5 pooled" and "The field from the ridge network
   * switched on". **0.75** since the thirtieth session, once the network had seen real prints too:
   * a rule fixed before the draw (seed 38 pooled with fresh 39 and 40) was met: residue −0.48 and
   * wet −0.39 wholly below zero, no kind above (dry +0.23 [−0.04, +0.58]), clean −0.23;
   * bench/RESULTS.md "fieldw" and "fieldw judged once more".
   */
  orientationFromRidgeNet: 0.75,
  /**
   * With `orientationFromRidgeNet` > 0: which network the field is read from (issue 12,
   * fielddoubt). 0 = the field's narrow network (models/ridge-net-field.onnx), 1 = the enhancer's
   * full network (models/ridge-net.onnx, the one the ridge blend loads), which carried wetfield's
   * clean and suite gains at +16 to +19 ms a print when run on the whole print. Shipped 1 (with
   * `ridgeNetInt8` 1, its int8 form), so the field and the faint-print enhancer read one network.
   */
  orientationFromRidgeNetModel: 1,
  /**
   * With `orientationFromRidgeNet` > 0 and this > 0: the network's field only where the classical
   * field doubts (issue 12, fielddoubt; 0 = off, the whole print as before). A foreground block
   * doubts when its classical coherence is below this; the doubting blocks, grown by
   * `orientationDoubtDilation` blocks, are the only ones blended, the network is run on their
   * bounding box with its context only, and not at all when none doubts (orientation-from-ridge-net.ts).
   * Off: with the full network, w 0.5, c 0.25 (the estimator's `orientationBlendLow`) and a share of
   * 0.05 the network runs on 24 % of clean prints, CPU median 20.6–20.8 ms (ungated 34 ms), but wet is
   * wholly below zero on seed 2 only, clean jitter −0.00, CV +0.11; bench/RESULTS.md "fielddoubt".
   */
  orientationDoubtCoherence: 0,
  /**
   * Where the ridge network drew no clear ridges, the field's direction from the clear blocks around
   * (issue 12, wet3; 0 = off): with `orientationFromRidgeNet` on, a foreground block whose coherence
   * on the network's map is below this takes the Gaussian-weighted mean direction of the blocks
   * around whose map coherence reaches it (σ 2, else 4, else 8 blocks; fillUnclearBlocks in
   * orientation-from-ridge-net.ts). A wet print's closed valleys leave the map a mush there and both
   * estimates off by about 21°; clean prints' map coherence is below 0.8 in about a tenth of their
   * blocks (bench/RESULTS.md "Where a wet print's cost sits with the period read from the network").
   */
  orientationFromRidgeNetFillCoherence: 0,
  /**
   * A whole-print model of the field for the blocks where the ridge network drew no clear ridges
   * (issue 12, wet4; 0 = off): with `orientationFromRidgeNet` on (and the doubt gate off), the
   * doubled-angle field is fitted over the print by weighted least squares in Legendre products of
   * degree ≤ `orientationModelDegree` (fit-orientation-model.ts; Zhou & Gu 2004's polynomial model),
   * weighted by map coherence⁴ × (classical coherence + 0.1) over the blocks whose map coherence
   * reaches this value; the blocks below it take the model's direction (in proportion to the fitted
   * vector's length up to 0.5). Measured (bench/RESULTS.md "A whole-print orientation model"): at 0.6
   * with degree 10 it breaks more blocks than it fixes (DB3 wet seed 1: 225 of the blocks off by
   * > 10° fixed, 423 good ones broken), wet seed 3 +0.18 [−0.40, +0.85], clean jitter +0.12
   * [−0.15, +0.53], +5 to +7 ms a print: its rule not met. Fitted to the wet print's own clear
   * blocks the model reads the closed masses worse than the local field does.
   */
  orientationModelCoherence: 0,
  /**
   * A learned inpainter for the blocks where the ridge network drew no clear ridges (issue 12,
   * fieldnet2; 0 = off): with `orientationFromRidgeNet` on (and the doubt gate off), a foreground
   * block whose coherence on the network's map is below this takes the direction a small dilated
   * network on the block grid infers from the flow around it (inpaint-orientation-net.ts,
   * models/orientation-inpaint.md; trained on synthetic prints only, the master field as target);
   * every other block keeps its direction bit for bit. With no such block the network is not run.
   */
  orientationInpaintCoherence: 0,
  /** With `orientationModelCoherence` > 0: the model's highest polynomial degree (lowered when the reliable blocks are few). */
  orientationModelDegree: 6,
  /** With `orientationModelCoherence` > 0: the fit's ridge term, a share of the normal matrix's mean diagonal. */
  orientationModelLambda: 0.001,
  /** With `orientationDoubtCoherence` > 0: blocks the doubting set is grown by (8-neighbourhood). */
  orientationDoubtDilation: 1,
  /**
   * With `orientationDoubtCoherence` > 0 and this > 0: the network is not run at all (the
   * classical field kept whole) when fewer than this share of the foreground blocks doubt.
   */
  orientationDoubtMinShare: 0,
  fadedFieldContrastShare: 0,
  fadedFieldOrientationSigma: 2,
  fadedFieldPeriodSigma: 3,
  /**
   * Faded print repaired jointly (1 = on, 0 = off), one switch for the three stages the
   * low-contrast oracle found must be right together (mask, orientation, period; bench/RESULTS.md
   * "Residue and low contrast: which stage, by oracle", "A joint faded-print option"): (i) the
   * growth's faded-print test takes blocks at the looser ridge share `fadedJointGrowthShare`
   * (instead of `segmentationFadedRidgeShare`; only blocks that fail the ordinary growth test are
   * read by it); (ii) on faded blocks only (those the faded test took in, and foreground blocks
   * whose local contrast is below `fadedJointContrastShare` of the print's median) the orientation
   * is taken again from energy-normalised moments over `fadedFieldOrientationSigma` blocks; (iii)
   * there the period is the Gaussian mean (`fadedJointPeriodSigma` blocks) of the faded blocks'
   * own long signatures (averaged ±`fadedJointPeriodHalfWidth` px along the ridges, kept where
   * their ridge share reaches `fadedJointPeriodMinShare`) and the measured unfaded blocks around.
   * No other block's field is touched. Issue 12, off by default: low contrast 0.00 / +0.30 points
   * (seeds 1 / 2, paired), clean +0.05, clean CV change +0.05 (bench/RESULTS.md, lowc3).
   */
  fadedJointRepair: 0,
  fadedJointGrowthShare: 0.15,
  fadedJointContrastShare: 0.4,
  fadedJointPeriodHalfWidth: 15,
  fadedJointPeriodSigma: 2,
  fadedJointPeriodMinShare: 0.2,

  // --- ridge frequency ---------------------------------------------------------------------
  /** Length of the x-signature across the ridges and its half-width along them, pixels. */
  frequencySignatureLength: 33,
  frequencySignatureHalfWidth: 7,
  /** The period is measured on every n-th block in each direction (windows overlap). */
  frequencyBlockStride: 1,
  /** Ridge periods accepted from one window; others are filled from neighbours. */
  frequencyMinPeriod: 4.5,
  frequencyMaxPeriod: 15,
  /** Share of a window's energy the best sinusoid must explain for the period to count. */
  frequencyMinSpectralShare: 0.3,
  /**
   * 1: each window's period is the lag of its signature's autocorrelation peak nearest the
   * spectral peak (blind to the profile's harmonics, which a blur weakens); 0 (default): the
   * spectral peak. The share stays the spectrum's. Off: blur costs did not move enough to pay for
   * clean (bench/RESULTS.md, blur2).
   */
  frequencyAutocorrelationPeriod: 0,
  /**
   * Pixels; 0 (default): every ridge-evidence share (the period gate `frequencyMinSpectralShare`
   * and the field's share, the segmentation's ridge evidence, the faded repair's) is the best
   * sinusoid's power against the signature's whole energy. Above 0: against its energy at periods
   * of at least this length only (DFT bins up to ⌊length / value⌋), so noise finer than the ridge
   * band, which a mild blur removes, neither lowers a share nor does its removal raise one. Issue
   * 12, off: at 3.5 clean +0.30 (all of it the period stage's, DB3/DB4), half −0.06, smooth +0.08,
   * resolution +0.18 / +0.62 (seeds 1 / 2); cross-validation keeps 0 (bench/RESULTS.md, blur3).
   */
  ridgeShareShortestPeriod: 0,
  /**
   * Octave errors (issue 12, wet): above 1, a window's period beyond this factor of the print's
   * median period either way (a window where some ridges vanished reads about twice the period)
   * is left out of the period map, which fills it from its neighbours; it still counts as
   * measured. 0 = off. With `frequencyOctaveRadius` above 0 the reference is the median of the
   * measured windows within that many blocks instead of the print's. Measured in bench/RESULTS.md
   * ("A wet print"). **On since 2026-12-05 (eighteenth session), 1.4 with radius 4, behind the
   * per-print gate `frequencyOctaveMinShare` 0.13**: ungated it costs DB3's clean prints (clean CV
   * +0.29 with the jitter control); gated, only prints whose period map the test would change
   * widely get it ("wetgate", "The octave test switched on for wet prints").
   */
  frequencyOctaveRatio: 1.4,
  frequencyOctaveRadius: 4,
  /**
   * Robust period map (issue 12, sixteenth session): above 0, each measured window's period is
   * replaced by the median of the measured windows within this many blocks before the map is
   * smoothed, so an octave error is outvoted instead of averaged in. 0 (default) = off. Measured
   * in bench/RESULTS.md ("octave").
   */
  frequencyMedianRadius: 0,
  /**
   * With `frequencyOctaveRatio` on (issue 12, sixteenth session): above 0, a window beyond the
   * ratio is left out only when its signature keeps at least this share of its peak's power at
   * the reference period, so a true local change of period (a sweep sensor's speed, a pored
   * print's detail) stays in the map. 0 (default): every window beyond the ratio is left out.
   */
  frequencyOctaveMinPower: 0,
  /**
   * A per-print gate for the octave test (issue 12, wetgate): above 0, with `frequencyOctaveRatio`
   * on, the test leaves windows out of a print's period map only when it flags at least this
   * share (0–1) of the print's measured windows; a print below keeps the map it has without the
   * test, bit for bit. The share is the test's own count, known before it changes anything. 0 =
   * ungated. Shipped 0.13 (fixed from the clean prints before any EER: below it 317 of the 320
   * FVC2002 clean prints) with ratio 1.4 and radius 4: wet −1.25 / −1.35 points (seeds 1 / 2),
   * clean CV 0.00 with the jitter control, no kind above zero (bench/RESULTS.md, "wetgate").
   */
  frequencyOctaveMinShare: 0.13,
  /**
   * A region gate for the octave test (issue 12, wetregion): above 0 (blocks), with
   * `frequencyOctaveRatio` on and a print below `frequencyOctaveMinShare`, the test still leaves
   * windows out where they are dense: a measured window whose square of this radius holds flagged
   * windows for at least `frequencyOctaveRegionMinShare` of its measured ones opens the square, and
   * the flagged windows in it are left out. It adds to the print gate (a print at or above that
   * share gets the test as before), for a print wet on one half, whose print-wide share the dry
   * half dilutes. 0 (default) = off. Measured in bench/RESULTS.md ("wetregion").
   */
  frequencyOctaveRegionRadius: 0,
  /**
   * The region gate's threshold (share 0–1 of the measured windows in a square; see
   * `frequencyOctaveRegionRadius`). Its own parameter: a square's share is spread far wider than a
   * print's (over the 320 clean FVC2002 prints the largest square share per print has median 0.08
   * at radius 10 against a print share of 0.02), so the print gate's 0.13 would open half the
   * clean prints. 0.21 with radius 10 opens 3 of them (fixed before any EER, wetregion). 0
   * (default; off with the radius 0): any flagged window opens its square.
   */
  frequencyOctaveRegionMinShare: 0,
  /**
   * Octave errors judged per window instead (issue 12, wet): above 0, when a window's strongest
   * period is at least twice the shortest candidate and the candidates around half of it hold at
   * least this share of its power, the half is taken (pickPeriod). 0 (default) = off. Measured in
   * bench/RESULTS.md ("A wet print").
   */
  frequencyHalfPeriodPower: 0,
  /**
   * The period map read from the learned ridge network's map too (issue 12, netperiod; 0 = off, 1 shipped):
   * with this w > 0 and a network run made for the orientation field (`orientationFromRidgeNet`
   * > 0; the run is taken, the network is not run again), the same estimator (estimateRidgeFrequency,
   * octave test and all) reads the network's map on the foreground blocks well inside the run's
   * box, and there each block's period becomes (1 − w)·classical + w·network (1 = the network's
   * alone); elsewhere, and the measured / sampled / share fields everywhere, stay classical; the
   * faded repair follows as before (frequency-from-ridge-net.ts). The map (ridges −1, valleys +1)
   * has the normalised grey's sign and a smaller scale, to which the estimator is blind (mean-free
   * signatures, the period by the strongest sinusoid and shares and power ratios). Where a wet
   * print's spread ridges closed the valleys the grey reads about twice the period; the map draws
   * the valleys again. Switched on at 1 in the twenty-third session (2026-12-05): a rule fixed before
   * a pooled draw of fresh seeds 4+5 was met (dry, phalanx, wet and the compound wholly below zero,
   * nothing above, clean −0.18; bench/RESULTS.md "netperiod's option on fresh seeds 4 and 5 pooled").
   */
  frequencyFromRidgeNet: 1,
  /**
   * The ridge-evidence gate of the period read on the network's map (issue 12, wet3; 0 = off: the
   * map's windows pass the grey's gate, `frequencyMinSpectralShare`): with `frequencyFromRidgeNet`
   * on, a window of the map whose signature's spectral share is below this is not measured and is
   * filled from the map's measured windows around (or the print's median period where few are
   * near), as the grey's refused windows are. Where a wet print's spread closed the valleys, the
   * network draws no clear ridges either (a mush; DB4's dotted ridges), and its signature there reads
   * the period 12–45 % long with a share mostly below 0.5, where the clean prints' map windows are
   * mostly above it (bench/RESULTS.md "Where a wet print's cost sits with the period read from the network").
   */
  frequencyFromRidgeNetMinShare: 0,
  /**
   * One-sided form of `frequencyFromRidgeNetMinShare` (issue 12, wet3; 0 = off: the gated reading
   * everywhere it reads): with both on, the gated reading of the map is taken only in the blocks where
   * the map's reading under the grey's gate is longer than this × its median over the blocks read;
   * elsewhere that ungated reading stays. A wet print's spread ridges read long (12–45 %), never short.
   * Measured: with `frequencyFromRidgeNetMinShare` 0.6 and 1.1 here it met its seed-3 rule (wet −0.89)
   * but not the pooled rule of fresh seeds 6+7 (wet −0.37 [−1.04, +0.30], nothing above zero; DB4
   * gains, DB3 does not move): off (bench/RESULTS.md "wet3's one-sided period gate on fresh seeds 6
   * and 7 pooled").
   */
  frequencyFromRidgeNetLongRatio: 0,
  /** Gaussian smoothing of the period map, blocks. */
  frequencySmoothingSigma: 2,
  /** Default ridge period when a print gives no clean window, pixels. */
  frequencyDefaultPeriod: 9,

  // --- contextual enhancement (oriented separable Gabor) -----------------------------------
  /** Orientation bins over [0, π) for the filter tables. */
  enhancementOrientationBins: 32,
  /** Period bins: from min to max period in steps, pixels. */
  enhancementMinPeriod: 5,
  enhancementMaxPeriod: 14,
  enhancementPeriodStep: 0.5,
  /** Smoothing along the ridges: half-length of the kernel and Gaussian sigma, pixels. */
  enhancementAlongHalfLength: 9,
  enhancementAlongSigma: 5,
  /**
   * Sigma (pixels) of the smoothing along the ridges within `singularRegionRadius` of a core or a
   * delta (0 = off, the same `enhancementAlongSigma` everywhere): the along kernel is a straight
   * line, and where the ridges turn fast (the innermost loop of a core) a long one averages
   * across the bend. Issue 12 (core), off by default: at 2.5 px nothing gained on synthetic prints
   * (the false and missed minutiae near cores are not the kernel's length) and FVC clean +0.30;
   * see bench/RESULTS.md "The orientation field and the enhancement near cores and deltas".
   */
  enhancementSingularAlongSigma: 0,
  /**
   * Sigma (pixels) of the smoothing along the ridges in clear flow (map-clear-flow.ts; issue 12,
   * closepair; 0 = off): in print blocks with orientation coherence at least
   * `enhancementClearMinCoherence`, a period measured from their own signature and ridge evidence
   * (the period's share of the signature) at least `enhancementClearMinShare`. The long smoothing
   * merges a ridge ending with its neighbour's fork a ridge period away (synthetic prints' close
   * minutiae); a shorter one everywhere costs dry prints, whose broken ridges need it. Ignored
   * when `enhancementSingularAlongSigma` is set. Measured in bench/RESULTS.md (closepair).
   */
  enhancementClearAlongSigma: 0,
  enhancementClearMinCoherence: 0.7,
  enhancementClearMinShare: 0.5,
  /** Band-pass across the ridges: half-length and Gaussian envelope sigma as a fraction of the period. */
  enhancementAcrossHalfLength: 10,
  enhancementAcrossSigmaPeriods: 0.55,
  /**
   * Blank spots (find-blank-spots.ts): print pixels brighter than the print's
   * `enhancementBlankSpotQuantile` grey quantile over a whole square of side 2·radius+1 (dry
   * blotches, wider than a valley's crest) are missing data for the smoothing along the ridges;
   * radius 0 = off. Measured in bench/RESULTS.md (issue 12, dry prints).
   */
  enhancementBlankSpotRadius: 0,
  enhancementBlankSpotQuantile: 0.9,
  /**
   * Ridge gaps (find-ridge-gaps.ts): with 1, the enhancement runs twice, and in the second run
   * the pixels the first put on a ridge whose normalised grey is above
   * `enhancementRidgeGapLevel` (lighter than a ridge: an eroded ridge's white between its dots)
   * are missing data for the smoothing along the ridges, where the ridges are dotted (ridge
   * fill over 3 × 3 blocks at most `enhancementRidgeGapMaxFill`, 1 = everywhere); 0 = off (one
   * run). Measured in bench/RESULTS.md (issue 12, dry prints).
   */
  enhancementRidgeGaps: 0,
  enhancementRidgeGapLevel: 0,
  enhancementRidgeGapMaxFill: 0.6,
  /**
   * Valley gaps (find-ridge-gaps.ts, the mirror of the ridge gaps for wet prints): with 1, the
   * enhancement runs twice, and in the second run the pixels the first put in a valley whose
   * normalised grey is below −`enhancementValleyGapLevel` (darker than a valley: a flooded
   * valley's dark bridge between its light dashes) are missing data for the smoothing along the
   * ridges, where the valleys are broken (valley fill over 3 × 3 blocks at most
   * `enhancementValleyGapMaxFill`); 0 = off. Measured in bench/RESULTS.md (issue 12, wet).
   */
  enhancementValleyGaps: 0,
  enhancementValleyGapLevel: 0,
  enhancementValleyGapMaxFill: 0.6,
  /**
   * A second enhancement on the first's output in dotted blocks (repass-dotted-ridges.ts; issue
   * 12, drydots): where the ridge fill over 3 × 3 blocks (as for `enhancementRidgeGapMaxFill`,
   * at `enhancementRidgeGapLevel`) is at most this, the oriented filter is run again on its own
   * output, whose along-ridge support then bends with the field; 1 = every block; 0 = off (one
   * run). Measured in bench/RESULTS.md (drydots).
   */
  enhancementRepassMaxFill: 0,
  /**
   * With `enhancementRepassMaxFill` > 0 and this > 0: the straight form instead, the second run
   * made on the grey with the smoothing along the ridges at this sigma (pixels; half-length
   * ⌈2σ⌉) in the dotted blocks, the first run's `enhancementAlongSigma` elsewhere; 0 = the second
   * run on the first's output.
   */
  enhancementRepassAlongSigma: 0,
  /**
   * Learned ridge enhancement (issue 12, part 4; 0 = off): the network of models/ridge-net.md,
   * trained on synthetic prints (dry, residue, low-contrast skins) against their undamaged ridge
   * pattern, reads the normalised grey, and inside the foreground the enhanced image becomes
   * (1 − w)·Gabor + w·s·network (s: the Gabor output's root mean square over the foreground)
   * before binarisation (blend-ridge-net.ts). 0.5 by default, and only in faint prints
   * (`ridgeNetMaxContrast`): switched on in the seventeenth session of issue 12 (bench/RESULTS.md
   * "The learned ridge enhancer switched on for faint prints"); "enhnet" has how it was built.
   */
  ridgeNetBlend: 0.5,
  /**
   * With `ridgeNetBlend` > 0: blend only in thin-ridged blocks, those where at most this share
   * of the pixels over 3 × 3 blocks is darker than −`gapThinDarkLevel` (eroded, dry print;
   * map-thin-ridges.ts); 0 = everywhere in the foreground.
   */
  ridgeNetThinDarkShare: 0,
  /**
   * With `ridgeNetBlend` > 0: the clarity gate (issue 12, enhgate; 0 = off). Per block, how clean
   * one sinusoid at the block's ridge direction and period fits each image over a window of this
   * half-side in pixels (measure-ridge-clarity.ts), for the Gabor output and for the network's
   * map; the blend is made where the network's clarity exceeds the Gabor clarity by more than
   * `ridgeNetClarityMargin`, the blocks' 0/1 decisions interpolated bilinearly between block
   * centres. Meant to keep the network where Gabor fails (dry, faint) and off where it draws
   * broken, dotted ridges (DB3). See bench/RESULTS.md "enhgate".
   */
  ridgeNetClarityRadius: 0,
  ridgeNetClarityMargin: 0,
  /**
   * The clarity gate's measure: 0 = the one-sinusoid fit at the block's direction and period
   * (measureRidgeClarity); 1 = the coherence of each image's own gradients over the blocks within
   * round(`ridgeNetClarityRadius` / block size) (measureRidgeCoherence), which reads neither field, so
   * the Gabor output is not favoured for agreeing with the field it was filtered along.
   */
  ridgeNetClarityCoherence: 0,
  /**
   * With `ridgeNetBlend` > 0 and this radius > 0 (pixels at 500 ppi), the Gabor output is kept
   * unblended in the blocks whose centre lies within it of a core or a delta (findSingularRegion on
   * the print's own field), the 0/1 block decisions interpolated bilinearly between block centres.
   * Tried for DB3's genuine pairs the network loses (fingers 105, 110); measured worse than the
   * ungated blend (clean 1.51 %, DB3 2.85), so off. 0 = off. See bench/RESULTS.md "enhsing".
   */
  ridgeNetSingularRadius: 0,
  /**
   * With `ridgeNetBlend` > 0 and this > 0, the Gabor output is kept unblended in the blocks whose
   * orientation-field coherence (0–1) is below it, interpolated like `ridgeNetSingularRadius`:
   * DB3's lost pairings change most there, but so do the dry gains (0.5: clean 1.37 %, dry
   * −0.12 / −0.60), so off. 0 = off. See bench/RESULTS.md "enhsing".
   */
  ridgeNetMinCoherence: 0,
  /**
   * With `ridgeNetBlend` > 0 and this > 0: the per-print gate (issue 12, netgate). The network is
   * run and blended only into prints whose median ridge contrast (grey levels: block standard
   * deviation × √ridge evidence, the quality feature `ridgeContrast`, measured before the
   * enhancement) is below this; prints with deeper ridges keep the Gabor output whole. Meant to
   * blend into faint, dry captures and spare clean ones (DB3's pored prints, 11–19 grey levels).
   * 0 = off (every print). 10 by default (a round value below 317 of the 320 clean FVC2002 prints,
   * chosen before any EER was seen); see bench/RESULTS.md "netgate".
   */
  ridgeNetMaxContrast: 10,
  /**
   * With `ridgeNetMaxContrast` > 0 and this > 0: the per-print gate reads the median ridge
   * contrast in the print's own grey steps instead of grey levels (issue 12, gaingate;
   * measure-grey-step.ts): divided by how many levels apart the grey levels the print uses are.
   * A scanner's automatic gain that stretches a faint print's grey range after digitising leaves
   * it unchanged; a print as digitised (every level in its range used) reads the same as with
   * this off. Threshold: `ridgeNetMaxContrast`. 0 = off (grey levels). 1: the step is levels
   * spanned / levels used (a coarsely quantising scanner, 6-bit data written as 8-bit, reads step 4
   * and opens the gate for almost every print). 2: the step is the levels' mean spacing folded into
   * its octave (measureOctaveGreyStep: a digitiser's step is a power of two, so a coarse digitiser
   * alone reads 1 and a gain below 2 after it reads the gain; a gain of 2 or more is under-read);
   * issue 12, gainsuite. **Shipped at 2 since the twenty-first session** (bench/RESULTS.md "The
   * folded grey-step gate switched on"): it decides as the grey-level gate on every print we hold
   * (320 clean FVC2002, 5,760 of the perturbation suite, 16 quantised runs, 240 synthetic), so no
   * template changed, and keeps the enhancer for faint prints a scanner's auto-gain stretched.
   */
  ridgeNetContrastInSteps: 2,
  /**
   * With `ridgeNetBlend` > 0 and this > 0: the per-print gate reads, instead of the grey-level
   * test of `ridgeNetMaxContrast`, the median ridge contrast relative to the print's own grey range
   * (× 255 / (99th − 1st grey percentile of the foreground); measure-grey-step.ts) and blends
   * the prints below this (issue 12, gaingate). Any linear gain leaves the measure unchanged; a
   * print faint in part reads low, a uniformly faint one does not. 0 = off. 22: a round value below
   * 317 of the 320 clean FVC2002 prints (the three the shipped gate opens for), fixed before any
   * EER was seen; see bench/RESULTS.md "gaingate".
   */
  ridgeNetMaxRangeContrast: 0,
  /**
   * With `ridgeNetMaxContrast` > 0 and this > 0: the second per-print gate (issue 12, drygate).
   * A print the contrast gate spares is blended too when at least this share of its interior lies
   * in white blotches wider than a valley (measure-blank-share.ts: the opening of the pixels whose
   * normalised grey is above `ridgeNetBlankLevel` by a square of side 2·`ridgeNetBlankRadius`+1):
   * a dry print's deep ridges broken by spots where the skin did not touch, which sweat pores and
   * valley crests are too narrow to read as. 0 = off. 0.002 is the round value above every clean
   * FVC2002 print (319 of 320 read 0, the last 0.00135), fixed before any EER was seen; see
   * bench/RESULTS.md "drygate".
   */
  ridgeNetMinBlankShare: 0,
  /**
   * With `ridgeNetMaxContrast` > 0 and this > 0: the block-level contrast gate (issue 12,
   * faintregion). A print the per-print gates spare (its median ridge contrast deep enough) is
   * blended in the blocks whose local ridge contrast — the per-print gate's measure per block,
   * averaged over the sampled foreground blocks within `ridgeNetBlockContrastRadius` blocks
   * (map-faint-blocks.ts) — is below this many grey levels, the 0/1 block decisions interpolated
   * bilinearly between block centres; elsewhere it keeps the Gabor output. Meant for prints faint
   * only in part (the suite's low-contrast kind). The network runs only when a block opens, and
   * then on those blocks' surroundings only. 0 = off. Measured at 5 (radius 4) and at 8 with
   * `ridgeNetBlockContrastEdge` 2, both fixed from the clean prints: no gain on low-contrast
   * (−0.09 / −0.08 at best, intervals across 0), the second costs clean DB3; see bench/RESULTS.md
   * "faintregion".
   */
  ridgeNetMaxBlockContrast: 0,
  ridgeNetBlockContrastRadius: 4,
  /**
   * With `ridgeNetMaxBlockContrast` > 0 and this > 0: only blocks whose square of side 2·this+1
   * blocks lies wholly in the foreground may open (a clean print's margins, where the finger
   * leaves the glass, are most of its faint blocks); 0 = every foreground block.
   */
  ridgeNetBlockContrastEdge: 0,
  ridgeNetBlankRadius: 4,
  ridgeNetBlankLevel: 0.5,
  /**
   * 1: wherever extraction runs the learned ridge network models/ridge-net.onnx (the enhancer
   * `ridgeNetBlend`, and `orientationFromRidgeNet` when its model is that file), it runs
   * models/ridge-net-int8.onnx instead (issue 12, netquant; 0 = off): the same network, not
   * retrained, rewritten to run at half resolution and quantised to 8-bit integers on synthetic
   * training images (scripts/quantize-ridge-net.sh, models/ridge-net.md "The int8
   * half-resolution form"), ≈ 2× faster; its map differs from the float one by a few hundredths.
   * Shipped 1 since the twenty-second session, with the field read from the network on every
   * print (`orientationFromRidgeNet` 0.5): the float network there would cost +11 to +16 ms a print
   * instead of +7 to +11 and break the 30 ms budget.
   */
  ridgeNetInt8: 1,
  /**
   * > 0: the per-print wet gate of the ridge network (issue 12, realwet; 0 = off): a print whose
   * wide-ridge share (the share of its foreground blocks whose duty cycle, the share of pixels below
   * their local mean, is above 0.6; gate-ridge-net-wet.ts) is at least this runs the wet model set by useRidgeNetWetModel in
   * place of the shipped network for the field, the period and the faint-print blend; every other
   * print, and every print while no wet model is set, runs the shipped one. No wet model is shipped
   * (measured with the leave-one-set-out real-texture fold models of the realnet session:
   * bench/RESULTS.md "the real-texture ridge network only on wet prints").
   */
  ridgeNetWetGate: 0,
  /**
   * > 0: the wet gate read from the shipped network's own run (issue 12, wetgate2; 0 = off): after
   * the field's run of the shipped network, a print whose share of foreground blocks with map
   * coherence below 0.6 (the network drew no clear ridges there; gate-ridge-net-wet.ts
   * measureUnclearMapShare) is at least this re-runs the field, the period and the faint-print blend
   * with the wet model set by useRidgeNetWetModel (extra cost only for the prints it opens for).
   * Needs `orientationFromRidgeNet` > 0; `ridgeNetWetGate`, when it opens first, takes precedence.
   * No wet model is shipped (measured with the realnet fold models: bench/RESULTS.md "A wet gate
   * read from the shipped network's run").
   */
  ridgeNetWetMapGate: 0,

  // --- skeleton graph cleaning -------------------------------------------------------------
  /** Loops shorter than this (pores, small lakes) are cut, skeleton pixels. */
  poreMaxLength: 22,
  /** Facing endings closer than this are joined (broken ridge or valley), pixels. */
  gapMaxDistance: 20,
  /** …when each lies at most this far sideways of the other's ridge line, pixels… */
  gapMaxLateral: 3.5,
  /** …and the two ridges are antiparallel within this angle, radians. */
  gapMaxAngle: 0.6,
  /**
   * Longer gaps where the ridges are thin (map-thin-ridges.ts: a dry or eroded print, white
   * blotches): facing endings up to `gapThinMaxDistance` pixels apart, each at most
   * `gapThinMaxLateral` sideways of the other's ridge line (the angle test as above), are joined
   * when both lie in thin-ridged blocks (at most `gapThinMaxDarkShare` of the print's pixels over
   * 3 × 3 blocks darker than the local mean by `gapThinDarkLevel` local standard deviations;
   * share 1 = everywhere); 0 = off. Measured in bench/RESULTS.md (issue 12, dry prints: "Longer
   * gaps where the ridges are thin").
   */
  gapThinMaxDistance: 0,
  gapThinMaxLateral: 6,
  gapThinDarkLevel: 0.5,
  gapThinMaxDarkShare: 0.3,
  /** Branches ending free shorter than this are cut from their fork (spurs), pixels. */
  tailMaxLength: 18,
  /**
   * Short tails in a dry print's eroded blocks (map-thin-ridges.ts `mapThinTails`: at most
   * `tailThinMaxDarkShare` of the print's pixels over 3 × 3 blocks darker than −`gapThinDarkLevel`
   * local standard deviations): a tail whose fork lies there is cut only when shorter than
   * `tailThinMaxLength` instead of `tailMaxLength` (an eroded branch breaks a few pixels past a
   * true fork, and the ordinary cut takes the fork with it); 0 = off. Measured in
   * bench/RESULTS.md (issue 12, dry4: "The dry perturbation's lost minutiae").
   */
  tailThinMaxLength: 0,
  tailThinMaxDarkShare: 0.2,
  /**
   * Short tails in clear ridge flow (map-clear-tails.ts; issue 12, closepair): a tail whose free
   * end lies where the orientation coherence is at least `tailClearMinCoherence` and the enhanced
   * image's block clarity (against the print's median) at least `tailClearMinClarity`, and which
   * runs within `tailClearMaxAngle` (radians) of the field's ridge axis, is cut only when shorter
   * than `tailClearMaxLength` pixels instead of `tailMaxLength`: a true spur, or a ridge ending
   * beside its neighbour's fork, leaves such a branch. 0 = off. Gate values chosen on synthetic
   * training prints (seed 7101); measured in bench/RESULTS.md (closepair).
   */
  tailClearMaxLength: 0,
  tailClearMinCoherence: 0.5,
  tailClearMinClarity: 0.8,
  tailClearMaxAngle: 0.52,
  /** Ridges with two free ends shorter than this are deleted (fragments, islands), pixels. */
  fragmentMaxLength: 26,
  /**
   * A tail's or fragment's free end within this distance of the mask's background or the image
   * side is the print's edge cutting the ridge (residue, a crop, a frame), not its end: such
   * pieces are not removed as too short (remove-skeleton-artifacts.ts); 0 = off. Measured in
   * bench/RESULTS.md (issue 12, residue and crop; on since 3 December: clean −0.05 [−0.63, 0.00],
   * low contrast −0.48 and −0.73 and dry −0.33 / −0.23, residue +0.08 / −0.84 on two seeds).
   */
  cleaningOpenEndDistance: 3,
  /** Rounds of the cleaning filters (each can reveal new artefacts). */
  cleaningRounds: 3,

  // --- minutiae ----------------------------------------------------------------------------
  /** Direction of an ending: mean of its ridge points between these distances, pixels. */
  directionNearDistance: 4,
  directionFarDistance: 14,
  /**
   * A bifurcation is found as the end of the valley skeleton between its branches, which stops
   * about half a ridge period ahead of the fork (5.5 px on synthetic prints, bench/RESULTS.md);
   * with this > 0 it is moved back this many pixels against its direction, to the fork point
   * that template.ts and the synthetic truth name; 0 = off (the valley's end).
   */
  bifurcationForkShift: 0,
  /**
   * Share (0–1) by which a kept minutia's direction is turned toward the orientation field's ridge
   * axis at its place (align-minutia-directions.ts), in the traced sense; 0 = off, the direction
   * traced on 4–14 px of skeleton, as shipped. For traces bent by pixel noise or by a sweep
   * sensor's stitching seams. Issue 12 (thermal), bench/RESULTS.md.
   */
  minutiaDirectionFieldShare: 0,
  /**
   * With `minutiaDirectionFieldShare` > 0: only minutiae whose ridge to its next skeleton node
   * (the trace their direction is read on, `ridgeLength`) is shorter than this many pixels are
   * turned toward the field; longer traces keep their own direction. 0 = every minutia, as the
   * share alone does. Issue 12 (dirgate), bench/RESULTS.md.
   */
  minutiaDirectionFieldMaxLength: 0,
  /** Minutiae closer than this to the background are dropped, pixels. */
  borderDistance: 8,
  /**
   * A kept minutia's quality is its coherence × clarity times a border ramp, floor + (1 − floor) ·
   * min(1, d / reach), d its distance (px) to the mask's background or the image side (the
   * border test's measure, cut residue included). This is the reach, pixels; 0 = 3 ×
   * `borderDistance` (24 px, as shipped). On clean FVC2002 re-impressions a minutia finds its
   * mate less often up to 32–48 px from its own edge than further in at every quality
   * (bench/extraction/edge-mates.mjs; bench/RESULTS.md, "Minutiae at the print's edge"). The
   * quality is what the matcher's quality-weighted overlap share (`overlapShareQuality`) counts.
   */
  minutiaQualityBorderReach: 0,
  /** The border ramp's value at the edge (see `minutiaQualityBorderReach`); 0.5 as shipped. */
  minutiaQualityBorderFloor: 0.5,
  /**
   * Minutiae closer than this to the image side are dropped, pixels, instead of
   * `borderDistance` (which still applies to the mask's own background); 0 = off (the image
   * side counts as background like the mask's edge). Where the print runs on past the side (a
   * cropped or small sensor) its ridges are cut there, and the true minutiae within a border
   * distance of the side are kept: between this distance and `borderDistance` only those whose
   * direction points at the side within `borderImageSideKeepAngle` (radians; their ridge runs on
   * to the side, so they are not the ends the side cut). Measured in bench/RESULTS.md (issue
   * 12, residue and crop).
   */
  borderImageSideDistance: 0,
  borderImageSideKeepAngle: 1.05,
  /**
   * Minutiae between `borderDistance` and this many pixels from the mask's own background (the
   * image side not counted) are dropped when their direction (into their ridge or valley) points
   * away from the nearest background pixel, within `borderEdgeDropAngle` (radians) of straight
   * inwards: a ridge that runs out where the contact fades ends there pointing into the print,
   * while a true minutia near the edge points any way. 0 = off. On good synthetic prints false
   * minutiae within 8 px of the contact edge are 3–4.5 % of the extracted ones (issue 12, synthpr,
   * bench/RESULTS.md).
   */
  borderEdgeDistance: 0,
  borderEdgeDropAngle: 1.05,
  /**
   * Minutiae closer than this to a residue cut (`segmentationResidueCut`) are dropped, pixels,
   * instead of `borderDistance`; between this and `borderDistance` only those whose direction
   * points at the nearest cut pixel within `borderResidueKeepAngle` (radians) are kept, as at the
   * image side (a ridge the smudge cut ends at the cut pointing away from it). 0 = off (the cut
   * counts as background like the mask's edge). Measured in bench/RESULTS.md (issue 12,
   * "Residue's rim as a cut").
   */
  borderResidueDistance: 0,
  borderResidueKeepAngle: 1.05,
  /**
   * With > 0, the test between `borderResidueDistance` and `borderDistance` of a residue cut
   * reads the minutia's ridge instead of its direction: dropped only when its skeleton, run on
   * straight past its end (against `direction`), meets a cut pixel within this many pixels
   * more than the minutia's distance to the cut (a ridge or valley the smudge cut runs straight
   * into it); a minutia beside the smudge whose line passes the cut at a slant or along it is
   * kept whichever way it points; with `segmentationResidueCutClears` 0 the line also meets the
   * residue the mask kept. 0 = off (the direction test). Measured in bench/RESULTS.md (issue 12,
   * "A residue cut whose border reads the ridge": a cleared cut loses with either test; at the
   * kept mask −0.09 / −0.01 on seeds 2 / 1, not below zero).
   */
  borderResidueRidgeGap: 0,
  /**
   * Minutiae where the contrast-normalised image shows less ridge evidence than this (the
   * block's share of periodic energy at one ridge period, measured by the frequency stage) are
   * dropped: the oriented
   * filter draws clean ridges over dry blotches and noise, the raw grey does not; 0 = off.
   */
  minutiaMinRidgeShare: 0,
  /**
   * Minutia quality from the absolute reliability map (map-reliability.ts) instead of the
   * print-relative clarity: 1 = on, 0 = off (quality from coherence and relative clarity).
   */
  minutiaReliability: 0,
  /** Minutiae whose reliability (0–1, absolute map) is below this are dropped; 0 = none. */
  minutiaMinReliability: 0,
  /** Scales of the reliability map's terms: 0 at the low mark, 1 at the high mark. */
  reliabilityContrastLow: 3,
  reliabilityContrastHigh: 14,
  reliabilityCoherenceLow: 0.15,
  reliabilityCoherenceHigh: 0.6,
  reliabilityShareLow: 0.15,
  reliabilityShareHigh: 0.45,
  /** Minutiae where the orientation coherence is lower than this are dropped. */
  minCoherence: 0.05,
  /**
   * Learned minutia check (check-minutiae.ts, models/minutia-check.onnx): a minutia whose
   * probability of being true, from a small CNN on a patch around it, is below this is dropped;
   * 0 = off (the model is not loaded). Measured in bench/RESULTS.md (issue 12).
   */
  minutiaCheckThreshold: 0,
  /**
   * The learned check judges only minutiae where the absolute reliability map
   * (map-reliability.ts: contrast, coherence, ridge evidence) is below this; the others are
   * kept unseen. 1 = every minutia (as before). Only acts with `minutiaCheckThreshold` > 0.
   * Measured for dry prints in bench/RESULTS.md (issue 12, "Learned check where the print is
   * unreliable").
   */
  minutiaCheckMaxReliability: 1,
  /**
   * Learned dry-region minutia detector (find-dry-minutiae.ts, models/minutia-net.onnx), run only
   * on thin-ridged blocks (at most `minutiaNetMaxDarkShare` of the pixels over 3 × 3 blocks darker
   * than −`gapThinDarkLevel`): its detections of at least `minutiaNetAddThreshold` with no minutia
   * within `minutiaNetAddSpacing` px are added, and minutiae there whose detector probability
   * (3 × 3 cells) is below `minutiaNetDropThreshold` are dropped. Both thresholds 0 = off (the
   * model is not loaded). Measured in bench/RESULTS.md (issue 12, "Learned dry-region minutia detector").
   */
  minutiaNetAddThreshold: 0,
  minutiaNetDropThreshold: 0,
  /**
   * Which detector the dry-region repair and its second stage run: 0 = models/minutia-net.onnx
   * (trained on the generator of 13b65b0), 1 (above 0) = models/minutia-net-r96.onnx (the same network
   * trained on the realistic generator R96C with the dry and residue skins,
   * scripts/train-minutia-net-r96.sh, models/minutia-net-r96.md). Only read when a detector
   * threshold is on. Measured in bench/RESULTS.md (issue 12, net4).
   */
  minutiaNetModel: 0,
  /** With > 0, the detector drops only minutiae the learned check (`minutiaCheckThreshold`'s model) also scores below this; 0 = the detector alone. */
  minutiaNetCheckThreshold: 0,
  minutiaNetMaxDarkShare: 0.25,
  minutiaNetAddSpacing: 12,
  /**
   * Learned minutia reliability from real prints (rate-minutia-reliability.ts; issue 12, parts
   * 3–4): a logistic model on 12 per-minutia features. A minutia whose probability of being true
   * is below `minutiaLogitDropBelow` is dropped (0 = off); with `minutiaLogitAsQuality` 1 its
   * quality becomes 100·p (0 = off). No model ships: the weights below are 0, and the fold models
   * (trained with leave-one-set-out folds on FVC2002, never on the set they are evaluated on) are
   * set through these parameters by bench/extraction/real-minutia-folds.mjs. Measured in
   * bench/RESULTS.md ("Minutia reliability learned from real prints").
   */
  minutiaLogitDropBelow: 0,
  minutiaLogitAsQuality: 0,
  minutiaLogitBias: 0,
  minutiaLogitCoherence: 0,
  minutiaLogitRidgeShare: 0,
  minutiaLogitLogContrast: 0,
  minutiaLogitAgreement: 0,
  minutiaLogitEnhancedRms: 0,
  minutiaLogitEdgeDistance: 0,
  minutiaLogitNearestDistance: 0,
  minutiaLogitNeighbours: 0,
  minutiaLogitPeriod: 0,
  minutiaLogitBifurcation: 0,
  minutiaLogitQuality: 0,
  minutiaLogitDensity: 0,
  /**
   * With > 0 (and `minutiaNetAddThreshold` > 0), a detection is added only where the raw skeleton
   * had a candidate within this many px (the uncleaned graphs' endings, or a candidate the minutia
   * filters removed) whose direction is within `minutiaNetConfirmAngle` rad of the detected one;
   * the candidate is what is added. 0 = additions unconfirmed. Measured in bench/RESULTS.md
   * (issue 12, "the learned detector's repairs cross-checked with the skeleton").
   */
  minutiaNetConfirmDistance: 0,
  minutiaNetConfirmAngle: 0.52,
  /**
   * With > 0, the detector drops (`minutiaNetDropThreshold`) only minutiae whose skeleton ridge,
   * from the minutia to the next node, is at most this many px: the short fragments and tails the
   * cleaning (`tailMaxLength`, `fragmentMaxLength`) nearly removed. 0 = any length.
   */
  minutiaNetDropMaxRidgeLength: 0,
  /**
   * Second-stage decision of the dry-region repair (find-dry-minutiae.ts, models/minutia-net-stage.json):
   * a logistic model on the detector's and the check's probabilities with the classical
   * extractor's evidence (ridge length, type agreement, the reliability features of
   * rate-minutia-reliability.ts), fitted on real prints dried with training seeds only
   * (scripts/train-minutia-net-stage.sh). In thin-ridged blocks a minutia whose probability of
   * being false is at least `minutiaNetStageDropThreshold` is dropped, and a detector peak (at
   * least 0.3, at its skeleton candidate within 8 px when there is one) whose probability of
   * restoring a lost minutia is at least `minutiaNetStageAddThreshold` is added. 0 = off (the
   * default; the model is not read). Measured in bench/RESULTS.md (issue 12, "drynet3").
   */
  minutiaNetStageDropThreshold: 0,
  minutiaNetStageAddThreshold: 0,
  /** A minutia with more than `clusterMaxNeighbours` others within `clusterRadius` is noise. */
  clusterRadius: 18,
  clusterMaxNeighbours: 4,
  /** At most this many minutiae are kept, best quality first. */
  maxMinutiae: 150,
});
export type ExtractionParameters = typeof EXTRACTION_PARAMETERS;
