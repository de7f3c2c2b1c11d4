#!/bin/sh
# Reproduces models/smear-gate.onnx (models/smear-gate.md) from nothing but this repository:
# synthetic prints with exact truth (afis synth, training seeds 131 and 132; seed 132 is held out
# and only measured), each read by the built extraction's smear estimate clean, after every other
# perturbation and slid (scripts/smear-gate/cut-features.mjs), a small perceptron trained with
# Debian's python3-torch on one CPU thread with a fixed seed, exported to ONNX. Never trained on
# FVC2002 (the evaluation). About 3 minutes of one core.
#   sh scripts/train-smear-gate.sh [WORKDIR]        (default /tmp/smear-gate-train)
set -eu
cd "$(dirname "$0")/.."
WORK=${1:-/tmp/smear-gate-train}
. scripts/ensure-torch.sh
mkdir -p "$WORK"
for SEED in 131 132; do
  [ -f "$WORK/train-$SEED/truth/60_4.json" ] || node bin/afis.js synth --subjects 60 --impressions 4 --style mixed --seed "$SEED" --no-persons --threads 1 --out "$WORK/train-$SEED"
done
node scripts/smear-gate/cut-features.mjs "$WORK/features.bin" "$WORK/train-131" "$WORK/train-132"
OMP_NUM_THREADS=1 "$PY" scripts/smear-gate/train.py "$WORK/features.bin" models/smear-gate.onnx | tee "$WORK/report.json"
