import { CAPTURE_PARAMETERS, TRANSACTION_PARAMETERS } from '../config/parameters.js';
import { AfisError, DomainError, type GrayImage } from '../core/index.js';
import type { Template } from '../templates/index.js';
import { checkFingerSequence, type SequenceCheck } from './check-finger-sequence.js';
import type { AssessQuality, DecodeImage, DetectAlteration, DetectSlidFinger, ExtractTemplate, FlattenPlaten, ReadPlatenResidue, SegmentSlap } from './dependencies.js';
import { adviseRecapture } from './advise-recapture.js';
import { findLatentRepeats, withoutLatentRepeats, type LatentFinger, type LatentRepeat } from './find-latent-repeats.js';
import type { AlterationView, FingerInput, FingerQuality, PlatenResidueView, SlapView, SlidView } from './types.js';

/** A finger after decoding, quality check and extraction. */
export interface PreparedFinger {
  readonly position: number;
  readonly impression: 'rolled' | 'plain';
  readonly quality: number;
  readonly template: Template;
  readonly image: Uint8Array;
  readonly imageFormat?: string;
}

export interface PrepareOptions {
  readonly decodeImage: DecodeImage;
  readonly extractTemplate: ExtractTemplate;
  readonly assessQuality?: AssessQuality;
  /** Quality below this refuses the whole capture (AFIS_QUALITY_INSUFFICIENT); null: never refuse. */
  readonly minQuality: number | null;
  /** Most pixels (at 500 ppi) all images together may have, slaps included; default CAPTURE_PARAMETERS.maxRequestPixels. */
  readonly maxPixels?: number;
  /** Cuts slaps (13–15) into plain fingers; without it slaps are only decoded. */
  readonly segmentSlap?: SegmentSlap;
  /** Positions the desk declared missing (helps tell which finger a slap lacks). */
  readonly declaredMissing?: readonly number[];
  /** Rolled and plain prints of the same finger; with it, the rolled fingers are checked against the plain ones. */
  readonly sequence?: {
    readonly compare: (probe: Template, candidate: Template) => number;
    /** All rolled against all plain prints at once (the matcher's `compareGrid`); `compare` is then not called. */
    readonly compareGrid?: (probes: readonly Template[], candidates: readonly Template[]) => number[][] | Promise<number[][]>;
    readonly threshold: number;
  };
  /** Scores every search finger for signs of alteration. */
  readonly detectAlteration?: DetectAlteration;
  /** Reads each search finger's image for a slide on the platen (a smear), advised for recapture. */
  readonly detectSlidFinger?: DetectSlidFinger;
  /**
   * Divides the platen's latent residue out of a capture's search images: read only when the
   * residue is found (`latent`) or `flattenEvery` says so, the fingers then extracted again from
   * its images.
   */
  readonly flattenPlaten?: FlattenPlaten;
  /**
   * Reads the share of the platen where every search image dips alike (the residue under all of
   * them): at `residueAdviseShare` or more, the capture's advice asks for the platen to be wiped.
   */
  readonly readPlatenResidue?: ReadPlatenResidue;
  /** The share that advises a wipe (default TRANSACTION_PARAMETERS.latentResidueAdviseShare; 0 = not read). */
  readonly residueAdviseShare?: number;
  /** Every capture flattened, not only one with residue found (default TRANSACTION_PARAMETERS.latentFlattenEvery). */
  readonly flattenEvery?: boolean;
  /** The last fingers of the desk's previous capture, in capture order: the first finger is checked against the last one's residue too. */
  readonly previousFingers?: readonly LatentFinger[];
  /** Fingers lose the residue's minutiae (withoutLatentRepeats; default TRANSACTION_PARAMETERS.latentDropRepeats). */
  readonly dropLatentRepeats?: boolean;
  /** Levels of the recapture advice a refusal carries (`details.advice`); default: none below the minimum, every slap kept. */
  readonly advice?: { readonly adviseBelowQuality: number; readonly minSlapConfidence: number };
}

