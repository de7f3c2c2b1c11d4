"""Trains the dry-region minutia detector (models/minutia-net.md) on the images written by
make-data.mjs and exports it to ONNX. CPU, one thread, fixed seed.

    /usr/bin/python3 scripts/minutia-net/train.py TRAIN OUT.onnx [--validate VAL] [--steps N] [--stop K] [--minutes M]

TRAIN and VAL are stems of make-data.mjs's (or make-real-data.mjs's) STEM.bin / STEM.json, or
several stems joined by commas (their images pooled: a leave-one-set-out fold's three sets). The network reads the
contrast-normalised grey (extraction's `normalized`, clipped to ±4) and writes, per 8 × 8 pixel
cell, six channels: the probability that a true minutia lies in the cell, its position in the
cell (x, y in 0–1), its direction (cos, sin; Template convention, counter-clockwise on screen)
and the probability that it is a bifurcation. Labels from the generator's exact truth: the cell
of each minutia is positive, its 8 neighbours are not judged (a minutia near a cell border), the
cells outside the truth mask and around destroyed minutiae are not judged. Validation figures
(precision / recall of the detections against the truth, 12 px, per variant) are printed as JSON.
"""
import argparse
import json
import math
import sys
import time

import numpy as np
import torch
from torch import nn

SEED = 12
CELL = 8
CROP = 128
BATCH = 24


