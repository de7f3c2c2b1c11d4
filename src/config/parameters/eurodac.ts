/** Eurodac domain settings (src/eurodac). The regime is configuration, not code. */
export const EURODAC_PARAMETERS = Object.freeze({
  /** Which regulation's tables apply: '603/2013' (today) or '2024/1358' (the recast, from 12 June 2026). */
  regime: '603/2013' as '603/2013' | '2024/1358',
  /** The member state this national system speaks for (ISO 3166 alpha-2). */
  ownMemberState: 'BE',
  /** Digits of the zero-padded sequence that forms the national part of references we issue (`BE1` + 10 digits). */
  referenceSequenceDigits: 10,
  /** Longest national part accepted in a reference number (ours or another state's), characters. */
  maxNationalPartLength: 28,
  /**
   * Whether category-1/3 searches also compare against our own earlier records ("own data on
   * request", 603/2013 Art. 9(3)); needed to detect subsequent applications.
   */
  compareOwnDataByDefault: true,
  /** A refused capture may be re-sent under the same reference within this many hours. */
  resendWindowHours: 48,
  /**
   * Oldest `capturedAt` a desk capture may state, days before now. Eurodac wants prints sent
   * within 72 hours of taking them (603/2013 Art. 9(1)); 30 days leaves room for late sends and
   * re-sends while refusing dates that cannot be a capture of today's desk (typing errors, 1900).
   */
  captureMaxAgeDays: 30,
  /** How far `capturedAt` may lie after the service's clock (a capture station's clock drifting ahead), minutes. */
  captureMaxAheadMinutes: 10,
});
export type EurodacParameters = typeof EURODAC_PARAMETERS;