export interface PreparedCapture {
  /** Fingers 1–10 with templates, in position order. */
  readonly fingers: readonly PreparedFinger[];
  /** One line per finger 1–10, in position order. */
  readonly quality: readonly FingerQuality[];
  /** Each segmented slap: fingers with boxes, missing positions, confidence. */
  readonly slaps?: readonly SlapView[];
  /** The rolled/plain check, when plain fingers were there to check against. */
  readonly sequence?: SequenceCheck;
  /** Per search finger, how altered it looks (with `detectAlteration`). */
  readonly alteration?: readonly AlterationView[];
  /** Search fingers that repeat the previous finger's minutiae in place: latent residue on the platen. */
  readonly latent?: readonly LatentRepeat[];
  /** Slaps that repeat the slap before them in place (their cut fingers' minutiae): the platen's residue. */
  readonly slapLatent?: readonly LatentRepeat[];
  /** Search fingers that slid on the platen while captured (with `detectSlidFinger`). */
  readonly slid?: readonly SlidView[];
  /** The platen's residue under every search image, when its share reaches the advice's (with `readPlatenResidue`). */
  readonly platen?: PlatenResidueView;
  /** The last two search fingers, as extracted, in capture order: what the desk's next capture is checked against. */
  readonly lastFingers?: readonly LatentFinger[];
}

/** Plain thumbs (11 right, 12 left) → the finger position they show. */
const PLAIN_THUMBS: Readonly<Record<number, number>> = { 11: 1, 12: 6 };

/** Re-throws an error of a finger's processing with the position in message and details. */
function atPosition(error: unknown, position: number): never {
  if (error instanceof AfisError) {
    const Ctor = error.constructor as new (code: AfisError['code'], message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) => AfisError;
    throw new Ctor(error.code, `finger ${position}: ${error.message}`, { ...error.details, position }, { cause: error });
  }
  throw error;
}

function validate(fingers: readonly FingerInput[]): void {
  const seen = new Set<string>();
  for (const f of fingers) {
    if (!Number.isInteger(f.position) || f.position < 1 || f.position > 15) {
      throw new DomainError('AFIS_VALIDATION', `finger position ${String(f.position)} is not 1–15`);
    }
    // A finger may come rolled and plain; slaps and plain thumbs once.
    const key = f.position <= 10 ? `${f.position}:${f.impression ?? 'rolled'}` : String(f.position);
    if (seen.has(key)) throw new DomainError('AFIS_VALIDATION', `finger ${f.position}${f.position <= 10 ? ` (${f.impression ?? 'rolled'})` : ''} is given twice`);
    seen.add(key);
    if (!(f.image instanceof Uint8Array)) throw new DomainError('AFIS_VALIDATION', `finger ${f.position} has no image bytes`);
  }
}

/**
 * Decodes every finger once, checks quality, then extracts templates: the capture travels
 * left to right once. Fingers are decoded, assessed and extracted concurrently (in parallel when
 * the injected functions use threads). The search uses one print per position 1–10 (the rolled
 * one, or the plain one when only that was given). Plain prints — given as `impression: "plain"`
 * beside a rolled one, plain thumbs 11/12, or cut from slaps 13–15 by `segmentSlap` — are
 * extracted too and serve the sequence check (`sequence`): each rolled print against every plain
 * one. With `minQuality` set, a search finger below it — or one where no fingerprint is found —
 * refuses the capture with AFIS_QUALITY_INSUFFICIENT naming the positions to recapture
 * (`details.recapture`), the per-finger scores (`details.quality`) and everything else to redo
 * (`details.advice`, the latent residue included once templates exist); a slap that cannot be cut
 * refuses it with AFIS_SEGMENTATION_FAILED. Each search print is compared in place with the one
 * before it (`latent`: the platen's residue, findLatentRepeats), and with `detectSlidFinger` read
 * for a slide on the platen (`slid`, also in a refusal's advice). With `readPlatenResidue` the
 * search images are read together for a residue under every one of them (`platen`: the advice to
 * wipe the platen, first). On a capture with residue found either way, an alteration flag is
 * withheld (`withheld: 'platen-residue'`). Cost: one decode per image, one extraction per print,
 * one residue read per capture.
 */
