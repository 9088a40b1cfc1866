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
test:
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
