"""Writes a model folder's `demarche-model.toml`: the card that `demarche models list/verify`
reads (crates/encoder/src/store.rs). Standard library only, so `just models` needs no venv.

    python3 recipes/model_card.py DIR --name NAME --task TASK [--labels A,B] --origin TEXT \
        --licence TEXT [--training DIR/training.json] [--set key=value ...] FILE...

FILEs are names inside DIR; each gets its sha256 and size. `--set section.key=value` adds a
string (or number, when it parses as one; a JSON list when it starts with `[`) to a section
([model], [metrics], [training]).
"""

import argparse
import hashlib
import json
import os


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, list):
        return "[" + ", ".join(value(x) for x in v) + "]"
    return json.dumps(str(v), ensure_ascii=False)  # a JSON string is a valid TOML basic string


def number(s):
    if s.startswith("["):
        return json.loads(s)
    for cast in (int, float):
        try:
            return cast(s)
        except ValueError:
            pass
    return s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("files", nargs="+")
    ap.add_argument("--name", required=True)
    ap.add_argument("--task", required=True)
    ap.add_argument("--labels", default="")
    ap.add_argument("--origin", required=True)
    ap.add_argument("--licence", required=True)
    ap.add_argument("--training", help="training.json written by train_ner.py")
    ap.add_argument("--set", action="append", default=[])
    args = ap.parse_args()

    sections = {"training": {}, "metrics": {}}
    if args.training:
        rep = json.load(open(args.training))
        # A second stage (--init) carries the first stage's report: list both.
        stages = [rep["init"], rep] if rep.get("init") else [rep]
        a = rep["args"]
        history = [h for st in stages for h in st["history"]]
        sections["training"].update({
            "data": "CoNLL-2003 English train (14,041 sentences), IOB2; model selection on valid",
            "stages": len(stages),
            "epochs": [st["args"]["epochs"] for st in stages],
            "lr": [st["args"]["lr"] for st in stages],
            "seed": [st["args"]["seed"] for st in stages],
            "batch_size": a["batch_size"], "max_tokens": a["max_tokens"], "casing_dim": a["casing_dim"],
            "threads": a.get("threads"),
            "word_embeddings": "trained" if a.get("train_word_embeddings") else "frozen",
            "valid_f1_by_epoch": [h["valid_f1"] for h in history],
            "seconds": sum(st["seconds"] for st in stages), "torch": rep["torch"],
        })
        for split in ("valid", "test"):
            for typ, m in rep[split].items():
                sections["metrics"][f"python_{split}_f1_{typ.lower()}"] = m["f1"]
            o = rep[split]["overall"]
            sections["metrics"][f"python_{split}_precision"] = o["precision"]
            sections["metrics"][f"python_{split}_recall"] = o["recall"]
    for kv in args.set:
        key, _, v = kv.partition("=")
        sec, _, k = key.partition(".")
        sections.setdefault(sec, {})[k] = number(v)

    lines = [
        "# Model card read by `demarche models list` / `demarche models verify`.",
        f"name = {value(args.name)}",
        f"task = {value(args.task)}",
        f"labels = {value([x for x in args.labels.split(',') if x])}",
        f"origin = {value(args.origin)}",
        f"licence = {value(args.licence)}",
    ]
    for sec, kvs in sections.items():
        if kvs:
            lines += ["", f"[{sec}]"] + [f"{k} = {value(v)}" for k, v in kvs.items() if v is not None]
    for name in args.files:
        p = os.path.join(args.dir, name)
        lines += ["", "[[files]]", f"path = {value(name)}", f"sha256 = {value(sha256(p))}",
                  f"bytes = {os.path.getsize(p)}"]
    with open(os.path.join(args.dir, "demarche-model.toml"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
