// Alterations of a finger image like those seen on people who damage their fingertips (after
// the categories of Yoon, Feng & Jain 2012): a scar across the print, an obliterated (burnt or
// abraded) patch, a "Z-cut" where a piece of skin is turned, and a patch rotated in place. A
// stand-in until the synthetic generator (issue 11) makes altered prints itself. Pure JS on
// { width, height, ppi, data } images; `rnd` is a uniform [0, 1) generator.

export const ALTERATION_KINDS = Object.freeze(['scar', 'obliteration', 'z-cut', 'rotation']);

/** Centre of the print: the mean position of its dark pixels. */
function printCentre(img) {
  let sx = 0, sy = 0, n = 0;
  for (let y = 0; y < img.height; y++) for (let x = 0; x < img.width; x++) if (img.data[y * img.width + x] < 100) { sx += x; sy += y; n++; }
  return n > 0 ? { x: sx / n, y: sy / n } : { x: img.width / 2, y: img.height / 2 };
}

/** Box mean of radius r (summed-area table). */
function blur(img, r) {
  const { width: w, height: h, data } = img;
  const sat = new Float64Array((w + 1) * (h + 1));
  for (let y = 0; y < h; y++) {
    let row = 0;
    for (let x = 0; x < w; x++) { row += data[y * w + x]; sat[(y + 1) * (w + 1) + x + 1] = sat[y * (w + 1) + x + 1] + row; }
  }
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const y0 = Math.max(0, y - r), y1 = Math.min(h, y + r + 1);
    for (let x = 0; x < w; x++) {
      const x0 = Math.max(0, x - r), x1 = Math.min(w, x + r + 1);
      const s = sat[y1 * (w + 1) + x1] - sat[y0 * (w + 1) + x1] - sat[y1 * (w + 1) + x0] + sat[y0 * (w + 1) + x0];
      out[y * w + x] = Math.round(s / ((y1 - y0) * (x1 - x0)));
    }
  }
  return out;
}

/** The image with one alteration of `kind`. */
export function alterFinger(img, kind, rnd) {
  const { width: w, height: h } = img;
  const data = Uint8Array.from(img.data);
  const c = printCentre(img);
  const cx = c.x + (rnd() * 2 - 1) * 25;
  const cy = c.y + (rnd() * 2 - 1) * 25;
  if (kind === 'scar') {
    // A band 10–18 px wide across the print: smooth scar tissue, lighter than the ridges.
    const a = rnd() * Math.PI;
    const nx = -Math.sin(a), ny = Math.cos(a);
    const half = 5 + rnd() * 4;
    const soft = blur(img, 10);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
      const d = Math.abs((x - cx) * nx + (y - cy) * ny);
      if (d <= half) data[y * w + x] = Math.min(255, Math.round(soft[y * w + x] * 0.4 + 150 + rnd() * 12));
    }
  } else if (kind === 'obliteration') {
    // An irregular patch (radius 30–55 px) where the ridges are gone: blurred skin with speckle.
    const r = 30 + rnd() * 25;
    const soft = blur(img, 12);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
      const d = Math.hypot(x - cx, (y - cy) * 0.85);
      const wobble = 1 + 0.15 * Math.sin(Math.atan2(y - cy, x - cx) * 5);
      if (d <= r * wobble) data[y * w + x] = Math.max(0, Math.min(255, Math.round(soft[y * w + x] + (rnd() * 2 - 1) * 18)));
    }
  } else if (kind === 'z-cut' || kind === 'rotation') {
    // A square (z-cut, turned 90°) or disc (rotation, turned 60–120°) of skin moved in place.
    const r = 40 + rnd() * 20;
    const turn = kind === 'z-cut' ? Math.PI / 2 : (Math.PI / 3) * (1 + rnd());
    const cs = Math.cos(turn), sn = Math.sin(turn);
    for (let y = Math.max(0, Math.floor(cy - r)); y < Math.min(h, Math.ceil(cy + r)); y++) {
      for (let x = Math.max(0, Math.floor(cx - r)); x < Math.min(w, Math.ceil(cx + r)); x++) {
        const dx = x - cx, dy = y - cy;
        if (kind === 'rotation' && dx * dx + dy * dy > r * r) continue;
        const sx = Math.round(cx + cs * dx + sn * dy);
        const sy = Math.round(cy - sn * dx + cs * dy);
        if (sx >= 0 && sy >= 0 && sx < w && sy < h) data[y * w + x] = img.data[sy * w + sx];
      }
    }
  } else {
    throw new RangeError(`unknown alteration ${kind}`);
  }
  return { width: w, height: h, ppi: img.ppi, data };
}
