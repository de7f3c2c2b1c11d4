import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the compiled scan kernel is: beside this module in dist/index/ (built from
 * scan-kernel.wat by `npm run build`), or, when this module runs from TypeScript sources
 * (vitest), in dist/index/ of the same repository, as for the search worker.
 */
export function resolveScanKernelFile(): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.js') ? join(dirname(here), 'scan-kernel.wasm') : resolve(dirname(here), '../../dist/index/scan-kernel.wasm');
}

let compiled: WebAssembly.Module | null | undefined;

/**
 * The scan kernel compiled once per thread, or null when it cannot be had (not built, or a
 * runtime without WebAssembly SIMD): the scan then scores in JavaScript, the same values slower.
 */
export function loadScanKernel(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  const file = resolveScanKernelFile();
  try {
    compiled = existsSync(file) ? new WebAssembly.Module(readFileSync(file)) : null;
  } catch {
    compiled = null;
  }
  return compiled;
}

/** The kernel's exports (see scan-kernel.wat). */
export interface ScanKernel {
  next(lane: number, from: number, to: number, floor: number, simd: number): number;
  readBytes(from: number, to: number): number;
  readonly score: WebAssembly.Global;
  readonly eligible: WebAssembly.Global;
}

/** An instance of the kernel over one subject chunk's memory (about 10 µs; one per chunk and scan). */
export function instantiateScanKernel(module: WebAssembly.Module, memory: WebAssembly.Memory): ScanKernel {
  return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as ScanKernel;
}
