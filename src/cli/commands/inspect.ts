import type { Command } from 'commander';
import { decodeCaptureDetailed, detectCaptureFormat } from '../../capture/index.js';
import { FormatError } from '../../core/index.js';
import {
  decodeWsq,
  isWsq,
  type AnsiNistField,
  type AnsiNistRecord,
  type FingerMinutiaeRecord,
  EURODAC_DESTINATION,
  describeFingerImages,
  detectFingerMinutiaeFormat,
  dumpAn2kText,
  readEurodacTransaction,
  fieldTagName,
  fieldText,
  imageCompression,
  isAnsiNist,
  parseAnsiNist,
  parseFingerMinutiaeRecord,
  readType9Minutiae,
  recordIdc,
  recordMinutiaToMinutia,
} from '../../formats/index.js';
import type { Template } from '../../templates/index.js';
import { type CliIo, readUserFile, withFile } from '../context.js';

/** Record types whose data is an image with a compression code (GCA/BCA/CGA). */
const IMAGE_RECORD_TYPES: ReadonlySet<number> = new Set([3, 4, 5, 6, 10, 13, 14, 15, 16, 17]);

const round = (v: number, digits = 2): number => Math.round(v * 10 ** digits) / 10 ** digits;

/** A field's value for people: one item → a string, one subfield → its items, else subfields. */
function fieldValue(f: AnsiNistField): string | readonly string[] | readonly (readonly string[])[] {
  if (f.subfields.length === 1) return f.subfields[0].length === 1 ? f.subfields[0][0] : f.subfields[0];
  return f.subfields;
}

function describeMinutiae(t: Template): object[] {
  return t.minutiae.map((m) => ({ x: m.x, y: m.y, angleDegrees: round((m.angle * 180) / Math.PI), type: m.type, quality: m.quality }));
}

function describeRecord(r: AnsiNistRecord, index: number): object {
  const fields: Record<string, unknown> = {};
  for (const f of r.fields) fields[fieldTagName(r.type, f.tag)] = fieldValue(f);
  const out: Record<string, unknown> = { index: index + 1, type: r.type, encoding: r.encoding, idc: recordIdc(r) ?? null, fields };
  if (r.data) {
    out.data = { bytes: r.data.length, ...(IMAGE_RECORD_TYPES.has(r.type) ? { compression: imageCompression(r) } : {}) };
  }
  if (r.opaque) out.keptAsOpaqueBytes = r.opaque.length;
  const m1 = readType9Minutiae(r);
  if (m1) out.minutiae = { fingerPosition: m1.fingerPosition, count: m1.template.minutiae.length, ppi: round(m1.template.ppi), list: describeMinutiae({ ...m1.template, minutiae: m1.minutiae }) }; // as stored (INCITS 378 placement), like the FMR views
  return out;
}

function describeAnsiNist(bytes: Uint8Array): object {
  const tx = parseAnsiNist(bytes);
  return {
    format: 'ansi-nist-itl',
    version: fieldText(tx.records[0], 2) ?? null,
    transactionType: fieldText(tx.records[0], 4) ?? null,
    records: tx.records.map(describeRecord),
    fingers: describeFingerImages(tx).map((f) => ({ ...f, recordIndex: f.recordIndex + 1, ppi: round(f.ppi) })),
    ...(fieldText(tx.records[0], 7) === EURODAC_DESTINATION ? { eurodac: describeEurodac(bytes) } : {}),
    warnings: tx.warnings,
  };
}

/** The Eurodac profile's values (docs/eurodac-link.md), dates as ISO 8601. */
function describeEurodac(bytes: Uint8Array): object {
  const e = readEurodacTransaction(bytes);
  return {
    ...e,
    takenAt: new Date(e.takenAt).toISOString(),
    sentAt: new Date(e.sentAt).toISOString(),
    fingers: e.fingers.map((f) => ({ position: f.position, impression: f.impression, compression: f.compression, width: f.width, height: f.height, bytes: f.data.length })),
  };
}

