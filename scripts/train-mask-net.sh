#!/bin/sh
# Trains the learned print mask (models/mask-net.md): synthetic impressions with their exact contact
# area (scripts/mask-net/make-data.mjs; the generator's own sensors, optical frames and normal, dry,
# wet and low-contrast skin, and the perturbation suite's dry, low-contrast and residue skins with
# training seeds 4,100,003 / 6,100,003 / 5,100,003 + the image's place, never the evaluation's),
# training population seed 131 (80 subjects × 4 impressions), validation seed 132 (15 × 2), the
# network of scripts/mask-net/train.py, one CPU thread, seed 17, exported to ONNX. About 1 minute
# of data and 6 of training on the shared 2-core machine. Never trained on FVC2002 (the
# evaluation) nor on the synthetic evaluation seeds (201 and up).
#   sh scripts/train-mask-net.sh [WORKDIR] [OUT]   (defaults /tmp/mask-net, models/mask-net.onnx)
set -eu
cd "$(dirname "$0")/.."
WORK=${1:-/tmp/mask-net}
OUT=${2:-models/mask-net.onnx}
. scripts/ensure-torch.sh
mkdir -p "$WORK"
# the generator settings of the ridge network's recipe (scripts/train-ridge-net.sh), spelled out so
# that the model stays reproducible when the defaults move
MASTER='{"periodMean":7.75,"periodNoise":0.8,"periodFollowsFlow":0.5,"coreHairpin":1,"coreHairpinReach":0,"coreHairpinReachMax":0,"orientationNoise":0.3,"orientationNoiseScale":48,"orientationNoiseReach":60,"loopArmsDown":1,"loopArmsDownReach":96,"coreDeltaScale":1,"dislocationPairCoreExtra":0}'
CONTACT=0.95,0.92
[ -f "$WORK/train.json" ] || node scripts/mask-net/make-data.mjs "$WORK/train" 131 80 4 "$MASTER" "$CONTACT"
[ -f "$WORK/val.json" ] || node scripts/mask-net/make-data.mjs "$WORK/val" 132 15 2 "$MASTER" "$CONTACT"
OMP_NUM_THREADS=1 "$PY" scripts/mask-net/train.py "$WORK/train" "$OUT" --validate "$WORK/val" --steps 6000 --minutes 20 | tee "$WORK/report.json"