/** Settings of the transaction workflow (src/transactions). */
export const TRANSACTION_PARAMETERS = Object.freeze({
  /**
   * Finger quality (0–100) below which the desk must recapture the finger: from the
   * error-versus-reject curve (bench/RESULTS.md, "Quality that predicts utility"), genuine
   * comparisons of pair quality below 20 failed at FMR 0.1 % in 52 of 55 cases (FVC2002 and
   * synthetic prints with half the images under bad capture conditions), so such a print is
   * worth less than a recapture; between 20 and 70 one comparison in four fails (25 %), which
   * is advice, not a refusal.
   */
  minFingerQuality: 20,
  /** Most candidates asked from the gallery per search (each becomes an examination). */
  maxCandidates: 10,
  /**
   * Fallback fused-score threshold of a 1:1 verification, used only when the wiring's Matcher
   * has no `verificationThreshold(k)`. It suits src/matching `fuseScores` (sum of per-finger
   * log-likelihood ratios) for 3–10 compared fingers only: measured on FVC2002 B (4 sets ×
   * impressions 1–4, 24 genuine / 48 impostor comparisons, 2026-11-24), genuine minimum 47.7
   * (3 fingers) and 154.8 (10), impostor maximum 8.7 (3) and 19.6 (10); a single genuine
   * finger reaches only 11.7–16.6, so one-finger verifications never match with it. Prefer a
   * k-aware threshold in FMR terms, e.g. src/index `fusedThresholdForFpir(fmr, k, 1)` over
   * its tail-evidence fusion (9.2 / 11.1 / 14.6 for k = 1 / 3 / 10 at FMR 1e-5), as
   * tests/transactions/fixture.ts wires it.
   */
  verificationThreshold: 25,
  /** Outcomes published to the results stream: the Dublin unit consumes confirmed hits. */
  publishOutcomes: Object.freeze(['hit']) as readonly ('hit' | 'no-hit')[],
  /**
   * How long an idempotency claim holds without renewal (ms). The process doing the work
   * renews it every third of this; a retry takes over a claim whose lease ran out (a process on
   * another host that died), or at once when the claiming process on this host is gone. A capture
   * takes about a second, so 30 s leaves room for a slow store without keeping a retry waiting long.
   */
  idempotencyLeaseMs: 30_000,
  /**
   * False match rate per rolled/plain comparison of the sequence check (≤ 90 wrong-finger
   * comparisons per ten-print): a rolled print that misses its own box's plain finger but reaches
   * this against another box's is called misplaced. Measured in bench/RESULTS.md (swaps caught
   * vs false alarms).
   */
  sequenceMatchFmr: 1e-4,
  /**
   * Fingers flagged as altered from which a transaction's no-hit is routed as altered prints. One
   * print is flagged by mistake in about 4 % of cases (FVC2002 stand-in: 3.8 % held out, 4.4 % on
   * the split the levels were set on; the generator's rolled fingers 3.2 %, fingers of every style
   * 1.0 %; bench/RESULTS.md, altsing and densoff), so "any of ten" would misroute about a third of
   * all no-hits; three of ten happen by chance in about 0.5 % (fingers independent), while people
   * who damage their fingertips damage several.
   */
  alteredFingersToRoute: 3,
  /**
   * Accepted fingers below this quality (0–100) are advised for recapture at the desk: they are
   * searched, but match poorly. From the error-versus-reject curve (bench/RESULTS.md, "Quality
   * that predicts utility"): genuine comparisons of pair quality 20–70 fail at FMR 0.1 % one
   * time in four (71 of 283; 70–90: 5.6 %, 90 and above: 1.2 %; FVC2002 and synthetic prints
   * with half the images under bad capture conditions), while 6 % of clean captures (65 of
   * 1,070) fall below it. The quality assessment's own "low-quality" level
   * (QUALITY_PARAMETERS.minAcceptableScore) is the same.
   */
  adviseRecaptureBelowQuality: 70,
  /**
   * Slaps segmented with less confidence than this (0–1) are advised for recapture: about 1 % of
   * correctly cut synthetic slaps fall below it; the few wrongly cut ones measured had high
   * confidence, so this guards against outliers only (bench/RESULTS.md, the generator's persons).
   */
  minSlapConfidence: 0.1,
  /**
   * Latent residue (find-latent-repeats.ts): a finger whose template has at least
   * `latentMinRepeats` minutiae where the previous finger's lie, without any alignment,
   * within `latentRepeatRadius` px and `latentRepeatAngle` radians, is advised for recapture: the
   * platen holds the last finger's residue. On FVC2002 (320 captures, each against the capture
   * before it) a finger's next impression repeats at most 5 minutiae so (0 of 280 at 6 or more);
   * with a latent print on the platen (the `ghost` perturbation) 120 of 316 consecutive captures
   * repeat 6 or more (bench/RESULTS.md, "ghost"); of 23,040 ordered pairs of different fingers none
   * does (at most 4; `node bench/transactions/latent-repeats.mjs DATA --ghost-seed 1`).
   */
  latentMinRepeats: 6,
  latentRepeatRadius: 4,
  latentRepeatAngle: 0.35,
  /**
   * The first finger of a desk's capture is checked too against the last finger of
   * that desk's previous accepted capture (the previous applicant's residue), when that capture is
   * at most this old (ms). Only the places and directions of its last two fingers' minutiae are
   * kept, this long: in Redis with the Redis store (every process checks), else in the process's
   * memory.
   */
  latentPreviousCaptureMs: 20 * 60_000,
  /**
   * A finger flagged for latent residue is searched and stored without its minutiae that lie in
   * place on the finger before it (the residue's; withoutLatentRepeats): the advice to wipe and
   * recapture stands, but a capture kept as it is no longer carries the previous finger's
   * minutiae. Judged in bench/RESULTS.md, "latentdrop": on FVC2002 read as a desk's captures with
   * a latent print on the platen, fresh seeds 2 and 3, −2.13 [−3.52, −1.07] and −2.39 [−3.80, −1.25]
   * points of mean EER; no clean finger flagged (`node bench/transactions/latent-clean.mjs DATA --seed S`).
   */
  latentDropRepeats: true,
  /**
   * With `latentDropRepeats`, every finger also loses its minutiae that lie in place on each of
   * the two fingers captured before it, flagged or not (a latent that stays on the platen; see
   * withoutLatentRepeats). Judged in bench/RESULTS.md, "latentdrop": on top of the flagged rule,
   * fresh ghost seeds 4 and 5, −1.15 [−1.52, −0.41] and −0.65 [−1.44, −0.18] points of mean EER;
   * not one minutia of a clean print dropped.
   */
  latentDropPersistent: true,
  /**
   * A capture whose latent residue the desk has found (a finger flagged by `findLatentRepeats`) has
   * its search fingers' images flattened by their shared upper envelope (src/quality
   * `flattenPlaten`: the residue's darkening divided out, read over a square of this radius, px)
   * and extracted again; the drops above then read the new templates. 0 = off. A capture without
   * residue is never flattened. 4 since the forty-third session, switched on by its rule
   * (bench/RESULTS.md, "latentflat"): on FVC2002 read as a desk's captures with a latent print on
   * the platen, fresh seeds 9 and 10, −1.66 [−3.03, −0.36] and −2.11 [−2.76, −0.92] points of mean
   * EER beyond the drops (3.66 → 1.99 %, 3.92 → 1.80 %); no clean capture flattened
   * (`node bench/transactions/latent-flat.mjs DATA --seed S`). A flagged capture costs one more
   * extraction per finger.
   */
  latentFlattenRadius: 4,
  /** The largest factor `flattenPlaten` lightens a pixel by. */
  latentFlattenMaxGain: 1.6,
  /**
   * How many of the lightest images per pixel must show a dip for `flattenPlaten` to read it as
   * residue (the smallest of their dips is divided out); 0 = every image of the capture. 1 = the
   * upper envelope alone. Where a capture's fingers overlap, the envelope is a mosaic of whichever
   * print is lightest there and its dips are that print's own ridges (FVC2002 DB2 read as a
   * desk's captures); the residue's are in every image. Screened in bench/RESULTS.md
   * ("latentagree", forty-fourth session): with 0 a clean capture flattened costs nothing on
   * FVC2002, and it flattens a flagged capture about as well as 1 (1.96 against 2.05 % at spent
   * ghost seed 4).
   */
  latentFlattenAgree: 1,
  /**
   * true: the desk flattens every capture (with `latentFlattenRadius` > 0), not only one whose
   * residue its latent check has found; the drops then read the flattened templates, the advice
   * and the next capture's check still the templates as captured. Meant with
   * `latentFlattenAgree` 0, which leaves a clean capture's ridges alone. Judged by its rule and
   * left off (bench/RESULTS.md, "latentall", forty-fourth session): on fresh ghost seeds 11 and
   * 12, −0.41 [−1.51, +0.20] and +0.31 [−0.18, +1.19] points against the flagged captures'
   * flat field, and +33 % CPU per capture (every finger extracted twice).
   */
  latentFlattenEvery: false,
  /**
   * The desk also advises wiping the platen when the residue shows under every image of a capture
   * (src/quality `platenResidueShare`, read with `latentFlattenRadius`: the share of 16 px blocks
   * where every image dips alike) reaches this share, though no finger repeats the one before it;
   * 0 = not read. Advice only: the templates stay as the latent check leaves them (flattening such
   * a capture was judged and left off, bench/RESULTS.md "latentevident"). 0.18 since the
   * forty-fifth session, switched on by its rule (bench/RESULTS.md, "latentwipe"): with a latent
   * print on the platen (fresh ghost seed 15) it finds every FVC2002 DB2 capture (8 of 8, the
   * repeated minutiae 2), DB1's and DB4's, none of DB3's; no clean capture of 1,000 reaches it (at
   * most 8 %); about 95 ms of a worker's CPU per capture, read for a desk's capture only.
   */
  latentResidueAdviseShare: 0.18,
});
export type TransactionParameters = typeof TRANSACTION_PARAMETERS;

/**
 * The link to the central Eurodac system (issue 16). Deadlines are the regulation's (domain.md,
 * "Timing and volume"); the retry numbers are ours: an attempt after 1 s, then doubling to at most
 * 10 minutes, so a central system that is down for hours is tried about six times an hour.
 */
export const EURODAC_LINK_PARAMETERS = Object.freeze({
  /** A capture must reach the central system within 72 hours of registration. */
  transmitDeadlineMs: 72 * 3_600_000,
  /** The central system answers within 24 hours; past that the missing reply raises an alert. */
  replyDeadlineMs: 24 * 3_600_000,
  /** A capture the central system refused may be re-sent under its reference within 48 hours. */
  resendWindowMs: 48 * 3_600_000,
  /** First retry delay after a failed delivery (ms); doubled per attempt. */
  retryBaseMs: 1000,
  /** Longest delay between two delivery attempts (ms). */
  retryMaxMs: 600_000,
  /** How often a delivered transaction's reply is asked for (ms), doubled up to retryMaxMs. */
  replyPollMs: 500,
  /** How often the outbox is looked at (ms). */
  tickMs: 250,
  /** Finger quality (0–100) below which the central system refuses a transaction (quality rejection). */
  centralMinFingerQuality: 20,
});
