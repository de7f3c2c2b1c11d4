#!/bin/sh
# The learned ridge network trained on real prints too, leave one set out (issue 12, realnet;
# bench/RESULTS.md "realnet"). For each fold DBk (k = 1…4):
#   - real data: the other three FVC2002 B sets, self-supervised (scripts/ridge-net/make-real-data.mjs:
#     the normalised grey of each clean print and of the same print under the suite's dry,
#     low-contrast, residue and wet skins with training seeds mixSeed(9,100,000, …) → the clean
#     print's enhanced ridge pattern, weight 1 where the clean print's mask is clear);
#   - synthetic data: the shipped recipe's (scripts/train-ridge-net.sh: seed 121 training, 122
#     validation, skins dry / residue / low-contrast);
#   - half of the training crops from each (train.py --real … --real-share 0.5), the shipped
#     network (width 8), seed 17, 6,000 steps (STEPS), one thread;
#   - quantized to int8 exactly as the shipped int8 is made (scripts/quantize-ridge-net.sh).
# The fold model DBk never saw set DBk: judge it only there (paired-option*.mjs --ridge-models
# WORK/fold-{set}-int8.onnx). Folds run two at a time (one thread each).
#   sh scripts/train-ridge-net-real.sh [WORK] [FOLDS]   (defaults /tmp/realnet, "DB3 DB4 DB1 DB2")
# Fine-tune instead of training from scratch (issue 12, realtune): INIT=models/ridge-net.onnx starts
# each fold from those float weights (train.py --init), with LR the one-cycle peak (default 4e-3,
# the shipped recipe's), STEPS, SHARE and VARIANTS (real variants kept, e.g. clean,wet; default all).
# DATA_WORK: where the synthetic and real data are (made there when missing; default WORK), so a
# fine-tune can write its folds elsewhere: realtune's recipe, chosen on synthetic validation and the
# folds' own training sets (bench/RESULTS.md, realtune):
#   INIT=models/ridge-net.onnx LR=1e-4 STEPS=800 SHARE=0.25 VARIANTS=clean,wet DATA_WORK=/tmp/realnet \
#     sh scripts/train-ridge-net-real.sh /tmp/realtune
# SEED: the training seed of every fold (default 17, the shipped network's). A fold named SYN is the
# control arm (issue 12, realctl): the same training, synthetic data only (no --real), so a fold model
# at SEED is judged against the shipped recipe at the same SEED (paired-option*.mjs --off-ridge-model
# WORK/fold-SYN-int8.onnx) instead of against the shipped network, the best of five seeds on DB3:
#   SEED=18 sh scripts/train-ridge-net-real.sh /tmp/realctl18 "SYN DB3 DB4 DB1 DB2"
# A fold named anything but DB1…DB4 or SYN, e.g. ALL, leaves no set out: the shipped network, never
# judged on FVC2002 itself (its figures are the four folds').
# The shipped networks (issue 12, realswitch: seed 19 chosen by the ALL networks' synthetic validation
# error at seeds 17–20), trained and installed by one command (INSTALL=1: fold ALL → models/ridge-net.onnx
# and its int8 form, fold DBk → models/ridge-net-folds/DBk_B.onnx and -int8.onnx, and the manifest of
# the training prints, scripts/ridge-net/fold-manifest.mjs; about 45 minutes on two cores):
#   SEED=19 INSTALL=1 sh scripts/train-ridge-net-real.sh /tmp/ridge-net-real "ALL DB3 DB4 DB1 DB2"
# The real prints' targets are the extraction's with the synthetic-only network
# (models/ridge-net-synthetic-int8.onnx, make-real-data.mjs), so retraining does not feed on itself.
set -eu
cd "$(dirname "$0")/.."
WORK=${1:-/tmp/realnet}
FOLDS=${2:-DB3 DB4 DB1 DB2}
STEPS=${STEPS:-6000}
SHARE=${SHARE:-0.5}
INIT=${INIT:-}
LR=${LR:-4e-3}
VARIANTS=${VARIANTS:-}
SEED=${SEED:-17}
DW=${DATA_WORK:-$WORK}
. scripts/ensure-torch.sh
mkdir -p "$WORK" "$DW/synth"
D=${DATA:-/work/shared/data}/fvc2002
MASTER='{"periodMean":7.75,"periodNoise":0.8,"periodFollowsFlow":0.5,"coreHairpin":1,"coreHairpinReach":0,"coreHairpinReachMax":0,"orientationNoise":0.3,"orientationNoiseScale":48,"orientationNoiseReach":60,"loopArmsDown":1,"loopArmsDownReach":96,"coreDeltaScale":1,"dislocationPairCoreExtra":0}'
[ -f "$DW/synth/train.json" ] || node scripts/ridge-net/make-data.mjs "$DW/synth/train" 121 60 4 "$MASTER" 0.95,0.92 --skins dry,residue,low-contrast &
[ -f "$DW/synth/val.json" ] || node scripts/ridge-net/make-data.mjs "$DW/synth/val" 122 12 2 "$MASTER" 0.95,0.92 --skins dry,residue,low-contrast &
wait
spec() { case $1 in DB1) echo "$D/DB1_B 0";; DB2) echo "$D/DB2_B@569 1";; DB3) echo "$D/DB3_B 2";; DB4) echo "$D/DB4_B 3";; esac; }
for s in DB1 DB2 DB3 DB4; do
  # shellcheck disable=SC2046
  [ -f "$DW/$s.json" ] || node scripts/ridge-net/make-real-data.mjs "$DW/$s" $(spec $s)
