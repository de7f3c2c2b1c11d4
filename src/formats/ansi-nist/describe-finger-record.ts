import { FORMAT_PARAMETERS, type FormatParameters } from '../../config/parameters.js';
import { type AnsiNistRecord, type AnsiNistTransaction, fieldInt, fieldText, findField } from './ansi-nist-record.js';

/** How a record's image data is compressed. */
export type ImageCompression = 'none' | 'wsq' | 'fax-group4' | 'jpeg' | 'jpeg-lossless' | 'jpeg2000' | 'jpeg2000-lossless' | 'png' | 'unknown';

/** Kind of friction ridge impression (IMP field, ANSI/NIST-ITL Table 7). */
export type ImpressionKind = 'plain' | 'rolled' | 'latent' | 'swipe' | 'contactless' | 'unknown';

/** Compression codes of binary records' GCA byte and tagged records' CGA text (Table 15). */
const GCA_CODES: readonly ImageCompression[] = ['none', 'wsq', 'jpeg', 'jpeg-lossless', 'jpeg2000', 'jpeg2000-lossless', 'png'];
const CGA_NAMES: Readonly<Record<string, ImageCompression>> = {
  NONE: 'none', WSQ: 'wsq', WSQ20: 'wsq', JPEGB: 'jpeg', JPEGL: 'jpeg-lossless', JP2: 'jpeg2000', JP2L: 'jpeg2000-lossless', PNG: 'png',
};

/** IMP code → kind: 0/1 live-scan plain/rolled, 2/3 non-live plain/rolled, 4–7 latents, 8 swipe, 20–29 contactless. */
export function impressionKind(code: number): ImpressionKind {
  if (code === 0 || code === 2) return 'plain';
  if (code === 1 || code === 3) return 'rolled';
  if (code >= 4 && code <= 7) return 'latent';
  if (code === 8 || code === 9) return 'swipe';
  if (code >= 20 && code <= 29) return 'contactless';
  return 'unknown';
}

/** Compression named by the record's header; the data's magic bytes settle an unknown name. */
export function imageCompression(record: AnsiNistRecord): ImageCompression {
  let c: ImageCompression = 'unknown';
  if (record.type === 5 || record.type === 6) {
    // binary (1 bit) images: BCA 0 uncompressed, 1 CCITT Group 4 facsimile
    const bca = fieldInt(record, 8);
    return bca === 0 ? 'none' : bca === 1 ? 'fax-group4' : 'unknown';
  }
  if (record.encoding === 'binary') c = GCA_CODES[fieldInt(record, 8) ?? -1] ?? 'unknown';
  else {
    const t = (fieldText(record, 11) ?? '').trim().toUpperCase();
    c = CGA_NAMES[t] ?? (/^[0-9]$/.test(t) ? GCA_CODES[Number(t)] ?? 'unknown' : 'unknown');
  }
  if (c !== 'unknown') return c;
  const d = record.data;
  if (!d || d.length < 4) return 'unknown';
  if (d[0] === 0xff && d[1] === 0xa0) return 'wsq';
  if (d[0] === 0x89 && d[1] === 0x50 && d[2] === 0x4e && d[3] === 0x47) return 'png';
  if (d[0] === 0xff && d[1] === 0xd8) return 'jpeg';
  if ((d[0] === 0xff && d[1] === 0x4f) || (d[0] === 0 && d[1] === 0 && d[2] === 0 && d[3] === 0x0c)) return 'jpeg2000';
  return 'unknown';
}

/** What a finger image record says about its image, without decoding it. */
export interface FingerImageInfo {
  /** Index of the record in the transaction (0 = Type-1). */
  readonly recordIndex: number;
  readonly recordType: number;
  readonly idc: number | undefined;
  /** Finger position (FGP): 0 unknown, 1–10 fingers, 11–15 plain thumbs and slaps, … */
  readonly position: number;
  readonly impression: ImpressionKind;
  readonly impressionCode: number;
  readonly compression: ImageCompression;
  readonly width: number;
  readonly height: number;
  /** Pixels per inch the record declares (or implies). */
  readonly ppi: number;
  /** Bits per pixel (8 for Type-4, field BPX of Type-13/14). */
  readonly bitsPerPixel: number;
  readonly dataBytes: number;
}

/** Native scanning resolution (1.011 NSR, px/mm) → ppi, if it is a plausible number. */
function nativePpi(type1: AnsiNistRecord | undefined, p: FormatParameters): number | undefined {
  const t = type1 ? fieldText(type1, 11)?.trim() : undefined;
  if (!t || !/^[0-9]{1,3}(\.[0-9]{1,3})?$/.test(t)) return undefined;
  const ppmm = Number(t);
  return ppmm >= p.minNativePpmm && ppmm <= p.maxNativePpmm ? ppmm * 25.4 : undefined;
}

/**
 * Describes the finger images of a transaction: Type-4 (binary, 8-bit grey, 500 ppi class) and
 * Type-14 (tagged, variable resolution) records, in file order. Type-4 resolution: ISR 0 is
 * the minimum scanning resolution (19.69 px/mm ≈ 500 ppi); ISR 1 the native one (1.011 NSR),
 * taken only when it is a plausible number (some files write other things there), else 500.
 * Type-14: SLC 1 = HPS in ppi, 2 = HPS in px/cm; SLC 0 (no scale) → the default 500.
 */
export function describeFingerImages(tx: AnsiNistTransaction, params: FormatParameters = FORMAT_PARAMETERS): FingerImageInfo[] {
  const out: FingerImageInfo[] = [];
  const type1 = tx.records[0];
  tx.records.forEach((r, recordIndex) => {
    if (r.type === 4 && r.encoding === 'binary') {
      const isr = fieldInt(r, 5) ?? 0;
      const fgp = findField(r, 4)?.subfields[0]?.[0];
      const impressionCode = fieldInt(r, 3) ?? 255;
      out.push({
        recordIndex,
        recordType: 4,
        idc: fieldInt(r, 2),
        position: fgp !== undefined && /^[0-9]+$/.test(fgp) ? Number(fgp) : 0,
        impression: impressionKind(impressionCode),
        impressionCode,
        compression: imageCompression(r),
        width: fieldInt(r, 6) ?? 0,
        height: fieldInt(r, 7) ?? 0,
        ppi: (isr === 1 ? nativePpi(type1, params) : undefined) ?? params.defaultFingerPpi,
        bitsPerPixel: 8,
        dataBytes: r.data?.length ?? 0,
      });
    } else if (r.type === 14 && r.encoding === 'tagged') {
      const slc = fieldInt(r, 8) ?? 0;
      const hps = fieldInt(r, 9);
      let ppi: number = params.defaultFingerPpi;
      if (hps !== undefined && hps > 0) {
        if (slc === 1) ppi = hps;
        else if (slc === 2) ppi = hps * 2.54;
      }
      const impressionCode = fieldInt(r, 3) ?? 255;
      out.push({
        recordIndex,
        recordType: 14,
        idc: fieldInt(r, 2),
        position: fieldInt(r, 13) ?? 0,
        impression: impressionKind(impressionCode),
        impressionCode,
        compression: imageCompression(r),
        width: fieldInt(r, 6) ?? 0,
        height: fieldInt(r, 7) ?? 0,
        ppi,
        bitsPerPixel: fieldInt(r, 12) ?? 8,
        dataBytes: r.data?.length ?? 0,
      });
    }
  });
  return out;
}
