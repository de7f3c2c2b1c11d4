"""Trains the learned ridge enhancer (models/ridge-net.md) on the images written by
scripts/ridge-net/make-data.mjs and exports it to ONNX. CPU, one thread, fixed seed.

    /usr/bin/python3 scripts/ridge-net/train.py TRAIN OUT.onnx [--validate VAL] [--steps N] [--minutes M]

TRAIN and VAL are stems of make-data.mjs's STEM.bin / STEM.json (several joined by commas are
pooled). The network reads the contrast-normalised grey (extraction's `normalized`) and writes,
per pixel, the undamaged ridge pattern in [−1, 1] (ridges −1, the enhanced image's sign). Loss:
squared error against the generator's truth, weighted by the contact mask (outside: not judged).
Validation (printed as JSON, per variant): inside the contact where the truth is decided
(|target| ≥ 0.5), the share of pixels whose sign the network gets wrong, against the same share
for the Gabor-enhanced image extraction makes today and for the normalised grey itself.
"""
import argparse
import json
import sys
import time

import numpy as np
import torch
from torch import nn

SEED = 17
CROP = 96
BATCH = 12
# input sides are padded to a multiple of this (two stride-2 levels)
MULTIPLE = 4
# share of training crops given a capacitive texture (--texture: pores = capacitive_texture,
# broken-valleys); 0 = none, the shipped model's recipe. 0.5 and 0.8 made FVC2002 DB3 worse
# (bench/RESULTS.md, enhpore)
PORE_SHARE = 0.0
# channels at full resolution (half: 2×, quarter: 4×); 8 is the shipped enhancer
WIDTH = 8


class RidgeNet(nn.Module):
    """1 × H × W normalised grey → 1 × H × W ridge map (H, W multiples of 4): a two-level
    encoder–decoder (U-Net, Ronneberger et al. 2015, with added rather than concatenated skips)
    whose coarsest level has two dilated 3 × 3 layers (Yu & Koltun 2016), so that a pixel sees
    about 60 px (seven ridge periods) around it. ≈ 3.6 k multiply-adds per input pixel at
    the shipped width 8."""

    def __init__(self, width=WIDTH, half=False):
        """width: channels at full resolution; the half and quarter levels have 2× and 4× that
        (8 → 8 / 16 / 32, the shipped enhancer; 4 → 4 / 8 / 16, ≈ ¼ of the multiply-adds, the
        orientation field's model, models/ridge-net.md "The field's narrow network").
        half: no full-resolution layers; the first layer reads the grey at stride 2 and the
        half-resolution decoder writes the map (tanh at half resolution), brought to full size
        bilinearly; exported (export_half) without that last step, which extraction does on one
        channel (runRidgeNet). The runtime's blocked layout pads every tensor of 16 or fewer
        channels to 16, so full-size tensors were where most of the narrow network's time went."""
        self.half = half
        self.export_half = False
        super().__init__()
        c1, c2, c4 = width, 2 * width, 4 * width
        if not half:
            self.full = nn.Sequential(nn.Conv2d(1, c1, 3, padding=1), nn.ReLU())
        self.level2 = nn.Sequential(
            nn.Conv2d(1 if half else c1, c2, 3, stride=2, padding=1), nn.ReLU(),
            nn.Conv2d(c2, c2, 3, padding=1), nn.ReLU(),
        )
        self.level4 = nn.Sequential(
            nn.Conv2d(c2, c4, 3, stride=2, padding=1), nn.ReLU(),
            nn.Conv2d(c4, c4, 3, padding=2, dilation=2), nn.ReLU(),
            nn.Conv2d(c4, c4, 3, padding=4, dilation=4), nn.ReLU(),
            nn.Conv2d(c4, c2, 1),
        )
        self.up = nn.Upsample(scale_factor=2, mode='bilinear', align_corners=False)
        self.half_out = nn.Sequential(nn.ReLU(), nn.Conv2d(c2, c2, 3, padding=1), nn.ReLU(), nn.Conv2d(c2, 1 if half else c1, 1))
        if not half:
            self.full_out = nn.Sequential(nn.ReLU(), nn.Conv2d(c1, c1, 3, padding=1), nn.ReLU(), nn.Conv2d(c1, 1, 1))

    def forward(self, x):
        if self.half:
            h = self.level2(x)
            q = self.level4(h)
            m = torch.tanh(self.half_out(self.up(q) + h))
            return m if self.export_half else self.up(m)
        f = self.full(x)
        h = self.level2(f)
        q = self.level4(h)
        h2 = self.half_out(self.up(q) + h)
        return torch.tanh(self.full_out(self.up(h2) + f))


