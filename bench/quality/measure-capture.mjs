// One capture measured for the recapture studies (dump-capture-features.mjs, simulate-recapture.mjs):
// its template and the features a desk could judge it by (the finger quality and its features, and
// absolute ones the quality does not have: foreground and clear-ridge areas in mm², the foreground's
// bounding box, minutiae counts by minutia quality). Null when the image fails to enrol.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '../../dist');
const { analyzeFingerprint, extractFromAnalysis, measureQualityFeatures } = await import(join(dist, 'extraction/index.js'));
const { EXTRACTION_PARAMETERS } = await import(join(dist, 'config/parameters.js'));
const { NO_DEBUG } = await import(join(dist, 'core/index.js'));

const MM2 = (25.4 / 500) ** 2;

/** The template and the capture features of one image (null: failed to enrol). */
export function measureCapture(image) {
  try {
    const a = analyzeFingerprint(image);
    const t = extractFromAnalysis(image, a, EXTRACTION_PARAMETERS, NO_DEBUG);
    const f = measureQualityFeatures(a, t.minutiae.map((m) => ({ x: m.x, y: m.y, direction: 0, type: 'ending', ridgeLength: 0, quality: m.quality })));
    const { mask, frequency, orientation } = a;
    const size = mask.grid.blockSize;
    let fgBlocks = 0, clearBlocks = 0, coherentBlocks = 0;
    for (let i = 0; i < mask.blocks.length; i++) {
      if (!mask.blocks[i]) continue;
      fgBlocks++;
      if (frequency.measured[i]) clearBlocks++;
      if (orientation.coherence[i] >= 0.5) coherentBlocks++;
    }
    let x0 = Infinity, x1 = -1, y0 = Infinity, y1 = -1;
    for (let y = 0, o = 0; y < a.height; y++) for (let x = 0; x < a.width; x++, o++) if (mask.pixels[o]) { if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y; }
    const mm = 25.4 / 500;
    return {
      template: t,
      features: {
        quality: t.quality, ...f,
        areaMm2: f.foregroundPixels * MM2,
        clearAreaMm2: clearBlocks * size * size * MM2,
        coherentAreaMm2: coherentBlocks * size * size * MM2,
        fgBlocks, clearBlocks,
        boxWidthMm: x1 >= 0 ? (x1 - x0 + 1) * mm : 0, boxHeightMm: y1 >= 0 ? (y1 - y0 + 1) * mm : 0,
        minutiae: t.minutiae.length,
        goodMinutiae: t.minutiae.filter((m) => m.quality >= 50).length,
        minutiaeAtLeast: Object.fromEntries([20, 30, 40, 50, 60, 70, 80].map((q) => [q, t.minutiae.filter((m) => m.quality >= q).length])),
        imageMm2: a.width * a.height * MM2,
      },
    };
  } catch (err) {
    if (err && typeof err === 'object' && 'code' in err) return null;
    throw err;
  }
}

