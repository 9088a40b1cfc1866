#!/usr/bin/env bash
# The ONNX Runtime backend's parts, for `just models`:
# 1. the shared library from the PyPI onnxruntime wheel (pinned version and sha256; the same
#    library is in every CPython wheel of a release) into models/onnxruntime/, with a card;
# 2. each BERT model folder's encoder as ONNX (recipes/export_onnx.py, no PyTorch) into
#    FOLDER/encoder.onnx and, with int8 Linear layers, FOLDER/encoder-int8.onnx, unless the
#    export there was made from the folder's current weights.
# Idempotent. Linux x86_64 only; elsewhere set encoder.runtime = "candle".
set -euo pipefail
cd "$(dirname "$0")/.."
version=1.32.0
lib=libonnxruntime.so.$version
pinned=6c1585d1bbf45b0712ea4a21b705c5fcb4ba04ff2e30f1fbf81a49faf658638f
dest=models/onnxruntime

if [ "$(uname -sm)" != "Linux x86_64" ]; then
    echo "error: the ONNX Runtime wheel is fetched for Linux x86_64 only; set encoder.runtime = \"candle\" in your config" >&2
    exit 1
fi
if [ -f "$dest/demarche-model.toml" ] && [ -f "$dest/$lib" ] && [ "$(sha256sum "$dest/$lib" | cut -d' ' -f1)" = "$pinned" ]; then
    echo "$dest: present"
else
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    # Fixed tags, so every machine gets the same wheel whatever its Python.
    python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
        --python-version 3.12 --platform manylinux_2_28_x86_64 -d "$tmp" onnxruntime==$version
    python3 -m zipfile -e "$tmp"/onnxruntime-$version-*.whl "$tmp/x"
    got=$(sha256sum "$tmp/x/onnxruntime/capi/$lib" | cut -d' ' -f1)
    if [ "$got" != "$pinned" ]; then
        echo "error: $lib from onnxruntime==$version has sha256 $got, expected $pinned" >&2
        exit 1
    fi
    mkdir -p "$dest"
    cp "$tmp/x/onnxruntime/capi/$lib" "$dest/$lib"
    python3 recipes/model_card.py "$dest" "$lib" --name onnxruntime --task runtime \
        --origin "ONNX Runtime $version CPU library from PyPI onnxruntime==$version (manylinux_2_28_x86_64)" \
        --licence "MIT" --set "model.version=$version"
    echo "$dest: fetched"
fi

# The exporter's venv: onnx, numpy and safetensors only (no PyTorch).
py=target/venv-onnx/bin/python
if ! [ -x $py ] || ! $py -c "import onnx, numpy, safetensors" 2>/dev/null; then
    python3 -m venv target/venv-onnx
    $py -m pip install --quiet --disable-pip-version-check onnx==1.23.2 numpy==2.4.6 safetensors==0.8.0
fi
for card in models/*/demarche-model.toml; do
    dir=$(dirname "$card")
    [ -f "$dir/model.safetensors" ] && [ -f "$dir/config.json" ] || continue
    $py recipes/export_onnx.py --if-stale "$dir" "$dir/encoder.onnx"
    # The int8 export (`[encoder] precision = "int8"`), from the same weights.
    $py recipes/export_onnx.py --if-stale --int8 "$dir" "$dir/encoder-int8.onnx"
done