def load(stems):
    imgs, scale = [], None
    for stem in stems.split(','):
        meta = json.load(open(stem + '.json'))
        raw = np.fromfile(stem + '.bin', dtype=np.int8)
        scale = meta['scale']
        for im in meta['images']:
            w, h, o = im['width'], im['height'], im['offset']
            n = w * h
            planes = raw[o:o + 4 * n].reshape(4, h, w)
            imgs.append({'grey': planes[0], 'target': planes[1], 'weight': planes[2], 'enhanced': planes[3], 'variant': im['variant'], 'condition': im['condition'],
                         'finger': im.get('name', '').split('_')[0]})
    return imgs, scale


def _blur(x, sigma):
    """Gaussian blur of a 2-D array (zero outside), kernel radius 3 sigma."""
    r = max(1, int(np.ceil(3 * sigma)))
    k = np.exp(-np.arange(-r, r + 1) ** 2 / (2 * sigma * sigma)).astype(np.float32)
    k2 = torch.from_numpy(np.outer(k, k))[None, None]
    return nn.functional.conv2d(torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32))[None, None], k2, padding=r)[0, 0].numpy()


def capacitive_texture(g, tg, wt, rng):
    """The look of small capacitive prints with pored, noisy ridges (FVC2002 DB3, scale chosen by
    eye only): sweat pores, i.e. bright dots of radius 1–2 px (Gaussian sigma 0.6–1.1) on ridge
    centre lines (target ≤ −0.9) about 5–12 px apart along the ridge at a random density; ragged
    ridge edges (smoothed speckle weighted towards the ridge–valley border, 1 − |target|); and, in
    a share of crops, a few dark specks in the valleys. Amplitudes are relative to the crop's grey
    spread inside the contact. Only the input changes: the target stays the undamaged ridges."""
    inside = wt > 0
    spread = float(g[inside].std()) if inside.any() else 1.0
    out = g.copy()
    centre = np.argwhere((tg <= -0.9) & inside)
    if len(centre):
        # the centre band is ≈ 3 px wide, so ridge length ≈ pixels / 3; one pore per `spacing` px
        n = rng.poisson(len(centre) / 3 / rng.uniform(5, 12))
        imp = np.zeros_like(g)
        pick = centre[rng.integers(len(centre), size=n)]
        sigma = rng.uniform(0.6, 1.1)
        np.add.at(imp, (pick[:, 0], pick[:, 1]), rng.uniform(0.6, 1.3, size=n) * spread)
        out += _blur(imp, sigma) * (2 * np.pi * sigma * sigma)
    if rng.random() < 0.7:
        speckle = _blur(rng.normal(0, 1, g.shape), rng.uniform(0.6, 1.0))
        speckle /= max(1e-6, float(speckle.std()))
        out += rng.uniform(0.3, 0.9) * spread * speckle * (1 - np.abs(tg)) ** 0.5
    if rng.random() < 0.3:
        valley = np.argwhere((tg >= 0.9) & inside)
        if len(valley):
            n = rng.poisson(len(valley) / 3 / rng.uniform(12, 30))
            imp = np.zeros_like(g)
            pick = valley[rng.integers(len(valley), size=n)]
            sigma = rng.uniform(0.6, 1.1)
            np.add.at(imp, (pick[:, 0], pick[:, 1]), -rng.uniform(0.5, 1.1, size=n) * spread)
            out += _blur(imp, sigma) * (2 * np.pi * sigma * sigma)
    return np.where(inside, out, g).astype(np.float32)


