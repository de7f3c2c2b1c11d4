"""Trains the learned print mask (models/mask-net.md) on the blocks written by
scripts/mask-net/make-data.mjs and exports it to ONNX. CPU, one thread, fixed seed.

    /usr/bin/python3 scripts/mask-net/train.py TRAIN OUT.onnx [--validate VAL] [--steps N] [--minutes M] [--seed S]

The network reads two channels at full resolution, the grey as the segmentation sees it
((grey − 128) / 64) and its contrast normalisation (extraction's `normalized` / 2), and writes per
8-px block of the extraction's grid the probability that the block is finger contact. Loss:
binary cross-entropy against the generator's contact share of the block. Augmentation: the grey's
contrast about its median scaled by 0.3–1.2 and shifted by ±30 grey levels (a gain the scanner or
the finger's pressure sets), the crop mirrored. Validation (printed as JSON, per variant): the
share of blocks whose side (contact share ≥ ½ or not) the network gets wrong at 0.5, against the
same share for the classical segmentation's mask.
"""
import argparse
import json
import time

import numpy as np
import torch
from torch import nn

CROP = 192
BATCH = 8
BLOCK = 8


class MaskNet(nn.Module):
    """2 × H × W (H, W multiples of 8) → 1 × H/8 × W/8 contact probability: the input averaged to
    half resolution, two 3 × 3 levels with 2 × 2 max pooling to an eighth, then three 3 × 3 layers
    dilated 1, 2 and 4 at that resolution (Yu & Koltun 2016), so that a block sees about 140 px
    around it (the print's extent, a frame's straight line, a blotch's outline). ≈ 7 k
    parameters, ≈ 270 multiply-adds per input pixel."""

    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(
            nn.AvgPool2d(2),
            nn.Conv2d(2, 12, 3, padding=1), nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(12, 16, 3, padding=1), nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(16, 16, 3, padding=1), nn.ReLU(),
            nn.Conv2d(16, 16, 3, padding=2, dilation=2), nn.ReLU(),
            nn.Conv2d(16, 16, 3, padding=4, dilation=4), nn.ReLU(),
            nn.Conv2d(16, 1, 1),
        )
        self.export = False

    def forward(self, x):
        y = self.body(x)
        return torch.sigmoid(y) if self.export else y


def load(stems):
    images = []
    for stem in stems.split(','):
        meta = json.load(open(stem + '.json'))
        raw = np.fromfile(stem + '.bin', dtype=np.uint8)
        for im in meta['images']:
            w, h, c, r, o = im['width'], im['height'], im['cols'], im['rows'], im['offset']
            n = w * h
            grey = raw[o:o + n].reshape(h, w).astype(np.float32)
            norm = raw[o + n:o + 2 * n].view(np.int8).reshape(h, w).astype(np.float32) / 32
            target = raw[o + 2 * n:o + 2 * n + c * r].reshape(r, c).astype(np.float32) / 255
            classic = raw[o + 2 * n + c * r:o + 2 * n + 2 * c * r].reshape(r, c).astype(np.float32)
            images.append(dict(grey=grey, norm=norm, target=target, classic=classic, variant=im['variant'], style=im['style'], condition=im['condition']))
    return images


def padded(im):
    """The image padded (edge values) to whole blocks, as extraction pads it."""
    h, w = im['grey'].shape
    r, c = im['target'].shape
    ph, pw = r * BLOCK - h, c * BLOCK - w
    g = np.pad(im['grey'], ((0, ph), (0, pw)), mode='edge')
    n = np.pad(im['norm'], ((0, ph), (0, pw)), mode='edge')
    return g, n


def channels(grey, norm):
    return np.stack([(grey - 128) / 64, np.clip(norm, -4, 4) / 2])