class MinutiaNet(nn.Module):
    """1 × H × W normalised grey → 6 × H/8 × W/8 (≈ 0.4 k multiply-adds per input pixel)."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 8, 5, stride=2, padding=2), nn.ReLU(),            # 1/2
            nn.Conv2d(8, 16, 3, stride=2, padding=1), nn.ReLU(),           # 1/4
            nn.Conv2d(16, 16, 3, padding=1), nn.ReLU(),
            nn.Conv2d(16, 32, 3, stride=2, padding=1), nn.ReLU(),          # 1/8
            nn.Conv2d(32, 32, 3, padding=1), nn.ReLU(),
            nn.Conv2d(32, 32, 3, padding=2, dilation=2), nn.ReLU(),
        )
        self.head = nn.Conv2d(32, 6, 1)

    def raw(self, x):
        return self.head(self.features(x))

    def forward(self, x):
        r = self.raw(x)
        return torch.cat([torch.sigmoid(r[:, 0:3]), r[:, 3:5], torch.sigmoid(r[:, 5:6])], 1)


def load(stems):
    imgs, scale = [], None
    for stem in stems.split(','):
        part, scale = load_one(stem)
        imgs += part
    return imgs, scale


def load_one(stem):
    meta = json.load(open(stem + '.json'))
    raw = np.fromfile(stem + '.bin', dtype=np.int8)
    imgs = []
    for im in meta['images']:
        w, h, o = im['width'], im['height'], im['offset']
        grey = raw[o:o + w * h].reshape(h, w)
        b = im['maskBlock']
        rows = np.array([[c == '1' for c in r] for r in im['maskRows']], dtype=bool)
        mask = np.zeros((h, w), dtype=bool)
        big = np.repeat(np.repeat(rows, b, 0), b, 1)[:h, :w]
        mask[:big.shape[0], :big.shape[1]] = big
        m = np.array(im['minutiae'], dtype=np.float32).reshape(-1, 5)
        imgs.append({'grey': grey, 'mask': mask, 'minutiae': m, 'variant': im['variant'], 'style': im['style'], 'condition': im['condition']})
    return imgs, meta['scale']


def labels(minutiae, mask):
    """Cell targets for a crop: minutiae in crop pixels, mask the crop's truth mask (sides multiples of CELL)."""
    h, w = mask.shape
    cw, ch = w // CELL, h // CELL
    m = mask.reshape(ch, CELL, cw, CELL).mean(axis=(1, 3)) >= 0.5
    judged = m.copy()
    pos = np.zeros((ch, cw), np.float32)
    tgt = np.zeros((5, ch, cw), np.float32)
    for x, y, a, t, destroyed in minutiae:
        cx, cy = int(x // CELL), int(y // CELL)
        if not (-1 <= cx <= cw and -1 <= cy <= ch):
            continue
        judged[max(0, cy - 1):cy + 2, max(0, cx - 1):cx + 2] = False
        if destroyed or not (0 <= cx < cw and 0 <= cy < ch):
            continue
        pos[cy, cx] = 1
        tgt[:, cy, cx] = (x / CELL - cx, y / CELL - cy, math.cos(a), math.sin(a), t)
    judged |= pos > 0
    return pos, judged, tgt


def batch(imgs, rng, scale, augment=True):
    """Random crops around the print. With augment: a scale change of ±15 % (real ridge periods
    vary more than the generator's), a mirror image, and grey changes the normalisation leaves
    (gain, a power curve, a light blur, noise), so that real sensors' textures look familiar."""
    xs, ps, js, ts = [], [], [], []
    while len(xs) < BATCH:
        im = imgs[rng.integers(len(imgs))]
        g, mask = im['grey'], im['mask']
        h, w = g.shape
        s = rng.uniform(0.85, 1.15) if augment else 1.0
        side = int(round(CROP * s))
        if h < side or w < side:
            continue
        fy, fx = np.nonzero(mask[::CELL, ::CELL])
        if len(fy) == 0:
            continue
        k = rng.integers(len(fy))
        x0 = int(np.clip(fx[k] * CELL - side // 2 + rng.integers(-32, 33), 0, w - side))
        y0 = int(np.clip(fy[k] * CELL - side // 2 + rng.integers(-32, 33), 0, h - side))
        crop = torch.from_numpy(g[y0:y0 + side, x0:x0 + side].astype(np.float32) / scale)[None, None]
        mcrop = torch.from_numpy(mask[y0:y0 + side, x0:x0 + side].astype(np.float32))[None, None]
        if side != CROP:
            crop = nn.functional.interpolate(crop, size=(CROP, CROP), mode='bilinear', align_corners=False)
            mcrop = nn.functional.interpolate(mcrop, size=(CROP, CROP), mode='nearest')
        crop = crop[0, 0].numpy()
        mcrop = mcrop[0, 0].numpy() > 0.5
        mins = im['minutiae'].copy()
        if len(mins):
            mins[:, 0] = (mins[:, 0] - x0 + 0.5) * CROP / side - 0.5
            mins[:, 1] = (mins[:, 1] - y0 + 0.5) * CROP / side - 0.5
        if augment and rng.random() < 0.5:  # mirror: pixel x → CROP − 1 − x, direction π − a
            crop = crop[:, ::-1]
            mcrop = mcrop[:, ::-1]
            if len(mins):
                mins[:, 0] = CROP - 1 - mins[:, 0]
                mins[:, 2] = math.pi - mins[:, 2]
        pos, judged, tgt = labels(mins, np.ascontiguousarray(mcrop))
        crop = np.ascontiguousarray(crop)
        if augment:
            crop = np.sign(crop) * np.abs(crop) ** rng.uniform(0.7, 1.3)
            if rng.random() < 0.3:
                t = torch.from_numpy(crop)[None, None]
                crop = nn.functional.avg_pool2d(nn.functional.pad(t, (1, 1, 1, 1), mode='replicate'), 3, stride=1)[0, 0].numpy() * 1.5
            crop = crop * rng.uniform(0.8, 1.2) + rng.normal(0, rng.uniform(0, 0.3), crop.shape).astype(np.float32)
            crop = np.clip(crop, -127 / 32, 127 / 32).astype(np.float32)
        xs.append(crop[None])
        ps.append(pos); js.append(judged); ts.append(tgt)
    return (torch.from_numpy(np.stack(xs)), torch.from_numpy(np.stack(ps)), torch.from_numpy(np.stack(js)), torch.from_numpy(np.stack(ts)))


def detect(out, threshold):
    """Detections (x, y, angle, p) of one image: cells above threshold that are 3 × 3 maxima."""
    p = out[0]
    h, w = p.shape
    pad = np.pad(p, 1, constant_values=0)
    nb = np.max(np.stack([pad[dy:dy + h, dx:dx + w] for dy in range(3) for dx in range(3)]), 0)
    cy, cx = np.nonzero((p >= threshold) & (p >= nb))
    return [((x + out[1, y, x]) * CELL, (y + out[2, y, x]) * CELL, math.atan2(out[4, y, x], out[3, y, x]), p[y, x]) for y, x in zip(cy, cx)]


def match(dets, truth, mask, dist=12.0, ang=math.radians(40)):
    """Greedy pairing by distance; truth counted only where the truth mask is set."""
    t = [m for m in truth if not m[4] and 0 <= int(m[1]) < mask.shape[0] and 0 <= int(m[0]) < mask.shape[1] and mask[int(m[1]), int(m[0])]]
    d = [e for e in dets if 0 <= int(e[1]) < mask.shape[0] and 0 <= int(e[0]) < mask.shape[1] and mask[int(e[1]), int(e[0])]]
    pairs = []
    for i, e in enumerate(d):
        for j, m in enumerate(t):
            r = math.hypot(e[0] - m[0], e[1] - m[1])
            da = abs((e[2] - m[2] + math.pi) % (2 * math.pi) - math.pi)
            if r <= dist and da <= ang:
                pairs.append((r, i, j))
    used_d, used_t = set(), set()
    for r, i, j in sorted(pairs):
        if i not in used_d and j not in used_t:
            used_d.add(i); used_t.add(j)
    return len(used_d), len(d), len(t)


def validate(model, imgs, scale):
    model.eval()
    res = {}
    with torch.no_grad():
        outs = []
        for im in imgs:
            g = im['grey'].astype(np.float32) / scale
            h, w = g.shape
            H, W = (h + CELL - 1) // CELL * CELL, (w + CELL - 1) // CELL * CELL
            x = np.zeros((1, 1, H, W), np.float32); x[0, 0, :h, :w] = g
            outs.append(model(torch.from_numpy(x))[0].numpy())
    present = {im['variant'].split('-')[0] for im in imgs}
    for thr in (0.3, 0.5, 0.7):
        for variant in [v for v in ('clean', 'dry', 'residue') if v == 'clean' or v == 'dry' or v in present]:
            tp = nd = nt = 0
            for im, o in zip(imgs, outs):
                if im['variant'].split('-')[0] != variant:  # make-real-data.mjs: dry-SEED
                    continue
                a, b, c = match(detect(o, thr), im['minutiae'], im['mask'])
                tp += a; nd += b; nt += c
            res[f'{variant}@{thr}'] = {'precision': round(tp / max(1, nd), 4), 'recall': round(tp / max(1, nt), 4)}
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('train')
    ap.add_argument('out')
    ap.add_argument('--validate', default=None)
    ap.add_argument('--minutes', type=float, default=15)
    ap.add_argument('--steps', type=int, default=7000, help='length of the learning-rate schedule')
    ap.add_argument('--stop', type=int, default=None, help='stop after this many steps (default: --steps)')
    a = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    imgs, scale = load(a.train)
    model = MinutiaNet()
    opt = torch.optim.Adam(model.parameters(), lr=2e-3, weight_decay=1e-5)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=a.steps, pct_start=0.1)
    start = time.time()
    done = 0
    total = 0.0
    for step in range(a.stop or a.steps):
        if time.time() - start > a.minutes * 60:
            print(f'time limit at step {step}', file=sys.stderr)
            break
        model.train()
        x, pos, judged, tgt = batch(imgs, rng, scale)
        r = model.raw(x)
        bce = nn.functional.binary_cross_entropy_with_logits(r[:, 0], pos, reduction='none', pos_weight=torch.tensor(4.0))
        jw = judged.float()
        l_det = (bce * jw).sum() / jw.sum().clamp(min=1)
        pm = pos > 0
        if pm.any():
            off = torch.sigmoid(r[:, 1:3]).permute(0, 2, 3, 1)[pm]
            l_off = (off - tgt[:, 0:2].permute(0, 2, 3, 1)[pm]).abs().mean()
            d = r[:, 3:5].permute(0, 2, 3, 1)[pm]
            d = d / d.norm(dim=1, keepdim=True).clamp(min=1e-6)
            l_dir = (1 - (d * tgt[:, 2:4].permute(0, 2, 3, 1)[pm]).sum(1)).mean()
            l_type = nn.functional.binary_cross_entropy_with_logits(r[:, 5].unsqueeze(1).permute(0, 2, 3, 1)[pm].squeeze(1), tgt[:, 4][pm])
        else:
            l_off = l_dir = l_type = torch.tensor(0.0)
        loss = l_det + l_off + 0.5 * l_dir + 0.2 * l_type
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        done += 1
        total += float(loss)
        if (step + 1) % 200 == 0:
            print(f'step {step + 1}: loss {total / 200:.4f} ({time.time() - start:.0f} s)', file=sys.stderr)
            total = 0.0
    report = {'steps': done, 'seconds': round(time.time() - start), 'batch': BATCH, 'crop': CROP, 'trainImages': len(imgs)}
    if a.validate:
        vimgs, vscale = load(a.validate)
        report['validation'] = validate(model, vimgs, vscale)
    model.eval()
    torch.onnx.export(model, torch.zeros(1, 1, 64, 64), a.out, input_names=['grey'], output_names=['cells'],
                      dynamic_axes={'grey': {2: 'h', 3: 'w'}, 'cells': {2: 'ch', 3: 'cw'}}, opset_version=13, do_constant_folding=True)
    print(json.dumps(report))


if __name__ == '__main__':
    main()
