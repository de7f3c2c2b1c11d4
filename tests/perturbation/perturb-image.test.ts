import { describe, expect, it } from 'vitest';
import { createGrayImage, type GrayImage } from '../../src/core/index.js';
import { PERTURBATION_PARAMETERS } from '../../src/config/parameters.js';
import { drawDryLayout, drawWetLayout, EXTRA_PERTURBATION_KINDS, parsePerturbation, perturbImage, PERTURBATION_KINDS } from '../../src/perturbation/index.js';
import { createRng, mixSeed, type Rng } from '../../src/synthetic/index.js';
import { smearImage } from '../../src/perturbation/smear-image.js';

/** A stripe pattern (period 9, like ridges) with one dark dot to follow through the geometry. */
function stripes(width = 200, height = 240): GrayImage {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = 128 + 100 * Math.cos((2 * Math.PI * (x + 0.3 * y)) / 9);
  return createGrayImage(width, height, data);
}

function withDot(image: GrayImage, cx: number, cy: number): GrayImage {
  const data = new Uint8Array(image.width * image.height).fill(230);
  for (let y = cy - 2; y <= cy + 2; y++) for (let x = cx - 2; x <= cx + 2; x++) data[y * image.width + x] = 0;
  return createGrayImage(image.width, image.height, data);
}

/** Centre of mass of the dark pixels. */
function darkCentre(image: GrayImage): [number, number] {
  let sx = 0, sy = 0, n = 0;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const w = Math.max(0, 200 - image.data[y * image.width + x]);
      sx += w * x; sy += w * y; n += w;
    }
  }
  return [sx / n, sy / n];
}

