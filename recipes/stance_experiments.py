"""Method selection for the stance classifier (issue #10), in Python for speed; the chosen
method is then trained and scored by `demarche train stance` / `demarche eval stance`.

Embeds data/stance/train.csv and ../shared/eval/stance-dev.csv (the dev `prev` sentence taken
from a text-only demarche run over the same corpora) with all-MiniLM-L6-v2 (mean pooling, L2),
trains on train, scores on all dev rows: F1 favor, F1 against, F_avg per target."""
import sys

import numpy as np
import pandas as pd
import torch
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from transformers import AutoModel, AutoTokenizer

import rundir

run, dev_csv = sys.argv[1], sys.argv[2]
T = ["engagement", "sanctions", "denuclearization"]
torch.set_num_threads(2)
tok = AutoTokenizer.from_pretrained("models/all-minilm-l6-v2")
model = AutoModel.from_pretrained("models/all-minilm-l6-v2").eval()


def embed(texts, bs=64):
    out = []
    order = np.argsort([len(t) for t in texts])
    for i in range(0, len(texts), bs):
        idx = order[i:i + bs]
        b = tok([texts[j] for j in idx], padding=True, truncation=True, max_length=256, return_tensors="pt")
        with torch.no_grad():
            h = model(**b).last_hidden_state
        m = b["attention_mask"].unsqueeze(-1).float()
        e = (h * m).sum(1) / m.sum(1)
        e = torch.nn.functional.normalize(e, dim=-1).numpy()
        for k, j in enumerate(idx):
            out.append((j, e[k]))
    out.sort(key=lambda x: x[0])
    return np.stack([e for _, e in out])


tr = pd.read_csv("data/stance/train.csv", keep_default_na=False)
dev = pd.read_csv(dev_csv, keep_default_na=False)
s = rundir.frame(run, "sentences").merge(rundir.frame(run, "documents")[["doc_id", "path"]], on="doc_id")
s["doc"] = s.path.str.replace(r"^.*?/corpora/", "", regex=True)
s = s.sort_values(["doc_id", "seq"])
s["prev"] = s.groupby("turn_id").text.shift(1).fillna("")
prev = []
for r in dev.itertuples():
    c = s[(s.doc == r.doc) & (s.start < r.byte_end) & (r.byte_start < s.end)]
    prev.append(c.iloc[0].prev if len(c) else "")
dev["prev"] = prev
cache = {}
for name, df in [("train", tr), ("dev", dev)]:
    cache[name] = (embed(list(df.text)), embed([p if p else "" for p in df.prev]) * np.array(
        [[1.0 if p else 0.0] for p in df.prev]))
np.savez("target/stance-emb.npz", **{f"{k}_{i}": v[i] for k, v in cache.items() for i in range(2)})


def feats(name, ctx):
    a, b = cache[name]
    return np.hstack([a, b]) if ctx else a


def score(y, p):
    f = f1_score(y, p, labels=["favor"], average="macro", zero_division=0)
    a = f1_score(y, p, labels=["against"], average="macro", zero_division=0)
    return f, a, (f + a) / 2


for ctx in (False, True):
    for C in (0.3, 1, 3, 10, 30):
        res = []
        for t in T:
            clf = LogisticRegression(C=C, class_weight="balanced", max_iter=3000)
            clf.fit(feats("train", ctx), tr[t])
            res.append(score(dev[t], clf.predict(feats("dev", ctx))))
        row = " ".join(f"{t[:5]} {f:.2f}/{a:.2f}/{m:.3f}" for t, (f, a, m) in zip(T, res))
        print(f"ctx={ctx:d} C={C:<4} {row}  mean {np.mean([m for *_, m in res]):.3f}", flush=True)
