#!/bin/sh
# The learned orientation inpainter (models/orientation-inpaint.md), trained on SYNTHETIC prints only:
# population seed 131 (150 subjects × 4 impressions) for training and 132 (20 × 2) for validation, each
# impression as generated and after the suite's wet skin with training seeds 9,000,003 + its place
# (scripts/orientation-inpaint/make-data.mjs; never FVC2002, never the synthetic evaluation seeds 201+
# nor the perturbation evaluation seeds 1–13), the master print's direction as target; then
# scripts/orientation-inpaint/train.py (Debian's python3-torch, one CPU thread, seed 17, ≈ 9 min).
#   sh scripts/train-orientation-inpaint.sh [WORKDIR] [OUT]   (default /tmp/orientation-inpaint, models/orientation-inpaint.onnx)
# MODE=--free-hole (default, the file in models/) | --blank-hole | none: how the network reads the hole's own field (train.py).
# IMPRESSION='{"wetBlurScale":0}': the synthetic prints' impression settings over the generator's defaults (the
# generator's wet skin without its blur, so its valleys close; fieldnet3). Unset (default) = the file in models/.
set -eu
cd "$(dirname "$0")/.."
WORK=${1:-/tmp/orientation-inpaint}
OUT=${2:-models/orientation-inpaint.onnx}
MODE=${MODE:---free-hole}
[ "$MODE" = none ] && MODE=
IMPRESSION=${IMPRESSION:-}
. scripts/ensure-torch.sh
mkdir -p "$WORK"
M='{"periodMean":7.75,"periodNoise":0.8,"periodFollowsFlow":0.5,"coreHairpin":1,"coreHairpinReach":0,"coreHairpinReachMax":0,"orientationNoise":0.3,"orientationNoiseScale":48,"orientationNoiseReach":60,"loopArmsDown":1,"loopArmsDownReach":96,"coreDeltaScale":1,"dislocationPairCoreExtra":0}'
[ -f "$WORK/val.json" ] || nice -n 19 node scripts/orientation-inpaint/make-data.mjs "$WORK/val" 132 20 2 "$M" 0.95,0.92 ${IMPRESSION:+--impression "$IMPRESSION"}
[ -f "$WORK/train.json" ] || nice -n 19 node scripts/orientation-inpaint/make-data.mjs "$WORK/train" 131 150 4 "$M" 0.95,0.92 ${IMPRESSION:+--impression "$IMPRESSION"}
OMP_NUM_THREADS=1 nice -n 19 "$PY" scripts/orientation-inpaint/train.py "$WORK/train" "$OUT" --validate "$WORK/val" --steps 6000 --batch 16 --minutes 20 $MODE
