/**
 * The files of one synthetic person, encoded (shared by `afis synth` in-process and its worker
 * threads): F_I images, their truth, and the person's ANSI/NIST-ITL transaction and truth.
 */
import { buildType14Record, buildType1Record, writeAnsiNist } from '../../formats/ansi-nist/index.js';
import { type SynthStyle, synthesizeSubject } from '../../synthetic/index.js';
import { encodeImage } from './convert.js';

export interface SubjectFilesTask {
  readonly seed: number;
  readonly subject: number;
  readonly impressions: number;
  readonly style: SynthStyle;
  readonly format: 'png' | 'wsq';
  readonly persons: boolean;
  /** Slap images (right four, left four, two thumbs) in the transaction and as files. */
  readonly slaps: boolean;
  /** Probability that a finger is altered (0 … 1). */
  readonly altered: number;
  /** Capture number of the persons' ten-prints (1, 2, …): same fingers, new impressions. */
  readonly encounter: number;
  /** Generator settings of the master prints over the defaults (`--master`); omitted = the defaults. */
  readonly master?: Readonly<Record<string, number>>;
  /** Impression settings over the defaults (`--impression`); omitted = the defaults. */
  readonly impression?: Readonly<Record<string, number>>;
  /** Semi-axes of the series' plain contact, fractions of the finger's (`--plain-contact`); omitted = the default. */
  readonly plainContact?: readonly [number, number];
}

/** A file to write: path relative to the output folder, contents. */
export interface OutputFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Fixed date of synthetic transactions, so that files are identical run to run (YYYYMMDD). */
const SYNTHETIC_DATE = '20260101';

/** Zero-padded person number used in file names. */
export const personName = (subject: number): string => String(subject).padStart(4, '0');

/** Synthesises and encodes person `subject`. Deterministic: same task, same bytes. */
export async function encodeSubjectFiles(task: SubjectFilesTask): Promise<OutputFile[]> {
  const s = synthesizeSubject(task.seed, task.subject, {
    impressions: task.impressions, style: task.style, tenPrint: task.persons, slaps: task.persons && task.slaps, altered: task.altered, encounter: task.encounter,
    ...(task.master ? { master: task.master } : {}),
    ...(task.impression ? { impression: task.impression } : {}),
    ...(task.plainContact ? { plainContact: task.plainContact } : {}),
  });
  const ext = task.format === 'wsq' ? '.wsq' : '.png';
  const files: OutputFile[] = [];
  const about = { seed: task.seed, subject: task.subject, encounter: task.encounter };
  for (const [k, imp] of s.impressions.entries()) {
    const name = `${task.subject}_${k + 1}`;
    files.push({ path: `${name}${ext}`, bytes: await encodeImage(imp.image.image, ext) });
    files.push({ path: `truth/${name}.json`, bytes: utf8(JSON.stringify({ ...about, impression: k + 1, ...imp.truth })) });
  }
  if (task.persons) {
    const tcn = `SYN-${task.seed}-${personName(task.subject)}-${task.encounter}`;
    const records = [buildType1Record({ transactionType: 'CAR', date: SYNTHETIC_DATE, destination: 'SYNTHETIC', originator: 'AFISSYNTH', controlNumber: tcn })];
    const person = personName(task.subject);
    for (const [i, f] of s.rolled.entries()) {
      const img = f.image.image;
      const bytes = await encodeImage(img, ext);
      records.push(buildType14Record({
        idc: i + 1, impression: 1, sourceAgency: 'AFISSYNTH', captureDate: SYNTHETIC_DATE, width: img.width, height: img.height, ppi: 500,
        compression: task.format === 'wsq' ? 'WSQ20' : 'PNG', position: f.truth.position, data: bytes,
      }));
      // the same finger as its own file, for forms that take one image per finger (the desk page)
      files.push({ path: `persons/${person}-finger${f.truth.position}${ext}`, bytes });
    }
    for (const slap of s.slaps) {
      const img = slap.image;
      const bytes = await encodeImage(img, ext);
      // 14.021 SEG: each finger's true box (the generator's boxes are inclusive; SEG's right and bottom are one past)
      records.push(buildType14Record({
        idc: records.length, impression: 0, sourceAgency: 'AFISSYNTH', captureDate: SYNTHETIC_DATE, width: img.width, height: img.height, ppi: 500,
        compression: task.format === 'wsq' ? 'WSQ20' : 'PNG', position: slap.position, data: bytes,
        segments: slap.fingers.map((f) => ({ position: f.position, left: f.box[0], right: f.box[2] + 1, top: f.box[1], bottom: f.box[3] + 1 })),
      }));
      files.push({ path: `persons/${person}-slap${slap.position}${ext}`, bytes });
    }
    const personTruth = {
      ...about, controlNumber: tcn, seriesPosition: s.seriesPosition,
      alterations: s.alterations,
      rolled: s.rolled.map((f) => f.truth),
      slaps: s.slaps.map((sl) => ({ position: sl.position, width: sl.image.width, height: sl.image.height, fingers: sl.fingers })),
    };
    files.push({ path: `persons/${person}.an2`, bytes: writeAnsiNist({ records }) });
    files.push({ path: `persons/${person}.json`, bytes: utf8(JSON.stringify(personTruth)) });
  }
  return files;
}
