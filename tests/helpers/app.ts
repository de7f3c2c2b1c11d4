import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import { appDepsOf, buildRuntime, type Runtime } from '../../src/runtime.js';

export interface TestApp {
  readonly runtime: Runtime;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

/**
 * The real runtime and app (not listening; use `app.inject`) with the configuration `env`,
 * its data directory a fresh temporary one (the embedded store, or with `AFIS_REDIS_URL` the
 * local gallery snapshot). Search and
 * extraction run on the calling thread.
 */
export async function startTestApp(env: Record<string, string>): Promise<TestApp> {
  // with Redis the directory still holds the local gallery snapshot
  const dir = mkdtempSync(join(tmpdir(), 'afis-test-'));
  // the test Redis keeps nothing on disk (as the CI's): allowed here unless the test says otherwise
  const config = loadConfig({ AFIS_REDIS_ALLOW_VOLATILE: '1', ...env, AFIS_DATA_DIR: dir });
  const runtime = await buildRuntime(config, { searchThreads: 'none' });
  const app = await buildApp(appDepsOf(runtime, config));
  await app.ready();
  return {
    runtime,
    app,
    close: async () => {
      await app.close();
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
