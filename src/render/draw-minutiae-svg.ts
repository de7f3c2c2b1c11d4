import type { Template } from '../templates/index.js';
import { OVERLAY_STYLE, type OverlayStyle } from './overlay-style.js';

/** How one minutia of this side is paired with the other side: the pair's number (1, 2, ...). */
export type PairLabels = ReadonlyMap<number, number>;

export interface MinutiaeSvgOptions {
  /** Output pixels per template pixel (the grey image is scaled by the same factor). */
  readonly scale?: number;
  /** Minutia index → pair number; paired minutiae are drawn in their pair's colour and numbered. */
  readonly pairs?: PairLabels;
  readonly style?: OverlayStyle;
}

/**
 * Draws a template's minutiae as an SVG document of `width·scale × height·scale` pixels, to lay
 * over the finger image the template was extracted from:
 * - endings as circles, bifurcations as squares, `other` as diamonds (shape, not only colour,
 *   tells the kind, for colour-blind readers);
 * - a direction tick along each minutia's angle (Template convention: θ points to (cos θ, −sin θ)
 *   on screen, y down);
 * - paired minutiae in the colour of their pair, thicker, with the pair's number beside them, so
 *   the same number on the probe and the candidate marks the same minutia; unpaired ones dimmer.
 *
 * `imageWidth`/`imageHeight` are the grey image's size: when they differ from the template's
 * (a template made at another resolution), coordinates are stretched to fit. Pure; cost O(n).
 */
export function drawMinutiaeSvg(template: Template, imageWidth: number, imageHeight: number, options: MinutiaeSvgOptions = {}): string {
  const style = options.style ?? OVERLAY_STYLE;
  const scale = options.scale ?? 1;
  const sx = (imageWidth / template.width) * scale;
  const sy = (imageHeight / template.height) * scale;
  const w = Math.round(imageWidth * scale);
  const h = Math.round(imageHeight * scale);
  // Marks keep a constant size on screen relative to ridges: sized from the resolution, not the image.
  const unit = (template.ppi / 500) * scale;
  const r = style.markRadius * unit;
  const tick = style.tickLength * unit;
  const paired = options.pairs ?? new Map<number, number>();
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`);
  // Unpaired first, paired on top.
  const order = template.minutiae.map((_, i) => i).sort((a, b) => Number(paired.has(a)) - Number(paired.has(b)));
  for (const i of order) {
    const m = template.minutiae[i]!;
    const x = m.x * sx;
    const y = m.y * sy;
    const label = paired.get(i);
    const colour = label === undefined ? (m.type === 'bifurcation' ? style.bifurcationColour : style.endingColour) : pairColour(label, style);
    const stroke = (label === undefined ? style.strokeWidth : style.pairedStrokeWidth) * Math.max(1, scale / 2);
    const opacity = label === undefined && options.pairs ? style.unpairedOpacity : 1;
    const tx = x + Math.cos(m.angle) * (r + tick);
    const ty = y - Math.sin(m.angle) * (r + tick);
    const ox = x + Math.cos(m.angle) * r;
    const oy = y - Math.sin(m.angle) * r;
    const g = `fill="none" stroke="${colour}" stroke-width="${fmt(stroke)}" stroke-opacity="${opacity}"`;
    if (m.type === 'bifurcation') {
      parts.push(`<rect x="${fmt(x - r)}" y="${fmt(y - r)}" width="${fmt(2 * r)}" height="${fmt(2 * r)}" ${g}/>`);
    } else if (m.type === 'ending') {
      parts.push(`<circle cx="${fmt(x)}" cy="${fmt(y)}" r="${fmt(r)}" ${g}/>`);
    } else {
      parts.push(`<path d="M${fmt(x)} ${fmt(y - r)}L${fmt(x + r)} ${fmt(y)}L${fmt(x)} ${fmt(y + r)}L${fmt(x - r)} ${fmt(y)}Z" ${g}/>`);
    }
    parts.push(`<line x1="${fmt(ox)}" y1="${fmt(oy)}" x2="${fmt(tx)}" y2="${fmt(ty)}" ${g} stroke-linecap="round"/>`);
    if (label !== undefined) {
      const fs = style.labelSize * unit;
      // Put the number on the side away from the tick so it does not hide it.
      const lx = x - Math.cos(m.angle) * (r + fs * 0.9);
      const ly = y + Math.sin(m.angle) * (r + fs * 0.9) + fs * 0.35;
      parts.push(
        `<text x="${fmt(lx)}" y="${fmt(ly)}" font-family="sans-serif" font-weight="bold" font-size="${fmt(fs)}" text-anchor="middle" ` +
          `fill="${colour}" stroke="${style.labelHalo}" stroke-width="${fmt(fs / 5)}" paint-order="stroke">${label}</text>`,
      );
    }
  }
  parts.push('</svg>');
  return parts.join('');
}

/** The colour of pair `label` (1-based): a fixed palette cycled, so both sides agree. */
export function pairColour(label: number, style: OverlayStyle = OVERLAY_STYLE): string {
  const p = style.pairPalette;
  return p[(((label - 1) % p.length) + p.length) % p.length]!;
}

function fmt(v: number): string {
  return (Math.round(v * 10) / 10).toString();
}