describe('perturbImage', () => {
  it('is deterministic from the seed and changes the image', () => {
    const img = stripes();
    for (const kind of PERTURBATION_KINDS) {
      const a = perturbImage(img, kind, 5).image;
      const b = perturbImage(img, kind, 5).image;
      expect(Buffer.from(a.data).equals(Buffer.from(b.data)), kind).toBe(true);
      const same = a.width === img.width && a.height === img.height && Buffer.from(a.data).equals(Buffer.from(img.data));
      // the crop keeps an image already smaller than the sensor whole
      expect(same, kind).toBe(kind === 'crop');
    }
  });

  it('says where points went: a dot follows the geometric perturbations', () => {
    const img = withDot(stripes(400, 420), 150, 260);
    for (const kind of ['resolution', 'crop', 'elastic'] as const) {
      for (const seed of [1, 2, 3]) {
        const p = perturbImage(img, kind, seed);
        const to = p.mapPoint(150, 260);
        if (!to) continue; // cropped away
        const [x, y] = darkCentre(p.image);
        expect(Math.hypot(x - to[0], y - to[1]), `${kind} seed ${seed}`).toBeLessThan(1);
      }
    }
  });

  it('elastic knows its inverse: unmapPoint undoes mapPoint, and is the map the pixels were rendered through', () => {
    const img = withDot(stripes(400, 420), 150, 260);
    for (const seed of [1, 2, 3, 4, 5]) {
      const p = perturbImage(img, 'elastic', seed);
      expect(p.unmapPoint).toBeDefined();
      for (const [x, y] of [[150, 260], [30, 40], [370, 400], [200, 210]] as const) {
        const to = p.mapPoint(x, y)!;
        const back = p.unmapPoint!(to[0], to[1]);
        if (!back) continue; // the forward point left the image's source range
        expect(Math.hypot(back[0] - x, back[1] - y), `seed ${seed} (${x}, ${y})`).toBeLessThan(0.05);
      }
      // the dot seen in the perturbed image maps back onto the original dot
      const back = p.unmapPoint!(...darkCentre(p.image));
      expect(Math.hypot(back![0] - 150, back![1] - 260), `seed ${seed}`).toBeLessThan(1);
    }
    const two = perturbImage(img, 'elastic+elastic', 1);
    const to = two.mapPoint(150, 260)!;
    const back = two.unmapPoint!(to[0], to[1])!;
    expect(Math.hypot(back[0] - 150, back[1] - 260)).toBeLessThan(0.05);
  });

  it('every kind and chain knows its inverse: unmapPoint takes a kept point back where mapPoint took it from', () => {
    const img = withDot(stripes(400, 420), 150, 260);
    const kinds = [...PERTURBATION_KINDS, ...EXTRA_PERTURBATION_KINDS, 'dry+low-contrast+crop+frame', 'elastic+crop', 'resolution+crop', 'crop+phalanx'];
    for (const kind of kinds) {
      for (const seed of [1, 2, 3]) {
        const p = perturbImage(img, kind, seed);
        for (const [x, y] of [[150, 260], [60, 80], [330, 390], [200, 210]] as const) {
          const to = p.mapPoint(x, y);
          if (!to) continue; // removed (cut away, painted over)
          const back = p.unmapPoint(to[0], to[1]);
          expect(back, `${kind} seed ${seed} (${x}, ${y})`).not.toBeNull();
          expect(Math.hypot(back![0] - x, back![1] - y), `${kind} seed ${seed} (${x}, ${y})`).toBeLessThan(0.05);
        }
      }
    }
    // the crop's window is where the original's pixels are: the perturbed pixel came from there
    const c = perturbImage(img, 'crop', 2);
    for (const [x, y] of [[0, 0], [17, 40], [c.image.width - 1, c.image.height - 1]] as const) {
      const [ox, oy] = c.unmapPoint(x, y)!;
      expect(c.image.data[y * c.image.width + x]).toBe(img.data[oy * img.width + ox]);
    }
    // rows added below the print came from nowhere
    const ph = perturbImage(img, 'phalanx', 1);
    expect(ph.unmapPoint(10, img.height - 1)).toEqual([10, img.height - 1]);
    expect(ph.unmapPoint(10, img.height + 2)).toBeNull();
  });

  it('frames the print with a flat area and loses what lies outside', () => {
    const img = stripes();
    const p = perturbImage(img, 'frame', 1);
    expect(p.image.data[0]).toBe(p.image.data[1]);
    expect(p.mapPoint(1, 1)).toBeNull();
    expect(p.mapPoint(100, 120)).toEqual([100, 120]);
  });

  it('adds the second phalanx below the print, keeping the print where it was', () => {
    const img = stripes();
    const p = perturbImage(img, 'phalanx', 1);
    expect(p.image.width).toBe(img.width);
    expect(p.image.height).toBeGreaterThan(img.height);
    expect(Buffer.from(p.image.data.subarray(0, img.data.length)).equals(Buffer.from(img.data))).toBe(true);
  });

  it('crops to at most 330 × 360', () => {
    const p = perturbImage(stripes(400, 420), 'crop', 3);
    expect([p.image.width, p.image.height]).toEqual([330, 360]);
  });

  it('washes the whole print out: a quarter or so of its contrast left, lighter, geometry kept', () => {
    const img = stripes();
    expect(EXTRA_PERTURBATION_KINDS).toContain('washed-out');
    expect(PERTURBATION_KINDS as readonly string[]).not.toContain('washed-out');
    const sd = (d: Uint8Array): number => {
      let s = 0, s2 = 0;
      for (const v of d) { s += v; s2 += v * v; }
      return Math.sqrt(s2 / d.length - (s / d.length) ** 2);
    };
    const mean = (d: Uint8Array): number => d.reduce((a, b) => a + b, 0) / d.length;
    for (const seed of [1, 2, 3]) {
      const p = perturbImage(img, 'washed-out', seed);
      expect([p.image.width, p.image.height]).toEqual([img.width, img.height]);
      expect(p.mapPoint(10, 20)).toEqual([10, 20]);
      // at most 35 % of the contrast, less again after the blur; lighter than before
      expect(sd(p.image.data) / sd(img.data)).toBeLessThan(0.36);
      expect(sd(p.image.data) / sd(img.data)).toBeGreaterThan(0.05);
      expect(mean(p.image.data)).toBeGreaterThan(mean(img.data));
    }
  });

  it('stretches the grey range as a scanner\'s automatic gain: 1st and 99th percentiles onto 0 and 255, linear, geometry kept', () => {
    expect(EXTRA_PERTURBATION_KINDS).toContain('stretch');
    expect(PERTURBATION_KINDS as readonly string[]).not.toContain('stretch');
    expect(parsePerturbation('low-contrast+stretch')).toEqual(['low-contrast', 'stretch']);
    // a faint print: stripes 200 ± 20
    const faint = createGrayImage(200, 240, Uint8Array.from(stripes().data, (v) => 200 + Math.round((v - 128) / 5)));
    const lo = Math.min(...faint.data), hi = Math.max(...faint.data);
    const p = perturbImage(faint, 'stretch', 1);
    expect([p.image.width, p.image.height]).toEqual([200, 240]);
    expect(p.mapPoint(10, 20)).toEqual([10, 20]);
    // the stripes' extremes hold far more than 1 % of the pixels, so the percentiles are the extremes
    expect(Math.min(...p.image.data)).toBe(0);
    expect(Math.max(...p.image.data)).toBe(255);
    const gain = 255 / (hi - lo);
    for (let i = 0; i < faint.data.length; i += 97) expect(p.image.data[i]).toBe(Math.round((faint.data[i]! - lo) * gain));
    // the same whatever the seed (nothing drawn); a faint print uses only every few levels after it
    expect(Buffer.from(perturbImage(faint, 'stretch', 2).image.data).equals(Buffer.from(p.image.data))).toBe(true);
    expect(new Set(p.image.data).size).toBe(new Set(faint.data).size);
    // the outermost 1 % at each end are clipped; a flat image is kept
    const tails = Uint8Array.from(faint.data, (v, i) => (i % 200 === 0 ? 0 : i % 200 === 1 ? 255 : v));
    const t = perturbImage(createGrayImage(200, 240, tails), 'stretch', 1).image;
    expect(t.data[200]).toBe(0);
    expect(t.data[201]).toBe(255);
    expect(t.data[205]).toBe(Math.round((tails[205]! - lo) * gain));
    const flat = createGrayImage(200, 240, new Uint8Array(200 * 240).fill(77));
    expect(Array.from(new Set(perturbImage(flat, 'stretch', 1).image.data))).toEqual([77]);
  });

  it('quantises as a coarse scanner: 6 bits keep the high bits (multiples of 4), 5 bits multiples of 8, geometry kept, chains accepted', () => {
    expect(EXTRA_PERTURBATION_KINDS).toContain('quantise');
    expect(EXTRA_PERTURBATION_KINDS).toContain('quantise-coarse');
    expect(PERTURBATION_KINDS as readonly string[]).not.toContain('quantise');
    expect(parsePerturbation('dry+low-contrast+quantise+stretch')).toEqual(['dry', 'low-contrast', 'quantise', 'stretch']);
    expect(PERTURBATION_PARAMETERS.quantiseBits).toBe(6);
    expect(PERTURBATION_PARAMETERS.quantiseCoarseBits).toBe(5);
    const ramp = createGrayImage(256, 4, Uint8Array.from({ length: 1024 }, (_, i) => i % 256));
    const six = perturbImage(ramp, 'quantise', 1);
    expect([six.image.width, six.image.height]).toEqual([256, 4]);
    expect(six.mapPoint(10, 2)).toEqual([10, 2]);
    for (let v = 0; v < 256; v++) expect(six.image.data[v]).toBe(v - (v % 4));
    expect(new Set(six.image.data).size).toBe(64);
    const five = perturbImage(ramp, 'quantise-coarse', 1).image;
    for (let v = 0; v < 256; v++) expect(five.data[v]).toBe(8 * Math.floor(v / 8));
    expect(new Set(five.data).size).toBe(32);
    // the bits come from the parameters; 8 bits keep the image; nothing is drawn
    const four = perturbImage(ramp, 'quantise', 1, { ...PERTURBATION_PARAMETERS, quantiseBits: 4 } as unknown as typeof PERTURBATION_PARAMETERS).image;
    expect(new Set(four.data).size).toBe(16);
    expect(Buffer.from(perturbImage(ramp, 'quantise', 1, { ...PERTURBATION_PARAMETERS, quantiseBits: 8 } as unknown as typeof PERTURBATION_PARAMETERS).image.data).equals(Buffer.from(ramp.data))).toBe(true);
    expect(Buffer.from(perturbImage(ramp, 'quantise', 7).image.data).equals(Buffer.from(six.image.data))).toBe(true);
    // a print's ridges keep their depth to within a step: stripes' standard deviation barely moves
    const img = stripes();
    const sd = (d: Uint8Array): number => {
      let a = 0, a2 = 0;
      for (const v of d) { a += v; a2 += v * v; }
      return Math.sqrt(a2 / d.length - (a / d.length) ** 2);
    };
    const q = perturbImage(img, 'quantise', 3).image;
    expect(Math.abs(sd(q.data) - sd(img.data))).toBeLessThan(2);
    expect(Array.from(q.data).every((v) => v % 4 === 0)).toBe(true);
    // a chain: the stretch after the quantiser spreads its levels further apart, geometry kept
    const chained = perturbImage(img, 'quantise+stretch', 3);
    expect([chained.image.width, chained.image.height]).toEqual([img.width, img.height]);
    expect(new Set(chained.image.data).size).toBeLessThanOrEqual(new Set(q.data).size);
  });

  it('blurs the print: ridges of period 9 lose most of their depth, the mean grey stays', () => {
    const img = stripes();
    const sd = (d: Uint8Array): number => {
      let a = 0, a2 = 0;
      for (const v of d) { a += v; a2 += v * v; }
      return Math.sqrt(a2 / d.length - (a / d.length) ** 2);
    };
    for (const seed of [1, 2]) {
      const p = perturbImage(img, 'blurred', seed);
      expect([p.image.width, p.image.height]).toEqual([img.width, img.height]);
      expect(p.mapPoint(3, 4)).toEqual([3, 4]);
      // sigma 1.5–3.5 px keeps exp(−2π²σ²/81) of a period-9 sinusoid: at most 58 %
      expect(sd(p.image.data) / sd(img.data)).toBeLessThan(0.6);
      const mean = (d: Uint8Array): number => d.reduce((a, b) => a + b, 0) / d.length;
      expect(Math.abs(mean(p.image.data) - mean(img.data))).toBeLessThan(2);
    }
  });
});