def broken_valleys(g, tg, wt, rng):
    """The other look of FVC2002 DB3 (scale chosen by eye only): wide dark ridges whose narrow
    valleys break into bright dashes and dots. The grey is lowered (ridges widen, valleys narrow)
    and bridges at the ridges' grey (Gaussian blobs, sigma 1–2 px) are laid on valley centre lines
    (target ≥ 0.9) about 6–15 px apart at a random density, plus the ragged-edge speckle of capacitive_texture.
    Only the input changes: the target stays the undamaged ridges."""
    inside = wt > 0
    spread = float(g[inside].std()) if inside.any() else 1.0
    ridge = (tg <= -0.9) & inside
    ridge_level = float(g[ridge].mean()) if ridge.any() else -spread
    out = g - rng.uniform(0.05, 0.3) * spread
    valley = np.argwhere((tg >= 0.9) & inside)
    if len(valley):
        n = rng.poisson(len(valley) / 3 / rng.uniform(6, 15))
        imp = np.zeros_like(g)
        pick = valley[rng.integers(len(valley), size=n)]
        sigma = rng.uniform(1.0, 2.0)
        imp[pick[:, 0], pick[:, 1]] = 1
        # each bridge brings the valley to the ridges' grey (at most), so it reads as ridge
        m = np.clip(_blur(imp, sigma) * (2 * np.pi * sigma * sigma), 0, 1) * rng.uniform(0.6, 1.0)
        out = (1 - m) * out + m * ridge_level
    if rng.random() < 0.7:
        speckle = _blur(rng.normal(0, 1, g.shape), rng.uniform(0.6, 1.0))
        speckle /= max(1e-6, float(speckle.std()))
        out += rng.uniform(0.3, 0.9) * spread * speckle * (1 - np.abs(tg)) ** 0.5
    return np.where(inside, out, g).astype(np.float32)


TEXTURES = {'pores': capacitive_texture, 'broken-valleys': broken_valleys}


