"""Static int8 quantisation of the learned ridge network (models/ridge-net.md, "int8"), written
with the onnx package (Debian python3-onnx 1.12) and numpy only, in the QDQ format onnxruntime
turns into integer kernels (QLinearConv, QLinearAdd, 8-bit Resize).

    /usr/bin/python3 scripts/ridge-net/quantize.py probe FLOAT.onnx PROBE.onnx
    /usr/bin/python3 scripts/ridge-net/quantize.py qdq FLOAT.onnx RANGES.json OUT.onnx

`probe` writes the float model with every activation this script quantises added as a graph
output, so that scripts/ridge-net/calibrate.mjs can run it (onnxruntime-node) on synthetic
training images and write each activation's range (RANGES.json). `qdq` then writes the model
with:
  - weights int8, symmetric, one scale per output channel (max |w| / 127); biases int32 at scale
    input scale × weight scale;
  - activations uint8 with the calibrated range: the input grey at scale 1/32, zero point 128
    (extraction clips it to ±127/32, the training data's int8 grid); each ReLU output at zero
    point 0 (the ReLU is then the clamp of the quantised value, and onnxruntime drops it); the
    signed 1 × 1 outputs that are upsampled (asymmetric); the upsampled tensors keep their
    input's scale, so the resize runs on 8-bit values; the last convolution's output (before
    tanh) asymmetric, dequantised before the float tanh.
"""
import json
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

# the input grey's grid: extraction clips the normalised grey to ±127/32 (blend-ridge-net.ts)
INPUT_SCALE = 1.0 / 32
INPUT_ZERO = 128
# operators whose output keeps its input's scale and zero point (onnxruntime runs them on the
# 8-bit values): the bilinear resize, the edge padding and the space-to-depth reordering of
# scripts/ridge-net/rewrite-half.py
SAME_SCALE = ('Resize', 'Pad', 'SpaceToDepth')


def activations(graph):
    """The tensors quantised, in graph order: name -> kind ('input', 'relu', 'signed')."""
    kinds = {graph.input[0].name: 'input'}
    for n in graph.node:
        if n.op_type == 'Relu':
            kinds[n.output[0]] = 'relu'
        elif n.op_type == 'Conv':
            consumers = [m.op_type for m in graph.node if n.output[0] in m.input]
            # conv outputs read by anything but a ReLU (resize, tanh) are signed
            if consumers and consumers[0] != 'Relu':
                kinds[n.output[0]] = 'signed'
    return kinds


def probe(src, dst):
    model = onnx.load(src)
    g = model.graph
    for name, kind in activations(g).items():
        if kind == 'input':
            continue
        g.output.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, None))
    onnx.save(model, dst)


def qparams(kind, lo, hi):
    """uint8 scale and zero point for a tensor of this kind and calibrated range."""
    if kind == 'input':
        return INPUT_SCALE, INPUT_ZERO
    if kind == 'relu':
        return max(hi, 1e-6) / 255.0, 0
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    scale = max(hi - lo, 1e-6) / 255.0
    return scale, int(np.clip(np.round(-lo / scale), 0, 255))


def qdq(src, ranges_path, dst):
    model = onnx.load(src)
    g = model.graph
    ranges = json.load(open(ranges_path))['ranges']
    kinds = activations(g)
    inits = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    q = {}  # activation name -> (scale, zero point)
    new_inits = []
    nodes = []

    def const(name, array):
        new_inits.append(numpy_helper.from_array(array, name))
        return name

    def qdq_pair(name, scale, zero):
        """Q then DQ of `name`; returns the dequantised tensor's name."""
        s = const(f'{name}_scale', np.array(scale, np.float32))
        z = const(f'{name}_zero', np.array(zero, np.uint8))
        nodes.append(helper.make_node('QuantizeLinear', [name, s, z], [f'{name}_q'], name=f'{name}_Q'))
        nodes.append(helper.make_node('DequantizeLinear', [f'{name}_q', s, z], [f'{name}_dq'], name=f'{name}_DQ'))
        return f'{name}_dq'

    rename = {}
    replaced = set()  # float weights and biases, written as int8 / int32 instead
    # the input grey
    grey = g.input[0].name
    q[grey] = qparams('input', 0, 0)
    rename[grey] = qdq_pair(grey, *q[grey])
    for n in g.node:
        inputs = [rename.get(i, i) for i in n.input]
        if n.op_type == 'Conv':
            w = inits[n.input[1]]
            b = inits[n.input[2]] if len(n.input) > 2 else np.zeros(w.shape[0], np.float32)
            sx = q[n.input[0]][0]
            sw = np.maximum(np.abs(w).reshape(w.shape[0], -1).max(axis=1), 1e-8) / 127.0
            wq = np.clip(np.round(w / sw[:, None, None, None]), -127, 127).astype(np.int8)
            bs = (sx * sw).astype(np.float32)
            bq = np.round(b / bs).astype(np.int32)
            wn, bn = n.input[1], n.input[2]
            replaced.update((wn, bn))
            const(f'{wn}_q', wq)
            const(f'{wn}_scale', sw.astype(np.float32))
            const(f'{wn}_zero', np.zeros(w.shape[0], np.int8))
            nodes.append(helper.make_node('DequantizeLinear', [f'{wn}_q', f'{wn}_scale', f'{wn}_zero'], [f'{wn}_dq'], name=f'{wn}_DQ', axis=0))
            const(f'{bn}_q', bq)
            const(f'{bn}_scale', bs)
            const(f'{bn}_zero', np.zeros(w.shape[0], np.int32))
            nodes.append(helper.make_node('DequantizeLinear', [f'{bn}_q', f'{bn}_scale', f'{bn}_zero'], [f'{bn}_dq'], name=f'{bn}_DQ', axis=0))
            inputs = [inputs[0], f'{wn}_dq', f'{bn}_dq']
        out = n.output[0]
        node = helper.make_node(n.op_type, inputs, list(n.output), name=n.name or out)
        node.attribute.extend(n.attribute)
        nodes.append(node)
        if n.op_type in SAME_SCALE:
            # moves values without arithmetic on them: the same scale and zero point as its input
            q[out] = q[n.input[0]]
            rename[out] = qdq_pair(out, *q[out])
        elif out in kinds:
            r = ranges[out]
            q[out] = qparams(kinds[out], r['lo'], r['hi'])
            rename[out] = qdq_pair(out, *q[out])
    del g.node[:]
    g.node.extend(nodes)
    keep = [t for t in g.initializer if t.name not in replaced]
    del g.initializer[:]
    g.initializer.extend(keep + new_inits)
    model.producer_name = 'afis scripts/ridge-net/quantize.py'
    onnx.checker.check_model(model)
    onnx.save(model, dst)
    print(json.dumps({name: {'scale': float(s), 'zero': int(z)} for name, (s, z) in q.items()}))


if __name__ == '__main__':
    if sys.argv[1] == 'probe':
        probe(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == 'qdq':
        qdq(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit('usage: quantize.py probe FLOAT.onnx PROBE.onnx | qdq FLOAT.onnx RANGES.json OUT.onnx')
