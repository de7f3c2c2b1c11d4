#!/usr/bin/env python3
"""A one-layer model with the ridge network's interface (input `grey` [1, 1, h, w], output
`ridges` [1, 1, h, w]) for tests/extraction/blend-ridge-net.test.ts: negate.onnx returns
−grey / 4, so a test can tell exactly what the blend did with the network's map.
  /usr/bin/python3 scripts/ridge-net/make-test-models.py tests/fixtures/ridge-net
"""
import sys
import torch
import torch.nn as nn

out = sys.argv[1]
conv = nn.Conv2d(1, 1, 1, bias=False)
with torch.no_grad():
    conv.weight.fill_(-0.25)
torch.onnx.export(conv, torch.zeros(1, 1, 8, 8), f'{out}/negate.onnx', input_names=['grey'], output_names=['ridges'],
                  dynamic_axes={'grey': {2: 'h', 3: 'w'}, 'ridges': {2: 'h', 3: 'w'}}, opset_version=13)
