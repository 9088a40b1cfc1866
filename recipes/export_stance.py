"""Exports a fine-tuned stance model (recipes/train_stance.py output) into the project's model
layout: encoder weights in fp16, config, tokenizer, the heads, and the card that
`demarche` reads (`[model] encoder = "."`: the encoder is the folder itself).

    python recipes/export_stance.py target/stance-ft models/stance-minilm-ft --name stance-minilm-ft
"""
import argparse
import json
import os
import shutil
import sys

import torch
from safetensors.torch import load_file, save_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model_card import sha256  # noqa: E402

T = ["engagement", "sanctions", "denuclearization"]


def q(v):
    return json.dumps(v, ensure_ascii=False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--name", required=True)
    args = ap.parse_args()
    os.makedirs(args.dst, exist_ok=True)
    weights = {k: v.to(torch.float16).contiguous() for k, v in load_file(f"{args.src}/model.safetensors").items()
               if v.is_floating_point()}
    save_file(weights, f"{args.dst}/model.safetensors")
    for f in ("config.json", "tokenizer.json", "vocab.txt", "heads.safetensors", "training.json"):
        shutil.copy(f"{args.src}/{f}", f"{args.dst}/{f}")
    rep = json.load(open(f"{args.src}/training.json"))
    last = rep["epochs"][-1]
    files = ["config.json", "tokenizer.json", "vocab.txt", "model.safetensors", "heads.safetensors", "training.json"]
    lines = [
        "# Model card read by `demarche models list` / `demarche models verify`; written by recipes/export_stance.py.",
        f"name = {q(args.name)}",
        'task = "stance"',
        'labels = ["favor", "against", "none"]',
        'origin = "all-MiniLM-L6-v2 fine-tuned with one stance head per target by recipes/train_stance.py on data/stance/train.csv"',
        'licence = "Apache-2.0 (base encoder); trained on the project\'s labelled sentences"',
        "",
        "[model]",
        'encoder = "."',
        f'encoder_sha256 = "{sha256(f"{args.dst}/model.safetensors")}"',
        'features = "sentence"',
        f"targets = {q(T)}",
        'weights = "fp16 (computed in f32)"',
        "",
        "[training]",
        f"command = {q(rep['command'])}",
        'data = "data/stance/train.csv (3,135 sentences, White House 2021-22 and UN General Debate 2000-11)"',
        "epochs = %d" % len(rep["epochs"]),
        f"seconds = {round(last['seconds'])}",
        "",
        "[metrics]",
    ]
    for e in rep["epochs"]:
        lines.append(f"python_dev_mean_f_avg_epoch{e['epoch']} = {round(e['dev_mean_f_avg'], 3)}")
    for t, (f, a, m) in last["dev"].items():
        lines += [f"python_dev_{t}_f1_favor = {round(f, 3)}", f"python_dev_{t}_f1_against = {round(a, 3)}",
                  f"python_dev_{t}_f_avg = {round(m, 3)}"]
    for f in files:
        p = f"{args.dst}/{f}"
        lines += ["", "[[files]]", f"path = {q(f)}", f'sha256 = "{sha256(p)}"', f"bytes = {os.path.getsize(p)}"]
    open(f"{args.dst}/demarche-model.toml", "w").write("\n".join(lines) + "\n")
    print(f"{args.dst}: {len(files)} files")


if __name__ == "__main__":
    main()
