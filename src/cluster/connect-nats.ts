import { connect, type NatsConnection } from 'nats';
import { StoreError } from '../core/index.js';

/** Connects to NATS, reconnecting for ever once connected; AFIS_STORE_UNAVAILABLE when it does not answer within 5 s. */
export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  try {
    return await connect({ servers: url, name, maxReconnectAttempts: -1, timeout: 5000 });
  } catch (err) {
    throw new StoreError('AFIS_STORE_UNAVAILABLE', `NATS at ${url} did not answer: ${(err as Error).message}`, undefined, { cause: err });
  }
}
