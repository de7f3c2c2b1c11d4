// The ridge network alone (runRidgeNet), one intra-op thread, on one normalised FVC2002 print of
// each set (DB1 388 × 374, DB2 at 569 → 500 ppi, DB3 300 × 300, DB4 288 × 384): median CPU ms (this
// process's, the steadier figure on a shared machine) and wall ms per run of each model file given,
// the models interleaved run by run so machine load falls on all alike.
// --profile DIR: also one onnxruntime profile per model (enableProfiling) over the same runs,
// summed per node (the kernel's own time, "Node" events of the run), written as a table.
// Usage: npm run build && node bench/extraction/ridge-net-time.mjs MODEL.onnx [MODEL2.onnx …] [--runs N] [--profile DIR] [--int8-form signed|unsigned|auto|both]
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { decodeCapture } from '../../dist/capture/index.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { analyzeFingerprint, runRidgeNet } from '../../dist/extraction/index.js';
import { opensUnsignedInt8, useInt8WeightForm } from '../../dist/extraction/load-onnx-session.js';

const args = process.argv.slice(2);
const option = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const runs = Number(option('--runs') ?? '30');
const profileDir = option('--profile');
// --int8-form signed|unsigned|auto|both: the integer kernels an int8 model runs with (useInt8WeightForm;
// default auto, by this CPU); both: each model timed with each, side by side (signed, then unsigned)
const form = option('--int8-form');
const files = args.filter((a, i) => a.endsWith('.onnx') && args[i - 1] !== '--profile');
if (files.length === 0) throw new Error('give at least one model file');
const forms = form === 'both' ? ['signed', 'unsigned'] : [form ?? 'auto'];
const arms = files.flatMap((file) => forms.map((f) => ({ file, form: f })));
const models = arms.map((a) => (forms.length > 1 ? `${a.file} (${a.form})` : a.file));
const runArm = (k, normalized) => { useInt8WeightForm(arms[k].form); return runRidgeNet(normalized, arms[k].file); };
const root = fileURLToPath(new URL('../../../shared/data/fvc2002/', import.meta.url));
const inputs = [];
for (const set of ['DB1_B', 'DB2_B', 'DB3_B', 'DB4_B']) {
  const file = readdirSync(root + set).filter((n) => n.endsWith('.tif')).sort()[0];
  const image = await decodeCapture(new Uint8Array(readFileSync(`${root}${set}/${file}`)), set === 'DB2_B' ? { ppi: 569 } : {});
  const { normalized } = analyzeFingerprint(image, EXTRACTION_PARAMETERS);
  inputs.push({ set, normalized });
}
const median = (xs) => { const s = xs.slice().sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const times = models.map(() => inputs.map(() => []));
const cpu = models.map(() => inputs.map(() => []));
for (const k of arms.keys()) for (const { normalized } of inputs) runArm(k, normalized); // warm-up, loads
for (let r = 0; r < runs; r++) {
  for (const k of arms.keys()) {
    for (const [j, { normalized }] of inputs.entries()) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      runArm(k, normalized);
      times[k][j].push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu[k][j].push((c.user + c.system) / 1000);
    }
  }
}
console.log(`median CPU ms (wall ms) per run over ${runs} runs (one thread); sizes ${inputs.map((i) => `${i.set} ${i.normalized.width}×${i.normalized.height}`).join(', ')}`);
for (const [k, m] of models.entries()) console.log(`${m}: ${inputs.map((i, j) => `${i.set} ${median(cpu[k][j]).toFixed(2)} (${median(times[k][j]).toFixed(2)})`).join('  ')}`);

if (profileDir) {
  const require = createRequire(import.meta.url);
  const { binding, initOrt } = require('onnxruntime-node/dist/binding.js');
  const { Tensor } = require('onnxruntime-node');
  initOrt();
  const { normalized } = inputs[0];
  const pw = Math.ceil(normalized.width / 4) * 4;
  const ph = Math.ceil(normalized.height / 4) * 4;
  const input = new Float32Array(pw * ph);
  for (let y = 0; y < normalized.height; y++) for (let x = 0; x < normalized.width; x++) input[y * pw + x] = Math.max(-127 / 32, Math.min(127 / 32, normalized.data[y * normalized.width + x]));
  for (const [k, m] of models.entries()) {
    const s = new binding.InferenceSession();
    useInt8WeightForm(arms[k].form);
    const unsigned = opensUnsignedInt8(); // as loadOnnxSession opens it
    const prefix = `${profileDir}/${arms[k].file.split('/').pop().replace('.onnx', '')}-${unsigned ? 'u8' : 's8'}`;
    s.loadModel(arms[k].file, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all', enableProfiling: true, profileFilePrefix: prefix, ...(unsigned ? { extra: { 'session.x64quantprecision': '1' } } : {}) });
    for (let r = 0; r < runs; r++) s.run({ grey: new Tensor('float32', input, [1, 1, ph, pw]) }, { ridges: null }, {});
    s.endProfiling();
    const file = readdirSync(profileDir).filter((n) => n.startsWith(prefix.split('/').pop()) && n.endsWith('.json')).sort().pop();
    const events = JSON.parse(readFileSync(`${profileDir}/${file}`, 'utf8'));
    const perNode = new Map();
    let total = 0;
    for (const e of events) {
      if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time')) continue;
      const key = `${e.args.op_name} ${e.name.replace('_kernel_time', '')}`;
      perNode.set(key, (perNode.get(key) ?? 0) + e.dur / runs / 1000);
      total += e.dur / runs / 1000;
    }
    console.log(`\n${m}, DB1 print ${pw}×${ph}, ms per run by node (kernel time; total ${total.toFixed(2)}):`);
    for (const [k, v] of [...perNode].sort((a, b) => b[1] - a[1])) console.log(`  ${v.toFixed(3).padStart(7)} ${(100 * v / total).toFixed(1).padStart(5)} %  ${k}`);
  }
}
