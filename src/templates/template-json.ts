import { TemplateError } from '../core/errors.js';
import { validateTemplate, type Template } from './template.js';

/**
 * A template as JSON (`afis extract --format json`, template files `afis match` and the eval
 * commands read): the Template object as it is, with the byte arrays of its optional parts —
 * the valid area's `bits` and the orientation map's `codes` — written as plain arrays of numbers,
 * which JSON.stringify would otherwise turn into objects keyed "0", "1", … that no reader takes.
 */
export function templateToJson(t: Template): unknown {
  return {
    ...t,
    ...(t.validArea ? { validArea: { ...t.validArea, bits: Array.from(t.validArea.bits) } } : {}),
    ...(t.orientationMap ? { orientationMap: { ...t.orientationMap, codes: Array.from(t.orientationMap.codes) } } : {}),
  };
}

/**
 * A parsed JSON value → a validated Template (see {@link templateToJson}): `bits` and `codes`
 * given as arrays of integers 0–255 become byte arrays, then {@link validateTemplate} checks
 * everything. Throws AFIS_TEMPLATE_INVALID naming what is wrong.
 */
export function templateFromJson(value: unknown): Template {
  if (!value || typeof value !== 'object' || !Array.isArray((value as { minutiae?: unknown }).minutiae)) {
    throw new TemplateError('AFIS_TEMPLATE_INVALID', 'JSON is not a template (no minutiae array)');
  }
  const t = value as Template & { validArea?: { bits?: unknown }; orientationMap?: { codes?: unknown } };
  const bytes = (v: unknown, what: string): Uint8Array => {
    if (v instanceof Uint8Array) return v;
    if (!Array.isArray(v) || !v.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) {
      throw new TemplateError('AFIS_TEMPLATE_INVALID', `invalid template: ${what} is not an array of bytes`);
    }
    return Uint8Array.from(v as number[]);
  };
  const area = t.validArea && typeof t.validArea === 'object' ? { ...t.validArea, bits: bytes(t.validArea.bits, 'valid area bits') } : undefined;
  const map = t.orientationMap && typeof t.orientationMap === 'object' ? { ...t.orientationMap, codes: bytes(t.orientationMap.codes, 'orientation map codes') } : undefined;
  return validateTemplate({ ...t, ...(area ? { validArea: area } : {}), ...(map ? { orientationMap: map } : {}) } as Template);
}
