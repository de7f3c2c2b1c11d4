"""The learned ridge network rewritten to run wholly at half resolution (models/ridge-net.md,
"The half-resolution rewrite"): the same function as the float model up to rounding, no
retraining, written with the onnx package (Debian python3-onnx 1.12) and numpy.

    /usr/bin/python3 scripts/ridge-net/rewrite-half.py FLOAT.onnx OUT.onnx [--zero-edge]

Why: onnxruntime's blocked (NCHWc) layout pads every tensor of 16 or fewer channels to 16, so
the network's full-resolution 8-channel tensors cost as much as 16-channel ones, and the
full-resolution upsampling, skip addition and the layout changes around them were more than half
of a run (bench/RESULTS.md, netquant). Here every full-resolution tensor of C channels is held
as its space-to-depth image: half the size, 4C channels, channel (2a + b)·C + c holding channel c
of full-resolution pixel (2i + a, 2j + b) (ONNX SpaceToDepth / DepthToSpace, DCR order). Then
  - a full-resolution 3 × 3 convolution (zero padding 1) is a half-resolution 3 × 3 convolution
    (zero padding 1) from 4Ci to 4Co channels: output phase a reads input row 2i + a + u
    (u = −1, 0, 1), which is half-resolution row i + ⌊(a + u) / 2⌋ of phase (a + u) mod 2;
  - the stride-2 convolution from full to half resolution is a 2 × 2 convolution (padding 1 at
    the top and left) of the space-to-depth image;
  - the bilinear doubling (half-pixel centres, edge held) of the 1 × 1 convolution before it is
    one 3 × 3 convolution to 4C channels: output phase a is 3/4 of row i and 1/4 of row i − 1
    (a = 0) or i + 1 (a = 1), the same across, times the 1 × 1 weights; the held edge is an edge
    padding of its input (with --zero-edge, zero padding instead: not the same function on the
    outermost pixel ring, tried for speed);
  - the last 1 × 1 convolution is a 1 × 1 convolution from 32 to 4 channels, then tanh and
    DepthToSpace give the full-resolution map.
The multiply-adds rise (≈ 7.6 k per full-resolution pixel against the network's 3.6 k, most of
them on zero weights), but every tensor has 16 or 32 channels and the full-resolution add,
upsampling and layout changes are gone.
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

# (a + u) -> (half-resolution offset, phase) for a full-resolution offset u from phase a
def split(a, u):
    return (a + u) // 2, (a + u) % 2


def conv3_to_half(w, b):
    """A full-resolution 3 × 3 convolution (padding 1) as a half-resolution 3 × 3 one on
    space-to-depth images."""
    co, ci = w.shape[:2]
    out = np.zeros((4 * co, 4 * ci, 3, 3), np.float32)
    for a in range(2):
        for bb in range(2):
            for u in (-1, 0, 1):
                for v in (-1, 0, 1):
                    di, pa = split(a, u)
                    dj, pb = split(bb, v)
                    po, pi = 2 * a + bb, 2 * pa + pb
                    out[po * co:(po + 1) * co, pi * ci:(pi + 1) * ci, di + 1, dj + 1] += w[:, :, u + 1, v + 1]
    return out, np.tile(b, 4).astype(np.float32)


def conv3_to_stride2(w, b):
    """A full-resolution 3 × 3 convolution (padding 1) of a one-channel image as a 4 × 4
    convolution of stride 2 (padding 1) writing its space-to-depth image: output phase a at
    half-resolution row i reads full-resolution rows 2i + a − 1 … 2i + a + 1, kernel rows a … a + 2."""
    co = w.shape[0]
    out = np.zeros((4 * co, 1, 4, 4), np.float32)
    for a in range(2):
        for bb in range(2):
            po = 2 * a + bb
            out[po * co:(po + 1) * co, :, a:a + 3, bb:bb + 3] = w
    return out, np.tile(b, 4).astype(np.float32)


def stride2_to_half(w):
    """The 3 × 3 stride-2 convolution (padding 1) of a full-resolution image as a 2 × 2
    convolution (padding 1 top and left) of its space-to-depth image."""
    co, ci = w.shape[:2]
    out = np.zeros((co, 4 * ci, 2, 2), np.float32)
    for u in (-1, 0, 1):
        for v in (-1, 0, 1):
            di, pa = split(0, u)
            dj, pb = split(0, v)
            pi = 2 * pa + pb
            out[:, pi * ci:(pi + 1) * ci, di + 1, dj + 1] += w[:, :, u + 1, v + 1]
    return out


def upsample_to_half(w1, b1):
    """A 1 × 1 convolution followed by the bilinear doubling (half-pixel centres) as a 3 × 3
    convolution to the space-to-depth image (its input edge-padded by one)."""
    co, ci = w1.shape[:2]
    taps = {0: {-1: 0.25, 0: 0.75}, 1: {0: 0.75, 1: 0.25}}
    out = np.zeros((4 * co, ci, 3, 3), np.float32)
    for a in range(2):
        for bb in range(2):
            po = 2 * a + bb
            for di, fy in taps[a].items():
                for dj, fx in taps[bb].items():
                    out[po * co:(po + 1) * co, :, di + 1, dj + 1] += fy * fx * w1[:, :, 0, 0]
    return out, np.tile(b1, 4).astype(np.float32)


def conv3_to_half_rows(w, b):
    """The same as conv3_to_half split by output row phase a into two convolutions of a 2 × 3
    kernel (rows i − 1, i for a = 0; i, i + 1 for a = 1) to 2Co channels each (phase b, then the
    channel), whose outputs concatenated are the space-to-depth order: three quarters of the
    3 × 3 form's multiply-adds fall on weights that are always zero, a third of these do."""
    full, bias = conv3_to_half(w, b)
    co = w.shape[0]
    parts = []
    for a, rows, pads in ((0, slice(0, 2), [1, 1, 0, 1]), (1, slice(1, 3), [0, 1, 1, 1])):
        parts.append((np.ascontiguousarray(full[2 * a * co:(2 * a + 2) * co, :, rows, :]), bias[2 * a * co:(2 * a + 2) * co], pads))
    return parts


