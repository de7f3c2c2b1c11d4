#!/bin/sh
# Trains the orientation field's narrow ridge network (models/ridge-net.md, "The field's narrow
# network"; read by `orientationFromRidgeNet`): the shipped enhancer's recipe and data
# (scripts/train-ridge-net.sh: synthetic training seed 121, validation seed 122, the same skins,
# steps and seed 17), with 4 / 8 / 16 channels instead of 8 / 16 / 32 (≈ ¼ of the multiply-adds).
# Never trained on FVC2002 nor on the synthetic evaluation seeds.
#   sh scripts/train-ridge-net-field.sh [WORKDIR] [OUT]   (defaults /tmp/ridge-net, models/ridge-net-field.onnx)
set -eu
cd "$(dirname "$0")/.."
WIDTH=4 exec sh scripts/train-ridge-net.sh "${1:-/tmp/ridge-net}" "${2:-models/ridge-net-field.onnx}"
