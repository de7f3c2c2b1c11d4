import { fileURLToPath } from 'node:url';
import { ExtractionError, NO_DEBUG, type GrayImage } from '../core/index.js';
import { EXTRACTION_PARAMETERS } from '../config/parameters.js';
import type { Template } from '../templates/index.js';
import { prepareAnalysis, type PreparedAnalysis } from './analyze-fingerprint.js';
import { extractFromAnalysis, type ExtractOptions } from './extract-template.js';
import type { FloatImage } from './types.js';

/** Layout of models/gabor-bank.onnx (must match scripts/build-models.mjs). */
const ORIENTATIONS = 16;
const PERIODS = [6.5, 8.5, 10.5];

/** Where the model lives in the repository. */
export const GABOR_BANK_MODEL = fileURLToPath(new URL('../../models/gabor-bank.onnx', import.meta.url));

type OrtModule = typeof import('onnxruntime-node');
type Session = import('onnxruntime-node').InferenceSession;

/**
 * The enhancement as an ONNX graph (a bank of 48 oriented Gabor convolutions run by
 * onnxruntime-node, one thread), then a per-pixel blend of the four channels nearest to the
 * local orientation and period. An alternative to the JS separable filter, kept as an option:
 * measured slower and no more accurate (bench/RESULTS.md, models/gabor-bank.md).
 * Create once and reuse; `run` may be called concurrently.
 */
export class OnnxRidgeEnhancer {
  private constructor(
    private readonly ort: OrtModule,
    private readonly session: Session,
  ) {}

  /** Loads the model; throws ExtractionError AFIS_MODEL_UNAVAILABLE if it cannot be loaded. */
  static async create(modelPath: string = GABOR_BANK_MODEL): Promise<OnnxRidgeEnhancer> {
    try {
      const ort = await import('onnxruntime-node');
      const session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: 1, interOpNumThreads: 1 });
      return new OnnxRidgeEnhancer(ort, session);
    } catch (err) {
      throw new ExtractionError('AFIS_MODEL_UNAVAILABLE', `cannot load ONNX model ${modelPath}: ${(err as Error).message}`, undefined, { cause: err });
    }
  }

  /** Enhanced image from a prepared analysis: same sign convention as enhanceRidges (ridges < 0). */
  async run(prepared: PreparedAnalysis): Promise<FloatImage> {
    const { width, height, normalized, orientation, frequency, mask } = prepared;
    const input = new this.ort.Tensor('float32', normalized.data, [1, 1, height, width]);
    const result = await this.session.run({ image: input });
    const responses = result.responses.data as Float32Array;
    const plane = width * height;
    const nP = PERIODS.length;
    const { cols, rows, blockSize } = orientation.grid;
    const out = new Float32Array(plane);
    for (let y = 0; y < height; y++) {
      let fy = (y + 0.5) / blockSize - 0.5;
      fy = fy < 0 ? 0 : fy > rows - 1 ? rows - 1 : fy;
      const y0 = Math.floor(fy);
      const y1 = y0 + 1 < rows ? y0 + 1 : y0;
      const ay = fy - y0;
      for (let x = 0; x < width; x++) {
        const i = y * width + x;
        if (!mask.pixels[i]) continue;
        let fx = (x + 0.5) / blockSize - 0.5;
        fx = fx < 0 ? 0 : fx > cols - 1 ? cols - 1 : fx;
        const x0 = Math.floor(fx);
        const x1 = x0 + 1 < cols ? x0 + 1 : x0;
        const ax = fx - x0;
        const bil = (m: Float32Array): number =>
          (m[y0 * cols + x0] * (1 - ax) + m[y0 * cols + x1] * ax) * (1 - ay) + (m[y1 * cols + x0] * (1 - ax) + m[y1 * cols + x1] * ax) * ay;
        let a = 0.5 * Math.atan2(bil(orientation.sin2), bil(orientation.cos2));
        if (a < 0) a += Math.PI;
        const fo = (a / Math.PI) * ORIENTATIONS;
        const o0 = Math.floor(fo) % ORIENTATIONS;
        const o1 = (o0 + 1) % ORIENTATIONS;
        const wo = fo - Math.floor(fo);
        const p = bil(frequency.period);
        let fp = p <= PERIODS[0] ? 0 : p >= PERIODS[nP - 1] ? nP - 1 : 0;
        for (let k = 0; k < nP - 1; k++) if (p > PERIODS[k] && p < PERIODS[k + 1]) fp = k + (p - PERIODS[k]) / (PERIODS[k + 1] - PERIODS[k]);
        const p0 = Math.floor(fp);
        const p1 = p0 + 1 < nP ? p0 + 1 : p0;
        const wp = fp - p0;
        const at = (o: number, q: number): number => responses[(o * nP + q) * plane + i];
        out[i] = (1 - wo) * ((1 - wp) * at(o0, p0) + wp * at(o0, p1)) + wo * ((1 - wp) * at(o1, p0) + wp * at(o1, p1));
      }
    }
    return { width, height, data: out };
  }

  /** extractTemplate with this enhancer in place of the JS filter (same result type and errors). */
  async extractTemplate(image: GrayImage, options: ExtractOptions = {}): Promise<Template> {
    const params = options.parameters ?? EXTRACTION_PARAMETERS;
    const debug = options.debug ?? NO_DEBUG;
    const prepared = prepareAnalysis(image, params, debug);
    const enhanced = await this.run(prepared);
    if (debug.enabled) debug.emit('extraction.enhanced', { kind: 'map', map: enhanced, min: -1.5, max: 1.5 });
    return extractFromAnalysis(image, { ...prepared, enhanced }, params, debug);
  }
}