def pointwise_to_half(w, b):
    """A 1 × 1 convolution as a block-diagonal 1 × 1 one on space-to-depth images."""
    co, ci = w.shape[:2]
    out = np.zeros((4 * co, 4 * ci, 1, 1), np.float32)
    for p in range(4):
        out[p * co:(p + 1) * co, p * ci:(p + 1) * ci] = w
    return out, np.tile(b, 4).astype(np.float32)


def rewrite(src, dst, zero_edge=False, split=False, fuse_skip=False, stride2_input=False):
    model = onnx.load(src)
    p = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    for name in ('full.0.weight', 'full_out.1.weight', 'full_out.3.weight', 'half_out.3.weight'):
        if name not in p:
            sys.exit(f'{src}: no {name}; not the full-resolution ridge network of train.py')
    inits, nodes = [], []

    def const(name, array):
        inits.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    def conv(x, y, w, b, pads, dilation=1, stride=1):
        const(f'{y}.w', w)
        const(f'{y}.b', b)
        nodes.append(helper.make_node('Conv', [x, f'{y}.w', f'{y}.b'], [y], name=y, kernel_shape=list(w.shape[2:]), pads=pads,
                                      dilations=[dilation, dilation], strides=[stride, stride], group=1))
        return y

    def relu(x):
        nodes.append(helper.make_node('Relu', [x], [f'{x}.relu'], name=f'{x}.relu'))
        return f'{x}.relu'

    if stride2_input:
        f = relu(conv('grey', 'full0', *conv3_to_stride2(p['full.0.weight'], p['full.0.bias']), [1, 1, 1, 1], stride=2))
    else:
        nodes.append(helper.make_node('SpaceToDepth', ['grey'], ['grey4'], name='grey4', blocksize=2))
        f = relu(conv('grey4', 'full0', *conv3_to_half(p['full.0.weight'], p['full.0.bias']), [1, 1, 1, 1]))
    h = relu(conv(f, 'level2_0', stride2_to_half(p['level2.0.weight']), p['level2.0.bias'], [1, 1, 0, 0]))
    h = relu(conv(h, 'level2_2', p['level2.2.weight'], p['level2.2.bias'], [1, 1, 1, 1]))
    q = relu(conv(h, 'level4_0', p['level4.0.weight'], p['level4.0.bias'], [1, 1, 1, 1], stride=2))
    q = relu(conv(q, 'level4_2', p['level4.2.weight'], p['level4.2.bias'], [2, 2, 2, 2], dilation=2))
    q = relu(conv(q, 'level4_4', p['level4.4.weight'], p['level4.4.bias'], [4, 4, 4, 4], dilation=4))
    q = conv(q, 'level4_6', p['level4.6.weight'], p['level4.6.bias'], [0, 0, 0, 0])
    const('up.roi', np.zeros(0, np.float32))
    const('up.scales', np.array([1, 1, 2, 2], np.float32))
    nodes.append(helper.make_node('Resize', [q, 'up.roi', 'up.scales'], ['up'], name='up', mode='linear',
                                  coordinate_transformation_mode='half_pixel'))
    nodes.append(helper.make_node('Add', ['up', h], ['skip2'], name='skip2'))
    z = relu('skip2')
    z = relu(conv(z, 'half_out_1', p['half_out.1.weight'], p['half_out.1.bias'], [1, 1, 1, 1]))
    wu, bu = upsample_to_half(p['half_out.3.weight'], p['half_out.3.bias'])
    if zero_edge:
        u = conv(z, 'up_half', wu, bu, [1, 1, 1, 1])
    else:
        const('edge.pads', np.array([0, 0, 1, 1, 0, 0, 1, 1], np.int64))
        nodes.append(helper.make_node('Pad', [z, 'edge.pads'], ['edge'], name='edge', mode='edge'))
        u = conv('edge', 'up_half', wu, bu, [0, 0, 0, 0])
    if fuse_skip:
        # the skip computed a second time for the addition alone: the runtime adds into its
        # buffer inside the convolution only when nothing else reads it (level2_0 reads f)
        f = relu(conv('grey4', 'full0_skip', *conv3_to_half(p['full.0.weight'], p['full.0.bias']), [1, 1, 1, 1]))
    nodes.append(helper.make_node('Add', [u, f], ['skip1'], name='skip1'))
    o = relu('skip1')
    if split:
        rows = [relu(conv(o, f'full_out_1_{a}', wa, ba, pads)) for a, (wa, ba, pads) in enumerate(conv3_to_half_rows(p['full_out.1.weight'], p['full_out.1.bias']))]
        nodes.append(helper.make_node('Concat', rows, ['full_out_1'], name='full_out_1', axis=1))
        o = 'full_out_1'
    else:
        o = relu(conv(o, 'full_out_1', *conv3_to_half(p['full_out.1.weight'], p['full_out.1.bias']), [1, 1, 1, 1]))
    o = conv(o, 'full_out_3', *pointwise_to_half(p['full_out.3.weight'], p['full_out.3.bias']), [0, 0, 0, 0])
    nodes.append(helper.make_node('Tanh', [o], ['ridges4'], name='tanh'))
    nodes.append(helper.make_node('DepthToSpace', ['ridges4'], ['ridges'], name='ridges', blocksize=2, mode='DCR'))
    dims = ['1', '1', 'h', 'w']
    graph = helper.make_graph(
        nodes, 'ridge-net-half-rewrite',
        [helper.make_tensor_value_info('grey', TensorProto.FLOAT, [1, 1, 'h', 'w'])],
        [helper.make_tensor_value_info('ridges', TensorProto.FLOAT, [1, 1, 'h', 'w'])],
        inits)
    del dims
    out = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 13)], producer_name='afis scripts/ridge-net/rewrite-half.py')
    out.ir_version = model.ir_version
    onnx.checker.check_model(out)
    onnx.save(out, dst)


if __name__ == '__main__':
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    if len(args) != 2:
        sys.exit('usage: rewrite-half.py FLOAT.onnx OUT.onnx [--zero-edge]')
    rewrite(args[0], args[1], zero_edge='--zero-edge' in sys.argv, split='--split' in sys.argv, fuse_skip='--fuse-skip' in sys.argv, stride2_input='--stride2-input' in sys.argv)
