#!/usr/bin/env python3
"""Train the learned orientation restoration (models/orientation-net.md) on the block features
written by make-data.mjs and export it to ONNX (input `features` [1, 9, rows, cols], output
`field` [1, 2, rows, cols]: the doubled-angle vector, not unit length).

The network is fully convolutional on the 8-px block grid: 3x3 convolutions with dilations
1, 2, 4, 8, 4, 1 (receptive field 41 blocks), 24 channels, ReLU, a 1x1 head of two planes added
to the classical field's doubled-angle vector (input planes 3 and 4), so that the untrained
network is the classical field. Loss: 1 - cos of the doubled-angle error, weighted by the target
weight (the clean print's mask). Augmentation: horizontal and vertical flips and transposition,
with the doubled-angle planes turned accordingly.

  python3 train.py DATA-DB1,DATA-DB2,DATA-DB3 OUT.onnx [--validate DATA-DB4] [--steps N] [--minutes M] [--seed S]

Prints one JSON line: steps, loss, and with --validate the held-out mean doubled-angle error
(degrees of the ridge direction, weighted blocks) of the classical field and of the network,
per variant.
"""
import argparse, json, math, time
import numpy as np
import torch
import torch.nn as nn

C = 9
COS_PLANES = (0, 3)  # blockCos2, fieldCos2
SIN_PLANES = (1, 4)


def load(prefix):
    meta = json.load(open(prefix + '.json'))
    blob = np.fromfile(prefix + '.bin', dtype=np.float32)
    out = []
    for s in meta['samples']:
        n = s['cols'] * s['rows']
        a = blob[s['offset']:s['offset'] + (C + 3) * n].reshape(C + 3, s['rows'], s['cols'])
        out.append((s['variant'], a))
    return out


class Net(nn.Module):
    def __init__(self, width=24, dilations=(1, 2, 4, 8, 4, 1)):
        super().__init__()
        layers = []
        cin = C
        for d in dilations:
            layers += [nn.Conv2d(cin, width, 3, padding=d, dilation=d), nn.ReLU()]
            cin = width
        self.body = nn.Sequential(*layers)
        self.head = nn.Conv2d(width, 2, 1)
        nn.init.zeros_(self.head.weight)
        nn.init.zeros_(self.head.bias)

    def forward(self, x):
        return x[:, 3:5] + self.head(self.body(x))


def augment(a, rng):
    a = a.copy()
    if rng.random() < 0.5:  # x -> -x: 2θ -> -2θ
        a = a[:, :, ::-1]
        a[[1, 4, C + 1]] *= -1
    if rng.random() < 0.5:  # y -> -y
        a = a[:, ::-1, :]
        a[[1, 4, C + 1]] *= -1
    if rng.random() < 0.5:  # transpose: θ -> π/2 - θ: cos 2θ -> -cos 2θ
        a = a.transpose(0, 2, 1)
        a[[0, 3, C]] *= -1
    return np.ascontiguousarray(a)


def batch(samples, idx, rng, aug):
    arrs = [augment(samples[i][1], rng) if aug else samples[i][1] for i in idx]
    R = max(a.shape[1] for a in arrs)
    W = max(a.shape[2] for a in arrs)
    x = np.zeros((len(arrs), C + 3, R, W), dtype=np.float32)
    for j, a in enumerate(arrs):
        x[j, :, :a.shape[1], :a.shape[2]] = a
    x = torch.from_numpy(x)
    return x[:, :C], x[:, C:C + 2], x[:, C + 2]


def loss_of(pred, target, weight):
    m = torch.sqrt((pred ** 2).sum(1) + 1e-8)
    cos = (pred * target).sum(1) / m
    return ((1 - cos) * weight).sum() / weight.sum().clamp(min=1)


def angle_error(v, target, weight):
    """Mean |Δθ| in degrees of the ridge direction over weighted blocks, and the weight."""
    d = np.abs(np.arctan2(v[1] * target[0] - v[0] * target[1], v[0] * target[0] + v[1] * target[1]) / 2) * 180 / math.pi
    return float((d * weight).sum()), float(weight.sum()), float(((d > 10) * weight).sum())


def main():
    p = argparse.ArgumentParser()
    p.add_argument('train')
    p.add_argument('out')
    p.add_argument('--validate')
    p.add_argument('--steps', type=int, default=1500)
    p.add_argument('--minutes', type=float, default=15)
    p.add_argument('--batch', type=int, default=12)
    p.add_argument('--seed', type=int, default=7)
    a = p.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    samples = [s for prefix in a.train.split(',') for s in load(prefix)]
    net = Net()
    opt = torch.optim.Adam(net.parameters(), lr=2e-3)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=2e-3, total_steps=a.steps, pct_start=0.1)
    t0 = time.time()
    step, avg = 0, None
    while step < a.steps and time.time() - t0 < a.minutes * 60:
        idx = rng.integers(0, len(samples), a.batch)
        x, t, w = batch(samples, idx, rng, True)
        loss = loss_of(net(x), t, w)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        step += 1
        avg = loss.item() if avg is None else 0.98 * avg + 0.02 * loss.item()
    report = {'steps': step, 'seconds': round(time.time() - t0), 'loss': round(avg, 5), 'train_samples': len(samples)}
    net.eval()
    if a.validate:
        val = load(a.validate)
        per = {}
        with torch.no_grad():
            for variant, arr in val:
                x = torch.from_numpy(arr[None, :C].copy())
                v = net(x)[0].numpy()
                t, w = arr[C:C + 2], arr[C + 2]
                e0, n, b0 = angle_error(arr[3:5], t, w)
                e1, _, b1 = angle_error(v, t, w)
                q = per.setdefault(variant, [0.0, 0.0, 0.0, 0.0, 0.0])
                q[0] += e0; q[1] += e1; q[2] += n; q[3] += b0; q[4] += b1
        # mean |error| of the ridge direction (degrees) and the share (%) of blocks off by more than 10 degrees
        report['validate'] = {k: {'classical': [round(q[0] / q[2], 2), round(100 * q[3] / q[2], 2)], 'net': [round(q[1] / q[2], 2), round(100 * q[4] / q[2], 2)]} for k, q in per.items()}
    torch.onnx.export(net, torch.zeros(1, C, 40, 40), a.out, input_names=['features'], output_names=['field'],
                      dynamic_axes={'features': {2: 'h', 3: 'w'}, 'field': {2: 'h', 3: 'w'}}, opset_version=13, do_constant_folding=True)
    print(json.dumps(report))


if __name__ == '__main__':
    main()
