/**
 * Tuned constants of 1:1 matching (`src/matching`). Distances are pixels at 500 ppi, angles
 * radians. Tuned on the FVC2002 B sets (SecuGen ISO templates and our own extraction) with the
 * same values for every set; see bench/RESULTS.md for the figures each change produced.
 */
export const MATCHING_PARAMETERS = Object.freeze({
  /** Most minutiae kept per template (the most reliable ones); bounds the cost of a comparison. */
  maxMinutiae: 96,
  /** Neighbours per minutia in the local edge graph (its nearest minutiae). */
  neighbours: 10,
  /** Longest edge of the graph, pixels: farther minutiae are not neighbours. */
  maxEdgeLength: 200,
  /** Shortest edge, pixels: very close pairs are mostly extraction noise (broken ridges). */
  minEdgeLength: 6,
  /** Edge length tolerance, pixels (absolute part). */
  distanceTolerance: 11,
  /** Edge length tolerance, relative part (elastic distortion grows with length). */
  distanceToleranceRelative: 0.08,
  /** Edge angle tolerance (both relative angles of an edge), radians. */
  angleTolerance: 0.24,
  /**
   * Share of the growth's angle tolerance that varies with the edge's length (0 = fixed): the
   * tolerance of an edge of length L is angleTolerance · ((1 − share) + share · 50 / L), since a
   * displacement of the end points (elastic distortion) turns a short edge more than a long one.
   * 0 = off (measured in bench/RESULTS.md).
   */
  angleToleranceLengthShare: 0,
  /**
   * Scale tolerance of the growth: the pairing's scale (candidate / probe edge length) is
   * estimated from its confirming edges as it grows, starting at 1, and edges are compared at
   * that scale, bounded to [1 / (1 + e), 1 + e]. For a wrongly stated resolution or pressure.
   * 0 = off (edges compared as they are).
   */
  maxScaleError: 0,
  /**
   * Root finding compares every edge of the candidate with the probe's edges in a lookup grid;
   * tighter tolerances than the growth's make the grid finer (fewer, better votes, less time).
   */
  rootDistanceTolerance: 6,
  /**
   * Relative part of the root length tolerance (a + b·L instead of a): long edges keep their
   * votes when one print is scaled against the other (a wrongly stated resolution, pressure).
   * 0 = off.
   */
  rootDistanceToleranceRelative: 0,
  rootAngleTolerance: 0.14,
  /** Root pairs tried per comparison (the pairs whose neighbourhoods agree best). */
  maxRoots: 12,
  /** A root needs at least this many agreeing edges of its neighbourhood. */
  minRootVotes: 1,
  /**
   * Roots with only `minRootVotes` votes tried at most: they are mostly chance, and this bounds
   * the time spent on impostors.
   */
  maxWeakRoots: 4,
  /**
   * A second root search where the first finds little (issue 12, weakroots): when the best
   * pairing of the roots above has fewer than this many pairs, the next `secondRootSearchRoots`
   * ranked roots (from where the first search stopped: past `maxRoots`, or past the last weak
   * root it allowed; weak or not) are grown too and the best pairing kept. Aimed at a print
   * scaled against the other, whose true roots are weak and ranked low. 0 = off.
   */
  secondRootSearchBelowPairs: 0,
  /** Roots the second search grows at most (ranked up to `maxRoots` + this, at most 256). */
  secondRootSearchRoots: 16,
  /**
   * A second pass with wider root tolerances for strongly distorted pairs (issue 12, strongwarp):
   * when a comparison's score (after every step, on the scale of the calibration table) is
   * uncertain, i.e. lies at or above the score at FMR `wideRootBandLowFmr` and below the score at
   * FMR `wideRootBandHighFmr` of the shipped table (SCORE_CALIBRATION), the whole comparison runs
   * once more with `rootDistanceTolerance` and `rootAngleTolerance` times this (votes from a coarser
   * lookup grid, the growth's tolerances unchanged), and the larger score is kept
   * (`wideRootKeepSecond`: the second's). Most impostors score below the band and confident matches
   * above it, so only the uncertain comparisons pay for the second pass; root tolerances ×1.5 on
   * every comparison cost 1:1 ×1.56 (bench/RESULTS.md, elasticoracle). compareTemplatesEvidence
   * reports the first pass only. 0 = off.
   */
  wideRootFactor: 0,
  /** The second pass's band, low edge: the score at this FMR of the shipped table (1 = no floor: every score up to the high edge). */
  wideRootBandLowFmr: 0.1,
  /** The second pass's band, high edge: the score at this FMR of the shipped table; 0 = no upper bound. */
  wideRootBandHighFmr: 0.0001,
  /**
   * The second pass only when the first pass's best pairing also has fewer than this many pairs
   * (with the band: both must hold); 0 = the band alone.
   */
  wideRootBelowPairs: 0,
  /** 1 = the second pass's score replaces the first's; 0 = the larger of the two is kept. */
  wideRootKeepSecond: 0,
  /** Score: weight of each paired minutia. */
  pairWeight: 0.5,
  /**
   * Score: weight of each edge confirming the pairing, times its fit (1 − mean relative error)²,
   * counted at both ends: chance agreements spread over the tolerance, genuine ones fit closely.
   */
  supportWeight: 4,
  /** Score: weight of each pair whose minutia types agree. */
  typeWeight: 0.25,
  /** Score: pairs with fewer than this many supports count as unconfirmed (weight 0.5). */
  minSupport: 2,
  /**
   * A pair proposed during growth must rotate like the root pair within this angle, radians:
   * elastic distortion bends a print but does not turn one part of it against another.
   */
  maxRotationDrift: 0.5,
  /**
   * Weight of a minutia of quality 0 in the score (pairs, confirming edges, type agreement and
   * the counts of the normalisation); quality 100 weighs 1, linear between. 1 = quality unused.
   */
  minutiaWeightFloor: 1,
  /**
   * Count of a minutia of quality 0 in the normalisation's counts only (pairs, support and type
   * agreement unchanged); quality 100 counts 1, linear between; 1 = off. Quality-blind foreign
   * templates (every quality 0) count each minutia as 1. bench/RESULTS.md, "Minutiae at the
   * print's edge".
   */
  countQualityFloor: 1,
  /**
   * With `countQualityFloor`, a print's count by quality is taken as at least this share of its
   * plain count, which bounds what a print of many low-quality minutiae gains against every
   * other (its impostors included) to 1 / share; 0 = no bound.
   */
  countQualityMinShare: 0,
  /**
   * With `countQualityFloor`, a minutia's quality share is taken relative to its own print's median
   * quality, min(1, q / median), instead of q/100: a uniformly poor print counts like a good one
   * and only its relatively worse minutiae are discounted (so it cannot gain against its impostors
   * for being poor throughout). 0 = off (q/100), 1 = on.
   */
  countQualityRelative: 0,
  /**
   * With `countQualityFloor`, a minutia's share is taken from geometry instead of quality:
   * min(1, d / reach), d its distance, pixels at 500 ppi, to the boundary of the convex hull of its
   * own print's minutiae (those on the hull count at the floor, those this far inside fully). Needs
   * no quality, so it also counts quality-blind foreign templates. 0 = off (quality).
   */
  countHullReach: 0,
  /**
   * With `countQualityFloor`, a minutia's share is taken from its distance to its own print's edge
   * instead of quality, when the template carries a valid area (Template.validArea, extraction's
   * `validAreaCell`): min(1, d / reach), d the distance, pixels at 500 ppi, from the minutia to
   * the nearest cell outside the valid area (or past the grid). Templates without one count as
   * without the floor. 0 = off.
   */
  countEdgeReach: 0,
  /**
   * With `countEdgeReach`: only the print's outer edge counts as edge; holes in the valid area
   * (unusable cells not joined to the grid's side through unusable cells: a dry blob, a smudge
   * inside the print) are taken as usable. 0 = off (every unusable cell), 1 = on.
   */
  countEdgeOuter: 0,
  /**
   * Overlap term: the best pairing's score is multiplied by share^exponent, where share is the
   * paired minutiae over the minutiae of both prints that lie in their common area (each print's
   * minutiae mapped by the pairing's rigid fit into the other's convex hull): a genuine pairing
   * takes most minutiae of the common area, an impostor's few. 0 = off. On (1) since 3 December
   * 2026 with the MCC gate, quality weights and bands below (bench/RESULTS.md, "The MCC gate on by default").
   */
  overlapShareExponent: 1,
  /** A minutia counts as inside the other print's hull up to this distance outside it, pixels. */
  overlapMargin: 12,
  /**
   * Valid-area normalisation (issue 12): when both templates carry a valid area
   * (Template.validArea, the extraction's `validAreaCell`), each print's minutiae are counted in
   * the score's count normalisation only where they fall, by the best pairing's rigid fit, inside
   * the other print's valid area (or are paired): n is replaced by n^(1 − a) · n_inside^a, so a
   * minutia under the other print's smudge or beyond its edge is not counted against the pair.
   * Templates without a valid area are scored as before. 0 = off (bench/RESULTS.md, "The valid
   * area": unbounded it lets impostors through, FNMR at FMR 0.1 % × 2.5 at 1; with
   * `validAreaFloor` 0.8 every perturbation's mean EER falls, none wholly below zero: kept off).
   */
  validAreaShare: 0,
  /**
   * With `validAreaShare`: n_inside is taken as at least this share of n, which bounds what a
   * pairing gains from a small common area (an impostor's rigid fit that leaves the prints
   * barely overlapping) to (1 / this)^(a · countNormalisation). 0 = no bound.
   */
  validAreaFloor: 0,
  /**
   * Valid-area overlap term: with the overlap term on and both templates carrying a valid area,
   * its common area is the other print's valid area instead of its minutiae's hull (a minutia
   * counts when paired or when the best pairing's rigid fit carries it inside the other print's
   * valid area). 1 = on, 0 = off (the hulls, as before).
   */
  validAreaOverlap: 0,
  /**
   * Minutia Cylinder-Code gate (src/matching/compare-cylinders.ts): the score is multiplied by
   * (MCC global score / 0.05)^mccWeight, the MCC score being the relaxed (LSS-R) similarity of
   * the minutiae's cylinders, in [0, 1]. Templates prepared with it not 0 keep what their
   * cylinders need and build them on their first gated comparison (cached, `mccCacheBytes`); the gate costs
   * several times the comparison (bench/RESULTS.md). 0 = off. Shipped on (1) with `mccShortlist` 2,
   * `mccRelaxDistance` 15, the bands 10–60 / 20–100 and `overlapShareQuality` 2: cross-validated
   * change −0.75 [−0.94, −0.23] points of EER (bench/RESULTS.md, "The MCC gate on by default").
   */
  mccWeight: 1,
  /**
   * With the MCC gate on: σS of the cylinders' spatial Gaussian, pixels at 500 ppi (how far a
   * neighbour's contribution spreads over the cells). The paper's table gives 28/3 ≈ 9.33; 6 is
   * what the gate was first measured with, and measured better (bench/RESULTS.md, "Why the
   * cross-validated interval straddles zero, and the relaxation's μ1").
   */
  mccSigmaS: 6,
  /**
   * With the MCC gate on: σD of the cylinders' directional Gaussian, radians (how far a
   * neighbour's direction spreads over the 6 direction cells). The paper's table gives 2π/9;
   * 5π/36 is what the gate was first measured with (2π/9 was a little better with the gate alone,
   * worse with `mccRelaxDistance` 15: bench/RESULTS.md, as for `mccSigmaS`).
   */
  mccSigmaD: (5 * Math.PI) / 36,
  /**
   * With the MCC gate on: μ1 of the relaxation's distance compatibility, pixels at 500 ppi (two
   * pairs are compatible by distance with weight 1 / (1 + e^(8/5 · (d1 − μ1))), d1 the difference of
   * the two minutiae's distances in either print; the paper's 5). Plastic distortion changes the
   * distance between far minutiae by more than a few pixels, so a larger μ1 keeps such genuine
   * pairs compatible: 15 gave the gate's best clean figures and is shipped
   * (bench/RESULTS.md, "Why the cross-validated interval straddles zero, and the relaxation's μ1").
   */
  mccRelaxDistance: 15,
  /**
   * With the MCC gate on: at most this many other pairs divide a pair's support in the relaxation
   * (the published divisor is nR − 1, nR = the smaller minutiae count, so a print's false minutiae
   * dilute the support its true pairs give each other). 0 = nR − 1, as published (bench/RESULTS.md,
   * "Why MCC fails on fingers 109 and 110").
   */
  mccRelaxSupport: 0,
  /**
   * With the MCC gate on: exponent γ of the relaxation's pair weights from the minutiae's quality
   * (pair weight ((qA/100)·(qB/100))^(γ/2); a pair's support the weighted mean over the other
   * pairs instead of the sum over nR − 1), so that the pairs of a poor print's unreliable minutiae
   * dilute the support less. 0 = every pair weighs 1, as published (bench/RESULTS.md, "Minutia
   * quality in the MCC gate").
   */
  mccRelaxQuality: 0,
  /**
   * With the overlap term on: exponent γ of each minutia's weight (q/100)^γ in the overlap share
   * (paired weight over the weight of the minutiae in the common area, instead of counts), so the
   * unreliable (mostly false) minutiae of a faint or dry print lower the share less. 0 = counts;
   * shipped 2 (bench/RESULTS.md, "Minutia quality in the MCC gate"). In 1:N the gallery keeps
   * quality in 2 levels (encode-compact-finger.ts), so the weights there are coarser.
   */
  overlapShareQuality: 2,
  /**
   * With the MCC gate on: only pairs of minutiae that land within this many pixels of each other
   * under the best pairing's rigid fit are compared cylinder by cylinder (far fewer than all
   * pairs, so much less time); 0 = every pair, as published.
   */
  mccAlignRadius: 0,
  /**
   * With the MCC gate on: each minutia's cylinder is compared in full only with its k likeliest
   * partners on either side, found by a coarse first pass over the spatial cylinders
   * (compare-cylinders.ts, "Shortlist"); 0 = every pair, as published. Integer 0 … 8.
   */
  mccShortlist: 2,
  /**
   * With the MCC gate on: comparisons whose score (before the gate) is below this are not gated
   * but multiplied by `mccBelowBandFactor`: on FVC2002 (all pairs) ≈ 75 % of impostors and 1 %
   * of genuine pairs score below 20, where the gate cannot lift a pair past the decision
   * thresholds, so most of the gate's cost goes. 0 = every comparison gated (bench/RESULTS.md,
   * "The gate where it decides").
   */
  mccBandLow: 10,
  /**
   * With the MCC gate on: comparisons scoring above this (before the gate) keep their score
   * ungated (no FVC2002 impostor scores above 70). 0 = no upper bound.
   */
  mccBandHigh: 60,
  /**
   * With the MCC gate on: the factor of comparisons below `mccBandLow`, in place of the gate's
   * (MCC / 0.05)^mccWeight; about the gate's factor for impostors (median 0.25 on FVC2002).
   */
  mccBelowBandFactor: 0.25,
  /**
   * With the overlap term and the MCC gate on: comparisons whose score before the overlap term is
   * below this skip the term (and the gate) and are multiplied by `mccBelowBandFactor` ×
   * min(1, `mccBandLow` / this), which keeps them under `mccBandLow` · `mccBelowBandFactor` like
   * the scores below the gate's band with the term; the term costs ≈ 9 % of a comparison, and below ≈ 20 no pair reaches the
   * band 10–60 on FVC2002 (bench/RESULTS.md, "The overlap term only in the band"). 0 = off.
   */
  overlapBandLow: 20,
  /**
   * With the overlap term and the MCC gate on: comparisons whose score before the overlap term is
   * above this skip the term and the gate and keep their score (no FVC2002 impostor above 100).
   * 0 = no upper bound.
   */
  overlapBandHigh: 100,
  /**
   * With the overlap term and the MCC gate on (issue 12, smallpair): a ramp r in (0, 1] below the
   * low edge L of each band (`overlapBandLow` for the score before the overlap term, `mccBandLow`
   * for the score before the gate) in place of the step there. From L · (1 − r) up to L the score
   * is the linear blend (1 − t) · fixed + t · in-band, t = (s − L(1 − r)) / (L r): `fixed` the
   * fixed factor's score (`mccBelowBandFactor` …), `in-band` what the term and the gate would give.
   * The score is then continuous in the pre-finish score: a genuine pairing that shrinks across an
   * edge loses its gate gradually instead of by a factor of 4–12. The gate is computed from
   * L · (1 − r) upwards (more comparisons gated: slower). 0 = off (the steps, as shipped). At 0.5:
   * clean CV keeps 0 in every fold, no perturbation change wholly below zero, DB3's small genuine
   * pairs not rescued (their true pairings fail without the steps too), 1:1 × 1.31–1.37 the time
   * (bench/RESULTS.md, "Is the matcher brittle on genuine pairs of few minutiae?").
   */
  bandRampWidth: 0,
  /**
   * With the MCC gate on: bytes of cylinders (and of the prepared templates they belong to,
   * which the cache holds) each thread keeps between comparisons, least recently used dropped
   * first (build-minutia-cylinders.ts); a dropped template's cylinders are built again when
   * needed, the same. A prepared FVC2002 template with its cylinders takes 12–56 kB (median 31),
   * so 32 MiB keeps ≈ 1 000: a search task's probes and an evaluation set's templates (1:N
   * prepares each gallery finger afresh, so those entries are used once). Scores do not depend on it.
   */
  mccCacheBytes: 32 * 1024 * 1024,
  /**
   * Elastic re-pairing (refine-pairs-elastically.ts): the best pairing's minutiae fit a smooth
   * warp (a similarity with bounded scale plus a kernel-smoothed displacement field), the
   * probe's unpaired minutiae carried through it pair with unpaired candidate minutiae within
   * this many pixels (direction within `angleTolerance`), and the pairing's confirming edges are
   * counted again with the probe's edge lengths taken at the warp; the score is the re-measured
   * pairing's. 0 = off (bench/RESULTS.md, "Elastic re-pairing").
   */
  elasticPairTolerance: 0,
  /** Elastic re-pairing: the warp's scale must lie within 1 ± this (else the pairing is left as it is). */
  elasticScaleBound: 0.12,
  /** Elastic re-pairing: Gaussian width (pixels) over which the pairs' residuals are smoothed into the displacement field. */
  elasticSmoothing: 60,
  /**
   * Elastic re-pairing: the field's stiffness, as that many pairs' worth of zero displacement
   * at every point (a lone pair moves its neighbourhood by 1 / (1 + this) of its residual).
   */
  elasticStiffness: 2,
  /** Elastic re-pairing: the warp is refused when its field moves a paired minutia farther than this, pixels. */
  elasticMaxCorrection: 16,
  /**
   * Elastic re-pairing only for comparisons whose score lies in [elasticBandLow,
   * elasticBandHigh] (0 = no upper bound): below, impostors the re-pairing cannot lift to a
   * decision threshold; above, genuine pairs it cannot lower below one. Bounds the time spent.
   */
  elasticBandLow: 10,
  elasticBandHigh: 150,
  /**
   * Re-pairing at the pairing's own scale (a print scaled against the other: a wrongly stated
   * resolution): after the roots have grown, the relative scale s of the best pairing is
   * estimated as the median ratio of candidate to probe distance over every two of its pairs at
   * least `pairingRescaleMinDistance` apart, and when the ratios agree (their median absolute
   * deviation in ln at most `pairingRescaleSpread`: a chance pairing's do not) and
   * `pairingRescaleMinimum` ≤ |ln s| ≤ ln(1 + this), the best pairing's root grows once more with
   * the probe's edges taken at s (tolerances unchanged); the new pairing replaces the old one
   * only if it scores higher. 0 = off (bench/RESULTS.md, "Re-pairing at the pairing's scale").
   */
  pairingRescaleBound: 0,
  /** Re-pairing at the pairing's scale: least |ln s| worth a second growth (below, the first growth already fits). */
  pairingRescaleMinimum: 0.03,
  /** Re-pairing at the pairing's scale: least pairs in the best pairing for a scale estimate. */
  pairingRescaleMinPairs: 6,
  /** Re-pairing at the pairing's scale: least probe distance (pixels) of two pairs whose ratio estimates the scale. */
  pairingRescaleMinDistance: 60,
  /** Re-pairing at the pairing's scale: largest median absolute deviation of the ln distance ratios. */
  pairingRescaleSpread: 0.05,
  /**
   * Re-pairing at the pairing's scale: 0 = the rescaled copy grows from the best pairing's root
   * only; 1 = it is paired afresh (its own votes and roots), as a comparison would pair it.
   */
  pairingRescaleRoots: 0,
  /**
   * Re-pairing at the pairing's scale only for comparisons whose score (before the overlap term
   * and the gate) lies in [pairingRescaleBandLow, pairingRescaleBandHigh] (0 = no upper bound).
   */
  pairingRescaleBandLow: 10,
  pairingRescaleBandHigh: 150,
  /** Score normalisation: raw score × (referenceCount² / (n_probe · n_candidate))^(exponent / 2). */
  referenceCount: 30,
  countNormalisation: 1,
  /**
   * Cohort normalisation (cohort-normalisation.ts): where a whole population of templates is
   * compared (an evaluation set; a gallery), each score is multiplied by (cohortReference /
   * √(m_a · m_b))^exponent, m = each template's mean score against the population's other
   * fingers, so populations whose different fingers look alike to the matcher (synthetic prints)
   * keep the false match rate of the calibration table. A single comparison (compareTemplates)
   * has no cohort and is never changed. 0 = off (bench/RESULTS.md, "Impostor scores across
   * populations").
   */
  cohortExponent: 0,
  /**
   * Cohort normalisation: the cohort mean that leaves a score unchanged, the real sensors' mean
   * impostor score under the shipped matcher (MCC gate on): cohort means 1.71 on average
   * (geometric 1.68; DB1 1.68, DB2 1.79, DB3 1.65; bench/RESULTS.md "Cohort normalisation
   * re-measured under the MCC gate (gq0)"), so with the option on real-sensor scores keep the
   * scale the calibration table was fitted on (14 was the pre-gate mean: ×8 on every score). No
   * effect while cohortExponent is 0 (the factor is then exactly 1). Measured before the orientation
   * map was switched on (4 December 2026), which lowers impostor scores several times over: re-measure
   * it (bench/matching/cohort-normalisation.mjs) before switching cohortExponent on.
   */
  cohortReference: 1.7,
  /**
   * Orientation agreement (issue 12, odesc): when both templates carry an orientation map
   * (Template.orientationMap, the extraction's `orientationMapCell`), the best pairing's
   * least-squares rigid fit carries the probe's print onto the candidate's and the score is
   * multiplied by exp(−w · (1 − g)), g = ½ + ½ · mean cos 2Δ of the ridge directions over the cells
   * of print in both (compare-orientation-maps.ts); g = ½ when fewer than 3 pairs or 16 common
   * cells. The field barely moves where dry skin erodes the minutiae, and an impostor pairing
   * rarely carries a whole field onto the other's. 0 = off (bench/RESULTS.md, "Evidence beyond
   * minutia geometry"); 16 by default since the tenth session of 4 December 2026 (dry −0.93 / −0.89
   * points of mean EER on both seeds, clean CV −0.06: "The orientation map switched on"). When it
   * is on and either template has no map (a foreign ISO/INCITS record, a template enrolled before
   * the map), the comparison's score is put on the scale of comparisons with maps by its false
   * match rate (calibration.ts, equateScoreWithoutMap), so one score → FMR table holds for both.
   */
  orientationAgreementWeight: 16,
  /**
   * Orientation agreement read near the pairing (issue 12, mapfit): R > 0 weighs each common cell
   * by exp(−d² / 2R²), d its distance in prepared pixels (500 ppi) to the nearest paired probe
   * minutia, instead of all cells alike; the least-squares rigid fit holds the prints together near
   * the pairs, and a second phalanx below a crease, or a print far beyond the pairs, carries a field
   * the fit does not. 0 = off (every common cell weighs 1). At 64: phalanx −0.14 / −0.22 points of
   * mean EER, dry 0.00 / −0.02, clean CV 0.00, no switch-on rule met; 1:1 ×1.41 (bench/RESULTS.md,
   * "Why the orientation map costs the second phalanx and DB2").
   */
  orientationAgreementRadius: 0,
  /**
   * Orientation agreement with the field free to turn (issue 12, mapfit): θ > 0 degrees lets the
   * two fields turn against the minutiae's rigid fit by up to θ (the agreement at the best turn
   * within ±θ), for a finger sheared or twisted on the sensor, whose ridges turn by about one angle
   * everywhere while the fit of its minutiae turns by another. 0 = off. At 10: a negative result
   * (phalanx and dry 0.00 to −0.09, FNMR at FMR 0.1 % worse on phalanx; bench/RESULTS.md, "Why the
   * orientation map costs the second phalanx and DB2").
   */
  orientationAgreementTurn: 0,
  /**
   * Orientation agreement under a similarity fit (issue 12, rescale): b > 0 carries the probe's
   * cells onto the candidate's map by the pairs' least-squares rotation, translation and scale, the
   * scale bounded to [1 / (1 + b), 1 + b], instead of the rigid fit (scale 1): two prints of one
   * finger at different resolutions differ in scale. 0 = off (the rigid fit). Not read when
   * `orientationAgreementLocal` is on. At 0.1 and 0.25: resolution +0.08 / −0.07 and +0.08 / 0.00
   * points of mean EER, clean CV 0.00; no switch-on rule met (bench/RESULTS.md, "The matcher's scale
   * tolerance re-judged with the orientation map on").
   */
  orientationAgreementScale: 0,
  /**
   * Orientation agreement through a local fit (issue 12, maplocal): σ > 0 (prepared pixels, 500
   * ppi) compares the fields where each probe cell lands under a transform interpolated from the
   * paired minutiae instead of the pairing's one rigid fit: the rigid fit plus the pairs' position
   * residuals and direction residuals (candidate minutia direction less the probe's turned by the
   * fit), averaged with Gaussian weights exp(−d² / 2σ²) of each pair's distance d to the cell and
   * the stiffness prior `orientationAgreementLocalStiffness` (compare-orientation-maps-locally.ts).
   * A finger pressed plastically onto the sensor turns its ridges by different angles in different
   * places, which one rigid fit cannot follow (DB2's finger 109: 5–12°). When on,
   * `orientationAgreementRadius` and `orientationAgreementTurn` are not read. 0 = off (the rigid fit).
   */
  orientationAgreementLocal: 0,
  /**
   * The local fit's stiffness λ ≥ 0 (`orientationAgreementLocal`): λ pairs' worth of no correction
   * at every point, so where few pairs lie near a cell the rigid fit stands and a lone pair's
   * residual does not carry its region. Read only when `orientationAgreementLocal` > 0.
   */
  orientationAgreementLocalStiffness: 1,
  /**
   * The local fit (`orientationAgreementLocal`) only for pairings of at least this many pairs; smaller
   * ones keep the rigid fit. An impostor pairing of a few look-alike minutiae carries residuals the
   * local fit follows as readily as a genuine distortion (bench/RESULTS.md, maplocal: impostor scores
   * ×1.3 at their 90th percentile against genuine ×1.1), while a distorted genuine print pairs many.
   * 0 = every pairing (of ≥ 3 pairs). Read only when `orientationAgreementLocal` > 0.
   */
  orientationAgreementLocalMinPairs: 0,
  /**
   * Calibration by minutiae count (issue 12, calband): 1 = a comparison whose two templates both
   * carry an orientation map (our extractor's) has its score equated, through the table of its
   * band of the pair's smaller minutiae count (SCORE_CALIBRATION_BY_MINUTIAE), to the score of the
   * same false match rate in the single table (calibration.ts, equateScoreByMinutiae), so every
   * reader of the single table (1:1 and 1:N decisions, the Eurodac hit threshold, fusion) reads the
   * band's FMR. A small pairing's impostors score higher than the single table, fitted mostly on
   * larger prints, expects (bench/RESULTS.md, "chains: the FMR claim"). A template without a map
   * (a third-party ISO/INCITS record, whose count comes from another extractor) keeps the single
   * table. 0 = off (one table for every pair). On since 6 December 2026 (thirty-first session,
   * lowband): the table holds one band, pairs below 23 minutiae, fitted on that band's share of the
   * mixture the single table is fitted on; held out it takes the compound's FMR at the 0.1 %
   * threshold from 0.48–0.64 % to 0.36–0.44 % with no kind's higher, and leaves every EER within
   * ±0.04 points (fresh seeds 45–48, rules fixed before the draws). Every table is fitted, and every
   * held-out calibration judged, on the raw scores (this option off): `afis eval calibration` sets
   * it off itself, and judges the band form with `--by-band`.
   */
  calibrationByMinutiae: 1,
  /**
   * Calibration by a per-pair tail model (issue 12, pairfmr): 1 = a comparison whose two templates
   * both carry an orientation map (our extractor's) has its score rescaled by what its best
   * pairing shows (the smaller minutiae count, the minutiae in the common area under the pairing's
   * rigid fit, their mean quality; pair-fmr-model.ts, SCORE_CALIBRATION_BY_PAIR) and equated to
   * the score of the same false match rate in the single table (calibration.ts, equateScoreByPair),
   * so every reader of the single table reads the model's FMR. Fitted on clean impostor pairs so
   * that their tail's 99.5 % point does not depend on those covariates (bench/RESULTS.md, "A
   * per-pair FMR model"). Read after `calibrationByMinutiae` (which, when on, takes precedence).
   * 0 = off (one table for every pair).
   */
  calibrationByPair: 0,
  /**
   * The best pairing's global consistency as a score term (issue 12, residual): the score is
   * multiplied by (pairingResidualScale / r)^pairingResidualExponent when r exceeds
   * pairingResidualScale, r being the pairing's rigid-fit residual relative to its radius (RMS
   * distance after the least-squares rotation + translation of the probe's paired minutiae onto
   * the candidate's, over the RMS distance of those minutiae from their centroid; pairing-residual.ts),
   * for pairings of at least 3 pairs. The growth only checks edge-wise consistency, so an impostor
   * pairing can hold together locally and not globally. 0 = off (bench/RESULTS.md, "The pairing's
   * global consistency as a score term").
   */
  pairingResidualScale: 0,
  /** The exponent of the pairing-residual factor (see `pairingResidualScale`). */
  pairingResidualExponent: 1,
  /**
   * The pairing-residual factor in the root choice (issue 12, residual2): with pairingResidualScale
   * > 0, each root's pairing score is multiplied by its own factor and the best root is the one
   * whose factored score is highest, so that a globally inconsistent pairing can yield to a smaller
   * consistent one from another root. The chosen root's pairing is then scored as without this
   * option (its unfactored score through the later terms, the map, and the factor last). 0 = off
   * (the factor only on the pairing chosen by the unfactored score).
   */
  pairingResidualPerRoot: 0,
  /**
   * The FMR claim's minutiae floor (issue 12, part 6, fewclaim): a 1:1 comparison whose smaller
   * template holds fewer than this many minutiae is reported with its score and no false match rate
   * (calibration.ts, fmrClaimRefusal; `afis match`), because the clean calibration pairs hold too
   * few impostor pairs of so few minutiae to measure the table's levels there. Fixed from the clean
   * calibration pairs alone, before any perturbed or EER figure was looked at: the smallest count m
   * whose five-count window [m, m + 4] holds at least 3,000 distinct clean impostor pairs
   * (3 / 0.001; bench/RESULTS.md, "No FMR claimed for a 1:1 pair of too few minutiae";
   * bench/matching/claim-floor-counts.mjs). A reporting rule only: no score and no decision reads
   * it. 0 = every pair's FMR is claimed. 13 from the templates of the twenty-second session; 14 since
   * the period map reads the ridge network (twenty-third session), by the same rule on the new
   * templates (the window [13, 17] holds 2,449 distinct impostor pairs, [14, 18] 3,640); 13 again
   * since the field reads the ridge network three quarters (thirtieth session: [12, 16] holds 1,847,
   * [13, 17] 3,063; `node bench/matching/claim-floor-counts.mjs DATA`).
   */
  fmrClaimMinMinutiae: 13,
});
/** Any numeric values of the same fields (candidates in evaluations and tests). */
export type MatchingParameters = { readonly [K in keyof typeof MATCHING_PARAMETERS]: number };
