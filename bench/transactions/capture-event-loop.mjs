// How long one ten-print capture holds the service's event loop: the real runtime and app (from
// dist/, `npm run build` first), ten rolled fingers and three slaps in one ANSI/NIST transaction
// with WSQ images (what a desk sends), posted through fastify's inject one after the other.
// Per capture: the main thread's active time (performance.eventLoopUtilization), the longest
// single block of the loop (monitorEventLoopDelay's max, 1 ms resolution), the wall time, and the
// process's CPU time (process.cpuUsage: every thread, the workers' included).
// The fingers are the committed synthetic SFinGe WSQ fixtures (tests/fixtures/sfinge-wsq).
//
//   node bench/transactions/capture-event-loop.mjs [--threads N|none] [--captures K] [--json]
//
// --threads: extraction workers (default 2); `none` runs everything on the calling thread.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { composeSlap, seededRandom } from '../segmentation/compose-slap.mjs';

const { values } = parseArgs({ options: { threads: { type: 'string', default: '2' }, captures: { type: 'string', default: '6' }, json: { type: 'boolean', default: false } } });
const root = new URL('../../', import.meta.url);
const dist = (p) => new URL(`dist/${p}`, root).href;
const { buildApp } = await import(dist('app.js'));
const { loadConfig } = await import(dist('config/index.js'));
const { appDepsOf, buildRuntime } = await import(dist('runtime.js'));
const { decodeCapture } = await import(dist('capture/index.js'));
const { buildType1Record, buildType14Record, writeAnsiNist } = await import(dist('formats/ansi-nist/index.js'));
const { encodeWsq } = await import(dist('formats/wsq/index.js'));
const { SLAP_FINGERS } = await import(dist('segmentation/index.js'));

const fixture = (finger, imp) => readFileSync(new URL(`tests/fixtures/sfinge-wsq/${finger}_${imp}.wsq`, root));
const SLAPS = [['right-four', 13], ['left-four', 14], ['thumbs', 15]];

/** Capture k: person k's fingers (fingers 101–110 shifted by k), rolled impression 1, slaps from impression 2. */
async function transaction(k) {
  const finger = (p) => 101 + ((p - 1 + k) % 10);
  const records = [buildType1Record({ transactionType: 'CAR', date: '20261207', destination: 'BEEURODAC', originator: 'BEPACHECO1', controlNumber: `BE-TCN-LOOP-${k}` })];
  let idc = 1;
  const add = (position, image, bytes) => records.push(buildType14Record({
    idc: idc++, impression: position > 10 ? 0 : 1, sourceAgency: 'BEPACHECO1', captureDate: '20261207', width: image.width, height: image.height, ppi: 500,
    compression: 'WSQ20', position, data: bytes,
  }));
  for (let p = 1; p <= 10; p++) {
    const bytes = fixture(finger(p), 1);
    add(p, await decodeCapture(bytes), bytes);
  }
  for (const [kind, position] of SLAPS) {
    const fingers = await Promise.all(SLAP_FINGERS[kind].map(async (p) => ({ image: await decodeCapture(fixture(finger(p), 2)), rx: 115, ry: 165 })));
    const slap = composeSlap(fingers, { kind, rnd: seededRandom(k * 100 + position), spacing: kind === 'thumbs' ? 600 : 250, handAngle: kind === 'left-four' ? 0.15 : -0.1, offsetY: -100 }).image;
    add(position, slap, encodeWsq(slap));
  }
  return Buffer.from(writeAnsiNist({ records }));
}

const captures = Number(values.captures);
const bodies = [];
for (let k = 0; k < captures + 1; k++) bodies.push(await transaction(k));

const dir = mkdtempSync(join(tmpdir(), 'afis-loop-'));
const config = loadConfig({ AFIS_DATA_DIR: dir, AFIS_API_KEYS: 'desk:desk-key-loop' });
const threads = values.threads === 'none' ? 'none' : Number(values.threads);
const runtime = await buildRuntime(config, { searchThreads: threads });
const app = await buildApp(appDepsOf(runtime, config));
await app.ready();
const headers = { authorization: 'Bearer desk-key-loop', 'content-type': 'application/vnd.ansi-nist' };
const post = (body) => app.inject({ method: 'POST', url: '/v1/transactions?category=1&memberState=BE', headers, payload: body });

const first = await post(bodies[0]); // warms the workers (models loaded, code compiled)
if (first.statusCode !== 202) throw new Error(`capture refused: ${first.statusCode} ${first.body}`);
await runtime.service.whenIdle();
const rows = [];
for (let k = 1; k <= captures; k++) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const elu = performance.eventLoopUtilization();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const r = await post(bodies[k]);
  await runtime.service.whenIdle();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const used = performance.eventLoopUtilization(elu);
  histogram.disable();
  if (r.statusCode !== 202) throw new Error(`capture ${k} refused: ${r.statusCode} ${r.body}`);
  rows.push({ capture: k, activeMs: Math.round(used.active), longestBlockMs: Math.round(histogram.max / 1e6), wallMs: Math.round(wall), cpuMs: Math.round((cpu.user + cpu.system) / 1000) });
}
await app.close();
await runtime.close();
rmSync(dir, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summary = {
  threads: values.threads, captures,
  medianActiveMs: median(rows.map((r) => r.activeMs)), medianLongestBlockMs: median(rows.map((r) => r.longestBlockMs)), medianWallMs: median(rows.map((r) => r.wallMs)),
  medianCpuMs: median(rows.map((r) => r.cpuMs)),
};
if (values.json) console.log(JSON.stringify({ summary, rows }, null, 2));
else {
  console.table(rows);
  console.log(summary);
}
