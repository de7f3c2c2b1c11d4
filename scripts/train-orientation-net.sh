#!/bin/sh
# The learned orientation restoration (models/orientation-net.md) trained on REAL prints, leave
# one set out: the FVC2002 B images as read and after every perturbation of the suite with
# TRAINING seed 1001 (the evaluation uses 1 and 2), each perturbed image's block features as
# input and the clean image's shipped orientation field carried through the perturbation as
# target (scripts/orientation-net/make-data.mjs); four fold models, fold-DBk.onnx trained on the
# three other sets and validated on set k. Debian's python3-torch on one CPU thread, fixed seed.
#   sh scripts/train-orientation-net.sh DATA_DIR [WORKDIR]     (WORKDIR default /tmp/orientation-net)
# Then: node bench/extraction/paired-option.mjs DATA_DIR '{"orientationNetBlend":1}' KIND SEED --field-models 'WORKDIR/fold-{set}.onnx'
set -eu
cd "$(dirname "$0")/.."
DATA=$1
WORK=${2:-/tmp/orientation-net}
STEPS=${STEPS:-1500}
. scripts/ensure-torch.sh
mkdir -p "$WORK"
[ -f "$WORK/data-DB4.json" ] || node scripts/orientation-net/make-data.mjs "$DATA" "$WORK/data" --seed 1001
for K in 1 2 3 4; do
  TRAIN=$(for J in 1 2 3 4; do [ "$J" = "$K" ] || printf '%s,' "$WORK/data-DB$J"; done | sed 's/,$//')
  [ -f "$WORK/fold-DB$K.onnx" ] || OMP_NUM_THREADS=1 "$PY" scripts/orientation-net/train.py "$TRAIN" "$WORK/fold-DB$K.onnx" --validate "$WORK/data-DB$K" --steps "$STEPS" --minutes 15 > "$WORK/fold-DB$K.json"
  cat "$WORK/fold-DB$K.json"
done
