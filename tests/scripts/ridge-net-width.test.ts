import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// scripts/ridge-net/train.py's width option (issue 12, fieldspeed): the shipped enhancer's
// architecture must stay the default, and the field's narrow network is the same graph at half
// the channels. Needs Debian's python3-torch (scripts/ensure-torch.sh); skipped without it.
const repo = fileURLToPath(new URL('../..', import.meta.url));
const PY = '/usr/bin/python3';
const hasTorch = ((): boolean => {
  try {
    execFileSync(PY, ['-c', 'import torch'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

type Net = { parameters: number; shapes: Record<string, number[]> };
let nets: { default: number; plain: Net; 8: Net; 4: Net; half: Net & { out: number[]; exported: number[] } } | undefined;

/** Parameter counts and weight shapes of RidgeNet() (plain), RidgeNet(8) and RidgeNet(4), one Python run. */
const describeNets = (): NonNullable<typeof nets> => {
  if (nets) return nets;
  const code = [
    'import json, sys',
    "sys.argv = ['train.py']",
    "sys.path.insert(0, 'scripts/ridge-net')",
    'import train',
    "d = lambda m: {'parameters': sum(p.numel() for p in m.parameters()), 'shapes': {k: list(v.shape) for k, v in m.state_dict().items()}}",
    'import torch',
    'h = train.RidgeNet(8, True)',
    "hd = d(h); hd['out'] = list(h(torch.zeros(1, 1, 32, 40)).shape); h.export_half = True; hd['exported'] = list(h(torch.zeros(1, 1, 32, 40)).shape)",
    "print(json.dumps({'default': train.WIDTH, 'plain': d(train.RidgeNet()), '8': d(train.RidgeNet(8)), '4': d(train.RidgeNet(4)), 'half': hd}))",
  ].join('\n');
  nets = JSON.parse(execFileSync(PY, ['-c', code], { cwd: repo, encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } }));
  return nets!;
};

describe.skipIf(!hasTorch)('train.py width option', () => {
  it('defaults to the shipped enhancer: 8 / 16 / 32 channels, 30,281 weights (models/ridge-net.md)', () => {
    const all = describeNets();
    const d = all.plain;
    expect(all.default).toBe(8);
    expect(d.parameters).toBe(30281);
    expect(d.shapes['full.0.weight']).toEqual([8, 1, 3, 3]);
    expect(d.shapes['level2.0.weight']).toEqual([16, 8, 3, 3]);
    expect(d.shapes['level4.4.weight']).toEqual([32, 32, 3, 3]);
    expect(d.shapes['full_out.3.weight']).toEqual([1, 8, 1, 1]);
    expect(all[8]).toEqual(d);
  });

  it('width 4 is the same graph at half the channels (4 / 8 / 16), about a quarter of the weights', () => {
    const full = describeNets()[8];
    const narrow = describeNets()[4];
    expect(Object.keys(narrow.shapes)).toEqual(Object.keys(full.shapes));
    expect(narrow.shapes['full.0.weight']).toEqual([4, 1, 3, 3]);
    expect(narrow.shapes['level4.2.weight']).toEqual([16, 16, 3, 3]);
    expect(narrow.parameters).toBe(7637);
  });

  it('--half drops the full-resolution layers: full-size map in training, half-size map exported', () => {
    const half = describeNets().half;
    expect(Object.keys(half.shapes).some((k) => k.startsWith('full'))).toBe(false);
    expect(half.shapes['level2.0.weight']).toEqual([16, 1, 3, 3]);
    expect(half.shapes['half_out.3.weight']).toEqual([1, 16, 1, 1]);
    expect(half.out).toEqual([1, 1, 32, 40]);
    expect(half.exported).toEqual([1, 1, 16, 20]);
  });

  it('the shipped training command keeps width 8; the field script asks for 4', () => {
    const shipped = readFileSync(`${repo}/scripts/train-ridge-net.sh`, 'utf8');
    expect(shipped).toMatch(/^WIDTH=\$\{WIDTH:-8\}$/m);
    expect(shipped).toMatch(/--width "\$WIDTH" \$HALFARG/);
    expect(shipped).toMatch(/^HALF=\$\{HALF:-0\}$/m);
    const field = readFileSync(`${repo}/scripts/train-ridge-net-field.sh`, 'utf8');
    expect(field).toMatch(/WIDTH=4 exec sh scripts\/train-ridge-net\.sh/);
    expect(field).toMatch(/models\/ridge-net-field\.onnx/);
  });
});