describe('drawDryLayout', () => {
  it('is where the dry perturbation did its damage, from the same seed', () => {
    const img = stripes();
    const out = perturbImage(img, 'dry', 11).image;
    const layout = drawDryLayout(img.width, img.height, createRng(11), PERTURBATION_PARAMETERS);
    let untouched = 0, whitened = 0, erodedChanged = 0, erodedPixels = 0;
    const white = Math.max(...img.data);
    for (let y = 0; y < img.height; y++) {
      for (let x = 0; x < img.width; x++) {
        const i = y * img.width + x;
        const w = layout.blobWeight[i]!;
        if (!layout.eroded(x, y) && w === 0) {
          expect(out.data[i], `${x},${y}`).toBe(img.data[i]);
          untouched++;
        }
        if (w === 1) {
          expect(out.data[i]).toBeGreaterThanOrEqual(white - 30);
          whitened++;
        }
        if (layout.eroded(x, y) && w === 0) {
          erodedPixels++;
          if (out.data[i] !== img.data[i]) erodedChanged++;
        }
      }
    }
    expect(untouched).toBeGreaterThan(1000);
    expect(whitened).toBeGreaterThan(50);
    // the erosion lightens the dark ridges of the eroded half
    expect(erodedChanged / erodedPixels).toBeGreaterThan(0.3);
  });

  it('applies a chain "a+b" in turn: each step on the previous image with its own seed, points followed through all', () => {
    expect(parsePerturbation('dry+crop+frame')).toEqual(['dry', 'crop', 'frame']);
    expect(parsePerturbation('dry')).toEqual(['dry']);
    expect(parsePerturbation('dry+nope')).toBeNull();
    expect(parsePerturbation('')).toBeNull();
    expect(() => perturbImage(stripes(), 'crop+nope', 1)).toThrow(/unknown perturbation/);
    const img = withDot(stripes(400, 420), 150, 260);
    for (const seed of [1, 2, 3]) {
      const chain = perturbImage(img, 'elastic+crop+resolution', seed);
      // by hand: the first step draws as the kind alone, later steps from mixSeed(seed, step)
      const a = perturbImage(img, 'elastic', seed);
      const b = perturbImage(a.image, 'crop', mixSeed(seed, 1));
      const c = perturbImage(b.image, 'resolution', mixSeed(seed, 2));
      expect(Buffer.from(chain.image.data).equals(Buffer.from(c.image.data)), `seed ${seed}`).toBe(true);
      expect([chain.image.width, chain.image.height]).toEqual([c.image.width, c.image.height]);
      const to = chain.mapPoint(150, 260);
      const mid = a.mapPoint(150, 260);
      const mid2 = mid && b.mapPoint(mid[0], mid[1]);
      expect(to).toEqual(mid2 && c.mapPoint(mid2[0], mid2[1]));
      if (!to) continue; // cropped away
      const [x, y] = darkCentre(chain.image);
      expect(Math.hypot(x - to[0], y - to[1]), `seed ${seed}`).toBeLessThan(1.5);
    }
    // a point the frame paints over is lost through the chain
    expect(perturbImage(stripes(), 'low-contrast+frame', 1).mapPoint(0, 0)).toBeNull();
  });
});

