#!/bin/sh
# The learned print mask trained on real prints, leave one set out (issue 12, maskreal; models/mask-net.md).
# For each fold DBk (k = 1…4): the other three FVC2002 B sets' prints, clean and under the suite's dry,
# low-contrast, residue, wet, frame, crop, phalanx and dry+low-contrast+crop+frame with training seeds
# mixSeed(9,300,000, …) (scripts/mask-net/make-real-data.mjs), target per block the share of the
# clean print's pixel mask the perturbation kept; the network of scripts/mask-net/train.py, one
# thread, seed SEED (default 17), STEPS (default 6,000); validated on the set it never saw. The fold
# model DBk is judged only on set DBk (net-mask-holes.mjs --mask-net-folds WORK). A fold named
# anything else (ALL) leaves no set out. Folds run two at a time (one thread each); about 6 minutes a
# fold on the shared 2-core machine, the data about 1 minute.
#   sh scripts/train-mask-net-real.sh [WORK] [FOLDS]   (defaults /tmp/mask-net-real, "DB1 DB2 DB3 DB4")
set -eu
cd "$(dirname "$0")/.."
WORK=${1:-/tmp/mask-net-real}
FOLDS=${2:-DB1 DB2 DB3 DB4}
STEPS=${STEPS:-6000}
SEED=${SEED:-17}
. scripts/ensure-torch.sh
mkdir -p "$WORK"
D=${DATA:-/work/shared/data}/fvc2002
spec() { case $1 in DB1) echo "$D/DB1_B 0";; DB2) echo "$D/DB2_B@569 1";; DB3) echo "$D/DB3_B 2";; DB4) echo "$D/DB4_B 3";; esac; }
for s in DB1 DB2 DB3 DB4; do
  # shellcheck disable=SC2046
  [ -f "$WORK/$s.json" ] || node scripts/mask-net/make-real-data.mjs "$WORK/$s" $(spec $s)
done
train() {
  fold=$1
  stems=""
  for s in DB1 DB2 DB3 DB4; do [ "$s" = "$fold" ] || stems="$stems${stems:+,}$WORK/$s"; done
  case $fold in DB1|DB2|DB3|DB4) val="--validate $WORK/$fold";; *) val="";; esac
  # shellcheck disable=SC2086
  OMP_NUM_THREADS=1 "$PY" scripts/mask-net/train.py "$stems" "$WORK/fold-$fold.onnx" $val --steps "$STEPS" --seed "$SEED" --minutes 30 > "$WORK/fold-$fold.log"
}
set -- $FOLDS
while [ $# -gt 0 ]; do
  train "$1" &
  if [ $# -gt 1 ]; then train "$2" & shift; fi
  wait
  shift
done
tail -n 1 "$WORK"/fold-*.log
