import { FormatError, TWO_PI, normalizeAngle } from '../../core/index.js';
import { type Minutia, type MinutiaType, type Template, validateTemplate } from '../../templates/index.js';
import { type MinutiaPlacement, RECORD_PLACEMENT, moveAlongDirection, placementOffsetPx, toInternalPlacement } from '../iso19794-2/index.js';
import { type AnsiNistField, type AnsiNistRecord, fieldInt, findField } from './ansi-nist-record.js';

/**
 * The INCITS 378 ("M1") block of a Type-9 record, fields 9.126–9.141: 9.128/9.129 HLL/VLL,
 * 9.130 SLC (1 ppi, 2 px/cm), 9.131/9.132 THPS/TVPS, 9.133 finger view, 9.134 FGP, 9.135 finger
 * quality, 9.136 NOM, 9.137 FMD — one subfield per minutia: index, x, y, angle (0–179, 2° units,
 * counter-clockwise like INCITS 378 and our Template), type (0 other, 1 ending, 2 bifurcation),
 * quality (0–100). The legacy NIST fields (9.010–9.012) are read as text only.
 * Placement: the block carries INCITS 378 minutiae, so it follows INCITS 378 (bifurcation at the
 * ridge skeleton's fork, ending at the valley skeleton's fork) and is converted exactly as the
 * INCITS 378 / ISO 19794-2 codec does (../iso19794-2/convert-minutia-placement.ts): reading moves
 * the Template view's minutiae forward into our placement, writing moves them back; the record's
 * fields stay as stored.
 */
export interface Type9Minutiae {
  readonly fingerPosition: number;
  readonly viewNumber: number;
  /** The minutiae as stored in 9.137 (the record's placement), radians, pixels. */
  readonly minutiae: readonly Minutia[];
  /** The block as our Template: minutiae moved from the record's placement into ours. */
  readonly template: Template;
}

const TYPES: readonly MinutiaType[] = ['other', 'ending', 'bifurcation'];

const invalid = (what: string): never => {
  throw new FormatError('AFIS_FORMAT_INVALID', `Type-9 INCITS 378 minutiae block is invalid: ${what}`);
};

function intItem(items: readonly string[] | undefined, k: number, what: string): number {
  const t = items?.[k]?.trim();
  if (t === undefined || !/^[0-9]{1,6}$/.test(t)) invalid(`${what} is "${t ?? ''}", not a number`);
  return Number(t);
}

/**
 * The minutiae of a Type-9 record's INCITS 378 block as a Template (pixels at the block's
 * resolution, radians), or undefined when the record has neither 9.136 nor 9.137. The Template's
 * minutiae are moved forward along their direction by their type's offset in `placement` (default
 * the standards' placement, {@link RECORD_PLACEMENT}) at the block's resolution, clamped into the
 * image; `minutiae` keeps them as stored. Throws AFIS_FORMAT_INVALID for non-numeric items and
 * AFIS_TEMPLATE_INVALID for stored minutiae outside the image. Pure, thread-safe.
 */
export function readType9Minutiae(record: AnsiNistRecord, placement: MinutiaPlacement = RECORD_PLACEMENT): Type9Minutiae | undefined {
  if (record.type !== 9) return undefined;
  const fmd = findField(record, 137);
  if (!fmd && !findField(record, 136)) return undefined;
  const width = fieldInt(record, 128) ?? invalid('9.128 HLL is missing');
  const height = fieldInt(record, 129) ?? invalid('9.129 VLL is missing');
  const slc = fieldInt(record, 130) ?? 0;
  const hps = fieldInt(record, 131) ?? 0;
  const ppi = slc === 2 ? hps * 2.54 : slc === 1 ? hps : 500;
  const minutiae: Minutia[] = (fmd?.subfields ?? []).map((items, i) => {
    const typeCode = intItem(items, 4, `9.137 minutia ${i + 1} type`);
    return {
      x: intItem(items, 1, `9.137 minutia ${i + 1} x`),
      y: intItem(items, 2, `9.137 minutia ${i + 1} y`),
      angle: normalizeAngle((intItem(items, 3, `9.137 minutia ${i + 1} angle`) * TWO_PI) / 180),
      type: TYPES[typeCode] ?? 'other',
      quality: intItem(items, 5, `9.137 minutia ${i + 1} quality`),
    };
  });
  // validated as stored (a minutia outside the image is an error, not clamped), then moved
  const stored = validateTemplate({ width, height, ppi: ppi > 0 ? ppi : 500, quality: fieldInt(record, 135) ?? 0, minutiae });
  return { fingerPosition: fieldInt(record, 134) ?? 0, viewNumber: fieldInt(record, 133) ?? 0, minutiae, template: toInternalPlacement(stored, placement) };
}

/** Options of {@link buildType9Record}. */
export interface Type9Options {
  readonly idc: number;
  /** 9.003 IMP impression code. */
  readonly impression: number;
  readonly fingerPosition: number;
  readonly viewNumber?: number;
}

/**
 * A Type-9 record carrying a Template in the INCITS 378 block (9.126–9.137): resolution written
 * as px/cm (SLC 2), angles rounded to 2°, coordinates to whole pixels. Each minutia is first moved
 * back along its stored (rounded) direction by its type's offset in `placement` (default
 * {@link RECORD_PLACEMENT}) at the written resolution, so that the block follows INCITS 378 and
 * {@link readType9Minutiae} returns it within the rounding.
 */
export function buildType9Record(t: Template, o: Type9Options, placement: MinutiaPlacement = RECORD_PLACEMENT): AnsiNistRecord {
  validateTemplate(t);
  if (!Number.isInteger(o.idc) || o.idc < 0 || o.idc > 99) invalid(`IDC ${o.idc}`);
  const ppcmValue = Math.round(t.ppi / 2.54);
  const ppcm = String(ppcmValue);
  const ppi = ppcmValue * 2.54; // the resolution the reader takes from 9.131
  const f = (tag: number, ...subfields: string[][]): AnsiNistField => ({ tag, subfields });
  const fmd = t.minutiae.map((minutia, i) => {
    const units = Math.round((normalizeAngle(minutia.angle) * 180) / TWO_PI) % 180;
    const m = moveAlongDirection(minutia, -placementOffsetPx(minutia.type, ppi, placement), (units * TWO_PI) / 180, t.width, t.height);
    return [
      String(i + 1),
      String(Math.min(t.width - 1, Math.max(0, Math.round(m.x)))),
      String(Math.min(t.height - 1, Math.max(0, Math.round(m.y)))),
      String(units),
      String(m.type === 'ending' ? 1 : m.type === 'bifurcation' ? 2 : 0),
      String(Math.round(m.quality)),
    ];
  });
  const fields: AnsiNistField[] = [
    f(2, [String(o.idc).padStart(2, '0')]),
    f(3, [String(o.impression)]),
    f(4, ['U']),
    f(126, ['27', '513', '0']),
    f(127, ['0', '0']),
    f(128, [String(t.width)]),
    f(129, [String(t.height)]),
    f(130, ['2']),
    f(131, [ppcm]),
    f(132, [ppcm]),
    f(133, [String(o.viewNumber ?? 0)]),
    f(134, [String(o.fingerPosition)]),
    f(135, [String(Math.round(t.quality)), '0', '0']),
    f(136, [String(t.minutiae.length)]),
  ];
  if (fmd.length > 0) fields.push(f(137, ...fmd));
  return { type: 9, encoding: 'tagged', fields };
}
