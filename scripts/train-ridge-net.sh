#!/bin/sh
# Trains the learned ridge enhancer's synthetic-only recipe (models/ridge-net.md; shipped until the
# twenty-eighth session, now models/ridge-net-synthetic.onnx: the teacher whose extraction makes the
# real prints' targets of scripts/train-ridge-net-real.sh, which trains the shipped network): synthetic prints with their exact
# undamaged ridge pattern (scripts/ridge-net/make-data.mjs; the generator's own normal, dry, wet
# and low-contrast skin, and the perturbation suite's dry, residue and low-contrast skins with
# training seeds 4,000,003 / 5,000,003 / 6,000,003 + the image's place, never the evaluation's),
# training population seed 121 (60 subjects × 4 impressions), validation seed 122 (12 × 2), the
# network of scripts/ridge-net/train.py, one CPU thread, seed 17, exported to ONNX (train.py's
# capacitive textures, --pore-share / --texture, stay off: they did not repair FVC2002 DB3,
# bench/RESULTS.md, enhpore). About 3
# minutes of data and 8 of training on the shared 2-core machine. Never trained on FVC2002 (the
# evaluation) nor on the synthetic evaluation seeds (201 and up).
#   sh scripts/train-ridge-net.sh [WORKDIR] [OUT]   (defaults /tmp/ridge-net, models/ridge-net-synthetic.onnx;
#   its int8 form: sh scripts/quantize-ridge-net.sh WORK models/ridge-net-synthetic-int8.onnx models/ridge-net-synthetic.onnx)
set -eu
cd "$(dirname "$0")/.."
WORK=${1:-/tmp/ridge-net}
OUT=${2:-models/ridge-net-synthetic.onnx}
. scripts/ensure-torch.sh
mkdir -p "$WORK"
# the generator settings (R96C with the plain contact 0.95 × 0.92, the defaults of 2026-12-04),
# spelled out so that the model stays reproducible when the defaults move
MASTER='{"periodMean":7.75,"periodNoise":0.8,"periodFollowsFlow":0.5,"coreHairpin":1,"coreHairpinReach":0,"coreHairpinReachMax":0,"orientationNoise":0.3,"orientationNoiseScale":48,"orientationNoiseReach":60,"loopArmsDown":1,"loopArmsDownReach":96,"coreDeltaScale":1,"dislocationPairCoreExtra":0}'
CONTACT=0.95,0.92
# SKINS=dry,residue,low-contrast,wet adds the suite's wet skin (seeds 7,000,003 + place; not the
# shipped recipe, bench/RESULTS.md wetnet)
SKINS=${SKINS:-dry,residue,low-contrast}
# WIDTH=4 trains the orientation field's narrow network (4 / 8 / 16 channels, ≈ ¼ of the
# multiply-adds; scripts/train-ridge-net-field.sh); 8, the default, is the shipped enhancer
WIDTH=${WIDTH:-8}
# HALF=1: the half-resolution variant (train.py --half; no full-resolution layers, the map written
# at half size), tried for the orientation field's cost
HALF=${HALF:-0}
HALFARG=
[ "$HALF" = 1 ] && HALFARG=--half
[ -f "$WORK/train.json" ] || node scripts/ridge-net/make-data.mjs "$WORK/train" 121 60 4 "$MASTER" "$CONTACT" --skins "$SKINS" --png "$WORK/alignment"
[ -f "$WORK/val.json" ] || node scripts/ridge-net/make-data.mjs "$WORK/val" 122 12 2 "$MASTER" "$CONTACT" --skins "$SKINS"
OMP_NUM_THREADS=1 "$PY" scripts/ridge-net/train.py "$WORK/train" "$OUT" --validate "$WORK/val" --steps 6000 --minutes 20 --width "$WIDTH" $HALFARG | tee "$WORK/report.json"
