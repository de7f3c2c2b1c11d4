#!/bin/sh
# The learned ridge network's int8 form (models/ridge-net.md, "The int8 half-resolution form";
# read when `ridgeNetInt8` is 1): the float network models/ridge-net.onnx, not retrained,
#   1. rewritten to run wholly at half resolution (scripts/ridge-net/rewrite-half.py: full-size
#      tensors held as space-to-depth images, the same function up to float rounding);
#   2. its activations' ranges read on synthetic training images (make-data.mjs, training seed
#      121, 12 subjects × 4 impressions with the suite's dry, residue and low-contrast skins, as
#      scripts/train-ridge-net.sh makes them; never the validation seed 122, the evaluation's
#      seeds nor FVC2002) by scripts/ridge-net/calibrate.mjs, 99.99 % quantiles;
#   3. written in QDQ form (scripts/ridge-net/quantize.py: int8 weights per output channel,
#      uint8 activations), which onnxruntime runs as integer convolutions (exactly on every CPU:
#      src/extraction/load-onnx-session.ts opens it with uint8 x uint8 kernels where there is no VNNI).
# Needs Debian's python3-onnx (installed with apt when missing) and numpy; about 1 minute.
#   sh scripts/quantize-ridge-net.sh [WORKDIR] [OUT] [FLOAT]   (defaults /tmp/ridge-net-int8,
#   models/ridge-net-int8.onnx, models/ridge-net.onnx; FLOAT: a retrained float network to quantize
#   instead, e.g. scripts/train-ridge-net.sh's OUT)
set -eu
cd "$(dirname "$0")/.."
WORK=${1:-/tmp/ridge-net-int8}
OUT=${2:-models/ridge-net-int8.onnx}
FLOAT=${3:-models/ridge-net.onnx}
PY=/usr/bin/python3
if ! "$PY" -c 'import onnx, numpy' 2>/dev/null; then
  echo "python3-onnx missing: installing it with apt" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y python3-onnx
fi
npm run build
mkdir -p "$WORK"
# the generator settings of scripts/train-ridge-net.sh (R96C, plain contact 0.95 × 0.92)
MASTER='{"periodMean":7.75,"periodNoise":0.8,"periodFollowsFlow":0.5,"coreHairpin":1,"coreHairpinReach":0,"coreHairpinReachMax":0,"orientationNoise":0.3,"orientationNoiseScale":48,"orientationNoiseReach":60,"loopArmsDown":1,"loopArmsDownReach":96,"coreDeltaScale":1,"dislocationPairCoreExtra":0}'
[ -f "$WORK/calib.json" ] || node scripts/ridge-net/make-data.mjs "$WORK/calib" 121 12 4 "$MASTER" 0.95,0.92 --skins dry,residue,low-contrast
"$PY" scripts/ridge-net/rewrite-half.py "$FLOAT" "$WORK/half.onnx"
"$PY" scripts/ridge-net/quantize.py probe "$WORK/half.onnx" "$WORK/probe.onnx"
node scripts/ridge-net/calibrate.mjs "$WORK/probe.onnx" "$WORK/calib" "$WORK/ranges.json" --quantile 0.9999
"$PY" scripts/ridge-net/quantize.py qdq "$WORK/half.onnx" "$WORK/ranges.json" "$OUT" > "$WORK/qparams.json"
echo "wrote $OUT"
