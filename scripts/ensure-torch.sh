# Sourced by the training scripts (train-minutia-check.sh, train-minutia-net.sh): Debian's
# python3-torch, installed with apt when missing, as PY; then the built extraction the data
# scripts read (npm run build). Run from the repository root.
PY=/usr/bin/python3
if ! "$PY" -c 'import torch' 2>/dev/null; then
  echo "python3-torch missing: installing it with apt" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y python3-torch
fi
npm run build
