import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The cylinder kernel's exports (see cylinder-kernel.wat). */
export interface CylinderKernel {
  readonly memory: WebAssembly.Memory;
  /** The pairs taken (their keys at {@link KERNEL_TAKEN}, best first); see cylinder-kernel.wat. */
  similarities(nA: number, nB: number, rotation: number, shortlist: number): number;
}

/** Byte offsets in the kernel's memory (cylinder-kernel.wat). */
export const KERNEL_A = 327680;
export const KERNEL_B = 458752;
/** Where the kernel writes the keys of the pairs it took, best first. */
export const KERNEL_TAKEN = 37376;
/** Entries of the kernel's square-root table. */
const SQRT_ENTRIES = 1280;

/**
 * Where the compiled kernel is: beside this module in dist/matching/ (built from
 * cylinder-kernel.wat by `npm run build`), or, when this module runs from TypeScript sources
 * (vitest), in dist/matching/ of the same repository.
 */
function kernelFile(): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.js') ? join(dirname(here), 'cylinder-kernel.wasm') : resolve(dirname(here), '../../dist/matching/cylinder-kernel.wasm');
}

let kernel: CylinderKernel | null | undefined;

/**
 * The cylinder kernel, instantiated once per thread with its square-root table written, or null
 * when it cannot be had (not built, or a runtime without WebAssembly or its SIMD): the comparison then
 * counts bits in JavaScript, the same values slower.
 */
export function loadCylinderKernel(): CylinderKernel | null {
  if (kernel !== undefined) return disabled ? null : kernel;
  kernel = null;
  const file = kernelFile();
  try {
    if (existsSync(file)) {
      const k = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file))).exports as unknown as CylinderKernel;
      const table = new Float64Array(k.memory.buffer, 0, SQRT_ENTRIES);
      for (let v = 0; v < SQRT_ENTRIES; v++) table[v] = Math.sqrt(v);
      kernel = k;
    }
  } catch {
    kernel = null;
  }
  return disabled ? null : kernel;
}

let disabled = false;

/**
 * Turns the kernel off (false) or back on for this thread: the comparison then counts bits in
 * JavaScript. For tests and benchmarks that check both paths give the same scores.
 */
export function useCylinderKernel(enabled: boolean): void {
  disabled = !enabled;
}
