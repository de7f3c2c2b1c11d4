#!/usr/bin/env node
// A sharded deployment on one machine (`npm run sharded`): AFIS_SHARDS shards (default 2) with
// AFIS_SHARD_REPLICAS replicas each (default 2) as `afis worker` processes, then the coordinator
// `afis serve --shards N --nats URL` once every replica is ready. Needs Redis (AFIS_REDIS_URL,
// default redis://127.0.0.1:6379) and NATS with JetStream (AFIS_NATS_URL, default
// nats://127.0.0.1:4222); every other AFIS_* variable reaches all processes. Output lines are
// prefixed with the process name; SIGINT/SIGTERM stop them all. Built code (dist/) is run.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const afis = fileURLToPath(new URL('../bin/afis.js', import.meta.url));
const shards = Number(process.env.AFIS_SHARDS ?? 2);
const replicas = Number(process.env.AFIS_SHARD_REPLICAS ?? 2);
const redis = process.env.AFIS_REDIS_URL ?? 'redis://127.0.0.1:6379';
const nats = process.env.AFIS_NATS_URL ?? 'nats://127.0.0.1:4222';
const children = [];

function start(name, args, env = {}) {
  // a process group of its own: a Ctrl-C reaches the children once, forwarded by stop(), not twice
  const child = spawn(process.execPath, [afis, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env }, detached: true });
  children.push(child);
  for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream }).on('line', (l) => process.stdout.write(`${name.padEnd(12)}| ${l}\n`));
  child.on('exit', (code, signal) => process.stdout.write(`${name.padEnd(12)}| exited (${signal ?? code})\n`));
  return child;
}

function ready(child) {
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`a worker exited with ${code} before it was ready`)));
    createInterface({ input: child.stdout }).on('line', (l) => {
      if (l.startsWith('{"ready":true')) resolve();
    });
  });
}

let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill(signal);
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

const workers = [];
for (let k = 0; k < shards; k++) {
  for (let r = 0; r < replicas; r++) workers.push(start(`shard-${k}/${shards}-${String.fromCharCode(97 + r)}`, ['worker', '--shard', `${k}/${shards}`, '--redis', redis, '--nats', nats]));
}
try {
  await Promise.all(workers.map(ready));
} catch (err) {
  process.stderr.write(`run-sharded: ${err.message}\n`);
  stop('SIGTERM');
  process.exitCode = 1;
}
if (!stopping) start('coordinator', ['serve', '--shards', String(shards), '--nats', nats, '--redis', redis]);
