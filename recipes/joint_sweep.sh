#!/usr/bin/env bash
# The sweep behind models/ner-conll-minilm (run n2) and models/stance-minilm-ft (run s4):
# NER-only, stance-only and joint NER + stance runs (one encoder for both), all on one GPU at once.
# Inputs in $DATA: base/ (all-MiniLM-L6-v2, fp16), conll/{train,valid,test}.txt, stance-dev.csv.
# Writes each run's training.json into $OUT/summary.json; the winners' weights, split under 16 MB
# (the device tool's limit per file), into $OUT: joint-*.safetensors (best joint run by CoNLL valid
# F1 / 100 + stance dev F_avg), ner-*.safetensors (best NER-only run by valid F1) and, in round 2,
# stance-*.safetensors (best stance-only run by dev F_avg). Each run stops starting epochs after
# 3/4 of MAXTIME seconds. Round 1 ran on an H200 in 216 s, round 2 in 245 s.
#
#   DATA=target/gpu OUT=target/sweep ROUND=1 bash recipes/joint_sweep.sh
set -euo pipefail
DATA=${DATA:?} OUT=${OUT:?}
LIMIT=${LIMIT:-0} MAXTIME=${MAXTIME:-420} ROUND=${ROUND:-1}
work=${WORK:-/tmp/joint-sweep}
mkdir -p "$work" "$OUT"
export OMP_NUM_THREADS=1 PYTHONUNBUFFERED=1
declare -A runs
if [ "$ROUND" = 1 ]; then runs=(
  [j1]="--epochs 4 --lr 1e-4 --stance-weight 1"
  [j2]="--epochs 6 --lr 1e-4 --stance-weight 1"
  [j3]="--epochs 4 --lr 5e-5 --stance-weight 1"
  [j4]="--epochs 6 --lr 1e-4 --stance-weight 0.5 --stance-batch 16"
  [j5]="--epochs 6 --lr 1e-4 --stance-weight 2"
  [n1]="--epochs 4 --lr 1e-4 --stance-weight 0"
  [n2]="--epochs 8 --lr 1e-4 --stance-weight 0"
  [s1]="--epochs 3 --lr 3e-5 --ner-weight 0 --stance-batch 16"
  [s2]="--epochs 5 --lr 5e-5 --ner-weight 0 --stance-batch 16"
); elif [ "$ROUND" = 2 ]; then runs=(  # round 2: longer joint runs with a lighter stance loss; stance-only repeats
  [j6]="--epochs 10 --lr 1e-4 --stance-weight 0.5 --stance-batch 16"
  [j7]="--epochs 10 --lr 1.5e-4 --stance-weight 0.3 --stance-batch 16"
  [j8]="--epochs 10 --lr 1e-4 --stance-weight 0.5 --stance-batch 16 --seed 7"
  [s3]="--epochs 5 --lr 5e-5 --ner-weight 0 --stance-batch 16"
  [s4]="--epochs 4 --lr 5e-5 --ner-weight 0 --stance-batch 16 --seed 7"
  [s5]="--epochs 4 --lr 8e-5 --ner-weight 0 --stance-batch 16"
  [s6]="--epochs 5 --lr 5e-5 --ner-weight 0 --stance-batch 16 --seed 21"
); else runs=(  # round 3: round 2's best stance setting on the training set with round 4's labels, 3 seeds
  [s7]="--epochs 4 --lr 5e-5 --ner-weight 0 --stance-batch 16 --seed 7"
  [s8]="--epochs 4 --lr 5e-5 --ner-weight 0 --stance-batch 16 --seed 13"
  [s9]="--epochs 4 --lr 5e-5 --ner-weight 0 --stance-batch 16 --seed 21"
); fi
for r in "${!runs[@]}"; do
  # shellcheck disable=SC2086
  timeout "$MAXTIME" python3 recipes/train_joint.py --base "$DATA/base" --conll "$DATA/conll" \
    --stance-train data/stance/train.csv --stance-dev "$DATA/stance-dev.csv" --out "$work/$r" \
    --seed 13 --limit "$LIMIT" --max-seconds $((MAXTIME * 3 / 4)) ${runs[$r]} > "$work/$r.log" 2>&1 &
done
wait || true
tail -n 3 "$work"/*.log > "$OUT/logs.txt"
python3 - "$work" "$OUT" <<'EOF'
import json, os, sys
from safetensors.torch import load_file, save_file
work, out = sys.argv[1:]
reps = {}
for r in sorted(os.listdir(work)):
    p = os.path.join(work, r, "training.json")
    if os.path.exists(p):
        reps[r] = json.load(open(p))
json.dump(reps, open(os.path.join(out, "summary.json"), "w"), indent=1)
def f1(r):
    return r.get("valid", {}).get("overall", {}).get("f1", 0.0)
joint = {k: v for k, v in reps.items() if k.startswith("j")}
ner = {k: v for k, v in reps.items() if k.startswith("n")}
stance = {k: v for k, v in reps.items() if k.startswith("s")}
def split(src, prefix):
    s = load_file(os.path.join(work, src, "state.safetensors"))
    a = {k: v for k, v in s.items() if not any(f"layer.{i}." in k for i in (3, 4, 5))}
    b = {k: v for k, v in s.items() if k not in a}
    save_file(a, os.path.join(out, f"{prefix}-a.safetensors"))
    save_file(b, os.path.join(out, f"{prefix}-b.safetensors"))
if joint:
    best = max(joint, key=lambda k: f1(joint[k]) / 100 + joint[k].get("dev_mean_f_avg", 0.0))
    split(best, "joint")
    os.system(f"cp {work}/{best}/heads.safetensors {out}/joint-heads.safetensors")
    print("joint winner", best)
if ner:
    best = max(ner, key=lambda k: f1(ner[k]))
    split(best, "ner")
    print("ner winner", best)
if stance and not ner:  # at most 8 files come back from the device
    best = max(stance, key=lambda k: stance[k].get("dev_mean_f_avg", 0.0))
    split(best, "stance")
    os.system(f"cp {work}/{best}/heads.safetensors {out}/stance-heads.safetensors")
    print("stance winner", best)
for k, v in reps.items():
    print(k, v["args"]["epochs"], v["args"]["lr"], v["args"]["stance_weight"], "kept", v["kept_epoch"],
          "valid", f1(v), "test", v.get("test", {}).get("overall", {}).get("f1"),
          "dev", round(v.get("dev_mean_f_avg", 0), 3), "s", v["seconds"])
EOF
