import { HAS_SHARED_DATA, SHARED_DATA } from '../helpers/data-folder.js';

/**
 * Runs once before the suite: says whether the real-print tests run. Without the data folder
 * they are skipped with one line on the terminal; `.ci/run` sets AFIS_REQUIRE_TEST_DATA=1 so
 * that CI fails instead of silently losing the real-data accuracy guards.
 */
export default function setup(): void {
  if (HAS_SHARED_DATA) return;
  const line = `real-print tests skipped: no data folder at ${SHARED_DATA} ` +
    '(accuracy on FVC2002 and third-party conformance files); set AFIS_TEST_DATA=DIR to run them';
  if (process.env.AFIS_REQUIRE_TEST_DATA === '1') {
    throw new Error(`AFIS_REQUIRE_TEST_DATA=1 but ${line}`);
  }
  process.stdout.write(`\nafis: ${line}\n\n`);
}
