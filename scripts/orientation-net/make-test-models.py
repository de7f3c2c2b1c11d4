#!/usr/bin/env python3
"""Two one-layer models with the orientation network's interface (input `features`
[1, 9, rows, cols], output `field` [1, 2, rows, cols]) for tests/extraction/restore-orientation-net.test.ts:
identity.onnx returns the classical field's doubled-angle planes (3, 4) unchanged; transpose.onnx
returns (-cos 2θ, sin 2θ), the field reflected about the diagonal (θ -> π/2 - θ).
  /usr/bin/python3 scripts/orientation-net/make-test-models.py tests/fixtures/orientation-net
"""
import sys
import torch
import torch.nn as nn

out = sys.argv[1]
for name, sign in (('identity', 1.0), ('transpose', -1.0)):
    conv = nn.Conv2d(9, 2, 1, bias=False)
    with torch.no_grad():
        conv.weight.zero_()
        conv.weight[0, 3, 0, 0] = sign
        conv.weight[1, 4, 0, 0] = 1.0
    torch.onnx.export(conv, torch.zeros(1, 9, 8, 8), f'{out}/{name}.onnx', input_names=['features'], output_names=['field'],
                      dynamic_axes={'features': {2: 'h', 3: 'w'}, 'field': {2: 'h', 3: 'w'}}, opset_version=13)
