import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Real-print data that is not in the repository (FVC2002 images, NIST and third-party files):
 * the folder `AFIS_TEST_DATA` names, by default `../shared/data` beside the checkout. Kept free
 * of vitest imports so the global setup can read it too.
 */
export const SHARED_DATA = resolve(
  process.env.AFIS_TEST_DATA ?? fileURLToPath(new URL('../../../shared/data/', import.meta.url)),
);

/** True when the real-print data folder is present (its FVC2002 sets are what the guards need). */
export const HAS_SHARED_DATA = existsSync(join(SHARED_DATA, 'fvc2002', 'DB1_B'));
