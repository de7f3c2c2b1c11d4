"""The unsigned-weight form of an int8 model written by quantize.py: every int8 weight w stored as
the uint8 w + 128 with zero point 128 (its zero point was 0), nothing else changed. Both forms
dequantise to the same float weights, so they are one network; onnxruntime runs this one with
its uint8 x uint8 kernels, which add every product exactly on every CPU.

Why both: on an x86 CPU without VNNI (AVX2, or AVX-512 without VNNI), onnxruntime's uint8 x int8
kernels add each pair of products in a saturating 16-bit lane (VPMADDUBSW), and a pair of
activations up to 255 against weights up to 127 can reach 64,770, clipped at 32,767: there the
int8 form computes something else than on a CPU with VNNI, and the templates depend on the
server (bench/RESULTS.md, "cpuq"). The extraction opens this form on such CPUs
(src/extraction/load-onnx-session.ts); on a VNNI CPU the int8 form is exact and about twice as
fast.

    /usr/bin/python3 scripts/ridge-net/unsigned-weights.py INT8.onnx OUT.onnx
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, numpy_helper


def unsigned(src, dst):
    model = onnx.load(src)
    inits = {t.name: t for t in model.graph.initializer}
    changed = 0
    for n in model.graph.node:
        if n.op_type != 'DequantizeLinear' or n.input[0] not in inits:
            continue
        q = inits[n.input[0]]
        if q.data_type != TensorProto.INT8:
            continue
        zero = numpy_helper.to_array(inits[n.input[2]])
        if zero.dtype != np.int8 or np.any(zero != 0):
            sys.exit(f'{n.input[0]}: expected int8 weights at zero point 0')
        w = numpy_helper.to_array(q).astype(np.int16) + 128
        q.CopyFrom(numpy_helper.from_array(w.astype(np.uint8), n.input[0]))
        inits[n.input[2]].CopyFrom(numpy_helper.from_array(np.full(zero.shape, 128, np.uint8), n.input[2]))
        changed += 1
    if changed == 0:
        sys.exit(f'{src}: no int8 weights')
    model.producer_name = 'afis scripts/ridge-net/unsigned-weights.py'
    onnx.checker.check_model(model)
    onnx.save(model, dst)


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit('usage: unsigned-weights.py INT8.onnx OUT.onnx')
    unsigned(sys.argv[1], sys.argv[2])
