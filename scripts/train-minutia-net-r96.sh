#!/bin/sh
# Trains the dry-region minutia detector (models/minutia-net-r96.md) on the realistic synthetic
# generator (R96 with the plain contact 0.95 × 0.92, the default since sense3), where
# scripts/train-minutia-net.sh keeps models/minutia-net.onnx's older generator: synthetic prints
# with exact truth (afis synth, training seeds 101–103, validation seed 104), each
# contrast-normalised by our built extraction as generated, after the perturbation suite's dry
# skin and after its residue skin (make-data.mjs --skins dry,residue; seeds 2,000,003 and
# 3,000,003 + the image's place, never the evaluation's), the same network, loss and
# augmentation (train.py) and schedule length (7,000 steps), one CPU thread, seed 12, exported to
# ONNX; about 7 minutes of training and 5 of data on the shared 2-core machine. Never trained on FVC2002
# (the evaluation) nor on the evaluation seeds (201 and up).
#   sh scripts/train-minutia-net-r96.sh [WORKDIR] [OUT]   (defaults /tmp/minutia-net-r96, models/minutia-net-r96.onnx)
set -eu
cd "$(dirname "$0")/.."
WORK=${1:-/tmp/minutia-net-r96}
OUT=${2:-models/minutia-net-r96.onnx}
. scripts/ensure-torch.sh
mkdir -p "$WORK"
# R96C, the generator default of 2026-12-04 (sense3), spelled out so that the model stays
# reproducible when the defaults move.
MASTER='{"periodMean":7.75,"periodNoise":0.8,"periodFollowsFlow":0.5,"coreHairpin":1,"coreHairpinReach":0,"coreHairpinReachMax":0,"orientationNoise":0.3,"orientationNoiseScale":48,"orientationNoiseReach":60,"loopArmsDown":1,"loopArmsDownReach":96,"coreDeltaScale":1,"dislocationPairCoreExtra":0}'
CONTACT=0.95,0.92
for SEED in 101 102 103; do
  [ -f "$WORK/train-$SEED/truth/60_4.json" ] || node bin/afis.js synth --subjects 60 --impressions 4 --style mixed --seed "$SEED" --no-persons --threads 1 --master "$MASTER" --plain-contact "$CONTACT" --out "$WORK/train-$SEED"
done
[ -f "$WORK/val-104/truth/20_4.json" ] || node bin/afis.js synth --subjects 20 --impressions 4 --style mixed --seed 104 --no-persons --threads 1 --master "$MASTER" --plain-contact "$CONTACT" --out "$WORK/val-104"
[ -f "$WORK/train.json" ] || node scripts/minutia-net/make-data.mjs --skins dry,residue "$WORK/train" "$WORK/train-101" "$WORK/train-102" "$WORK/train-103"
[ -f "$WORK/val.json" ] || node scripts/minutia-net/make-data.mjs --skins dry,residue "$WORK/val" "$WORK/val-104"
OMP_NUM_THREADS=1 "$PY" scripts/minutia-net/train.py "$WORK/train" "$OUT" --validate "$WORK/val" --steps 7000 --minutes 30 | tee "$WORK/report.json"
