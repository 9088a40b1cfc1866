"""Exports one run of recipes/joint_sweep.sh into a model folder that `demarche` loads.

    python recipes/export_sweep.py ner --parts target/sweep1 --prefix ner --run n2 \
        --base models/all-minilm-l6-v2 --out models/ner-conll-minilm
    python recipes/export_sweep.py stance --parts target/sweep2 --prefix stance --run s4 \
        --base models/all-minilm-l6-v2 --out models/stance-minilm-ft [--encoder-dir models/ner-conll-minilm]
    python recipes/export_sweep.py stance --run-dir target/cpu/r5-s7 --base models/all-minilm-l6-v2 --out DIR

`--parts` holds what the sweep brought back: PREFIX-a/-b.safetensors (the kept epoch's weights
in fp16, word embeddings left out: they were frozen, so they are the base's rounded to fp16),
PREFIX-heads.safetensors (stance heads) and summary.json (every run's training.json by name).

- `ner`: encoder + casing embedding + token head, config.json and tokenizer.json as
  train_ner.py writes them, training.json, and a card without Rust figures (recipes/ner_card.py
  adds them after `demarche eval ner --json`; `just export-models` does both).
- `stance`: the heads, and either the run's own encoder in the folder (`encoder = "."`) or,
  with --encoder-dir (a joint run), the NER folder whose encoder the heads were trained with.
  `demarche eval stance --record` adds the Rust dev figures to its card.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys

import torch
from safetensors.torch import load_file, save_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model_card import sha256  # noqa: E402
from train_joint import WORDS, T  # noqa: E402
from train_ner import write_config_and_tokenizer  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
HEAD_KEYS = {"casing_embeddings.weight", "classifier.weight", "classifier.bias"}


def weights(parts, prefix, base_dir):
    """The run's fp16 weights with the base's word embeddings put back. `prefix` None: `parts`
    is one train_joint.py output folder (state.safetensors), not a sweep's split parts."""
    state = {}
    if prefix is None:
        state.update(load_file(os.path.join(parts, "state.safetensors")))
    for part in ("a", "b") if prefix else ():
        state.update(load_file(os.path.join(parts, f"{prefix}-{part}.safetensors")))
    base = load_file(os.path.join(base_dir, "model.safetensors"))
    state[WORDS] = base["embeddings.word_embeddings.weight"].to(torch.float16).contiguous()
    expected = {"bert." + k for k in base if "position_ids" not in k and "pooler" not in k} | HEAD_KEYS
    assert set(state) == expected, sorted(set(state) ^ expected)
    return state


def report(parts, run, kind="stance"):
    if run is None:  # one train_joint.py output folder
        rep = json.load(open(os.path.join(parts, "training.json")))
        a = rep["args"]
        flags = [f"--{k.replace('_', '-')}" + ("" if v is True else f" {v}") for k, v in a.items()
                 if k not in ("base", "conll", "out", "limit", "max_seconds") and v is not False]
        rep["command"] = ("python recipes/train_joint.py " + " ".join(flags)
            + f", then python recipes/export_sweep.py {kind} --run-dir {parts}")
        if "soup" in rep:  # recipes/stance_soup.py: the average of these runs
            rep["command"] = ("python recipes/stance_soup.py " + " ".join(r["run"] for r in rep["soup"])
                + f" --out {parts} (runs trained by: " + rep["command"].split(", then")[0]
                + ", seeds and data as each run's training.json says), then python recipes/export_sweep.py stance"
                + f" --run-dir {parts}")
        return rep
    summary = json.load(open(os.path.join(parts, "summary.json")))
    rep = dict(summary[run])
    a = rep["args"]
    rep["command"] = (
        f"recipes/joint_sweep.sh (run {run}: python recipes/train_joint.py "
        + " ".join(f"--{k.replace('_', '-')} {v}" for k, v in a.items() if k not in ("base", "conll", "out", "limit"))
        + f"), then python recipes/export_sweep.py --parts DIR --run {run}")
    rep["sweep"] = {k: {"epochs": v["args"]["epochs"], "lr": v["args"]["lr"], "seed": v["args"]["seed"],
                        "ner_weight": v["args"]["ner_weight"], "stance_weight": v["args"]["stance_weight"],
                        "kept_epoch": v["kept_epoch"],
                        "valid_f1": v.get("valid", {}).get("overall", {}).get("f1"),
                        "test_f1": v.get("test", {}).get("overall", {}).get("f1"),
                        "dev_mean_f_avg": v.get("dev_mean_f_avg")} for k, v in summary.items()}
    return rep


def card(out, files, name, task, labels, origin, sets):
    subprocess.run([sys.executable, os.path.join(HERE, "model_card.py"), out, *files, "--name", name, "--task", task,
                    "--labels", labels, "--origin", origin,
                    "--licence", "Apache-2.0 (base encoder); trained on CoNLL-2003 (research use) and/or the "
                    "project's labelled sentences"] + [f"--set={s}" for s in sets], check=True)


