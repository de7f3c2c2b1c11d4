import { mkdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { type Config, type ConfigOverrides, loadConfig } from './config/index.js';
import { AfisError, ConfigError } from './core/errors.js';
import { opensUnsignedInt8 } from './extraction/load-onnx-session.js';
import { appDepsOf, buildRuntime } from './runtime.js';

/** How often `afis central` retries the transactions it has not answered (an internal error, not a refusal), ms. */
const CENTRAL_RETRY_MS = 60_000;

/** A running service: the listening app, its address and a way to stop it gracefully. */
export interface RunningServer {
  readonly app: FastifyInstance;
  readonly address: string;
  /** Stops accepting, finishes requests in flight, flushes and closes the store. */
  stop(): Promise<void>;
}

/**
 * Process entry: loads and validates the configuration, builds the runtime (store, gallery,
 * workers, transaction service; see runtime.ts), resumes unfinished transactions, builds the
 * app and listens. Only this file, runtime.ts and app.ts know concrete implementations.
 */
export async function startServer(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env, role: 'national' | 'central' = 'national'): Promise<RunningServer> {
  const config = loadConfig(env, overrides);
  if (role === 'central' && config.centralUrl) throw new ConfigError('AFIS_CONFIG_INVALID', 'afis central is the central system: AFIS_CENTRAL_URL (--central) is for national services');
  const logger = pino({ level: config.logLevel, base: { service: role === 'central' ? 'afis-central' : 'afis' } });
  if (!config.redisUrl) mkdirSync(config.dataDir, { recursive: true });
  const runtime = await buildRuntime(config, {
    onBackgroundError: (err, transactionId) => logger.error({ err, transactionId }, 'background processing failed; the transaction will be resumed'),
    onGalleryLoaded: (info) => logger.info(info, info.coarse > 0 ? 'gallery loaded from an earlier snapshot format: serving it as converted while its subjects are encoded again in the background' : 'gallery loaded'),
    onGalleryUpgraded: (r) => logger.info(r, 'gallery upgraded to the current format'),
    onStopBitsRenewed: (r) => logger.info({ outcome: r.outcome, generation: r.generation.generation, fromSubjects: r.generation.subjects, ms: r.ms }, 'stop bits renewed'),
    onEurodacAlert: (alert) => logger.warn(alert, 'Eurodac deadline passed'),
    onHousekeeping: (report, err) => (err ? logger.error({ err }, 'housekeeping failed') : logger.info(report, 'housekeeping')),
  });
  const resumed = await runtime.service.resumeUnfinished();
  if (resumed.resumed.length > 0) logger.info({ transactions: resumed.resumed.length }, 'resuming unfinished transactions');
  let app: FastifyInstance | undefined;
  let address: string;
  try {
    app = await buildApp({ ...appDepsOf(runtime, config, logger), centralSystem: role === 'central' });
    address = await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    // e.g. the port is taken: release the store and the workers before failing
    await app?.close();
    await runtime.close();
    throw err;
  }
  const listening = app;
  logger.info({ address, role, ...(config.centralUrl ? { central: config.centralUrl } : {}), store: config.redisUrl ? 'redis' : config.dataDir, regime: config.regime, ...(runtime.gallery ? { subjects: runtime.gallery.size } : { shards: config.shards }), int8Network: opensUnsignedInt8() ? 'uint8 x uint8 kernels (no VNNI: exact, slower)' : 'uint8 x int8 kernels (VNNI)' }, 'afis listening');
  // the central system retries, once a minute, a transaction whose answer failed on an internal error
  let retrying: Promise<unknown> | undefined;
  const retry = role === 'central' ? setInterval(() => {
    retrying ??= runtime.service.resumeUnfinished().catch((err: unknown) => logger.error({ err }, 'retrying unanswered transactions failed')).finally(() => {
      retrying = undefined;
    });
  }, CENTRAL_RETRY_MS) : undefined;
  retry?.unref();
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      if (retry) clearInterval(retry);
      await retrying;
      await listening.close();
      await runtime.close();
      logger.info('afis stopped');
      logger.flush();
    })());
  return { app: listening, address, stop };
}

/** Something started that logs and can be stopped gracefully. */
interface Stoppable {
  readonly log: Pick<FastifyBaseLogger, 'info' | 'error'>;
  stop(): Promise<void>;
}

/**
 * Validates the configuration (exit code 2 with one line when it is bad), starts `start`,
 * then waits for SIGTERM or SIGINT and stops it gracefully within `shutdownTimeoutMs`; past
 * it the exit code is 1. Returns the exit code. Used by `afis serve` and `afis worker`.
 */
export async function runUntilSignal<T extends Stoppable>(overrides: ConfigOverrides, start: () => Promise<T>, onStarted?: (started: T) => void): Promise<number> {
  let config: Config;
  try {
    config = loadConfig(process.env, overrides);
  } catch (err) {
    if (err instanceof AfisError) {
      process.stderr.write(`afis: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const started = await start();
  onStarted?.(started);
  return await new Promise<number>((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      started.log.info({ signal }, 'shutting down');
      const timer = setTimeout(() => {
        started.log.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out');
        resolve(1);
      }, config.shutdownTimeoutMs);
      timer.unref();
      started.stop().then(
        () => {
          clearTimeout(timer);
          resolve(0);
        },
        (err: unknown) => {
          started.log.error({ err }, 'shutdown failed');
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
}

/** Runs the server until SIGTERM or SIGINT (see {@link runUntilSignal}). Returns the exit code. */
export function runServer(overrides: ConfigOverrides = {}, role: 'national' | 'central' = 'national'): Promise<number> {
  return runUntilSignal(overrides, async () => {
    const server = await startServer(overrides, process.env, role);
    return { log: server.app.log, stop: () => server.stop() };
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runServer().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`afis: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
