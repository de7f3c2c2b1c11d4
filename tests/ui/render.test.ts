import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createGrayImage } from '../../src/core/index.js';
import type { Template } from '../../src/templates/index.js';
import { drawMinutiaeSvg, pairColour, renderFingerImage, OVERLAY_STYLE } from '../../src/render/index.js';

const template: Template = {
  width: 100, height: 80, ppi: 500, quality: 70,
  minutiae: [
    { x: 20, y: 20, angle: 0, type: 'ending', quality: 80 },
    { x: 60, y: 40, angle: Math.PI / 2, type: 'bifurcation', quality: 80 },
    { x: 80, y: 60, angle: Math.PI, type: 'other', quality: 50 },
  ],
};

/** A flat mid-grey image the size of the template. */
const grey = createGrayImage(100, 80, new Uint8Array(100 * 80).fill(128));

describe('drawMinutiaeSvg', () => {
  it('draws endings as circles, bifurcations as squares, others as diamonds, each with a tick', () => {
    const svg = drawMinutiaeSvg(template, 100, 80);
    expect(svg.match(/<circle /g)).toHaveLength(1);
    expect(svg.match(/<rect /g)).toHaveLength(1);
    expect(svg.match(/<path /g)).toHaveLength(1);
    expect(svg.match(/<line /g)).toHaveLength(3);
    expect(svg).toContain('width="100" height="80"');
  });

  it('points the tick along the angle, counter-clockwise with y down', () => {
    const svg = drawMinutiaeSvg(template, 100, 80);
    const lines = [...svg.matchAll(/<line x1="([\d.-]+)" y1="([\d.-]+)" x2="([\d.-]+)" y2="([\d.-]+)"/g)].map((m) => m.slice(1).map(Number));
    const r = OVERLAY_STYLE.markRadius;
    const t = OVERLAY_STYLE.tickLength;
    // angle 0 → to the right of (20,20)
    expect(lines).toContainEqual([20 + r, 20, 20 + r + t, 20]);
    // angle π/2 → up on screen from (60,40): y decreases
    expect(lines.some(([x1, y1, x2, y2]) => x1 === 60 && x2 === 60 && y1 === 40 - r && y2 === 40 - r - t)).toBe(true);
  });

  it('numbers paired minutiae and gives each pair its colour', () => {
    const svg = drawMinutiaeSvg(template, 100, 80, { pairs: new Map([[0, 1], [1, 2]]) });
    expect(svg.match(/<text /g)).toHaveLength(2);
    expect(svg).toContain(`stroke="${pairColour(1)}"`);
    expect(svg).toContain(`stroke="${pairColour(2)}"`);
    expect(svg).toMatch(/>1<\/text>/);
    expect(svg).toMatch(/>2<\/text>/);
    // the unpaired one is dimmed when pairs are shown
    expect(svg).toContain(`stroke-opacity="${OVERLAY_STYLE.unpairedOpacity}"`);
  });

  it('stretches a template of another size to the image and scales the output', () => {
    const svg = drawMinutiaeSvg(template, 200, 160, { scale: 2 });
    expect(svg).toContain('width="400" height="320"');
    expect(svg).toContain('cx="80" cy="80"'); // (20,20) × 2 (image/template) × 2 (scale)
  });
});

describe('renderFingerImage', () => {
  it('renders the plain image as a grey PNG of the same size', async () => {
    const png = await renderFingerImage(grey);
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([100, 80]);
    expect(info.channels === 1 || data[0] === data[1]).toBe(true);
  });

  it('draws the minutiae in colour where they are, at the requested scale', async () => {
    const png = await renderFingerImage(grey, { template, scale: 2 });
    const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([200, 160, 3]);
    const at = (x: number, y: number) => { const o = (y * info.width + x) * 3; return [data[o], data[o + 1], data[o + 2]]; };
    // on the ending's circle (centre (40,40) at 2×, radius 9): orange-ish, not grey
    const [r, g, b] = at(40, 40 - 9);
    expect(r! - b!).toBeGreaterThan(40);
    expect(new Set([r, g, b]).size).toBeGreaterThan(1);
    // far from every minutia: still the grey
    expect(at(5, 150)).toEqual([128, 128, 128]);
  });

  it('refuses a scale out of range with a typed error', async () => {
    await expect(renderFingerImage(grey, { scale: 9 })).rejects.toMatchObject({ code: 'AFIS_BAD_REQUEST' });
    await expect(renderFingerImage(grey, { scale: 1.5 })).rejects.toMatchObject({ code: 'AFIS_BAD_REQUEST' });
  });
});
