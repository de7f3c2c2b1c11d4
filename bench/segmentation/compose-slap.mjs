// Composes a slap image from single-finger images, with the truth the segmentation is measured
// against: a stand-in until the synthetic generator makes slaps itself. Used by the
// segmentation and sequence benchmarks and by tests (types in compose-slap.d.mts).
// Each finger is cut as an ellipse (the fingertip) from its source image, turned by the hand's
// tilt plus a little of its own, and pressed on a white platen where a hand puts it: fingers
// side by side one spacing apart, the middle finger's tip highest, the little finger's lowest.
// Each source is first stretched so its background (its 90th grey percentile) turns platen white.
// Truth box = the box of the ridge pixels (stretched grey < 128) that land on the slap.

/** Deterministic uniform [0, 1) generator (mulberry32). */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Finger order left to right and tip heights (finger spacings) of each slap kind. */
export const SLAP_LAYOUT = Object.freeze({
  'right-four': { positions: [2, 3, 4, 5], tips: [-0.5, 0, -0.25, -1.1] },
  'left-four': { positions: [10, 9, 8, 7], tips: [-1.1, -0.25, 0, -0.5] },
  thumbs: { positions: [6, 1], tips: [0, 0] },
});

/** A fingerprint-like test image: curved ridges, period about 9 px, different per seed. */
export function ridgeFinger(width, height, seed) {
  const rnd = seededRandom(seed);
  const cx = width * (0.4 + 0.2 * rnd());
  const cy = height * (0.55 + 0.3 * rnd());
  const period = 8.5 + rnd();
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const r = Math.hypot(x - cx, (y - cy) * 1.2);
      data[y * width + x] = Math.round(128 + 100 * Math.cos((2 * Math.PI * r) / period));
    }
  }
  return { width, height, ppi: 500, data };
}

/**
 * fingers: one entry per slot, left to right as in SLAP_LAYOUT (null = finger missing), each
 * { image, rx?, ry? } (ellipse semi-axes in source pixels, default 0.4 × width, 0.42 × height).
 * options: { kind, width=1600, height=1500, handAngle=0 (radians, clockwise), spacing=300,
 * fingerJitter=0 (radians, each finger's own turn at most), offsetX=0, offsetY=0, noise=6, rnd }.
 * Returns { image, truth: [{ position, box: {x, y, width, height} }] }.
 */
export function composeSlap(fingers, options) {
  const layout = SLAP_LAYOUT[options.kind];
  const width = options.width ?? 1600;
  const height = options.height ?? 1500;
  const spacing = options.spacing ?? 300;
  const hand = options.handAngle ?? 0;
  const rnd = options.rnd ?? seededRandom(1);
  const noise = options.noise ?? 6;
  const data = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = 255 - Math.floor(rnd() * noise);
  const ax = Math.cos(hand);
  const ay = Math.sin(hand);
  const dx = Math.sin(hand);
  const dy = -Math.cos(hand);
  const centre = (layout.positions.length - 1) / 2;
  const hx = width / 2 + (options.offsetX ?? 0);
  const hy = height / 2 + (options.offsetY ?? 0) + spacing * 0.25;
  const truth = [];
  fingers.forEach((finger, k) => {
    if (finger === null || finger === undefined) return;
    const src = whitened(finger.image);
    const rx = finger.rx ?? src.width * 0.4;
    const ry = finger.ry ?? src.height * 0.42;
    const angle = hand + (options.fingerJitter ?? 0) * (2 * rnd() - 1);
    // Centre of the fingertip: slot across the hand, tip line along the fingers.
    const along = layout.tips[k] * spacing - ry;
    const fx = hx + ax * (k - centre) * spacing + dx * along;
    const fy = hy + ay * (k - centre) * spacing + dy * along;
    const c = Math.cos(angle);
    const s = Math.sin(angle);
    const reach = Math.ceil(Math.max(rx, ry)) + 2;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let y = Math.max(0, Math.floor(fy - reach)); y < Math.min(height, Math.ceil(fy + reach)); y++) {
      for (let x = Math.max(0, Math.floor(fx - reach)); x < Math.min(width, Math.ceil(fx + reach)); x++) {
        // Slap pixel → finger frame (turned back by the finger's angle) → source pixel.
        const px = x - fx;
        const py = y - fy;
        const u = c * px + s * py;
        const v = -s * px + c * py;
        if ((u * u) / (rx * rx) + (v * v) / (ry * ry) > 1) continue;
        const sx = u + src.width / 2;
        const sy = v + src.height / 2;
        const ix = Math.floor(sx);
        const iy = Math.floor(sy);
        if (ix < 0 || iy < 0 || ix >= src.width - 1 || iy >= src.height - 1) continue;
        const fxr = sx - ix;
        const fyr = sy - iy;
        const p = src.data;
        const w = src.width;
        const g = (p[iy * w + ix] * (1 - fxr) + p[iy * w + ix + 1] * fxr) * (1 - fyr) + (p[(iy + 1) * w + ix] * (1 - fxr) + p[(iy + 1) * w + ix + 1] * fxr) * fyr;
        const o = y * width + x;
        if (g < data[o]) data[o] = Math.round(g);
        if (g < 128) {
          if (x < x0) x0 = x; if (x > x1) x1 = x;
          if (y < y0) y0 = y; if (y > y1) y1 = y;
        }
      }
    }
    if (x1 >= x0) truth.push({ position: layout.positions[k], box: { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 } });
  });
  return { image: { width, height, ppi: 500, data }, truth };
}

/** The image with its grey levels scaled so its 90th percentile (the background) is 255. */
function whitened(image) {
  const hist = new Uint32Array(256);
  for (const v of image.data) hist[v]++;
  let acc = 0;
  let p90 = 255;
  for (let v = 0; v < 256; v++) { acc += hist[v]; if (acc >= 0.9 * image.data.length) { p90 = Math.max(1, v); break; } }
  const data = new Uint8Array(image.data.length);
  for (let i = 0; i < data.length; i++) data[i] = Math.min(255, Math.round((image.data[i] * 255) / p90));
  return { width: image.width, height: image.height, ppi: image.ppi, data };
}

/** Intersection over union of two boxes. */
export function boxIou(a, b) {
  const ix = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  const inter = ix * iy;
  return inter / (a.width * a.height + b.width * b.height - inter);
}
