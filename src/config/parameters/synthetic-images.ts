/**
 * Constants of the synthetic fingerprint image generator (`src/synthetic`, SFinGe-style). Pixels
 * at 500 ppi, angles in radians, periods in pixels. These describe real fingers and sensors
 * (published figures, and FVC2002 measured with tools independent of our matcher); they are
 * never tuned to make our extractor or matcher score better.
 */
export const SYNTHETIC_IMAGE_PARAMETERS = Object.freeze({
  /**
   * Pattern class frequencies per finger position 1–10 (arch, tented arch, left loop, right
   * loop, whorl). Loops ≈ 65 %, whorls ≈ 30 %, arches ≈ 5 % overall; index fingers carry most
   * arches and radial loops, thumbs and ring fingers most whorls, little fingers mostly ulnar
   * loops. An ulnar loop is a right loop on the right hand (1–5), a left loop on the left hand.
   */
  classByPosition: Object.freeze([
    Object.freeze([0.01, 0.01, 0.02, 0.52, 0.44]), // 1 right thumb
    Object.freeze([0.07, 0.07, 0.16, 0.38, 0.32]), // 2 right index
    Object.freeze([0.05, 0.02, 0.02, 0.74, 0.17]), // 3 right middle
    Object.freeze([0.01, 0.01, 0.01, 0.50, 0.47]), // 4 right ring
    Object.freeze([0.01, 0.01, 0.01, 0.86, 0.11]), // 5 right little
    Object.freeze([0.02, 0.01, 0.57, 0.02, 0.38]), // 6 left thumb
    Object.freeze([0.08, 0.07, 0.36, 0.17, 0.32]), // 7 left index
    Object.freeze([0.06, 0.02, 0.74, 0.03, 0.15]), // 8 left middle
    Object.freeze([0.02, 0.01, 0.58, 0.01, 0.38]), // 9 left ring
    Object.freeze([0.01, 0.01, 0.86, 0.01, 0.11]), // 10 left little
  ]),
  /** Semi-axes of the rolled finger area (half-width, half-height below / above the centre), pixels, per position 1–5 (mirrored for 6–10). */
  fingerSize: Object.freeze([
    Object.freeze([178, 205, 150]), // thumb
    Object.freeze([150, 190, 135]), // index
    Object.freeze([155, 200, 140]), // middle
    Object.freeze([148, 190, 135]), // ring
    Object.freeze([128, 165, 118]), // little
  ]),
  /** Relative spread of a finger's size between persons. */
  fingerSizeSpread: 0.06,
  /** Margin of ridge pattern grown around the finger area, pixels (ridges run to the border). */
  masterMargin: 24,
  /** Vizcaya & Gerhardt correction: deviation of each of the 8 piecewise-linear control values, radians. */
  orientationCorrectionSigma: 0.12,
  /**
   * How far a loop's core bends from the zero-pole model towards a hairpin (0 = the plain model,
   * 1 = arms parallel to the core–delta axis, ridges circling the core on the other side;
   * compute-master-orientation.ts). The plain model's converging arms force a fan of 2–4 ridge
   * endings at every loop core, all pointing away from it (bench/RESULTS.md, 2026-12-03).
   * 1 by default since sense3's switch (2026-12-04): with it the central minutiae count is the
   * real one (bench/RESULTS.md, "Why R96 lowers the quality score").
   */
  coreHairpin: 1,
  /**
   * Confines coreHairpin to a loop core's neighbourhood, pixels: the full bend within this
   * distance of the core, fading out (raised cosine) by twice it, the plain model beyond. 0 bends
   * the whole field (as first tried: the far field then turns by up to 45°, ridges circle the core
   * up to the finger tip).
   */
  coreHairpinReach: 0,
  /** With a larger value the reach is drawn per finger, uniform between coreHairpinReach and this (pixels). */
  coreHairpinReachMax: 0,
  /**
   * A per-finger smooth random turn added to the flow model (draw-orientation-noise.ts): its
   * deviation at a core, radians (0 = off, nothing drawn), the lattice spacing of its value noise
   * (pixels), and the deviation of its Gaussian fall-off with the distance to the nearest core
   * (pixels; 0 = the same everywhere). Varies the loop's shape around the core per finger. With
   * coreHairpin 1 and periodNoise 0.8, 0.4 / 48 / 60 brings the sense agreement of chance
   * minutia coincidences of different fingers from 0.83 to 0.67–0.70 (real 0.63) with realism.mjs
   * within the seed noise, but widens the orientation-field distance of different fingers further
   * from real (bench/RESULTS.md, "A per-finger random turn of the flow", 2026-12-03); with the
   * loop arms turned down (below) 0.3 / 48 / 60 keeps the sense property and the field distance
   * ("R96", the default since 2026-12-04; was 0 / 48 / 80).
   */
  orientationNoise: 0.3,
  orientationNoiseScale: 48,
  orientationNoiseReach: 60,
  /**
   * How far a loop's arms are turned towards straight down the finger at its core (0 = off, the
   * zero-pole model's direction, set by the delta's; 1 = straight down), and the deviation of the
   * turn's Gaussian fall-off with the distance to the core, pixels (turn-loop-arms.ts). FVC2002
   * DB1–3 loops leave their core a median 7.6° from straight down, synthetic ones 42°, and left and
   * right loops then differ far more than real ones do (field distance of opposite-side loops p50
   * 19.3° against 10.8°; same-side 8.8° both; bench/RESULTS.md, sense's section of 2026-12-03).
   * With coreHairpin the hairpin's axis turns with the arms (its parallel arms run down too).
   * 1 / 96 px by default since 2026-12-04 (R96; was 0 / 64).
   */
  loopArmsDown: 1,
  loopArmsDownReach: 96,
  /**
   * Deviation of singular point positions, pixels (a standard deviation; until 2026-12-02 it was
   * applied divided by 20, so cores and deltas of one class sat within about a pixel of each other
   * on every finger and different fingers of one class had the same flow).
   */
  singularJitter: 18,
  /**
   * Spread of the core–delta distance (and of a whorl's core separation) between fingers: the
   * standard deviation of its logarithm. Real loops hold from a few to over twenty ridges between
   * core and delta; 0.3 gives factors 0.6–1.6 (p5–p95) around the class's mean distance.
   */
  coreDeltaSpread: 0.3,
  /**
   * Factor on the mean core–delta distance of loops and whorls (1 = the class means of
   * choose-finger-pattern.ts: a loop's delta (0.65 a, 0.55 b) from its core). With 1, plain
   * synthetic loops show their delta twice as often as FVC2002's (45 against 21 % of loops,
   * visible core–delta distance p50 102 against 137 px); 1.3 gives 18 % (bench/RESULTS.md,
   * "The field distance of different synthetic fingers is not the class mix", and sense's section).
   */
  coreDeltaScale: 1,
  /** Deviation of the direction from core to delta, radians. */
  deltaDirectionSigma: 0.2,
  /**
   * Mean ridge period of the density map and its spread between fingers, pixels at 500 ppi. Our
   * extraction reads FVC2002 DB1–3 prints at a median period of 8.9 px (7.8–10.0, p5–p95) and
   * synthetic prints about 10 % wider than their map (growth and rendering); the fit to the flow
   * (periodFollowsFlow) raises the map's median by about 0.35 px, hence 7.75 here (median of the
   * fitted maps 8.24 px, read as 8.77; bench/synthetic/realism.mjs; 9.4 until 2026-12-03 gave
   * 10.2 px, 8.1 without the fit).
   */
  periodMean: 7.75,
  periodSpread: 0.62,
  /** Period change from the finger's bottom to its tip (the tip is denser), pixels. */
  periodTipSlope: 1.4,
  /**
   * Deviation of the smooth random period variation within a finger, pixels, and its wavelength
   * (pixels). Real prints vary more within themselves than a 0.45 px variation gives: the period's
   * spread over a print's blocks (p90 − p10) is 2.45 px on FVC2002 DB1–3 (median print) against
   * 1.6 px on synthetic prints with 0.45 px over 90 px (SFinGe DB4 1.3 px, as uniform); 0.9 px over
   * 180 px gave 2.3 px; with the fit to the flow (which adds its own variation) 0.4 px gives
   * 2.43 px. A longer wavelength, because a variation over a short one adds many grown
   * minutiae (0.9 px over 90 px: 22.8 per cm², spread only 1.8 px). 0.8 since 2026-12-04 (R96:
   * with the hairpin core the variation's endings replace the fan's; without it prints are more
   * regular than real, bench/RESULTS.md, "Why R96 lowers the quality score"); was 0.4.
   */
  periodNoise: 0.8,
  periodNoiseScale: 180,
  /**
   * How far the period follows the flow's fanning (fit-period-to-flow.ts): 0 = the density map
   * as drawn, 1 = log period changes along the ridges at the rate the ridges fan out (no ridge
   * need be inserted or ended to keep the period), averaged to zero over `periodFlowReach` px
   * both ways along each streamline and clamped to ±`periodFlowMaxLog`. 0.5 / 160 px / ±0.12
   * takes the masters' lone minutiae from 16.7 to 13.4 per cm² and the extracted density from
   * 22.8 to 19.3 per cm² (real 19.1; bench/RESULTS.md, 2026-12-03); 1 / ±0.4 overshoots (16.5,
   * and a period spread of 4.4 px against the real 2.45).
   */
  periodFollowsFlow: 0.5,
  periodFlowReach: 160,
  periodFlowMaxLog: 0.12,
  periodMin: 6.5,
  periodMax: 12,
  /** Ridge growth: seeds per 10,000 px² of canvas, iterations, Gabor envelope widths (across, along) as a fraction of the period, gain per iteration. */
  growthSeedDensity: 6,
  growthIterations: 16,
  /** Iterations at full resolution after the half-resolution growth. */
  growthRefinements: 0,
  growthSigmaAcross: 0.42,
  growthSigmaAlong: 0.55,
  growthGain: 2.5,
  /**
   * Pairs of opposite dislocations added to the grown pattern (add-dislocation-pairs.ts): mean
   * pairs per cm² of finger area (each finger draws its own density, exponential with this
   * mean), the cores' separation along and across the ridges (periods, uniform between min and
   * max) and the radius of the warp (periods). Shapes from the close opposite-pointing minutiae
   * of FVC2002 DB1–3 as our extraction reads them (side by side: ≈ 1 period across, 0.2–2
   * along; bench/synthetic/facing-pairs.mjs), density set against their rate there.
   */
  dislocationPairDensity: 3,
  dislocationPairAlongMin: 0,
  dislocationPairAlongMax: 2,
  dislocationPairLateralMin: 0.7,
  dislocationPairLateralMax: 1.6,
  dislocationPairReach: 4,
  /**
   * Extra pairs centred 12–56 px from each core (mean per core, Poisson), where the flow may turn
   * by up to `dislocationPairCoreMaxTurn` rad within the reach (elsewhere 0.35). Without them every
   * grown finger of a class has the same minutiae around its core, pointing the same way: chance
   * coincidences of different fingers there point the same way 0.90 of the time (real prints 0.67,
   * bench/synthetic/individuality.mjs). Off (0 draws nothing): 2 per core with the density above
   * at 2 gives 0.82 with the realism figures as before, but recall against the truth falls from
   * 75 to 70 % (near-core pairs our extractor does not find; not yet explained) (bench/RESULTS.md,
   * 2026-12-03).
   */
  dislocationPairCoreExtra: 0,
  dislocationPairCoreMaxTurn: 1.2,
  /** Orientation and period bins of the precomputed filter tables. */
  orientationBins: 32,
  periodBins: 21,
  /** A master minutia is kept at least this far inside the finger area, pixels. */
  minutiaBorder: 6,
  /** Skeleton spurs and gaps shorter than this are merged away before minutiae are read, pixels. */
  minutiaPairDistance: 5,
  /** Length of skeleton traced to read a minutia's direction, pixels. */
  directionTrace: 9,
});
export type SyntheticImageParameters = typeof SYNTHETIC_IMAGE_PARAMETERS;