def batch(imgs, rng, scale, pore_share=PORE_SHARE, texture=capacitive_texture, real=None, real_share=0.0):
    """Random crops around the contact, with a mirror image, a scale change of ±10 % and grey
    changes the normalisation leaves (gain, a power curve, a light blur, noise). With `real`
    (images of make-real-data.mjs), each crop is drawn from them with probability `real_share`."""
    xs, ts, ws = [], [], []
    while len(xs) < BATCH:
        pool = real if real and rng.random() < real_share else imgs
        im = pool[rng.integers(len(pool))]
        h, w = im['grey'].shape
        s = rng.uniform(0.9, 1.1)
        side = int(round(CROP * s))
        if h < side or w < side:
            continue
        fy, fx = np.nonzero(im['weight'][::8, ::8])
        if len(fy) == 0:
            continue
        k = rng.integers(len(fy))
        x0 = int(np.clip(fx[k] * 8 - side // 2 + rng.integers(-24, 25), 0, w - side))
        y0 = int(np.clip(fy[k] * 8 - side // 2 + rng.integers(-24, 25), 0, h - side))
        sl = (slice(y0, y0 + side), slice(x0, x0 + side))
        stack = np.stack([im['grey'][sl] / scale, im['target'][sl] / 127.0, im['weight'][sl]]).astype(np.float32)
        t = torch.from_numpy(stack)[None]
        if side != CROP:
            t = nn.functional.interpolate(t, size=(CROP, CROP), mode='bilinear', align_corners=False)
        g, tg, wt = t[0, 0].numpy(), t[0, 1].numpy(), (t[0, 2].numpy() > 0.99).astype(np.float32)
        if wt.sum() < 0.2 * CROP * CROP:
            continue
        if rng.random() < 0.5:
            g, tg, wt = g[:, ::-1], tg[:, ::-1], wt[:, ::-1]
        if rng.random() < 0.5:
            g, tg, wt = g[::-1], tg[::-1], wt[::-1]
        g = np.ascontiguousarray(g)
        tg, wt = np.ascontiguousarray(tg), np.ascontiguousarray(wt)
        if pore_share > 0 and rng.random() < pore_share:
            g = texture(g, tg, wt, rng)
        g = np.sign(g) * np.abs(g) ** rng.uniform(0.7, 1.3)
        if rng.random() < 0.3:
            gt = torch.from_numpy(g)[None, None]
            g = nn.functional.avg_pool2d(nn.functional.pad(gt, (1, 1, 1, 1), mode='replicate'), 3, stride=1)[0, 0].numpy() * 1.5
        g = g * rng.uniform(0.8, 1.2) + rng.normal(0, rng.uniform(0, 0.3), g.shape)
        xs.append(np.clip(g, -127 / 32, 127 / 32).astype(np.float32)[None])
        ts.append(np.ascontiguousarray(tg)[None])
        ws.append(np.ascontiguousarray(wt)[None])
    return torch.from_numpy(np.stack(xs)), torch.from_numpy(np.stack(ts)), torch.from_numpy(np.stack(ws))


def load_onnx(model, path):
    """Sets the network's weights from a float ONNX file this script exported (initializer names
    are the state_dict's keys); every parameter must be found, with its shape."""
    import onnx
    from onnx import numpy_helper
    inits = {i.name: numpy_helper.to_array(i) for i in onnx.load(path).graph.initializer}
    state = model.state_dict()
    missing = [k for k in state if k not in inits or tuple(inits[k].shape) != tuple(state[k].shape)]
    assert not missing, f'{path}: no initializer of the right shape for {missing}'
    model.load_state_dict({k: torch.from_numpy(np.array(inits[k], dtype=np.float32)) for k in state})


def run_whole(model, grey):
    h, w = grey.shape
    H, W = -(-h // MULTIPLE) * MULTIPLE, -(-w // MULTIPLE) * MULTIPLE
    x = np.zeros((1, 1, H, W), np.float32)
    x[0, 0, :h, :w] = grey
    return model(torch.from_numpy(x))[0, 0, :h, :w].numpy()


def validate(model, imgs, scale, texture=capacitive_texture):
    """Sign error shares per variant (and per generator condition of the clean images); the clean
    images once more with the capacitive texture (fixed seed) as variant 'clean+pores'. The Gabor
    column of that variant is the clean image's (extraction was not rerun on the textured grey)."""
    model.eval()
    acc = {}
    prng = np.random.default_rng(SEED + 1)
    cases = []
    for im in imgs:
        t = im['target'].astype(np.float32) / 127
        grey = im['grey'].astype(np.float32) / scale
        cases.append((im, grey, t, [im['variant']] + ([f"clean/{im['condition']}"] if im['variant'] == 'clean' else [])))
        if im['variant'] == 'clean':
            cases.append((im, texture(grey, t, (im['weight'] > 0).astype(np.float32), prng), t, ['clean+texture']))
    with torch.no_grad():
        for im, grey, t, keys in cases:
            out = run_whole(model, grey)
            judged = (im['weight'] > 0) & (np.abs(t) >= 0.5)
            errs = [np.sum((np.sign(out) != np.sign(t)) & judged), np.sum(((im['enhanced'] >= 0) != (t >= 0)) & judged),
                    np.sum(((grey >= 0) != (t >= 0)) & judged), np.sum(judged)]
            for k in keys:
                a = acc.setdefault(k, [0, 0, 0, 0, 0])
                for j in range(4):
                    a[j] += int(errs[j])
                a[4] += 1
    return {k: {'images': a[4], 'netSignError': round(a[0] / max(1, a[3]), 4), 'gaborSignError': round(a[1] / max(1, a[3]), 4), 'greySignError': round(a[2] / max(1, a[3]), 4)} for k, a in sorted(acc.items())}


def preview(imgs, scale, path, texture=capacitive_texture):
    """A visual check of the capacitive texture's scale: rows of grey | textured | target."""
    from PIL import Image
    prng = np.random.default_rng(SEED)
    rows = []
    for im in imgs[::max(1, len(imgs) // 6)][:6]:
        h, w = im['grey'].shape
        sl = (slice(h // 2 - 48, h // 2 + 48), slice(w // 2 - 48, w // 2 + 48))
        g = im['grey'][sl].astype(np.float32) / scale
        t = im['target'][sl].astype(np.float32) / 127
        wt = (im['weight'][sl] > 0).astype(np.float32)
        p = texture(g, t, wt, prng)
        rows.append(np.concatenate([128 + 40 * g, 128 + 40 * p, 128 + 100 * t], axis=1))
    pic = np.clip(np.concatenate(rows, axis=0), 0, 255).astype(np.uint8)
    Image.fromarray(pic).resize((pic.shape[1] * 3, pic.shape[0] * 3), Image.NEAREST).save(path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('train')
    ap.add_argument('out')
    ap.add_argument('--validate', default=None)
    ap.add_argument('--minutes', type=float, default=15)
    ap.add_argument('--steps', type=int, default=2500, help='length of the learning-rate schedule')
    ap.add_argument('--pore-share', type=float, default=PORE_SHARE, help='share of crops given the capacitive texture (0: none)')
    ap.add_argument('--seed', type=int, default=SEED, help='training seed (weights, crops, augmentation)')
    ap.add_argument('--texture', default='pores', choices=sorted(TEXTURES), help='which capacitive texture (pores: capacitive_texture; broken-valleys)')
    ap.add_argument('--width', type=int, default=WIDTH, help='channels at full resolution (8: the shipped enhancer; 4: the field model)')
    ap.add_argument('--half', action='store_true', help='the half-resolution network (no full-resolution layers; the field model)')
    ap.add_argument('--real', default=None, help='stems of make-real-data.mjs (real prints, self-supervised; comma-joined), mixed into the crops')
    ap.add_argument('--real-fingers', default=None, help='with --real: keep only these fingers (FVC numbers, comma-joined, e.g. 106,107,108,109,110): a leave-fingers-out fold')
    ap.add_argument('--real-share', type=float, default=0.5, help='with --real: share of crops drawn from the real images')
    ap.add_argument('--real-variants', default=None, help='with --real: keep only these variants (comma-joined, e.g. clean,wet)')
    ap.add_argument('--init', default=None, help='start from this float ONNX network (its initializers, e.g. models/ridge-net.onnx): a fine-tune (issue 12, realtune)')
    ap.add_argument('--lr', type=float, default=4e-3, help='peak learning rate of the one-cycle schedule (4e-3: the shipped recipe)')
    ap.add_argument('--init-check', default=None, help='with --init: write CHECK.in.bin / CHECK.out.bin (float32, 1 × 1 × 64 × 80 random input and the loaded network\'s output) and exit')
    ap.add_argument('--preview', default=None, help='write PREVIEW.png: 6 training crops, grey | textured grey | target, then exit')
    a = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    imgs, scale = load(a.train)
    real = None
    if a.real:
        real, real_scale = load(a.real)
        if a.real_fingers:
            keep = set(a.real_fingers.split(','))
            real = [im for im in real if im['finger'] in keep]
        if a.real_variants:
            keep = set(a.real_variants.split(','))
            real = [im for im in real if im['variant'] in keep]
        assert real_scale == scale, 'real and synthetic images must share the grey scale'
    if a.preview:
        preview(imgs, scale, a.preview, TEXTURES[a.texture])
        return
    model = RidgeNet(a.width, a.half)
    if a.init:
        load_onnx(model, a.init)
        if a.init_check:
            x = torch.from_numpy(np.random.default_rng(0).normal(0, 1, (1, 1, 64, 80)).astype(np.float32))
            model.eval()
            with torch.no_grad():
                y = model(x)
            x.numpy().tofile(a.init_check + '.in.bin')
            y.numpy().tofile(a.init_check + '.out.bin')
            return
    opt = torch.optim.Adam(model.parameters(), lr=a.lr / 2, weight_decay=1e-5)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=a.lr, total_steps=a.steps, pct_start=0.1)
    start = time.time()
    done, total = 0, 0.0
    for step in range(a.steps):
        if time.time() - start > a.minutes * 60:
            print(f'time limit at step {step}', file=sys.stderr)
            break
        model.train()
        x, t, w = batch(imgs, rng, scale, a.pore_share, TEXTURES[a.texture], real, a.real_share)
        loss = (((model(x) - t) ** 2) * w).sum() / w.sum().clamp(min=1)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        done += 1
        total += float(loss)
        if (step + 1) % 100 == 0:
            print(f'step {step + 1}: loss {total / 100:.4f} ({time.time() - start:.0f} s)', file=sys.stderr)
            total = 0.0
    report = {'steps': done, 'seconds': round(time.time() - start), 'batch': BATCH, 'crop': CROP, 'trainImages': len(imgs),
              **({'realImages': len(real), 'realShare': a.real_share} if real else {}),
              **({'init': a.init, 'peakLr': a.lr} if a.init else {}),
              'parameters': sum(p.numel() for p in model.parameters()), 'width': a.width, 'half': a.half}
    if a.validate:
        vimgs, vscale = load(a.validate)
        report['validation'] = validate(model, vimgs, vscale, TEXTURES[a.texture])
    model.eval()
    model.export_half = a.half
    torch.onnx.export(model, torch.zeros(1, 1, 64, 64), a.out, input_names=['grey'], output_names=['ridges'],
                      dynamic_axes={'grey': {2: 'h', 3: 'w'}, 'ridges': {2: 'h', 3: 'w'}}, opset_version=13, do_constant_folding=True)
    print(json.dumps(report))


if __name__ == '__main__':
    main()