def batch(images, rng):
    xs, ts = [], []
    for _ in range(BATCH):
        im = images[rng.integers(len(images))]
        g, n = padded(im)
        r, c = im['target'].shape
        cb = CROP // BLOCK
        r0 = rng.integers(max(1, r - cb + 1))
        c0 = rng.integers(max(1, c - cb + 1))
        gg = np.full((CROP, CROP), float(np.median(g)), np.float32)
        nn_ = np.zeros((CROP, CROP), np.float32)
        tt = np.zeros((cb, cb), np.float32)
        gs = g[r0 * BLOCK:(r0 + cb) * BLOCK, c0 * BLOCK:(c0 + cb) * BLOCK]
        ns = n[r0 * BLOCK:(r0 + cb) * BLOCK, c0 * BLOCK:(c0 + cb) * BLOCK]
        tsub = im['target'][r0:r0 + cb, c0:c0 + cb]
        gg[:gs.shape[0], :gs.shape[1]] = gs
        nn_[:ns.shape[0], :ns.shape[1]] = ns
        tt[:tsub.shape[0], :tsub.shape[1]] = tsub
        med = float(np.median(gg))
        gg = np.clip(med + rng.uniform(0.3, 1.2) * (gg - med) + rng.uniform(-30, 30), 0, 255)
        x = channels(gg, nn_)
        if rng.random() < 0.5:
            x, tt = x[:, :, ::-1], tt[:, ::-1]
        xs.append(np.ascontiguousarray(x))
        ts.append(np.ascontiguousarray(tt))
    return torch.tensor(np.stack(xs)), torch.tensor(np.stack(ts))[:, None]


def validate(net, images):
    net.eval()
    by = {}
    with torch.no_grad():
        for im in images:
            g, n = padded(im)
            p = torch.sigmoid(net(torch.tensor(channels(g, n))[None].float()))[0, 0].numpy()
            t = im['target'] >= 0.5
            for key in ('all', im['variant']):
                s = by.setdefault(key, dict(blocks=0, net=0, classic=0))
                s['blocks'] += t.size
                s['net'] += int(((p >= 0.5) != t).sum())
                s['classic'] += int(((im['classic'] >= 0.5) != t).sum())
    net.train()
    return {k: dict(blocks=v['blocks'], netError=round(v['net'] / v['blocks'], 4), classicError=round(v['classic'] / v['blocks'], 4)) for k, v in by.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('train')
    ap.add_argument('out')
    ap.add_argument('--validate')
    ap.add_argument('--steps', type=int, default=3000)
    ap.add_argument('--minutes', type=float, default=20)
    ap.add_argument('--seed', type=int, default=17)
    a = ap.parse_args()
    torch.manual_seed(a.seed)
    torch.set_num_threads(1)
    rng = np.random.default_rng(a.seed)
    train = load(a.train)
    val = load(a.validate) if a.validate else []
    net = MaskNet()
    opt = torch.optim.Adam(net.parameters(), lr=2e-3)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, a.steps)
    loss_fn = nn.BCEWithLogitsLoss()
    start = time.time()
    step = 0
    for step in range(1, a.steps + 1):
        x, t = batch(train, rng)
        loss = loss_fn(net(x), t)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if step % 250 == 0:
            print(json.dumps(dict(step=step, loss=round(loss.item(), 4), seconds=round(time.time() - start))), flush=True)
        if time.time() - start > a.minutes * 60:
            break
    report = dict(steps=step, seconds=round(time.time() - start), parameters=sum(p.numel() for p in net.parameters()), trainImages=len(train), seed=a.seed)
    if val:
        report['validation'] = validate(net, val)
    net.export = True
    net.eval()
    dummy = torch.zeros(1, 2, 64, 64)
    torch.onnx.export(net, dummy, a.out, input_names=['input'], output_names=['contact'],
                      dynamic_axes={'input': {2: 'height', 3: 'width'}, 'contact': {2: 'rows', 3: 'cols'}}, opset_version=17)
    print(json.dumps(report))


if __name__ == '__main__':
    main()