export async function prepareFingers(fingers: readonly FingerInput[], options: PrepareOptions): Promise<PreparedCapture> {
  validate(fingers);
  const ordered = [...fingers].sort((a, b) => a.position - b.position || (a.impression === 'plain' ? 1 : 0) - (b.impression === 'plain' ? 1 : 0));

  // All fingers at once: sharp decodes on libuv threads, and an extractor backed by a worker
  // pool runs in parallel; a synchronous extractor simply runs one after the other. Errors are
  // reported for the lowest position, so the answer does not depend on timing.
  const decodedAll = await Promise.allSettled(ordered.map(async (f) => options.decodeImage(f.image, {
    ...(f.format === undefined ? {} : { format: f.format }),
    ...(f.ppi === undefined ? {} : { ppi: f.ppi }),
    ...(f.width === undefined ? {} : { width: f.width }),
    ...(f.height === undefined ? {} : { height: f.height }),
  })));
  const decoded: { input: FingerInput; image: GrayImage }[] = [];
  const plainImages = new Map<number, GrayImage>();
  const slapImages: { position: number; image: GrayImage }[] = [];
  let pixels = 0;
  decodedAll.forEach((r, i) => {
    const input = ordered[i];
    if (r.status === 'rejected') atPosition(r.reason, input.position);
    pixels += r.value.width * r.value.height;
    if (input.position > 10) {
      if (PLAIN_THUMBS[input.position] !== undefined) plainImages.set(PLAIN_THUMBS[input.position], r.value);
      else slapImages.push({ position: input.position, image: r.value });
    } else if (!decoded.some((d) => d.input.position === input.position)) {
      decoded.push({ input, image: r.value });
    } else {
      plainImages.set(input.position, r.value);
    }
  });
  // the budget of one request, before the costly part (extraction is linear in pixels)
  const maxPixels = options.maxPixels ?? CAPTURE_PARAMETERS.maxRequestPixels;
  if (pixels > maxPixels) {
    throw new DomainError('AFIS_CAPTURE_TOO_LARGE', `the fingers of this request have ${pixels} pixels at 500 ppi together, above the limit of ${maxPixels}`, { pixels, maxPixels });
  }

  // the residue under every search image, read beside the rest (the workers' queue) and awaited
  // where the advice is made, a refusal's too: wiping the platen is what its recapture needs
  const adviseShare = options.residueAdviseShare ?? TRANSACTION_PARAMETERS.latentResidueAdviseShare;
  const readResidue = options.readPlatenResidue;
  const residueRead = readResidue === undefined || adviseShare <= 0 || decoded.length < 3 ? undefined
    : Promise.resolve().then(() => readResidue(decoded.map((d) => d.image)));
  // a capture that fails before the advice is made does not leave the read's failure unhandled
  residueRead?.catch(() => undefined);
  const platenOf = async (): Promise<PlatenResidueView | undefined> => {
    const share = residueRead === undefined ? 0 : await residueRead;
    return share >= adviseShare && adviseShare > 0 ? { share: Math.round(share * 100) / 100 } : undefined;
  };

  const slaps: SlapView[] = [];
  /** Plain fingers cut from a slap: which slap, and where in it (the slap's pixels). */
  const cutFrom = new Map<number, { slap: number; x: number; y: number }>();
  if (options.segmentSlap) {
    const segment = options.segmentSlap;
    const cut = await Promise.allSettled(slapImages.map(async (s) => segment(s.image, s.position, options.declaredMissing ?? [])));
    cut.forEach((r, i) => {
      const position = slapImages[i].position;
      if (r.status === 'rejected') atPosition(r.reason, position);
      for (const f of r.value.fingers) {
        if (plainImages.has(f.position)) continue;
        plainImages.set(f.position, f.image);
        cutFrom.set(f.position, { slap: position, x: f.box.x, y: f.box.y });
      }
      slaps.push({
        position, confidence: r.value.confidence, missing: [...r.value.missing],
        fingers: r.value.fingers.map((f) => ({ position: f.position, box: f.box, angle: Math.round(f.angle * 1000) / 1000 })),
      });
    });
  }

  // a finger that slid on the platen (a smear), read on every search finger's image: advised,
  // and told in a refusal too, since holding the finger still is what its recapture needs
  const detectSlid = options.detectSlidFinger;
  const slidReads = detectSlid === undefined ? [] : await Promise.all(decoded.map(async (d) => ({ position: d.input.position, finding: await detectSlid(d.image) })));
  const slid: SlidView[] = slidReads
    .filter((s) => s.finding.slid)
    .map((s) => ({ position: s.position, length: s.finding.length, direction: s.finding.direction }));
  // what the read measured of each finger's image goes with it to its extraction, which then need
  // not measure the smear again
  const smearOf = new Map(slidReads.filter((s) => s.finding.smear !== undefined).map((s) => [s.position, s.finding.smear]));
  const extractSearchFinger = (d: (typeof decoded)[number]) => (smearOf.has(d.input.position)
    ? options.extractTemplate(d.image, smearOf.get(d.input.position))
    : options.extractTemplate(d.image));

  const scores = new Map<number, number>();
  /** Positions where no fingerprint was found (extraction failed). */
  const failed: number[] = [];
  const templates = new Map<number, Template>();
  /** Plain fingers' templates (extracted for the sequence check), by position. */
  const plainTemplates = new Map<number, Template>();
  /**
   * The search fingers extracted so far, for the latent residue check: one print per position,
   * each pressed on its own (rolled, or plain when only that was given), in position order.
   */
  const searchTemplates = (): { position: number; template: Template }[] => decoded
    .filter((d) => templates.has(d.input.position))
    .map((d) => ({ position: d.input.position, template: templates.get(d.input.position)! }));
  /**
   * Each slap as one template in its own pixels: the minutiae of the fingers cut from it, moved by
   * their boxes (only where the plain fingers were extracted, i.e. for the sequence check).
   */
  const slapTemplates = (): { position: number; template: Template }[] => slapImages.map(({ position, image }) => {
    // a cut finger is at 500 ppi, its box in the slap's pixels
    const scale = image.ppi / 500;
    const minutiae = [...cutFrom].filter(([, c]) => c.slap === position).flatMap(([finger, c]) => (plainTemplates.get(finger)?.minutiae ?? [])
      .map((m) => ({ ...m, x: c.x + m.x * scale, y: c.y + m.y * scale })));
    return { position, template: { width: image.width, height: image.height, ppi: image.ppi, quality: 0, minutiae } };
  });
  const refuse = async (): Promise<void> => {
    if (options.minQuality === null) return;
    const min = options.minQuality;
    const quality = decoded.map((d) => {
      const score = scores.get(d.input.position) ?? 0;
      return { position: d.input.position, score, accepted: score >= min };
    });
    const recapture = quality.filter((q) => !q.accepted).map((q) => q.position);
    if (recapture.length > 0) {
      // everything to redo in one answer: the refused fingers, and what else is advised meanwhile
      // extracted by now (the refusal after extraction): the platen's residue is advised too, since
      // wiping it is what the recapture needs
      const latent = findLatentRepeats(searchTemplates(), TRANSACTION_PARAMETERS, options.previousFingers?.at(-1));
      const platen = await platenOf();
      const advice = adviseRecapture({
        quality, noFingerprint: failed, minQuality: min, adviseBelowQuality: options.advice?.adviseBelowQuality ?? 0,
        slaps, minSlapConfidence: options.advice?.minSlapConfidence ?? 0, declaredMissing: options.declaredMissing ?? [],
        latent, slapLatent: findLatentRepeats(slapTemplates()), slid, ...(platen === undefined ? {} : { platen }),
      });
      throw new DomainError('AFIS_QUALITY_INSUFFICIENT', `recapture finger${recapture.length > 1 ? 's' : ''} ${recapture.join(', ')}: quality below ${min}`, {
        recapture, quality, advice, ...(slaps.length > 0 ? { slaps } : {}),
      });
    }
  };
  if (options.assessQuality) {
    const assess = options.assessQuality;
    const q = await Promise.all(decoded.map(async (d) => Math.round(await assess(d.image))));
    decoded.forEach((d, i) => scores.set(d.input.position, q[i]));
    await refuse();
  }

  const plainList = options.sequence ? [...plainImages].sort((a, b) => a[0] - b[0]) : [];
  const [extracted, extractedPlain] = await Promise.all([
    Promise.allSettled(decoded.map(async (d) => extractSearchFinger(d))),
    Promise.allSettled(plainList.map(async ([, image]) => options.extractTemplate(image))),
  ]);
  extractedPlain.forEach((r, i) => { if (r.status === 'fulfilled') plainTemplates.set(plainList[i]![0], r.value); });
  extracted.forEach((r, i) => {
    const position = decoded[i].input.position;
    if (r.status === 'fulfilled') {
      templates.set(position, r.value);
      if (!options.assessQuality) scores.set(position, Math.round(r.value.quality));
      return;
    }
    // No fingerprint found: a recapture at the desk; skipped where nothing is refused (police).
    if (r.reason instanceof AfisError && r.reason.code === 'AFIS_EXTRACTION_FAILED') {
      scores.set(position, 0);
      failed.push(position);
      return;
    }
    atPosition(r.reason, position);
  });
  if (!options.assessQuality || failed.length > 0) await refuse();

  // the platen's residue of the finger before (the search fingers, captured in position order; the
  // first one against the desk's previous capture), found on the templates as extracted; with
  // `latentDropRepeats` a flagged finger is searched and kept without the residue's minutiae
  const searched = searchTemplates();
  const latent = findLatentRepeats(searched, TRANSACTION_PARAMETERS, options.previousFingers?.at(-1));
  // what the desk's next capture is checked against: this one's last two fingers, or with
  // one, the previous capture's last before it
  const lastFingers = [...(options.previousFingers ?? []), ...[...searched].sort((a, b) => a.position - b.position)].slice(-2);
  // residue found (or, with `latentFlattenEvery`, any capture): with `flattenPlaten` the residue's
  // darkening is divided out of the capture's images and its fingers extracted again (a finger
  // that fails then keeps its first template); the advice (`latent`) and the next capture's check
  // keep what was captured
  let cleanedFingers = searched;
  const flattenEvery = options.flattenEvery ?? TRANSACTION_PARAMETERS.latentFlattenEvery;
  if ((latent.length > 0 || flattenEvery) && options.flattenPlaten) {
    const flat = await options.flattenPlaten(decoded.map((d) => d.image));
    const again = await Promise.allSettled(decoded.map(async (d, i) => (flat[i] === d.image || !templates.has(d.input.position) ? null : options.extractTemplate(flat[i]!))));
    again.forEach((r, i) => {
      if (r.status === 'fulfilled' && r.value !== null) templates.set(decoded[i].input.position, r.value);
    });
    cleanedFingers = searchTemplates();
  }
  const withoutResidue = (options.dropLatentRepeats ?? TRANSACTION_PARAMETERS.latentDropRepeats)
    ? withoutLatentRepeats(cleanedFingers, cleanedFingers === searched ? latent : findLatentRepeats(cleanedFingers, TRANSACTION_PARAMETERS, options.previousFingers?.at(-1)), TRANSACTION_PARAMETERS, options.previousFingers ?? [])
    : new Map<number, Template>();

  const prepared: PreparedFinger[] = [];
  for (const d of decoded) {
    const extracted = templates.get(d.input.position);
    if (extracted === undefined) continue;
    const template = withoutResidue.get(d.input.position) ?? extracted;
    prepared.push({
      position: d.input.position,
      impression: d.input.impression ?? 'rolled',
      quality: scores.get(d.input.position) ?? Math.round(template.quality),
      template,
      image: d.input.image,
      ...(d.input.format === undefined ? {} : { imageFormat: d.input.format }),
    });
  }
  if (prepared.length === 0 && decoded.length > 0) {
    throw new DomainError('AFIS_EXTRACTION_FAILED', `no usable fingerprint in finger${failed.length > 1 ? 's' : ''} ${failed.join(', ')}`, { positions: failed });
  }

  let sequence: SequenceCheck | undefined;
  if (options.sequence && plainList.length > 0) {
    // A plain print without a usable fingerprint is simply not checked against.
    const rolled = new Map(prepared.filter((f) => f.impression === 'rolled').map((f) => [f.position, f.template] as const));
    let compare = options.sequence.compare;
    if (options.sequence.compareGrid) {
      // every score at once (off the event loop where the matcher can), then read by the check
      const probes = [...rolled.values()], candidates = [...plainTemplates.values()];
      const grid = await options.sequence.compareGrid(probes, candidates);
      const row = new Map(probes.map((t, i) => [t, i] as const)), column = new Map(candidates.map((t, i) => [t, i] as const));
      compare = (a, b) => grid[row.get(a)!]![column.get(b)!]!;
    }
    sequence = checkFingerSequence(rolled, plainTemplates, compare, options.sequence.threshold);
  }

  // the platen's residue under every image, read beside the extractions
  const platen = await platenOf();
  let alteration: AlterationView[] | undefined;
  if (options.detectAlteration) {
    const detect = options.detectAlteration;
    const images = new Map(decoded.map((d) => [d.input.position, d.image] as const));
    // a latent's ridges across a print read as scars and cuts: on a capture whose residue the desk
    // found, a flag is withheld until the wiped recapture (FVC2002 read as a desk's captures with a
    // latent print on the platen: every capture had 3 or more fingers flagged; bench/RESULTS.md,
    // "latentalter")
    const residue = latent.length > 0 || platen !== undefined;
    alteration = await Promise.all(prepared.map(async (f) => {
      const a = await detect(images.get(f.position)!, f.template);
      const view: AlterationView = {
        position: f.position, score: a.score, altered: a.altered, signs: [...a.signs],
        ...(a.regions !== undefined && a.regions.length > 0 ? { regions: a.regions } : {}),
      };
      return residue && a.altered ? { ...view, altered: false, withheld: 'platen-residue' as const } : view;
    }));
  }

  // the slaps likewise: 13, 14, 15 pressed one after the other on one platen
  const slapLatent = findLatentRepeats(slapTemplates());

  const min = options.minQuality;
  return {
    fingers: prepared,
    quality: decoded.map((d) => {
      const score = scores.get(d.input.position) ?? 0;
      return { position: d.input.position, score, accepted: min === null ? templates.has(d.input.position) : score >= min };
    }),
    slaps,
    ...(sequence === undefined ? {} : { sequence }),
    ...(alteration === undefined ? {} : { alteration }),
    ...(latent.length === 0 ? {} : { latent }),
    ...(slapLatent.length === 0 ? {} : { slapLatent }),
    ...(slid.length === 0 ? {} : { slid }),
    ...(platen === undefined ? {} : { platen }),
    ...(searched.length === 0 ? {} : { lastFingers }),
  };
}
