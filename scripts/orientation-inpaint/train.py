#!/usr/bin/env python3
"""Train the learned orientation inpainter (models/orientation-inpaint.md) on the synthetic block
grids of make-data.mjs and export it to ONNX (input `features` [1, 6, rows, cols], output `field`
[1, 2, rows, cols]: a doubled-angle vector, not unit length; extraction reads it only in the hole).

Input planes (src/extraction/inpaint-orientation-net.ts): the field after the ridge network's blend
(cos 2θ, sin 2θ), its classical coherence, the ridge network's map coherence, the mask, the hole.
Holes are taught by masking: each grid's hole is its gate (foreground blocks whose map coherence
is below a gate drawn from 0.5-0.9: on the wet grids, the real closed masses, with their real wrong
field) and, on part of the grids, random blobs of blocks (smoothed noise thresholded, 2-10 blocks
across) whose input is corrupted as a closed mass reads: the field blanked or turned by a smooth
random angle, both coherences lowered below the gate. Target: the master print's direction
through the impression's mapping. Loss: 1 - cos of the doubled-angle error, weight 1 in the hole
and 0.05 elsewhere inside the contact area (the network is read only in the hole).

Network: 3x3 convolutions of WIDTH channels, dilations 1-2-4-8-16-8-4-2-1 (receptive field 93
blocks), ReLU, a 1x1 head added to the input field's planes (zero-initialised: untrained = the
input field). With --blank-hole the network withholds the hole's own field and classical coherence
from itself (inside the exported graph), so it reads the hole from the context alone; with --free-hole
it sees the hole's field but the head's output alone is the hole's direction (not a correction added
to the hole's field), so it can weigh the hole's own estimate against the context. With --target
extraction the target is not the master's direction but the field the extraction reads on the same
impression as generated, where that print's map is clear (see load). Augmentation: flips and transposition with the doubled-angle planes turned.

  python3 train.py TRAIN_PREFIX OUT.onnx --validate VAL_PREFIX [--steps N] [--minutes M] [--seed S] [--width W] [--blank-hole | --free-hole] [--target master|extraction]

Prints one JSON line: steps, seconds, loss, and on the validation grids per variant and gate
(0.6, 0.8) the mean |dtheta| (degrees) and share > 10 deg of the input field and of the network
in the gated blocks, against the master direction.
"""
import argparse, json, math, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

C = 6
DILATIONS = (1, 2, 4, 8, 16, 8, 4, 2, 1)


