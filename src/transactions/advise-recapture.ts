// What the desk should capture again, and why: one list from every check of a capture (finger
// quality, slap segmentation, the rolled/plain sequence check, latent residue, a finger that slid), so the desk acts while the person is there.
import type { LatentRepeat } from './find-latent-repeats.js';
import type { FingerQuality, PlatenResidueView, RecaptureAdvice, SequenceView, SlapView, SlidView } from './types.js';

export interface RecaptureInputs {
  /** Per finger 1–10: quality 0–100 and whether it passed the refusal threshold. */
  readonly quality: readonly FingerQuality[];
  /** Positions where no fingerprint was found at all. */
  readonly noFingerprint?: readonly number[];
  /** Quality below this refuses the capture (null: never refused). */
  readonly minQuality: number | null;
  /** Quality below this is accepted but advised for recapture (the finger matches poorly). */
  readonly adviseBelowQuality: number;
  readonly slaps?: readonly SlapView[];
  /** A slap whose segmentation confidence is below this is advised for recapture. */
  readonly minSlapConfidence: number;
  /** Positions the desk declared missing (not asked for again). */
  readonly declaredMissing?: readonly number[];
  readonly sequence?: SequenceView;
  /** Fingers that repeat the previous finger's minutiae in place (find-latent-repeats.ts). */
  readonly latent?: readonly LatentRepeat[];
  /** Slaps that repeat the slap before them in place. */
  readonly slapLatent?: readonly LatentRepeat[];
  /** Fingers that slid on the platen while captured (a smear). */
  readonly slid?: readonly SlidView[];
  /** The platen's residue under every image of the capture (platenResidueShare at the advice's share or more). */
  readonly platen?: PlatenResidueView;
}

const SLAP_NAMES: Readonly<Record<number, string>> = { 13: 'right four-finger slap', 14: 'left four-finger slap', 15: 'two-thumb slap' };

/**
 * The recapture advice of one capture: the platen first (wiped before anything is captured again),
 * then fingers, then slaps, each once with every reason that applies (`reasons`), `required` when
 * the capture is refused until it is recaptured. Pure.
 */
export function adviseRecapture(inputs: RecaptureInputs): RecaptureAdvice[] {
  const fingers = new Map<number, { reasons: string[]; notes: string[]; required: boolean }>();
  const add = (position: number, reason: string, note: string, required: boolean): void => {
    let a = fingers.get(position);
    if (!a) fingers.set(position, (a = { reasons: [], notes: [], required: false }));
    a.reasons.push(reason);
    a.notes.push(note);
    a.required ||= required;
  };
  const none = new Set(inputs.noFingerprint ?? []);
  for (const q of inputs.quality) {
    if (none.has(q.position)) add(q.position, 'no-fingerprint', 'no fingerprint found in the image', inputs.minQuality !== null);
    else if (inputs.minQuality !== null && q.score < inputs.minQuality) add(q.position, 'quality-below-minimum', `quality ${q.score} is below the minimum of ${inputs.minQuality}`, true);
    else if (q.score < inputs.adviseBelowQuality) add(q.position, 'low-quality', `quality ${q.score} is below ${inputs.adviseBelowQuality}: prints this poor often fail to match`, false);
  }
  for (const p of inputs.sequence?.unconfirmed ?? []) add(p, 'not-confirmed-by-slap', 'the rolled print matches no finger of the slaps: a poor print or the wrong finger', false);
  for (const l of inputs.latent ?? []) {
    const source = l.previousCapture === true ? `finger ${l.previous}'s of the previous capture at this desk did` : `finger ${l.previous}'s did`;
    add(l.position, 'latent-residue', `${l.repeats} of its minutiae lie where ${source}: the platen holds the last print's residue; wipe it and capture again`, false);
  }

  for (const s of inputs.slid ?? []) {
    add(s.position, 'finger-slid', `the finger slid while captured (a smear of about ${s.length} px at ${s.direction}°): capture it again, holding it still`, false);
  }

  const declared = new Set(inputs.declaredMissing ?? []);
  const out: RecaptureAdvice[] = inputs.platen === undefined ? [] : [{
    target: 'platen', position: 0, required: false, reasons: ['latent-residue'],
    message: `platen: a residue shows under every image (${Math.round(inputs.platen.share * 100)} % of the capture's area): wipe the platen and capture the fingers again`,
  }];
  out.push(...[...fingers].sort((a, b) => a[0] - b[0]).map(([position, a]) => ({
    target: 'finger' as const, position, required: a.required, reasons: a.reasons, message: `finger ${position}: ${a.notes.join('; ')}`,
  })));
  for (const s of [...(inputs.slaps ?? [])].sort((a, b) => a.position - b.position)) {
    const reasons: string[] = [];
    const notes: string[] = [];
    if (s.confidence < inputs.minSlapConfidence) {
      reasons.push('low-segmentation-confidence');
      notes.push(`segmentation confidence ${s.confidence} is below ${inputs.minSlapConfidence}: the fingers may be cut or assigned wrongly`);
    }
    const latent = inputs.slapLatent?.find((l) => l.position === s.position);
    if (latent !== undefined) {
      reasons.push('latent-residue');
      notes.push(`${latent.repeats} of its fingers' minutiae lie where the ${SLAP_NAMES[latent.previous] ?? `slap ${latent.previous}`}'s did: the platen holds the last print's residue; wipe it and capture again`);
    }
    const lost = s.missing.filter((p) => !declared.has(p));
    if (lost.length > 0) {
      reasons.push('finger-not-found');
      notes.push(`finger${lost.length > 1 ? 's' : ''} ${lost.join(', ')} not found on the platen (not declared missing)`);
    }
    if (reasons.length > 0) out.push({ target: 'slap', position: s.position, required: false, reasons, message: `${SLAP_NAMES[s.position] ?? `slap ${s.position}`}: ${notes.join('; ')}` });
  }
  return out;
}
