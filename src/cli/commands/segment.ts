import type { Command } from 'commander';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeAnsiNistFingers, decodeCaptureDetailed, detectCaptureFormat } from '../../capture/index.js';
import { ConfigError } from '../../core/errors.js';
import {
  type AnsiNistRecord, type FingerSegmentPosition, buildType14Record, buildType1Record, isAnsiNist, parseAnsiNist, withSegmentPositions, writeAnsiNist,
} from '../../formats/ansi-nist/index.js';
import { encodeWsq } from '../../formats/wsq/index.js';
import { type SlapSegmentation, segmentSlap, slapKindOf } from '../../segmentation/index.js';
import { type CliIo, readUserFile, withFile } from '../context.js';
import { encodeImage } from './convert.js';

/** One segmented slap as reported. */
interface SlapReport {
  readonly record?: number;
  readonly position: number;
  readonly confidence: number;
  readonly missing: readonly number[];
  readonly segments: readonly FingerSegmentPosition[];
}

/** The segments of a slap in the record's own pixels (segmentation works at 500 ppi). */
function segmentsOf(result: SlapSegmentation, sourcePpi: number, sourceWidth: number, sourceHeight: number): FingerSegmentPosition[] {
  const k = sourcePpi / 500;
  const clamp = (v: number, max: number): number => Math.max(0, Math.min(max, Math.round(v)));
  return result.fingers.map((f) => ({
    position: f.position,
    left: clamp(f.box.x * k, sourceWidth - 1), right: clamp((f.box.x + f.box.width) * k, sourceWidth),
    top: clamp(f.box.y * k, sourceHeight - 1), bottom: clamp((f.box.y + f.box.height) * k, sourceHeight),
  }));
}

function slapKind(position: number): NonNullable<ReturnType<typeof slapKindOf>> {
  const kind = slapKindOf(position);
  if (kind === undefined) throw new ConfigError('AFIS_CLI_USAGE', `--position ${position}: a slap is 13 (right four), 14 (left four) or 15 (thumbs)`);
  return kind;
}

/**
 * `afis segment FILE [--position 13|14|15] [--out OUT.an2] [--fingers DIR]`: cuts slaps into
 * fingers. An ANSI/NIST-ITL file: every Type-14 record at position 13, 14 or 15 is segmented and
 * written back to OUT with its 14.021 SEG (finger segment positions, record pixels) set; every
 * other record is kept as read. An image (`--position` says which slap): OUT is a new transaction
 * holding it as a WSQ Type-14 slap with its SEG. `--fingers DIR` also writes each fingertip as
 * PNG (`slapP-fingerF.png`). Prints the slaps found as JSON.
 */
export async function segmentFile(input: string, options: { position?: number; out?: string; fingers?: string } = {}): Promise<{ slaps: SlapReport[]; out?: string }> {
  const buf = await readUserFile(input);
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  const slaps: SlapReport[] = [];
  const tips: { name: string; image: Parameters<typeof encodeImage>[0] }[] = [];
  let written: Uint8Array | undefined;
  const cut = (image: Parameters<typeof segmentSlap>[0], position: number, source: { ppi: number; width: number; height: number }, record?: number): SlapReport => {
    const result = segmentSlap(image, slapKind(position));
    for (const f of result.fingers) tips.push({ name: `slap${position}-finger${f.position}.png`, image: f.image });
    return {
      ...(record === undefined ? {} : { record }), position, confidence: result.confidence, missing: result.missing,
      segments: segmentsOf(result, source.ppi, source.width, source.height),
    };
  };
  try {
    if (isAnsiNist(bytes)) {
      const fingers = (await decodeAnsiNistFingers(bytes)).filter((f) => f.position >= 13 && f.position <= 15 && (options.position === undefined || f.position === options.position));
      if (fingers.length === 0) throw new ConfigError('AFIS_CLI_USAGE', `${input}: no slap (Type-14 record at finger position ${options.position ?? '13, 14 or 15'})`);
      for (const f of fingers) slaps.push(cut(f.image, f.position, { ppi: f.sourcePpi, width: f.sourceWidth, height: f.sourceHeight }, f.record));
      const records: AnsiNistRecord[] = [...parseAnsiNist(bytes).records];
      for (const s of slaps) if (s.segments.length > 0) records[s.record! - 1] = withSegmentPositions(records[s.record! - 1]!, s.segments);
      written = writeAnsiNist({ records });
    } else {
      if (options.position === undefined) throw new ConfigError('AFIS_CLI_USAGE', `${input}: an image needs --position 13, 14 or 15 (which slap it is)`);
      if (detectCaptureFormat(bytes) === undefined) throw new ConfigError('AFIS_CLI_USAGE', `${input}: neither an ANSI/NIST-ITL file nor an image`);
      const d = await decodeCaptureDetailed(bytes);
      const s = cut(d.image, options.position, { ppi: 500, width: d.image.width, height: d.image.height });
      slaps.push(s);
      const records: AnsiNistRecord[] = [
        buildType1Record({ transactionType: 'SEG', date: new Date().toISOString().slice(0, 10).replaceAll('-', ''), destination: 'AFIS', originator: 'AFIS', controlNumber: 'AFIS-SEGMENT' }),
        buildType14Record({
          idc: 1, impression: 0, sourceAgency: 'AFIS', captureDate: new Date().toISOString().slice(0, 10).replaceAll('-', ''), width: d.image.width, height: d.image.height,
          ppi: 500, compression: 'WSQ20', position: options.position, data: encodeWsq(d.image, { ppi: 500 }), ...(s.segments.length > 0 ? { segments: s.segments } : {}),
        }),
      ];
      written = writeAnsiNist({ records });
    }
  } catch (err) {
    throw withFile(input, err);
  }
  const write = async (path: string, data: Uint8Array): Promise<void> => {
    try {
      await writeFile(path, data);
    } catch (err) {
      throw new ConfigError('AFIS_FILE_NOT_FOUND', `${path}: cannot write: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  };
  if (options.out) await write(options.out, written);
  if (options.fingers) {
    await mkdir(options.fingers, { recursive: true });
    for (const t of tips) await write(join(options.fingers, t.name), await encodeImage(t.image, '.png'));
  }
  return { slaps, ...(options.out ? { out: options.out } : {}) };
}

export function registerSegment(program: Command, io: CliIo): void {
  program
    .command('segment')
    .description('cut slaps (13 right four, 14 left four, 15 thumbs) into fingers; write them back with their 14.021 segment positions')
    .argument('<file>', 'an ANSI/NIST-ITL file with Type-14 slaps, or a slap image (with --position)')
    .option('--position <n>', 'which slap the image is (13, 14 or 15); with an ANSI/NIST file, only that slap')
    .option('--out <file>', 'write the ANSI/NIST-ITL transaction with 14.021 SEG here')
    .option('--fingers <dir>', 'write each fingertip as PNG here')
    .action(async (file: string, opts: { position?: string; out?: string; fingers?: string }) => {
      const position = opts.position === undefined ? undefined : Number(opts.position);
      if (position !== undefined) slapKind(position);
      const r = await segmentFile(file, { ...(position === undefined ? {} : { position }), ...(opts.out ? { out: opts.out } : {}), ...(opts.fingers ? { fingers: opts.fingers } : {}) });
      io.stdout(`${JSON.stringify({ file, ...r }, null, 2)}\n`);
    });
}
