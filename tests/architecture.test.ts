/**
 * The import directions of ../shared/design/architecture.md, checked on the source:
 * core imports nothing of ours; algorithms and the Eurodac domain never import the HTTP,
 * Redis, logging or protobuf libraries or the config loader; modules talk through each
 * other's index.ts (or the declared ports.ts, core's files and the parameter files).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

interface Import { file: string; module: string; spec: string; target?: string }

const imports: Import[] = sources(SRC).flatMap((file) => {
  const rel = relative(SRC, file);
  const module = rel.includes('/') ? rel.split('/')[0]! : '(top)';
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => {
    const spec = m[1]!;
    const target = spec.startsWith('.') ? normalize(join(rel, '..', spec)) : undefined;
    return { file: rel, module, spec, ...(target ? { target } : {}) };
  });
});

const PURE = ['core', 'formats', 'quality', 'extraction', 'segmentation', 'templates', 'matching', 'index', 'synthetic', 'perturbation', 'eurodac'];
const FRAMEWORKS = /^(fastify|fastify-plugin|@fastify\/|ioredis|pino|protobufjs|lmdb|piscina$)/;

describe('architecture: import directions', () => {
  it('finds the source files', () => {
    expect(imports.length).toBeGreaterThan(100);
  });

  it('core imports nothing of ours', () => {
    const bad = imports.filter((i) => i.module === 'core' && i.target && !i.target.startsWith('core/'));
    expect(bad).toEqual([]);
  });

  it('algorithms and the domain never import HTTP, Redis, logging, protobuf or the config loader', () => {
    // the 1:N engine owns its worker pool (piscina) and capture owns sharp; nobody else
    const bad = imports.filter((i) => PURE.includes(i.module) && (
      (FRAMEWORKS.test(i.spec) && !(i.module === 'index' && i.spec === 'piscina'))
      || i.target === 'config/config.js' || i.target === 'config/index.js'));
    expect(bad).toEqual([]);
  });

  it('the Eurodac domain does no I/O', () => {
    const bad = imports.filter((i) => i.module === 'eurodac' && /^(node:)?(fs|net|http|https|child_process|worker_threads|sharp)/.test(i.spec));
    expect(bad).toEqual([]);
  });

  it("modules use each other's index.ts, declared ports, core and the parameter files only", () => {
    const allowed = (t: string) => /^[a-z-]+\/index\.js$/.test(t) || /^[a-z-]+\/ports\.js$/.test(t) || t.startsWith('core/')
      || t === 'config/parameters.js' || t.startsWith('config/parameters/') || /^formats\/[a-z0-9-]+\/index\.js$/.test(t);
    const bad = imports.filter((i) => i.target && i.module !== '(top)' && !i.target.startsWith(`${i.module}/`) && i.target.includes('/') && !allowed(i.target))
      .filter((i) => !(i.module === 'cli' && !i.target!.includes('/')));
    expect(bad.map((i) => `${i.file} → ${i.target}`)).toEqual([]);
  });
});