def load(prefix, target='master'):
    """The stored grids as (variant, planes). target 'extraction': every grid's target becomes the field
    the extraction reads on the same impression as generated (its 'clean' variant), weighted only
    where that print's map is clear (map coherence >= 0.8) inside both masks and the contact area."""
    meta = json.load(open(prefix + '.json'))
    blob = np.fromfile(prefix + '.bin', dtype=np.float32)
    out, clean = [], {}
    for g in meta['grids']:
        n = g['cols'] * g['rows']
        a = blob[g['offset'] // 4:g['offset'] // 4 + 8 * n].reshape(8, g['rows'], g['cols'])
        out.append((g['variant'], a))
        if g['variant'] == 'clean':
            clean[(g['subject'], g['impression'])] = a
    if target == 'extraction':
        keyed = [(g['subject'], g['impression']) for g in meta['grids']]
        kept = []
        for (variant, a), key in zip(out, keyed):
            c = clean.get(key)
            if c is None or c.shape != a.shape:
                continue
            a = a.copy()
            a[5], a[6] = c[0], c[1]
            a[7] = a[7] * (c[4] > 0) * (a[4] > 0) * (c[3] >= 0.8)
            kept.append((variant, a))
        out = kept
    return out


class Net(nn.Module):
    def __init__(self, width, blank=False, free=False):
        super().__init__()
        self.blank = blank
        self.free = free
        layers, cin = [], C
        for d in DILATIONS:
            layers += [nn.Conv2d(cin, width, 3, padding=d, dilation=d), nn.ReLU()]
            cin = width
        self.body = nn.Sequential(*layers)
        self.head = nn.Conv2d(width, 2, 1)
        nn.init.zeros_(self.head.weight)
        nn.init.zeros_(self.head.bias)

    def forward(self, x):
        keep = 1 - x[:, 5:6]
        if self.blank:  # the hole's own field and coherence withheld: read from the context alone
            x = torch.cat([x[:, 0:3] * keep, x[:, 3:]], 1)
        if self.free:  # the hole's own field an input only, not the base the head corrects
            return x[:, 0:2] * keep + self.head(self.body(x))
        return x[:, 0:2] + self.head(self.body(x))


def turn(a, rng):
    """Flips and transposition of the 8 stored planes (cos2, sin2 at 0, 1 and 5, 6)."""
    a = a.copy()
    if rng.random() < 0.5:  # x -> -x: 2θ -> -2θ
        a = a[:, :, ::-1].copy(); a[[1, 6]] *= -1
    if rng.random() < 0.5:  # y -> -y: 2θ -> -2θ
        a = a[:, ::-1, :].copy(); a[[1, 6]] *= -1
    if rng.random() < 0.5:  # x <-> y: 2θ -> π - 2θ
        a = a.transpose(0, 2, 1).copy(); a[[0, 5]] *= -1
    return a


def smooth_noise(rng, rows, cols, scale):
    z = torch.from_numpy(rng.standard_normal((1, 1, rows, cols)).astype(np.float32))
    k = max(1, int(round(scale)))
    z = F.avg_pool2d(F.pad(z, (k, k, k, k), mode='reflect'), 2 * k + 1, stride=1)
    z = F.avg_pool2d(F.pad(z, (k, k, k, k), mode='reflect'), 2 * k + 1, stride=1)
    return z[0, 0].numpy()


def sample(a, rng, gate, blobs):
    """Input planes [6, r, c], target [2, r, c] and loss weight [r, c] of one stored grid."""
    cos2, sin2, coh, mcoh, mask, tc, ts, tw = [p.copy() for p in a]
    rows, cols = mask.shape
    hole = (mask > 0) & (mcoh < gate)
    if blobs:
        z = smooth_noise(rng, rows, cols, rng.uniform(1.5, 4))
        blob = (z > np.quantile(z, 1 - rng.uniform(0.03, 0.15))) & (mask > 0)
        if blob.any():
            if rng.random() < 0.5:
                cos2[blob] = 0; sin2[blob] = 0
            else:
                rot = smooth_noise(rng, rows, cols, 3) * rng.uniform(2, 8)
                c, s = np.cos(rot), np.sin(rot)
                cos2[blob], sin2[blob] = (c * cos2 - s * sin2)[blob], (s * cos2 + c * sin2)[blob]
            coh[blob] *= rng.uniform(0, 0.5)
            mcoh[blob] = np.minimum(mcoh[blob], gate * rng.uniform(0.3, 1.0, blob.sum()))
            hole |= blob
    x = np.stack([cos2, sin2, coh, mcoh, mask, hole.astype(np.float32)])
    w = tw * (mask > 0) * np.where(hole, 1.0, 0.05)
    return x, np.stack([tc, ts]), w


def batch(items, size, rng, crop):
    xs, ys, ws = [], [], []
    for _ in range(size):
        variant, a = items[rng.integers(len(items))]
        a = turn(a, rng)
        _, rows, cols = a.shape
        r0 = rng.integers(0, max(1, rows - crop + 1)); c0 = rng.integers(0, max(1, cols - crop + 1))
        a = a[:, r0:r0 + crop, c0:c0 + crop]
        x, y, w = sample(a, rng, rng.uniform(0.5, 0.9), rng.random() < 0.6)
        pr, pc = crop - x.shape[1], crop - x.shape[2]
        xs.append(np.pad(x, ((0, 0), (0, pr), (0, pc)))); ys.append(np.pad(y, ((0, 0), (0, pr), (0, pc)))); ws.append(np.pad(w, ((0, pr), (0, pc))))
    return torch.from_numpy(np.stack(xs)), torch.from_numpy(np.stack(ys)), torch.from_numpy(np.stack(ws).astype(np.float32))


def angle_loss(p, y, w):
    cosd = (p * y).sum(1) / (p.norm(dim=1) + 1e-6)
    return ((1 - cosd) * w).sum() / (w.sum() + 1e-6)


def validate(net, items):
    """Per variant and gate: mean |Δθ| (deg) and share > 10° of the input and of the network in the gated blocks."""
    acc = {}
    with torch.no_grad():
        for variant, a in items:
            for gate in (0.6, 0.8):
                x, y, w = sample(a, np.random.default_rng(0), gate, False)
                hole = (x[5] > 0) & (a[7] > 0)
                if not hole.any():
                    continue
                p = net(torch.from_numpy(x[None]))[0].numpy()
                t = 0.5 * np.arctan2(y[1], y[0])
                k = acc.setdefault(f'{variant} {gate}', {'n': 0, 'in': 0.0, 'in10': 0, 'net': 0.0, 'net10': 0})
                for key, v in (('in', x[:2]), ('net', p)):
                    d = np.abs(0.5 * np.arctan2(v[1], v[0]) - t) % math.pi
                    d = np.minimum(d, math.pi - d)[hole] * 180 / math.pi
                    k[key] += float(d.sum()); k[key + '10'] += int((d > 10).sum())
                k['n'] += int(hole.sum())
    return {v: {'blocks': k['n'], 'input': f"{k['in'] / k['n']:.2f} deg / {k['in10'] / k['n']:.3f}", 'network': f"{k['net'] / k['n']:.2f} deg / {k['net10'] / k['n']:.3f}"} for v, k in acc.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('train'); ap.add_argument('out'); ap.add_argument('--validate', required=True)
    ap.add_argument('--steps', type=int, default=3000); ap.add_argument('--minutes', type=float, default=20)
    ap.add_argument('--seed', type=int, default=17); ap.add_argument('--width', type=int, default=16)
    ap.add_argument('--blank-hole', action='store_true')
    ap.add_argument('--free-hole', action='store_true')
    ap.add_argument('--target', choices=('master', 'extraction'), default='master')
    ap.add_argument('--batch', type=int, default=8); ap.add_argument('--crop', type=int, default=48)
    a = ap.parse_args()
    torch.manual_seed(a.seed); torch.set_num_threads(1)
    rng = np.random.default_rng(a.seed)
    train, val = load(a.train, a.target), load(a.validate, a.target)
    net = Net(a.width, a.blank_hole, a.free_hole)
    opt = torch.optim.Adam(net.parameters(), lr=2e-3)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, a.steps)
    before = validate(net, val)
    t0, step, losses = time.time(), 0, []
    while step < a.steps and time.time() - t0 < a.minutes * 60:
        x, y, w = batch(train, a.batch, rng, a.crop)
        loss = angle_loss(net(x), y, w)
        opt.zero_grad(); loss.backward(); opt.step(); sched.step()
        losses.append(float(loss)); step += 1
    net.eval()
    report = {'steps': step, 'seconds': round(time.time() - t0), 'loss': round(float(np.mean(losses[-200:])), 4),
              'weights': sum(p.numel() for p in net.parameters()), 'validation': validate(net, val), 'untrained': before}
    torch.onnx.export(net, torch.zeros(1, C, 40, 40), a.out, input_names=['features'], output_names=['field'],
                      dynamic_axes={'features': {2: 'h', 3: 'w'}, 'field': {2: 'h', 3: 'w'}}, opset_version=13, do_constant_folding=True)
    print(json.dumps(report))


if __name__ == '__main__':
    main()
