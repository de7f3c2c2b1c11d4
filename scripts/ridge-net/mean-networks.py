# The mean of two ridge networks' maps as one ONNX graph (issue 12, realctl's two-seed mean): the same
# input 'grey' fed to both, output 'ridges' = (a + b) / 2, so the pair runs wherever one network runs
# (useRidgeNetModel, paired-option*.mjs --ridge-models, afis eval --ridge-models) at the cost of both.
#   /usr/bin/python3 scripts/ridge-net/mean-networks.py A.onnx B.onnx OUT.onnx
import sys, onnx
from onnx import helper, TensorProto, compose
first = onnx.load(sys.argv[1])
a = compose.add_prefix(first, 'a_')
b = compose.add_prefix(onnx.load(sys.argv[2]), 'b_')
nodes = [helper.make_node('Identity', ['grey'], ['a_grey']), helper.make_node('Identity', ['grey'], ['b_grey'])]
nodes += list(a.graph.node) + list(b.graph.node)
nodes += [helper.make_node('Add', ['a_ridges', 'b_ridges'], ['sum']),
          helper.make_node('Mul', ['sum', 'half'], ['ridges'])]
half = helper.make_tensor('half', TensorProto.FLOAT, [], [0.5])
g = helper.make_graph(nodes, 'ridge_mean', [first.graph.input[0]], [first.graph.output[0]],
                      initializer=list(a.graph.initializer) + list(b.graph.initializer) + [half],
                      value_info=list(a.graph.value_info) + list(b.graph.value_info))
m = helper.make_model(g, opset_imports=a.opset_import)
m.ir_version = a.ir_version
onnx.checker.check_model(m)
onnx.save(m, sys.argv[3])
print('wrote', sys.argv[3])
