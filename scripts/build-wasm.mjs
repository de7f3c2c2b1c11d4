#!/usr/bin/env node
/**
 * Compiles the WebAssembly text sources of src/ (src/**\/*.wat) to binaries beside the compiled
 * JavaScript in dist/ (same relative path, .wasm), with wabt (the WebAssembly Binary Toolkit
 * compiled to JavaScript, a devDependency). Part of `npm run build`, so `npm ci` builds them.
 * The output is a pure function of the source and the wabt version (no names section, no
 * timestamps).
 *
 *   node scripts/build-wasm.mjs [OUT_DIR]    # default: dist
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import initWabt from 'wabt';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const out = resolve(process.argv[2] ?? join(root, 'dist'));
const FEATURES = { simd: true, threads: true };

const sources = (dir) => readdirSync(dir).flatMap((name) => {
  const p = join(dir, name);
  return statSync(p).isDirectory() ? sources(p) : p.endsWith('.wat') ? [p] : [];
});

const wabt = await initWabt();
for (const file of sources(src)) {
  const mod = wabt.parseWat(relative(root, file), readFileSync(file, 'utf8'), FEATURES);
  try {
    mod.validate(FEATURES);
    const { buffer } = mod.toBinary({ log: false, write_debug_names: false });
    const target = join(out, relative(src, file)).replace(/\.wat$/, '.wasm');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, buffer);
  } finally {
    mod.destroy();
  }
}
