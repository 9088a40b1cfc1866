#!/usr/bin/env bash
# Local check of the cluster scripts: simulates the Slurm array (each task of
# slurm/demarche-shards.sbatch in turn, N=3, on seeds/), runs slurm/demarche-merge.sbatch,
# then a single-machine `demarche run seeds`, and requires every table file (CSV and
# Parquet) of the merged run to equal the single run's byte for byte. Also checks the shell
# syntax of the scripts and that the Kubernetes YAML parses and agrees on N.
#   deploy/test-local.sh                      (from anywhere; needs target/release/demarche)
#   DEMARCHE_CONFIG=my.toml deploy/test-local.sh   (another configuration)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
home=$(cd "$here/.." && pwd)
bin=${DEMARCHE_BIN:-$home/target/release/demarche}
n=3
[[ -x $bin ]] || { echo "test-local: no demarche binary at $bin (build it, or set DEMARCHE_BIN)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== shell syntax"
for f in "$here"/slurm/*.sbatch "$here"/slurm/submit.sh "$here"/test-local.sh; do
    bash -n "$f"
done
if command -v shellcheck >/dev/null; then
    shellcheck "$here"/slurm/*.sbatch "$here"/slurm/submit.sh "$here"/test-local.sh
else
    echo "shellcheck not installed: skipped"
fi

echo "== kubernetes yaml"
if python3 -c 'import yaml' 2>/dev/null; then
    python3 - "$here"/k8s/*.yaml <<'PY'
import subprocess, sys, yaml
docs = {}
for path in sys.argv[1:]:
    with open(path) as f:
        for d in yaml.safe_load_all(f):
            docs[d["metadata"]["name"]] = d
def container(name):
    return docs[name]["spec"]["template"]["spec"]["containers"][0]
def shards_env(name):
    return int({e["name"]: e["value"] for e in container(name)["env"]}["DEMARCHE_SHARDS"])
job = docs["demarche-shards"]["spec"]
assert job["completionMode"] == "Indexed", "shards job is not Indexed"
assert job["completions"] == shards_env("demarche-shards") == shards_env("demarche-merge"), \
    "completions and DEMARCHE_SHARDS disagree"
for name in ("demarche-shards", "demarche-merge"):
    # The pod scripts are plain sh: check their syntax too.
    subprocess.run(["sh", "-n", "-c", container(name)["args"][0]], check=True)
print(f"{len(docs)} objects parse; N = {job['completions']} everywhere")
PY
else
    echo "PyYAML not installed: yaml check skipped"
fi

# The built-in configuration unless DEMARCHE_CONFIG names a file.
DEMARCHE_CONFIG=${DEMARCHE_CONFIG:-}
export DEMARCHE_CONFIG DEMARCHE_HOME=$home DEMARCHE_BIN=$bin DEMARCHE_CORPUS=seeds
export DEMARCHE_OUT=$tmp/sharded DEMARCHE_SHARDS=$n
echo "== configuration: ${DEMARCHE_CONFIG:-built-in}"

echo "== slurm array, simulated: $n tasks"
for ((task = 0; task < n; task++)); do
    SLURM_ARRAY_TASK_ID=$task SLURM_ARRAY_TASK_COUNT=$n SLURM_CPUS_PER_TASK=2 \
        bash "$here/slurm/demarche-shards.sbatch"
done

echo "== merge"
# The merge script must refuse an incomplete set of shards (here: 4 asked, 3 written).
if DEMARCHE_SHARDS=4 bash "$here/slurm/demarche-merge.sbatch" 2>"$tmp/refused.txt"; then
    echo "FAIL: the merge script accepted a missing shard" >&2
    exit 1
fi
echo "incomplete shards refused: $(cat "$tmp/refused.txt")"
bash "$here/slurm/demarche-merge.sbatch"

echo "== single-machine run"
config_args=()
[[ -n $DEMARCHE_CONFIG ]] && config_args=(--config "$DEMARCHE_CONFIG")
# Same input path string as the shards (seeds, from the project root): the documents table
# records the path as given.
(cd "$home" && "$bin" run seeds --out "$tmp/single" --threads 2 ${config_args[@]+"${config_args[@]}"})

echo "== compare tables"
merged=$DEMARCHE_OUT/merged
# A run folder holds its tables flat: <table>.csv and <table>.parquet beside manifest.json.
# Compare the union of both sides, so a table missing on either side fails too.
status=0 count=0
while read -r f; do
    count=$((count + 1))
    if ! cmp "$tmp/single/$f" "$merged/$f"; then
        status=1
    fi
done < <({ (cd "$tmp/single" && ls -- *.csv *.parquet); (cd "$merged" && ls -- *.csv *.parquet); } | sort -u)
((count > 0)) || { echo "FAIL: no tables found" >&2; exit 1; }
if ((status)); then
    echo "FAIL: the merged run's tables differ from the single run's" >&2
    exit 1
fi
echo "OK: $count table files identical (merged $n shards vs single run)"