done
train() {
  k=$1
  real=$(for s in DB1 DB2 DB3 DB4; do [ "$s" = "$k" ] || printf '%s,' "$DW/$s"; done | sed 's/,$//')
  realargs="--real $real --real-share $SHARE"
  [ "$k" = SYN ] && realargs=
  # shellcheck disable=SC2046,SC2086
  OMP_NUM_THREADS=1 "$PY" scripts/ridge-net/train.py "$DW/synth/train" "$WORK/fold-$k.onnx" --validate "$DW/synth/val" \
    $realargs --steps "$STEPS" --minutes 30 --lr "$LR" --seed "$SEED" \
    $([ -n "$INIT" ] && echo --init "$INIT") $([ -n "$VARIANTS" ] && echo --real-variants "$VARIANTS") > "$WORK/fold-$k.report.json" 2> "$WORK/fold-$k.log"
}
# quantize-ridge-net.sh as it is, one at a time (it rebuilds dist/); its calibration images (the
# same for every fold) made once and copied into each fold's work folder
quantize() {
  k=$1
  mkdir -p "$WORK/int8-$k"
  cp "$DW/calib.json" "$WORK/int8-$k/calib.json"; cp "$DW/calib.bin" "$WORK/int8-$k/calib.bin"
  sh scripts/quantize-ridge-net.sh "$WORK/int8-$k" "$WORK/fold-$k-int8.onnx" "$WORK/fold-$k.onnx" > "$WORK/int8-$k.log" 2>&1
}
[ -f "$DW/calib.json" ] || node scripts/ridge-net/make-data.mjs "$DW/calib" 121 12 4 "$MASTER" 0.95,0.92 --skins dry,residue,low-contrast
set -- $FOLDS
while [ $# -gt 0 ]; do
  train "$1" &
  [ $# -gt 1 ] && train "$2" &
  wait
  quantize "$1"
  [ $# -gt 1 ] && quantize "$2"
  shift; [ $# -gt 0 ] && shift
done
ls -l "$WORK"/fold-*-int8.onnx
if [ "${INSTALL:-0}" = 1 ]; then
  cp "$WORK/fold-ALL.onnx" models/ridge-net.onnx
  cp "$WORK/fold-ALL-int8.onnx" models/ridge-net-int8.onnx
  mkdir -p models/ridge-net-folds
  for s in DB1 DB2 DB3 DB4; do
    cp "$WORK/fold-$s.onnx" "models/ridge-net-folds/${s}_B.onnx"
    cp "$WORK/fold-$s-int8.onnx" "models/ridge-net-folds/${s}_B-int8.onnx"
  done
  node scripts/ridge-net/fold-manifest.mjs "$D" models/ridge-net-folds/folds.json
fi
