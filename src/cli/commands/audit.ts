import type { Command } from 'commander';
import { openStore, type AfisStore } from '../../store/index.js';
import type { CliIo } from '../context.js';

interface VerifyOptions {
  data?: string;
  redis?: string;
  prefix?: string;
  json?: boolean;
}

/**
 * `afis audit verify`: re-hashes the whole audit chain of the embedded store (default ./data)
 * or of Redis. Prints one line (or JSON) and exits 0 when the chain is intact, 1 when it is
 * broken (naming the first bad sequence number); a store that cannot be reached is a one-line
 * AFIS_STORE_UNAVAILABLE error (exit 1, the CLI's code for a server-side failure).
 */
export function registerAudit(program: Command, io: CliIo): void {
  const audit = program.command('audit').description('the tamper-evident audit log');
  audit.command('verify')
    .description('verify the hash chain of the audit log; exit 1 when it is broken')
    .option('--data <dir>', 'embedded store directory (default ./data, env AFIS_DATA_DIR)')
    .option('--redis <url>', 'Redis URL instead of the embedded store (env AFIS_REDIS_URL)')
    .option('--prefix <prefix>', 'Redis key prefix (default afis:, env AFIS_REDIS_PREFIX)')
    .option('--json', 'print the result as JSON')
    .action(async (opts: VerifyOptions) => {
      const redisUrl = opts.redis ?? (opts.data === undefined ? process.env.AFIS_REDIS_URL : undefined);
      const store: AfisStore = redisUrl
        ? openStore({ kind: 'redis', url: redisUrl, prefix: opts.prefix ?? process.env.AFIS_REDIS_PREFIX ?? 'afis:' })
        : openStore({ kind: 'embedded', dir: opts.data ?? process.env.AFIS_DATA_DIR ?? './data' });
      try {
        await store.ready();
        const result = await store.audit.verifyChain();
        if (opts.json) io.stdout(`${JSON.stringify(result)}\n`);
        else if (result.ok) io.stdout(`audit chain intact: ${result.entries} entries, head ${result.headHash}\n`);
        else io.stdout(`audit chain BROKEN at entry ${result.firstBadSeq}: ${result.reason} (${result.entries} entries verified before it)\n`);
        if (!result.ok) io.exitCode = 1;
      } finally {
        await store.close();
      }
    });
}
