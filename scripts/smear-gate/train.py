#!/usr/bin/env python3
"""The learned smear gate (models/smear-gate.md): a small perceptron that reads what the smear
estimate found in a print (scripts/smear-gate/cut-features.mjs) and gives the probability that the
print slid and the estimate's line is the true one. Trained with Debian's python3-torch on one CPU
thread with a fixed seed; the rows of the last synthetic folder are held out and only measured.

    python3 scripts/smear-gate/train.py FEATURES.bin OUT.onnx
"""
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from learned_figures import auc  # noqa: E402

SEED = 17
EPOCHS = 60


class Gate(torch.nn.Module):
    def __init__(self, n, mean, std):
        super().__init__()
        self.register_buffer('mean', torch.tensor(mean, dtype=torch.float32))
        self.register_buffer('std', torch.tensor(std, dtype=torch.float32))
        self.body = torch.nn.Sequential(torch.nn.Linear(n, 32), torch.nn.ReLU(), torch.nn.Linear(32, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1))

    def forward(self, x):
        return torch.sigmoid(self.body((x - self.mean) / self.std)).squeeze(1)


def main():
    features_file, out = sys.argv[1], sys.argv[2]
    meta = json.load(open(features_file.replace('.bin', '') + '.json'))
    n = meta['features']
    rows = np.fromfile(features_file, dtype='<f4').reshape(-1, n + 3)
    x, y, folder, kind = rows[:, :n], rows[:, n], rows[:, n + 1].astype(int), rows[:, n + 2].astype(int)
    held = folder == folder.max()
    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    np.random.seed(SEED)
    mean, std = x[~held].mean(0), x[~held].std(0) + 1e-6
    model = Gate(n, mean, std)
    xt, yt = torch.tensor(x[~held]), torch.tensor(y[~held])
    pos_weight = float((yt == 0).sum() / max(1, (yt == 1).sum()))
    opt = torch.optim.Adam(model.parameters(), lr=2e-3, weight_decay=1e-4)
    for epoch in range(EPOCHS):
        perm = torch.randperm(len(xt))
        for i in range(0, len(xt), 128):
            b = perm[i:i + 128]
            p = model(xt[b]).clamp(1e-6, 1 - 1e-6)
            w = torch.where(yt[b] == 1, torch.tensor(pos_weight), torch.tensor(1.0))
            loss = -(w * (yt[b] * torch.log(p) + (1 - yt[b]) * torch.log(1 - p))).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
    model.eval()
    with torch.no_grad():
        ph = model(torch.tensor(x[held])).numpy()
    yh, kh = y[held], kind[held]
    report = {'rows': int(len(y)), 'trainRows': int((~held).sum()), 'heldOutRows': int(held.sum()), 'heldOutAuc': auc(ph, yh), 'byThreshold': []}
    for t in (0.3, 0.5, 0.7, 0.8, 0.9, 0.95):
        opened = ph >= t
        per_kind = {meta['kinds'][k]: [int((opened & (kh == k) & (yh == 0)).sum()), int((opened & (kh == k) & (yh == 1)).sum()), int(((kh == k) & (yh == 1)).sum())]
                    for k in range(len(meta['kinds']))}
        report['byThreshold'].append({'threshold': t, 'falseOpenings': int((opened & (yh == 0)).sum()), 'negatives': int((yh == 0).sum()),
                                      'trueOpenings': int((opened & (yh == 1)).sum()), 'positives': int((yh == 1).sum()),
                                      'byKind [false, true opened, positives]': per_kind})
    torch.onnx.export(model, torch.zeros(4, n), out, input_names=['features'], output_names=['probability'],
                      dynamic_axes={'features': {0: 'n'}, 'probability': {0: 'n'}}, opset_version=13, do_constant_folding=True)
    print(json.dumps(report, indent=1))


if __name__ == '__main__':
    main()
