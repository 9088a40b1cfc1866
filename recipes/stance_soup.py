"""Averages the weights of stance runs fine-tuned from the same base (a uniform "model soup",
Wortsman et al. 2022): one model, so a run costs what one model costs, unlike an ensemble.

    python recipes/stance_soup.py target/cpu/stance-r8 target/cpu/stance-r9 --out target/cpu/soup

Each input is a train_joint.py output folder (state.safetensors, heads.safetensors,
training.json). The output is one such folder, for `export_sweep.py stance --run-dir`; its
training.json is the first run's with `soup` naming the runs and the Python dev figures left
out (no run scored the average; `demarche eval stance --record` adds the Rust ones).

Measured (stop 28, dev 2,154 rows, mean F_avg): runs of one seed (7) average to what the best of
them scores (r8 0.697; r8+r9 0.700, r7+r8+r9 0.698); runs of different seeds (heads started
apart) average to less (r8 + a seed-11 run 0.672, r9 + it 0.682; the seed-11 run alone 0.693).
Not shipped: a soup is for runs that share their start (one seed, other data or epochs).
"""
import argparse
import json
import os

import torch
from safetensors.torch import load_file, save_file


def average(paths):
    states = [load_file(p) for p in paths]
    keys = set(states[0])
    for p, s in zip(paths, states):
        if set(s) != keys:
            raise SystemExit(f"{p}: its tensors differ from {paths[0]}'s: {sorted(set(s) ^ keys)[:5]}")
    # Sum in f32 and round back to each tensor's stored type (fp16 encoder, f32 heads).
    return {k: (sum(s[k].float() for s in states) / len(states)).to(states[0][k].dtype).contiguous() for k in sorted(keys)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("runs", nargs="+", help="train_joint.py output folders, fine-tuned from the same base")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    if len(args.runs) < 2:
        ap.error("give two runs or more")
    os.makedirs(args.out, exist_ok=True)
    for name in ("state.safetensors", "heads.safetensors"):
        save_file(average([os.path.join(r, name) for r in args.runs]), os.path.join(args.out, name),
                  metadata={"format": "pt"})
    reps = [json.load(open(os.path.join(r, "training.json"))) for r in args.runs]
    rep = dict(reps[0])
    rep["soup"] = [{"run": r, "args": x["args"], "kept_epoch": x["kept_epoch"], "seconds": x["seconds"]}
                   for r, x in zip(args.runs, reps)]
    rep["seconds"] = sum(x["seconds"] for x in reps)
    rep.pop("dev", None)
    rep.pop("dev_mean_f_avg", None)
    rep.pop("history", None)
    with open(os.path.join(args.out, "training.json"), "w") as f:
        json.dump(rep, f, indent=1)
    print(f"{args.out}: average of {len(args.runs)} runs")


if __name__ == "__main__":
    main()