def export_ner(args, rep):
    state = weights(args.parts, args.prefix, args.base)
    os.makedirs(args.out, exist_ok=True)
    save_file(state, os.path.join(args.out, "model.safetensors"), metadata={"format": "pt"})
    write_config_and_tokenizer(args.base, args.out, rep["args"]["casing_dim"])
    with open(os.path.join(args.out, "training.json"), "w") as f:
        json.dump(rep, f, indent=1)
    # A card without the Rust figures, so that the folder verifies and can be scored.
    subprocess.run([sys.executable, os.path.join(HERE, "ner_card.py"), args.out, os.devnull], check=True)


def export_stance(args, rep):
    if os.path.isdir(args.out):
        shutil.rmtree(args.out)
    os.makedirs(args.out)
    heads = "heads.safetensors" if args.prefix is None else f"{args.prefix}-heads.safetensors"
    shutil.copy(os.path.join(args.parts, heads), os.path.join(args.out, "heads.safetensors"))
    with open(os.path.join(args.out, "training.json"), "w") as f:
        json.dump(rep, f, indent=1)
    files = ["heads.safetensors", "training.json"]
    if args.encoder_dir:
        encoder = os.path.relpath(args.encoder_dir, args.out)
        encoder_sha = sha256(os.path.join(args.encoder_dir, "model.safetensors"))
    else:
        # The run's own encoder (its untrained NER head left out), in the folder itself.
        state = {k: v for k, v in weights(args.parts, args.prefix, args.base).items() if k not in HEAD_KEYS}
        save_file(state, os.path.join(args.out, "model.safetensors"), metadata={"format": "pt"})
        shutil.copy(os.path.join(args.base, "config.json"), os.path.join(args.out, "config.json"))
        tj = json.load(open(os.path.join(args.base, "tokenizer.json")))
        tj["padding"], tj["truncation"] = None, None
        with open(os.path.join(args.out, "tokenizer.json"), "w") as f:
            json.dump(tj, f, ensure_ascii=False)
        files += ["config.json", "tokenizer.json", "model.safetensors"]
        encoder, encoder_sha = ".", sha256(os.path.join(args.out, "model.safetensors"))
    a = rep["args"]
    joint = a["ner_weight"] > 0
    sets = [
        f"model.encoder={encoder}",
        f"model.encoder_sha256={encoder_sha}",
        "model.features=" + ("sentence+prev" if a.get("context") else "sentence"),
        f"model.targets={json.dumps(T)}",
        "model.weights=fp16 encoder (computed in f32); heads over the L2-normalised mean of its token states",
        f"training.command={rep['command']}",
        f"training.data={args.data}" + (", jointly with CoNLL-2003 train (NER)" if joint else "")
        + (f" and {rep['silver']['sentences']:,} silver NER sentences" if joint and rep.get("silver") else "")
        + (f", distilled from the stance teacher's probabilities on {rep['stance_teacher']['used']:,} pool sentences"
           if rep.get("stance_teacher") else "")
        + "; epoch kept on stance dev F_avg" + (" + CoNLL valid F1/100" if joint else ""),
        f"training.epochs={a['epochs']}",
        f"training.lr={a['lr']}",
        f"training.seed={a['seed']}",
        f"training.kept_epoch={rep['kept_epoch']}",
        f"training.seconds={rep['seconds']}",
        f"training.device={rep.get('gpu') or rep['device']}",
    ]
    for t, (fav, ag, mean) in rep.get("dev", {}).items():
        sets += [f"metrics.python_dev_{t}_f1_favor={round(fav, 3)}", f"metrics.python_dev_{t}_f1_against={round(ag, 3)}",
                 f"metrics.python_dev_{t}_f_avg={round(mean, 3)}"]
    if "dev_mean_f_avg" in rep:
        sets.append(f"metrics.python_dev_mean_f_avg={round(rep['dev_mean_f_avg'], 3)}")
        sets.append(f"metrics.python_dev_gold={a['stance_dev']}, scored by recipes/train_joint.py in PyTorch for epoch "
                    "choice (no codebook cues)")
    origin = ("all-MiniLM-L6-v2 fine-tuned " + ("jointly for NER and stance" if joint else "with one stance head per target")
              + " by recipes/train_joint.py on data/stance/train.csv")
    card(args.out, files, os.path.basename(os.path.normpath(args.out)), "stance", "favor,against,none", origin, sets)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kind", choices=["ner", "stance"])
    ap.add_argument("--parts", help="a sweep's output folder (with --prefix and --run)")
    ap.add_argument("--prefix")
    ap.add_argument("--run")
    ap.add_argument("--run-dir", help="or: one train_joint.py output folder")
    ap.add_argument("--data", default="data/stance/train.csv (3,135 sentences, White House 2021-22 and UN General "
                    "Debate 2000-11)", help="stance: what the card says the model was trained on")
    ap.add_argument("--base", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--encoder-dir", help="stance: the NER folder whose encoder the heads read (joint runs)")
    args = ap.parse_args()
    if args.run_dir:
        args.parts, args.prefix, args.run = args.run_dir, None, None
    elif not (args.parts and args.prefix and args.run):
        ap.error("give --parts, --prefix and --run, or --run-dir")
    rep = report(args.parts, args.run, args.kind)
    (export_ner if args.kind == "ner" else export_stance)(args, rep)
    print(f"{args.out}: {args.run}, kept epoch {rep['kept_epoch']}")


if __name__ == "__main__":
    main()
