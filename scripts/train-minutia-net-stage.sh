#!/bin/sh
# Reproduces models/minutia-net-stage.json (models/minutia-net-stage.md), the second-stage decision
# of the learned dry-region repair (`minutiaNetStageDropThreshold`, `minutiaNetStageAddThreshold`):
# every candidate the stage judges on the FVC2002 B images, clean and after the suite's dry skin
# with TRAINING seeds 1001 and 1002 (the evaluation draws 1 and 2), labelled from the clean
# print (bench/extraction/dry-stage-data.mjs), then two logistic models fitted leave one set out
# (WORKDIR/fold-DBk.json, never fitted on set k; every figure uses them) and on all four sets
# (WORKDIR/stage-all.json; with --install also written to models/minutia-net-stage.json, the file
# the options read: none ships, see models/minutia-net-stage.md) by scripts/minutia-net/fit-stage.mjs.
# Deterministic; about 5 minutes of one core. Needs the build (npm run build) and the shipped
# models/minutia-net.onnx and minutia-check.onnx.
#   sh scripts/train-minutia-net-stage.sh DATA_DIR [WORKDIR] [--install]       (WORKDIR default /tmp/minutia-net-stage)
# Then: node bench/extraction/screen-options.mjs DATA_DIR '[{"minutiaNetStageDropThreshold":0.5}]' dry 1 --stage 'WORKDIR/fold-{set}.json'
set -eu
cd "$(dirname "$0")/.."
DATA=$1
WORK=${2:-/tmp/minutia-net-stage}
INSTALL=${3:-}
mkdir -p "$WORK"
[ -s "$WORK/records.jsonl" ] || node bench/extraction/dry-stage-data.mjs "$DATA" "$WORK/records.jsonl" 1001,1002 --clean
node scripts/minutia-net/fit-stage.mjs "$WORK/records.jsonl" "$WORK/stage-all.json" "$WORK" | tee "$WORK/report.json"
if [ "$INSTALL" = "--install" ]; then cp "$WORK/stage-all.json" models/minutia-net-stage.json; fi