/** Output sensor styles of `afis synth`. */
export const SENSOR_STYLES = Object.freeze(['optical', 'capacitive', 'thermal', 'ink', 'rolled'] as const);
export type SensorStyle = (typeof SENSOR_STYLES)[number];

/**
 * How impressions are taken: image size per sensor, the contact area and placement, the skin
 * distortion (Cappelli, Maio & Maltoni 2001), skin conditions and noise.
 */
export const SYNTHETIC_IMPRESSION_PARAMETERS = Object.freeze({
  /** Image width and height per style, pixels (optical ≈ FVC2002 DB1, capacitive ≈ DB3, thermal sweep ≈ FVC2004 DB3, rolled/ink ≈ a ten-print card box). */
  imageSize: Object.freeze({
    optical: Object.freeze([388, 374]),
    capacitive: Object.freeze([300, 300]),
    thermal: Object.freeze([300, 440]),
    ink: Object.freeze([416, 480]),
    rolled: Object.freeze([416, 480]),
  }),
  /**
   * Semi-axes of a plain contact area as fractions of the finger's semi-axes (width, height), and
   * their spread. 0.95 × 0.92 since 2026-12-04 (was 0.8 × 0.78, a quarter smaller than FVC2002
   * DB1–3's plain prints: foreground p50 1.37 against 1.85 cm²; bench/RESULTS.md, sense3's section).
   */
  plainContact: Object.freeze([0.95, 0.92]),
  rolledContact: Object.freeze([0.98, 0.82]),
  /** A finger laid flat on a slap platen: wider and longer than a pressed plain print. */
  slapContact: Object.freeze([0.86, 1.0]),
  contactSpread: 0.08,
  /** Placement of the contact centre on the finger: deviation, pixels (plain; rolled is a third). */
  placementSigma: 26,
  /** Rotation of an impression: deviation (plain) and limit, radians (±20°). */
  rotationSigma: 0.14,
  rotationLimit: 0.35,
  /** Translation of the print in the image: deviation, pixels. */
  translationSigma: 18,
  /** Share of plain impressions made partial (the finger partly off the sensor), and how far off. */
  partialShare: 0.15,
  partialShift: 0.45,
  /** Elastic distortion (CMM 2001): rigid core as a fraction of the contact area, brake constant (pixels), tangential shift deviation (pixels) and twist deviation (radians). */
  rigidCore: 0.35,
  distortionBrake: 60,
  distortionShift: 7,
  distortionTwist: 0.045,
  /** Skin conditions: shares of dry, wet and low-contrast impressions (the rest are normal). */
  dryShare: 0.18,
  wetShare: 0.14,
  lowContrastShare: 0.1,
  /**
   * Scale of a wet impression's blur radius (drawn as 1 + round(severity), severity 0.5–1, so
   * almost always 2 px): 1 = as drawn (default), 0 = no blur. The blur of radius 2 (a 5-px box
   * on a ≈ 9-px period) fills the wet skin's narrow valleys back into a ½-duty wave: synthetic wet
   * prints read a ridge share of 0.51 (p50) though their threshold makes 61–70 % of the period
   * ridge, while real FVC2002 prints reach 0.62–0.64 (p95; bench/synthetic/duty-cycle.mjs,
   * bench/RESULTS.md, duty's section of 2026-12-05).
   */
  wetBlurScale: 1,
  /**
   * Deviation of a normal-skin impression's ridge/valley threshold (drawn as this × a standard
   * normal per impression; positive: thinner ridges, as under light pressure, negative: wider, as
   * under heavy pressure). 0.12 as drawn so far (default). At 0.12 normal skin's ridge share per
   * print spans 0.42–0.53 (p5–p95) against 0.27–0.64 on FVC2002 DB1–3 (bench/synthetic/duty-cycle.mjs,
   * bench/RESULTS.md, duty's and duty2's sections of 2026-12-05).
   */
  normalThresholdSpread: 0.12,
  /** Share of impressions with a scar, and of impressions with creases. */
  scarShare: 0.06,
  creaseShare: 0.25,
  /** Pixel noise deviation, grey levels (0–255), per style. */
  noise: Object.freeze({ optical: 7, capacitive: 12, thermal: 10, ink: 9, rolled: 6 }),
  /**
   * Noise the skin adds where it touches the sensor, grey levels (a deviation added to the sensor's
   * own, per style). Without it synthetic ridges were far cleaner than real ones: orientation
   * coherence 0.82 against 0.63 on FVC2002 DB1–3 (median print, bench/synthetic/realism.mjs).
   * Doubling the noise everywhere instead made the segmentation take noisy background for finger.
   */
  skinNoise: Object.freeze({ optical: 14, capacitive: 24, thermal: 20, ink: 18, rolled: 12 }),
  /**
   * A factor on `skinNoise` (1 = as listed, today's images bit for bit): the skin texture's amplitude
   * as one number, so it can be set per run (`afis synth --impression`) when the noise takes a grain.
   */
  skinNoiseScale: 1,
  /**
   * Grain of that pixel noise (sensor and skin alike; in the mixed form, `sensorNoiseShare`, the
   * skin's only), pixels (issue 12, noise; 0 = white, today's
   * images bit for bit): the per-pixel normal draws are smoothed by a Gaussian of this sigma and
   * brought back to unit variance, so the noise keeps its deviation but moves from single pixels to
   * the scale of pores and ragged ridge edges. White noise at these deviations reads 8–36 grey levels
   * on the noise estimate extraction uses (estimateNoiseLevel), real FVC2002 sensors 0–6.
   */
  noiseGrain: 0,
  /**
   * The mixed noise form (issue 12, noise; 0 = off, the single draw above, today's images bit for
   * bit): when above 0 the sensor's noise and the skin's are drawn apart. The sensor's is white, as
   * a read-out's is, of this share of `noise[style]`; the skin's (`skinNoise[style]`, where the skin
   * touches) takes the grain `noiseGrain`, the scale of pores and ragged ridge edges. Real FVC2002
   * sensors read 0.7–1.7 grey levels of white noise (estimateNoiseLevel), the capacitive DB3 3–6.
   */
  sensorNoiseShare: 0,
  /**
   * Ragged ridges (issue 12, texture; 0 = off, today's images bit for bit): the ink threshold that
   * decides a ridge's width moves by up to ± this (the master's ridge values run −1 … 1) with a smooth
   * random field of `ridgeJitterSpacing` pixels, so ridges narrow, break and bulge along their length
   * at the scale of pores and ragged edges, on every skin, not only dry skin's breaks.
   */
  ridgeJitter: 0,
  ridgeJitterSpacing: 5,
  /** The ragged ridges' amplitude per impression: `ridgeJitter` × (1 ± this), uniform (0 = the same for every impression). */
  ridgeJitterSpread: 0,
  /** Share of optical impressions with the sensor's frame visible. */
  frameShare: 0.3,
  /** A truth minutia is visible when at least this far inside the contact area, pixels. */
  visibleBorder: 6,
  /**
   * A truth minutia counts (is not `destroyed`) only when some ridge within this many pixels
   * touched the sensor (contact ink ≥ 0.5, before the sensor's noise): dry skin, whose ridges are
   * thinned, and the pressure falling off toward the contact border can lift whole ridges off the
   * sensor, and a minutia on a ridge the image does not show cannot be found. Six pixels reach the
   * minutia's own ridge (and a receded ending's tip) but hardly the neighbouring ridges, a period
   * (≈ 9 px) away. Until 2026-12-03 such minutiae counted: 16 % of those of dry impressions
   * (bench/synthetic/truth-misses.mjs). Wet skin's flooded valleys are not judged this way: wet
   * minutiae whose valleys hold contact above 0.5 stay as visible in the image as the others.
   */
  visibleContactRadius: 6,
});
export type SyntheticImpressionParameters = typeof SYNTHETIC_IMPRESSION_PARAMETERS;