function describeMinutiaeRecord(r: FingerMinutiaeRecord): object {
  return {
    format: r.format,
    width: r.width,
    height: r.height,
    resolutionPixelsPerCm: { x: r.xResolution, y: r.yResolution },
    ppi: round(r.xResolution * 2.54),
    equipment: { compliance: r.equipmentCompliance, id: r.equipmentId },
    ...(r.format === 'incits378-2004' ? { product: { owner: r.productOwner, type: r.productType } } : {}),
    views: r.views.map((v) => ({
      fingerPosition: v.fingerPosition,
      viewNumber: v.viewNumber,
      impressionType: v.impressionType,
      quality: v.quality,
      minutiaeCount: v.minutiae.length,
      // as stored in the record (the standards' placement), not moved into ours as the Template view is
      minutiae: describeMinutiae({ ...v.template, minutiae: v.minutiae.map((m) => recordMinutiaToMinutia(m, r.format)) }),
      extendedData: {
        bytes: v.extendedData.length,
        areas: v.extendedAreas?.map((a) => ({ typeCode: a.typeCode, bytes: a.data.length })) ?? null,
      },
    })),
  };
}

/**
 * Describes any supported file as a JSON object: ANSI/NIST-ITL transactions (records, fields,
 * binary data by length only), ISO/IEC 19794-2 and INCITS 378 templates (views and minutiae),
 * WSQ streams (size, resolution, comments) and captures (PNG, JPEG, TIFF, BMP: format, size and
 * resolution as the file states them).
 */
export async function inspectBytes(bytes: Uint8Array): Promise<object> {
  const base = { bytes: bytes.length };
  if (isAnsiNist(bytes)) return { ...base, ...describeAnsiNist(bytes) };
  const fmr = detectFingerMinutiaeFormat(bytes);
  if (fmr) return { ...base, ...describeMinutiaeRecord(parseFingerMinutiaeRecord(bytes, fmr)) };
  if (isWsq(bytes)) {
    const w = decodeWsq(bytes);
    return {
      ...base,
      format: 'wsq',
      width: w.image.width,
      height: w.image.height,
      ppi: w.ppi,
      ppiFromStream: w.ppiFromStream,
      comments: w.comments,
      ...(w.nistCom ? { nistCom: w.nistCom } : {}),
      encoder: { number: w.frame.encoder, software: w.frame.software },
      blocks: w.blocks,
      compressionRatio: round((w.image.width * w.image.height) / bytes.length, 1),
    };
  }
  const image = detectCaptureFormat(bytes);
  if (image === 'png' || image === 'jpeg' || image === 'tiff' || image === 'bmp') {
    const d = await decodeCaptureDetailed(bytes);
    return { ...base, format: d.format, width: d.sourceWidth, height: d.sourceHeight, ppi: round(d.sourcePpi), ppiSource: d.ppiSource };
  }
  throw new FormatError('AFIS_FORMAT_UNSUPPORTED', 'not a supported file (PNG, JPEG, TIFF, BMP, WSQ, ANSI/NIST-ITL, ISO/IEC 19794-2 or INCITS 378)');
}

export function registerInspect(program: Command, io: CliIo): void {
  program
    .command('inspect')
    .description('describe any supported file as JSON (image, ANSI/NIST records, template views)')
    .argument('<file>', 'file to describe')
    .option('--an2k', 'an ANSI/NIST-ITL file as the NIST NBIS an2k2txt text dump instead (one line per item)')
    .action(async (path: string, opts: { an2k?: boolean }) => {
      const buf = await readUserFile(path);
      let description: object;
      if (opts.an2k === true) {
        const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
        if (!isAnsiNist(bytes)) throw new FormatError('AFIS_FORMAT_UNSUPPORTED', `${path}: --an2k needs an ANSI/NIST-ITL file`);
        try {
          io.stdout(dumpAn2kText(parseAnsiNist(bytes)));
        } catch (err) {
          throw withFile(path, err);
        }
        return;
      }
      try {
        description = await inspectBytes(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
      } catch (err) {
        throw withFile(path, err);
      }
      io.stdout(`${JSON.stringify({ file: path, ...description }, null, 2)}\n`);
    });
}
