import { TWO_PI, normalizeAngle } from '../../core/index.js';
import type { FingerMinutiaeFormat } from './finger-minutiae-record.js';

/**
 * Angle units of the two formats. Both measure counter-clockwise from the positive x axis as
 * seen on the image (y down), with the same direction meaning for endings and bifurcations as
 * our Template, so only the unit changes at the border:
 * ISO/IEC 19794-2:2005 stores 256 steps per turn (1.40625°), INCITS 378-2004 stores 2° steps
 * (0–179).
 */
export function unitsPerTurn(format: FingerMinutiaeFormat): number {
  return format === 'iso19794-2:2005' ? 256 : 180;
}

/** Record angle units → radians in [0, 2π). Out-of-range INCITS values (180–255) wrap. */
export function angleFromUnits(units: number, format: FingerMinutiaeFormat): number {
  return normalizeAngle((units * TWO_PI) / unitsPerTurn(format));
}

/** Radians → nearest record angle unit, wrapped into [0, unitsPerTurn). */
export function angleToUnits(angle: number, format: FingerMinutiaeFormat): number {
  const n = unitsPerTurn(format);
  const u = Math.round((normalizeAngle(angle) * n) / TWO_PI);
  return u >= n ? u - n : u;
}
