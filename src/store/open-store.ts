import { StoreError } from '../core/index.js';
import { openEmbeddedStore } from './open-embedded-store.js';
import { openRedisStore } from './open-redis-store.js';
import type { AfisStore, OpenStoreOptions } from './store-types.js';

/**
 * Opens the store the configuration names: embedded LMDB in a directory (the default, no
 * server) or Redis. Call `ready()` before serving and `close()` on shutdown.
 */
export function openStore(options: OpenStoreOptions): AfisStore {
  switch (options.kind) {
    case 'embedded':
      return openEmbeddedStore(options);
    case 'redis':
      return openRedisStore(options);
    default:
      throw new StoreError('AFIS_CONFIG_INVALID', `unknown store kind ${String((options as { kind?: unknown }).kind)}`);
  }
}
