#!/usr/bin/env node
/**
 * Builds the ONNX models of models/ from first principles (no training): each is a fixed
 * filter bank written as an ONNX graph with protobufjs, from the subset of the public
 * onnx.proto messages declared below (standard field numbers, IR version 8, opset 13).
 *
 *   node scripts/build-models.mjs [OUT]    # writes models/gabor-bank.onnx (or OUT)
 *
 * gabor-bank.onnx: input "image" float32 [1, 1, H, W] (contrast-normalised print), output
 * "responses" float32 [1, C, H, W], C = orientations × periods; channel o·P + p is the even
 * oriented Gabor filter for ridge direction θ = o·π/O (image coordinates, y down) and ridge
 * period PERIODS[p]. The kernels are the 2-D form of the extraction's separable filter
 * (Gaussian along the ridge, zero-mean unit-energy Gabor across it); see models/gabor-bank.md.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

export const ORIENTATIONS = 16;
export const PERIODS = [6.5, 8.5, 10.5];
export const KERNEL = 17;
const ALONG_SIGMA = 4;
const ACROSS_SIGMA_PERIODS = 0.55;

const PROTO = `
syntax = "proto2";
package onnx;
message ModelProto {
  optional int64 ir_version = 1;
  repeated OperatorSetIdProto opset_import = 8;
  optional string producer_name = 2;
  optional string producer_version = 3;
  optional string doc_string = 6;
  optional GraphProto graph = 7;
}
message OperatorSetIdProto { optional string domain = 1; optional int64 version = 2; }
message GraphProto {
  repeated NodeProto node = 1;
  optional string name = 2;
  repeated TensorProto initializer = 5;
  optional string doc_string = 10;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
}
message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  optional string name = 3;
  optional string op_type = 4;
  repeated AttributeProto attribute = 5;
}
message AttributeProto {
  optional string name = 1;
  optional int32 type = 20;
  optional float f = 2;
  optional int64 i = 3;
  repeated int64 ints = 8;
}
message TensorProto {
  repeated int64 dims = 1;
  optional int32 data_type = 2;
  optional string name = 8;
  optional bytes raw_data = 9;
}
message ValueInfoProto { optional string name = 1; optional TypeProto type = 2; }
message TypeProto { optional Tensor tensor_type = 1; message Tensor { optional int32 elem_type = 1; optional TensorShapeProto shape = 2; } }
message TensorShapeProto { repeated Dimension dim = 1; message Dimension { optional int64 dim_value = 1; optional string dim_param = 2; } }
`;

const FLOAT = 1;
const ATTR_INT = 2;
const ATTR_INTS = 7;

/** The kernel of one (orientation, period) channel, row-major KERNEL × KERNEL. */
export function gaborKernel(theta, period) {
  const r = (KERNEL - 1) / 2;
  const dx = Math.cos(theta);
  const dy = Math.sin(theta);
  const sc = ACROSS_SIGMA_PERIODS * period;
  const k = new Float32Array(KERNEL * KERNEL);
  const env = new Float32Array(KERNEL * KERNEL);
  let sum = 0;
  let envSum = 0;
  for (let y = -r; y <= r; y++) {
    for (let x = -r; x <= r; x++) {
      const u = x * dx + y * dy; // along the ridge
      const v = -x * dy + y * dx; // across
      const e = Math.exp((-u * u) / (2 * ALONG_SIGMA * ALONG_SIGMA) - (v * v) / (2 * sc * sc));
      const i = (y + r) * KERNEL + x + r;
      k[i] = e * Math.cos((2 * Math.PI * v) / period);
      env[i] = e;
      sum += k[i];
      envSum += e;
    }
  }
  let energy = 0;
  for (let i = 0; i < k.length; i++) {
    k[i] -= (sum / envSum) * env[i];
    energy += k[i] * k[i];
  }
  const norm = Math.sqrt(energy) || 1;
  // unit energy like the separable filter's band-pass, scaled by the along-smoothing gain
  for (let i = 0; i < k.length; i++) k[i] /= norm;
  return k;
}

export function buildGaborBank() {
  const root = protobuf.parse(PROTO, { keepCase: true }).root;
  const Model = root.lookupType('onnx.ModelProto');
  const channels = ORIENTATIONS * PERIODS.length;
  const weights = new Float32Array(channels * KERNEL * KERNEL);
  for (let o = 0; o < ORIENTATIONS; o++) {
    for (let p = 0; p < PERIODS.length; p++) {
      weights.set(gaborKernel((o / ORIENTATIONS) * Math.PI, PERIODS[p]), (o * PERIODS.length + p) * KERNEL * KERNEL);
    }
  }
  const pad = (KERNEL - 1) / 2;
  const dims = (names) => ({ dim: names.map((n) => (typeof n === 'number' ? { dim_value: n } : { dim_param: n })) });
  const model = {
    ir_version: 8,
    opset_import: [{ domain: '', version: 13 }],
    producer_name: 'afis scripts/build-models.mjs',
    producer_version: '1',
    doc_string: `Oriented Gabor filter bank: ${ORIENTATIONS} orientations × periods ${PERIODS.join(', ')} px, ${KERNEL}×${KERNEL} kernels`,
    graph: {
      name: 'gabor_bank',
      node: [
        {
          input: ['image', 'kernels'],
          output: ['responses'],
          name: 'bank',
          op_type: 'Conv',
          attribute: [
            { name: 'kernel_shape', type: ATTR_INTS, ints: [KERNEL, KERNEL] },
            { name: 'pads', type: ATTR_INTS, ints: [pad, pad, pad, pad] },
            { name: 'strides', type: ATTR_INTS, ints: [1, 1] },
            { name: 'group', type: ATTR_INT, i: 1 },
          ],
        },
      ],
      initializer: [{ name: 'kernels', dims: [channels, 1, KERNEL, KERNEL], data_type: FLOAT, raw_data: new Uint8Array(weights.buffer) }],
      input: [{ name: 'image', type: { tensor_type: { elem_type: FLOAT, shape: dims([1, 1, 'height', 'width']) } } }],
      output: [{ name: 'responses', type: { tensor_type: { elem_type: FLOAT, shape: dims([1, channels, 'height', 'width']) } } }],
    },
  };
  const err = Model.verify(model);
  if (err) throw new Error(err);
  return Model.encode(Model.fromObject(model)).finish();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ?? fileURLToPath(new URL('../models/gabor-bank.onnx', import.meta.url));
  const bytes = buildGaborBank();
  writeFileSync(out, bytes);
  console.log(`wrote ${out} (${bytes.length} bytes)`);
}
