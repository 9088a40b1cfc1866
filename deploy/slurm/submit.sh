#!/usr/bin/env bash
# Submits the shard array and then the merge, which waits for every shard to succeed:
#   deploy/slurm/submit.sh [N]          (N shards, default 3 or $DEMARCHE_SHARDS)
# The DEMARCHE_* variables (see demarche-shards.sbatch) are fixed here and exported to both
# jobs, so that the merge looks where the shards wrote. Relative paths in them are relative
# to DEMARCHE_HOME (default: this repository), where the jobs start.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
n=${1:-${DEMARCHE_SHARDS:-3}}
[[ $n =~ ^[1-9][0-9]*$ ]] || { echo "submit.sh: N must be a positive integer, got '$n'" >&2; exit 2; }
command -v sbatch >/dev/null || { echo "submit.sh: sbatch not found: run this on a Slurm login node" >&2; exit 1; }

export DEMARCHE_SHARDS=$n
export DEMARCHE_HOME=${DEMARCHE_HOME:-$(cd "$here/../.." && pwd)}
# The jobs start in DEMARCHE_HOME, so relative paths below are relative to it here too.
cd "$DEMARCHE_HOME"
export DEMARCHE_BIN=${DEMARCHE_BIN:-$DEMARCHE_HOME/target/release/demarche}
export DEMARCHE_CORPUS=${DEMARCHE_CORPUS:-seeds}
# A fresh output root per submission unless one is given.
export DEMARCHE_OUT=${DEMARCHE_OUT:-$DEMARCHE_HOME/runs/sharded-$(date +%Y%m%d-%H%M%S)}
[[ -x $DEMARCHE_BIN ]] || { echo "submit.sh: no demarche binary at $DEMARCHE_BIN (set DEMARCHE_BIN)" >&2; exit 1; }
[[ -e $DEMARCHE_CORPUS ]] || { echo "submit.sh: no corpus at $DEMARCHE_CORPUS (set DEMARCHE_CORPUS)" >&2; exit 1; }
mkdir -p "$DEMARCHE_OUT"

# --parsable prints "jobid[;cluster]"; the logs go beside the outputs.
array=$(sbatch --parsable --export=ALL --array="0-$((n - 1))" --chdir="$DEMARCHE_HOME" \
    --output="$DEMARCHE_OUT/shard-%a.log" "$here/demarche-shards.sbatch")
array=${array%%;*}
merge=$(sbatch --parsable --export=ALL --dependency="afterok:$array" --kill-on-invalid-dep=yes \
    --chdir="$DEMARCHE_HOME" --output="$DEMARCHE_OUT/merge.log" "$here/demarche-merge.sbatch")
merge=${merge%%;*}

echo "submitted $n shards as job array $array and the merge as job $merge"
echo "shards: $DEMARCHE_OUT/shards/K-of-$n   merged run: $DEMARCHE_OUT/merged"
