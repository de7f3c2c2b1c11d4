"""Trains the learned minutia check (models/minutia-check.md) on patches cut by cut-patches.mjs
and exports it to ONNX. CPU, one thread, fixed seed: the same patches give the same model.

    /usr/bin/python3 scripts/minutia-check/train.py PATCHES OUT.onnx [--validate-folder K]

PATCHES is the stem of PATCHES.bin / PATCHES.json. Patches from folder K (its index in the
cut-patches command) are held out and only measured; the figures are printed as JSON.
"""
import argparse
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from learned_figures import auc  # noqa: E402
from torch import nn

SEED = 12
EPOCHS = 24
BATCH = 128


class MinutiaCheck(nn.Module):
    """3 × 32 × 32 patch → probability that the minutia is true (≈ 0.2 M multiply-adds)."""

    def __init__(self, channels=(1.0, 1.0, 1.0)):
        super().__init__()
        # a channel weighted 0 is ignored (the input layout stays 3 channels for extraction)
        self.register_buffer('channels', torch.tensor(channels, dtype=torch.float32).reshape(1, 3, 1, 1))
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, 3, stride=2, padding=1), nn.ReLU(),    # 8 × 16 × 16
            nn.Conv2d(8, 16, 3, stride=2, padding=1), nn.ReLU(),   # 16 × 8 × 8
            nn.Conv2d(16, 24, 3, stride=2, padding=1), nn.ReLU(),  # 24 × 4 × 4
        )
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(24 * 16, 32), nn.ReLU(), nn.Linear(32, 1))

    def forward(self, x):
        return torch.sigmoid(self.head(self.features(x * self.channels))).reshape(-1)


def load(stem):
    meta = json.load(open(stem + '.json'))
    side, ch = meta['side'], meta['channels']
    raw = np.fromfile(stem + '.bin', dtype=np.int8).reshape(-1, ch, side, side).astype(np.float32)
    for c, s in enumerate(meta['scales']):
        raw[:, c] /= s
    return raw, np.array(meta['labels'], dtype=np.float32), np.array(meta['folder']), meta


def figures(model, x, y):
    model.eval()
    with torch.no_grad():
        p = np.concatenate([model(torch.from_numpy(x[i:i + 1024])).numpy() for i in range(0, len(x), 1024)])
    out = {'patches': int(len(y)), 'true': int(y.sum()), 'auc': round(auc(p, y), 4)}
    for t in (0.1, 0.2, 0.3, 0.5):
        keep = p >= t
        out[f'at{t}'] = {
            'trueKept': round(float((keep & (y == 1)).sum() / max(1, (y == 1).sum())), 4),
            'falseRejected': round(float((~keep & (y == 0)).sum() / max(1, (y == 0).sum())), 4),
        }
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('patches')
    ap.add_argument('out')
    ap.add_argument('--validate-folder', type=int, default=-1)
    ap.add_argument('--without-grey', action='store_true', help='ignore the contrast-normalised grey channel')
    a = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    x, y, folder, meta = load(a.patches)
    val = folder == a.validate_folder
    xt, yt, xv, yv = x[~val], y[~val], x[val], y[val]
    model = MinutiaCheck((0.0, 1.0, 1.0) if a.without_grey else (1.0, 1.0, 1.0))
    # balanced: the false minutiae are the minority
    pos_w = float((yt == 0).sum() / max(1, (yt == 1).sum()))
    opt = torch.optim.Adam(model.parameters(), lr=2e-3, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, EPOCHS)
    xt_t, yt_t = torch.from_numpy(xt), torch.from_numpy(yt)
    for epoch in range(EPOCHS):
        model.train()
        order = torch.from_numpy(rng.permutation(len(yt)))
        total = 0.0
        for i in range(0, len(order), BATCH):
            idx = order[i:i + BATCH]
            xb, yb = xt_t[idx].clone(), yt_t[idx]
            # label-preserving: a mirror image across the minutia's direction, contrast gain
            flip = torch.from_numpy(rng.random(len(idx)) < 0.5)
            xb[flip] = xb[flip].flip(2)
            xb[:, 0] *= torch.from_numpy(rng.uniform(0.7, 1.3, (len(idx), 1, 1)).astype(np.float32))
            p = model(xb).clamp(1e-6, 1 - 1e-6)
            w = torch.where(yb == 1, torch.tensor(pos_w), torch.tensor(1.0))
            loss = (nn.functional.binary_cross_entropy(p, yb, reduction='none') * w).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss) * len(idx)
        sched.step()
        print(f'epoch {epoch + 1}: loss {total / len(yt):.4f}', file=sys.stderr)
    report = {'train': figures(model, xt, yt), 'styles': meta['styleNames'], 'positiveWeight': round(pos_w, 4)}
    if val.any():
        report['validation'] = figures(model, xv, yv)
        report['validationFolder'] = meta['folders'][a.validate_folder]
    model.eval()
    torch.onnx.export(model, torch.zeros(4, 3, 32, 32), a.out, input_names=['patches'], output_names=['probability'],
                      dynamic_axes={'patches': {0: 'n'}, 'probability': {0: 'n'}}, opset_version=13, do_constant_folding=True)
    print(json.dumps(report))


if __name__ == '__main__':
    main()
