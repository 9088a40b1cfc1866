"""Writes an NER model folder's demarche-model.toml from training.json (PyTorch figures)
and the Rust evaluation's JSON lines (`demarche eval ner --json`), via model_card.py.

    python3 recipes/ner_card.py MODEL_DIR RUST_EVAL_OUTPUT
"""

import json
import os
import subprocess
import sys

from ner_common import LABELS

model_dir, rust_eval = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
sets = []
for line in open(rust_eval):
    if not line.startswith("{"):
        continue
    r = json.loads(line)
    split = os.path.basename(r["file"]).removesuffix(".txt")
    sets += [f"metrics.rust_{split}_f1={r['f1']}", f"metrics.rust_{split}_precision={r['precision']}",
             f"metrics.rust_{split}_recall={r['recall']}"]
    sets += [f"metrics.rust_{split}_f1_{t.lower()}={v}" for t, v in r["per_type"].items()]
rep = json.load(open(os.path.join(model_dir, "training.json")))
a = (rep.get("init") or rep)["args"]
# recipes/export_sweep.py: a run of recipes/train_joint.py (a sweep's or one --run-dir)
sweep = "sweep" in rep or "stance_weight" in rep.get("args", {})
joint = sweep and rep["args"]["stance_weight"] > 0
silver = rep.get("silver")  # the student's silver sentences (train_joint.py --silver)
command = rep.get("command") or ("just train-ner  # python recipes/train_ner.py --base models/all-minilm-l6-v2 "
           f"--data ../shared/data/conll2003 --out {model_dir} --epochs {a['epochs']} "
           f"--lr {a['lr']} --seed {a['seed']} (batch {a['batch_size']}, max {a['max_tokens']} tokens, "
           "word embeddings frozen)" + (f", then --init with --epochs {rep['args']['epochs']}" if rep.get("init") else ""))
sets += [
    f"training.command={command}",
    "training.metric=strict entity-level F1 (conlleval), gold tokens, each word labelled by its first pre-token",
    "model.base=all-minilm-l6-v2 (sentence-transformers/all-MiniLM-L6-v2)",
    "model.head=linear over [last hidden state ; casing embedding], first sub-word of each pre-token",
    "model.casing=lower/Title/UPPER/mixed/digit/other/special of the pre-token (crates/ner/src/casing.rs)",
    "model.dtype=float16 weights, computed in float32",
]
origin = "fine-tuned by recipes/train_ner.py from all-MiniLM-L6-v2 on CoNLL-2003 English train"
if sweep:
    origin = ("all-MiniLM-L6-v2 fine-tuned on CoNLL-2003 English train by recipes/train_joint.py"
              + (" jointly with stance (data/stance/train.csv)" if joint else " (NER alone)"))
    sets += [
        "training.data=CoNLL-2003 English train (14,041 sentences)"
        + (f", {silver['sentences']:,} silver sentences of recipes/ner_silver.py (weight x{rep['args']['silver_weight']},"
           " disagreements not trained on)" if silver else "")
        + (" with data/stance/train.csv" + (" and the stance teacher's probabilities" if rep.get("stance_teacher") else "")
           + "; epoch kept on CoNLL valid F1/100 + stance dev F_avg" if joint else "; epoch kept on CoNLL valid F1"),
        f"training.device={rep.get('gpu') or rep.get('device')}",
        f"training.kept_epoch={rep['kept_epoch']}",
    ]
subprocess.run([sys.executable, os.path.join(here, "model_card.py"), model_dir,
                "config.json", "tokenizer.json", "model.safetensors", "training.json",
                "--name", os.path.basename(os.path.normpath(model_dir)), "--task", "token-classification", "--labels", ",".join(LABELS),
                "--origin", origin,
                "--licence", "Apache-2.0 (base encoder); trained on CoNLL-2003 (Reuters RCV1-derived, research use)",
                "--training", os.path.join(model_dir, "training.json")] + [f"--set={s}" for s in sets], check=True)
