#!/bin/sh
# The dry-region minutia detector (models/minutia-net.md's network) trained on REAL prints,
# leave one set out (models/minutia-net-real.md): the FVC2002 B images, clean and after the
# suite's dry skin with TRAINING seeds 1001 and 1002 (the evaluation uses 1 and 2), labelled
# with the shipped extraction's minutiae of the clean image and their cross-impression
# pseudo-labels (bench/extraction/real-minutia-labels.mjs); four fold models, fold-DBk.onnx
# trained on the three other sets and validated on set k, and with --all a fifth on all four
# (minutia-net-real.onnx, for shipping only; every figure uses the fold models). Debian's
# python3-torch on one CPU thread, fixed seed; about 6 minutes per model on a shared 2-core machine.
#   sh scripts/train-minutia-net-real.sh DATA_DIR [WORKDIR] [--all]     (WORKDIR default /tmp/minutia-net-real)
# Then: node bench/extraction/screen-options.mjs DATA_DIR '[…]' dry 1 --models 'WORKDIR/fold-{set}.onnx'
set -eu
cd "$(dirname "$0")/.."
DATA=$1
WORK=${2:-/tmp/minutia-net-real}
ALL=${3:-}
STEPS=3000
. scripts/ensure-torch.sh
mkdir -p "$WORK"
[ -f "$WORK/labels.json" ] || node bench/extraction/real-minutia-labels.mjs "$DATA" "$WORK/labels.json"
[ -f "$WORK/real-DB4.json" ] || node scripts/minutia-net/make-real-data.mjs "$DATA" "$WORK/labels.json" "$WORK/real" --seeds 1001,1002
for K in 1 2 3 4; do
  TRAIN=$(for J in 1 2 3 4; do [ "$J" = "$K" ] || printf '%s,' "$WORK/real-DB$J"; done | sed 's/,$//')
  [ -f "$WORK/fold-DB$K.onnx" ] || OMP_NUM_THREADS=1 "$PY" scripts/minutia-net/train.py "$TRAIN" "$WORK/fold-DB$K.onnx" --validate "$WORK/real-DB$K" --steps $STEPS --minutes 15 > "$WORK/fold-DB$K.json"
  cat "$WORK/fold-DB$K.json"
done
if [ "$ALL" = "--all" ]; then
  OMP_NUM_THREADS=1 "$PY" scripts/minutia-net/train.py "$WORK/real-DB1,$WORK/real-DB2,$WORK/real-DB3,$WORK/real-DB4" models/minutia-net-real.onnx --steps $STEPS --minutes 15 | tee "$WORK/all.json"
fi
