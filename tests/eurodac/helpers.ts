import { AfisError } from '../../src/core/index.js';

/** The AfisError code `f` throws, or 'none'. Any other exception fails the test. */
export function errorCode(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof AfisError) return e.code;
    throw e;
  }
  return 'none';
}
