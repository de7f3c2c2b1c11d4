import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The enhancement kernel's exports (see enhance-kernel.wat). */
export interface EnhanceKernel {
  readonly memory: WebAssembly.Memory;
  /**
   * One pass of the oriented filter over the pixels of `mask` (byte addresses; `binB` = 0 when
   * the key is `binA` alone); see enhance-kernel.wat.
   */
  filter(
    src: number, dst: number, mask: number, binA: number, binB: number, nB: number,
    offsets: number, weights: number, taps: number, width: number, height: number,
    srcStride: number, srcPad: number, dstStride: number, dstPad: number,
  ): void;
  /**
   * selectFilters' per-pixel loop: orientation and period bins from the block fields, written
   * as bytes at `outO` and `outP` (see enhance-kernel.wat for the arguments).
   */
  /**
   * normalizeContrast of normalize-contrast.ts on the f32 image at `grey`, its result at
   * `centred` (see enhance-kernel.wat for the arguments).
   */
  normalize(
    grey: number, mean: number, centred: number, sq: number, variance: number, tmp: number, nx: number, acc: number,
    width: number, height: number, meanRadius: number, deviationRadius: number, floor: number,
  ): void;
  /**
   * One block of estimateRidgeFrequency: the x-signature at (cx, cy) along (dx, dy) and the
   * power of each candidate period; returns −1 (a sample outside the image) or the windowed
   * energy (see enhance-kernel.wat for the arguments).
   */
  signature(
    image: number, width: number, height: number, cx: number, cy: number, dx: number, dy: number,
    len: number, hw: number, hann: number, trig: number, groups: number, sig: number, xs: number, power: number,
  ): number;
  /**
   * {@link signature} of two images of one size at once: both x-signatures (each pixel's position
   * found once), the first's powers and energy (or −1); the second's then by {@link signatureSpectrum}.
   */
  signature2(
    image: number, image2: number, width: number, height: number, cx: number, cy: number, dx: number, dy: number,
    len: number, hw: number, hann: number, trig: number, groups: number, sig: number, sig2: number, xs: number, power: number,
  ): number;
  /** The second half of {@link signature} alone: the powers and windowed energy of the signature at `sig`. */
  signatureSpectrum(sig: number, xs: number, hann: number, trig: number, groups: number, len: number, power: number): number;
  /**
   * smoothGrid of filters.ts on zero-padded rows (see enhance-kernel.wat for the layout).
   */
  smooth(src: number, weight: number, taps: number, r: number, cols: number, rows: number, stride: number, tmpNum: number, tmpDen: number, out: number): void;
  /** The column half of dilateSquare (filters.ts): windows of 2r + 1 rows ORed, 16 bytes at a time. */
  orColumns(src: number, tmp: number, stride: number, rowsPadded: number, r: number): void;
  select(
    cos2: number, sin2: number, period: number, colX0: number, colX1: number, colAx: number,
    rowR0: number, rowR1: number, rowAy: number, region: number, width: number, height: number,
    scale: number, minPeriod: number, step: number, bins: number, periods: number, outO: number, outP: number,
  ): void;
}

/**
 * Where the compiled kernel is: beside this module in dist/extraction/ (built from
 * enhance-kernel.wat by `npm run build`), or, when this module runs from TypeScript sources
 * (vitest), in dist/extraction/ of the same repository.
 */
function kernelFile(): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.js') ? join(dirname(here), 'enhance-kernel.wasm') : resolve(dirname(here), '../../dist/extraction/enhance-kernel.wasm');
}

let kernel: EnhanceKernel | null | undefined;
let disabled = false;

/**
 * The enhancement kernel, instantiated once per thread, or null when it cannot be had (not
 * built, or a runtime without WebAssembly or its SIMD): the enhancement then filters in
 * JavaScript, the same values slower.
 */
export function loadEnhanceKernel(): EnhanceKernel | null {
  if (kernel === undefined) {
    kernel = null;
    const file = kernelFile();
    try {
      if (existsSync(file)) kernel = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file))).exports as unknown as EnhanceKernel;
    } catch {
      kernel = null;
    }
  }
  return disabled ? null : kernel;
}

/**
 * Turns the kernel off (false) or back on for this thread: the enhancement then filters in
 * JavaScript. For tests and benchmarks that check both paths give the same images.
 */
export function useEnhanceKernel(enabled: boolean): void {
  disabled = !enabled;
}