describe('drawWetLayout', () => {
  /** Stripes on the left half, flat paper on the right: a print beside blank sensor. */
  function halfPrint(width = 240, height = 240): GrayImage {
    const s = stripes(width, height);
    const data = new Uint8Array(s.data);
    for (let y = 0; y < height; y++) for (let x = width / 2; x < width; x++) data[y * width + x] = 220;
    return createGrayImage(width, height, data);
  }

  it('spreads the ridges over one half and floods blobs on print only, from the same seed', () => {
    const img = halfPrint();
    for (const seed of [3, 11, 12]) {
      const out = perturbImage(img, 'wet', seed).image;
      const layout = drawWetLayout(img, createRng(seed), PERTURBATION_PARAMETERS);
      const dark = 28; // the stripes' 5 % grey quantile is about 28
      let untouched = 0, flooded = 0, spreadDarker = 0, spreadPixels = 0;
      const wrong: string[] = [];
      for (let y = 0; y < img.height; y++) {
        for (let x = 0; x < img.width; x++) {
          const i = y * img.width + x;
          const w = layout.floodWeight[i]!;
          // no moisture where the finger did not touch (a blob's rim may reach 14 px past the print)
          if (x >= img.width / 2 + 16 && w !== 0) wrong.push(`flooded off print at ${x},${y}`);
          if (!layout.spread(x, y) && w === 0) {
            if (out.data[i] !== img.data[i]) wrong.push(`changed outside the damage at ${x},${y}`);
            untouched++;
          }
          if (w === 1) {
            // pulled 85 % of the way to the dark grey
            if (out.data[i]! > Math.round(dark + 0.15 * (img.data[i]! - dark)) + 12) wrong.push(`not flooded at ${x},${y}`);
            flooded++;
          }
          if (layout.spread(x, y) && w === 0 && x < img.width / 2 - 2) {
            spreadPixels++;
            if (out.data[i]! < img.data[i]!) spreadDarker++;
            if (out.data[i]! > img.data[i]!) wrong.push(`lightened by the spread at ${x},${y}`);
          }
        }
      }
      expect(wrong.slice(0, 5), `seed ${seed}`).toEqual([]);
      expect(untouched).toBeGreaterThan(1000);
      expect(flooded, `seed ${seed}`).toBeGreaterThan(20);
      // the grey erosion darkens the light valleys of the wet half
      expect(spreadDarker / spreadPixels).toBeGreaterThan(0.3);
    }
  });

  it('adds a noisy sensor\'s white noise: SD drawn in noiseSigma, mean kept, clipped to 0–255, geometry kept, deterministic', () => {
    expect(EXTRA_PERTURBATION_KINDS).toContain('noise');
    expect(PERTURBATION_KINDS as readonly string[]).not.toContain('noise');
    expect(parsePerturbation('dry+noise')).toEqual(['dry', 'noise']);
    const [s0, s1] = PERTURBATION_PARAMETERS.noiseSigma as readonly [number, number];
    const flat = createGrayImage(200, 200, new Uint8Array(200 * 200).fill(128));
    for (const seed of [1, 2, 3]) {
      const noisy = perturbImage(flat, 'noise', seed);
      expect([noisy.image.width, noisy.image.height]).toEqual([200, 200]);
      expect(noisy.mapPoint(17, 40)).toEqual([17, 40]);
      let a = 0, a2 = 0;
      for (const v of noisy.image.data) { a += v; a2 += v * v; }
      const mean = a / flat.data.length, sd = Math.sqrt(a2 / flat.data.length - mean * mean);
      expect(Math.abs(mean - 128)).toBeLessThan(0.5);
      expect(sd).toBeGreaterThan(s0 - 0.5);
      expect(sd).toBeLessThan(s1 + 0.5);
      expect(Buffer.from(perturbImage(flat, 'noise', seed).image.data).equals(Buffer.from(noisy.image.data))).toBe(true);
    }
    expect(Buffer.from(perturbImage(flat, 'noise', 1).image.data).equals(Buffer.from(perturbImage(flat, 'noise', 2).image.data))).toBe(false);
    // over white, the noise above 255 is clipped away: only darker pixels remain
    const white = perturbImage(createGrayImage(100, 100, new Uint8Array(100 * 100).fill(255)), 'noise', 1).image.data;
    expect(Math.max(...white)).toBe(255);
    expect(Array.from(white).filter((v) => v < 255).length).toBeGreaterThan(4000);
  });

  it('wsq (outside the suite) is a WSQ round trip at wsqBitRate: the ridges kept, fine noise taken, geometry kept, deterministic', () => {
    expect(EXTRA_PERTURBATION_KINDS).toContain('wsq');
    expect(PERTURBATION_KINDS as readonly string[]).not.toContain('wsq');
    const img = stripes(200, 240);
    // a grain of ±6 grey levels on every other pixel: below what 0.75 bpp keeps
    const grained = createGrayImage(img.width, img.height, Uint8Array.from(img.data, (v, i) => v + ((i + Math.floor(i / img.width)) % 2 ? 6 : -6)), img.ppi);
    const p = perturbImage(grained, 'wsq', 1);
    expect([p.image.width, p.image.height, p.image.ppi]).toEqual([200, 240, img.ppi]);
    expect(p.mapPoint(17, 40)).toEqual([17, 40]);
    expect(p.unmapPoint(17, 40)).toEqual([17, 40]);
    // the seed is not read: a compression is the same every time
    expect(Buffer.from(perturbImage(grained, 'wsq', 2).image.data).equals(Buffer.from(p.image.data))).toBe(true);
    let toStripes = 0, toGrained = 0;
    for (let i = 0; i < img.data.length; i++) {
      toStripes += (p.image.data[i]! - img.data[i]!) ** 2;
      toGrained += (p.image.data[i]! - grained.data[i]!) ** 2;
    }
    const rms = (v: number) => Math.sqrt(v / img.data.length);
    // the ridges come back within a few grey levels, nearer the clean stripes than the grained input
    expect(rms(toStripes)).toBeLessThan(4);
    expect(rms(toStripes)).toBeLessThan(rms(toGrained));
    // a lower rate loses more
    const low = perturbImage(grained, 'wsq', 1, { ...PERTURBATION_PARAMETERS, wsqBitRate: 0.2 } as unknown as typeof PERTURBATION_PARAMETERS).image.data;
    let lowErr = 0;
    for (let i = 0; i < img.data.length; i++) lowErr += (low[i]! - img.data[i]!) ** 2;
    expect(rms(lowErr)).toBeGreaterThan(rms(toStripes));
  });

  it('canvas (outside the suite) places the print unchanged in a larger surround of its own border grey', () => {
    expect(EXTRA_PERTURBATION_KINDS).toContain('canvas');
    expect(PERTURBATION_KINDS as readonly string[]).not.toContain('canvas');
    const w = 300, h = 560;
    const data = new Uint8Array(w * h);
    // a print-like pattern in the middle, a background of 200 at the border
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = Math.hypot(x - w / 2, y - h / 2) < 120 ? 128 + Math.round(60 * Math.sin(x / 1.5)) : 200;
    const print = createGrayImage(w, h, data);
    const [n0, n1] = PERTURBATION_PARAMETERS.canvasNoise as readonly [number, number];
    for (const seed of [1, 2, 3]) {
      const c = perturbImage(print, 'canvas', seed);
      const { width: W, height: H } = c.image;
      expect(W).toBeGreaterThanOrEqual(640);
      expect(H).toBeGreaterThanOrEqual(h + PERTURBATION_PARAMETERS.canvasMargin);
      const [ox, oy] = c.mapPoint(0, 0)!;
      expect(c.unmapPoint!(ox + 17, oy + 40)).toEqual([17, 40]);
      expect(c.unmapPoint!(ox - 1, oy)).toBeNull();
      // the print's pixels unchanged
      for (let y = 0; y < h; y += 7) for (let x = 0; x < w; x += 5) expect(c.image.data[(y + oy) * W + x + ox]).toBe(data[y * w + x]);
      // the surround: the border grey with light noise
      let a = 0, a2 = 0, n = 0;
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          if (x >= ox && x < ox + w && y >= oy && y < oy + h) continue;
          const v = c.image.data[y * W + x]!;
          a += v; a2 += v * v; n++;
        }
      }
      const mean = a / n, sd = Math.sqrt(Math.max(0, a2 / n - mean * mean));
      expect(Math.abs(mean - 200)).toBeLessThan(0.5);
      expect(sd).toBeLessThan(n1 + 0.5);
      expect(sd).toBeGreaterThanOrEqual(n0);
      expect(Buffer.from(perturbImage(print, 'canvas', seed).image.data).equals(Buffer.from(c.image.data))).toBe(true);
    }
  });

  it('rotate (outside the suite) turns the whole print 15–30° either way, cutting nothing, its corners of the border grey', () => {
    expect(EXTRA_PERTURBATION_KINDS).toContain('rotate');
    expect(PERTURBATION_KINDS as readonly string[]).not.toContain('rotate');
    const w = 300, h = 360;
    // a dot near a corner, on a background of 200
    const data = new Uint8Array(w * h).fill(200);
    for (let y = 28; y <= 32; y++) for (let x = 38; x <= 42; x++) data[y * w + x] = 0;
    const print = createGrayImage(w, h, data);
    const [a0, a1] = PERTURBATION_PARAMETERS.rotateAngle as readonly [number, number];
    const senses = new Set<number>();
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const r = perturbImage(print, 'rotate', seed);
      const { width: W, height: H } = r.image;
      // the image grows to hold the turned original: the angle read off the new size
      expect(W).toBeGreaterThan(w);
      expect(H).toBeGreaterThan(h);
      // the dot lands where mapPoint says, and unmapPoint takes it back
      const to = r.mapPoint(40, 30)!;
      const [x, y] = darkCentre(r.image);
      expect(Math.hypot(x - to[0], y - to[1]), `seed ${seed}`).toBeLessThan(0.5);
      const back = r.unmapPoint(x, y)!;
      expect(Math.hypot(back[0] - 40, back[1] - 30), `seed ${seed}`).toBeLessThan(0.5);
      // the turn about the centre: its size within the range, its sense either way
      const ax = 40 - (w - 1) / 2, ay = 30 - (h - 1) / 2;
      const bx = to[0] - (W - 1) / 2, by = to[1] - (H - 1) / 2;
      const turn = Math.atan2(ax * by - ay * bx, ax * bx + ay * by);
      expect(Math.abs(turn)).toBeGreaterThanOrEqual(a0 - 1e-9);
      expect(Math.abs(turn)).toBeLessThanOrEqual(a1 + 1e-9);
      senses.add(Math.sign(turn));
      // the original's four corners are inside the new image: nothing is cut
      for (const [cx, cy] of [[0, 0], [w - 1, 0], [0, h - 1], [w - 1, h - 1]] as const) {
        const [px, py] = r.mapPoint(cx, cy)!;
        expect(px).toBeGreaterThanOrEqual(-0.5);
        expect(py).toBeGreaterThanOrEqual(-0.5);
        expect(px).toBeLessThanOrEqual(W - 0.5);
        expect(py).toBeLessThanOrEqual(H - 0.5);
      }
      // the corners gained take the border grey, so no step is drawn; a gained pixel comes from nowhere
      expect(r.image.data[0]).toBe(200);
      expect(r.unmapPoint(0, 0)).toBeNull();
      expect(Buffer.from(perturbImage(print, 'rotate', seed).image.data).equals(Buffer.from(r.image.data))).toBe(true);
    }
    expect(senses).toEqual(new Set([-1, 1]));
  });

  it('smear (outside the suite) fades the ridges that run across the slide and keeps those along it', () => {
    expect(EXTRA_PERTURBATION_KINDS).toContain('smear');
    expect(PERTURBATION_KINDS as readonly string[]).not.toContain('smear');
    // left half: vertical ridges (period 8); right half: horizontal ones
    const w = 160, h = 120;
    const data = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = ((x < w / 2 ? x : y) % 8) < 4 ? 40 : 210;
    const image = createGrayImage(w, h, data);
    /** Grey spread (max − min) of a window in the middle of one half. */
    const spread = (img: GrayImage, left: boolean): number => {
      let lo = 255, hi = 0;
      for (let y = 40; y < 80; y++) for (let x = left ? 20 : 100; x < (left ? 60 : 140); x++) { const v = img.data[y * w + x]!; lo = Math.min(lo, v); hi = Math.max(hi, v); }
      return hi - lo;
    };
    // a fixed draw: length 8 (a whole period), slide horizontal (theta 0)
    const draws = [0, 0];
    const rng = { next: () => draws.shift()!, int: () => 0, normal: () => 0, poisson: () => 0 } as unknown as Rng;
    const smeared = smearImage(image, rng, { ...PERTURBATION_PARAMETERS, smearLength: [8, 8] }).image;
    expect(spread(image, true)).toBe(170);
    expect(spread(smeared, true)).toBeLessThan(20); // across the slide: gone
    expect(spread(smeared, false)).toBe(170); // along it: kept
    // nothing moves; the same seed, the same image
    const a = perturbImage(image, 'smear', 3);
    expect(a.mapPoint(17, 40)).toEqual([17, 40]);
    expect(Buffer.from(perturbImage(image, 'smear', 3).image.data).equals(Buffer.from(a.image.data))).toBe(true);
  });

  it('ghost (outside the suite) darkens the capture along one synthetic finger\'s ridges, the same place in every capture', () => {
    expect(EXTRA_PERTURBATION_KINDS).toContain('ghost');
    expect(PERTURBATION_KINDS as readonly string[]).not.toContain('ghost');
    const w = 300, h = 360;
    const white = createGrayImage(w, h, new Uint8Array(w * h).fill(250));
    const [d0, d1] = PERTURBATION_PARAMETERS.ghostDepth as readonly [number, number];
    const darkened = (img: GrayImage): Uint8Array => Uint8Array.from(img.data, (v) => (v < 250 ? 1 : 0));
    const a = perturbImage(white, 'ghost', 1), b = perturbImage(white, 'ghost', 2);
    // nothing moves
    expect(a.mapPoint(17, 40)).toEqual([17, 40]);
    expect(a.unmapPoint(17, 40)).toEqual([17, 40]);
    // ridges: a good share of the image darkened, by at most the depth, never lightened
    let n = 0, deepest = 0;
    for (const v of a.image.data) { if (v < 250) n++; deepest = Math.max(deepest, 250 - v); }
    expect(n / a.image.data.length).toBeGreaterThan(0.1);
    expect(n / a.image.data.length).toBeLessThan(0.8);
    expect(deepest).toBeGreaterThan(d0 * 0.5);
    expect(deepest).toBeLessThanOrEqual(Math.ceil(d1 * 250 / 255) + 1);
    // the same ridges in every capture (another seed draws only the depth)
    const da = darkened(a.image), db = darkened(b.image);
    let same = 0, either = 0;
    for (let i = 0; i < da.length; i++) { if (da[i] || db[i]) either++; if (da[i] && db[i]) same++; }
    expect(same / either).toBeGreaterThan(0.9);
    // on dark ridges of the finger it barely adds: the darkening scales with the lightness
    const dark = createGrayImage(w, h, new Uint8Array(w * h).fill(25));
    const d = perturbImage(dark, 'ghost', 1).image.data;
    for (const v of d) expect(25 - v).toBeLessThanOrEqual(Math.ceil(d1 * 25 / 255) + 1);
    expect(Buffer.from(perturbImage(white, 'ghost', 1).image.data).equals(Buffer.from(a.image.data))).toBe(true);
  });
});
