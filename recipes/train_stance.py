"""Fine-tunes the MiniLM encoder with one stance head per target (issue #10, the third method),
and exports a model folder that `demarche` loads as a stance classifier: the fine-tuned
encoder (Hugging Face layout) and `heads.safetensors`, heads over the L2-normalised mean of
the token states, exactly the features of the frozen-encoder classifier.

    python recipes/train_stance.py --base models/all-minilm-l6-v2 --train data/stance/train.csv \
        --dev ../shared/eval/stance-dev.csv --out models/stance-minilm-ft --epochs 3 --seed 13

The dev rows are never trained on; per-epoch dev F1 goes to training.json.
"""
import argparse
import json
import os
import random
import shutil
import time

import numpy as np
import pandas as pd
import torch
from safetensors.torch import save_file
from transformers import AutoModel, AutoTokenizer

T = ["engagement", "sanctions", "denuclearization"]
L = ["favor", "against", "none"]


class Stance(torch.nn.Module):
    def __init__(self, base):
        super().__init__()
        self.enc = AutoModel.from_pretrained(base)
        h = self.enc.config.hidden_size
        self.heads = torch.nn.ModuleList([torch.nn.Linear(h, 3) for _ in T])
        self.scale = 20.0  # normalised features are small; folded into the weights on export

    def forward(self, ids, mask):
        hs = self.enc(input_ids=ids, attention_mask=mask).last_hidden_state
        m = mask.unsqueeze(-1).float()
        e = torch.nn.functional.normalize((hs * m).sum(1) / m.sum(1), dim=-1)
        return [head(e * self.scale) for head in self.heads]


def f1s(gold, pred):
    out = {}
    for lab in ("favor", "against"):
        tp = sum(g == lab and p == lab for g, p in zip(gold, pred))
        n = sum(g == lab for g in gold) + sum(p == lab for p in pred)
        out[lab] = 2 * tp / n if n else 0.0
    return out["favor"], out["against"], (out["favor"] + out["against"]) / 2


def predict(model, tok, texts, bs=64):
    model.eval()
    preds = [[None] * len(texts) for _ in T]
    with torch.no_grad():
        for i in range(0, len(texts), bs):
            b = tok(texts[i:i + bs], padding=True, truncation=True, max_length=256, return_tensors="pt")
            for t, logits in enumerate(model(b["input_ids"], b["attention_mask"])):
                for k, j in enumerate(logits.argmax(-1).tolist()):
                    preds[t][i + k] = L[j]
    return preds


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--train", required=True)
    ap.add_argument("--dev", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--lr", type=float, default=3e-5)
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    tok = AutoTokenizer.from_pretrained(args.base)
    tok.backend_tokenizer.no_padding()
    tok.backend_tokenizer.no_truncation()
    tr = pd.read_csv(args.train, keep_default_na=False)
    dev = pd.read_csv(args.dev, keep_default_na=False)
    model = Stance(args.base)
    y = torch.tensor([[L.index(v) for v in tr[t]] for t in T]).T
    weights = []
    for t in range(len(T)):
        counts = torch.bincount(y[:, t], minlength=3).float()
        weights.append(len(y) / (3 * counts.clamp(min=1)))
    opt = torch.optim.AdamW([{"params": model.enc.parameters(), "lr": args.lr},
                             {"params": model.heads.parameters(), "lr": args.head_lr}], weight_decay=0.01)
    steps = args.epochs * ((len(tr) + args.batch_size - 1) // args.batch_size)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, s / (0.06 * steps)) * max(0.0, (steps - s) / steps))
    report = {"epochs": [], "command": "python recipes/train_stance.py " + " ".join(
        f"--{k.replace('_', '-')} {v}" for k, v in vars(args).items())}
    texts = list(tr.text)
    t0 = time.time()
    for epoch in range(args.epochs):
        model.train()
        order = np.random.permutation(len(tr))
        for i in range(0, len(order), args.batch_size):
            idx = order[i:i + args.batch_size]
            b = tok([texts[j] for j in idx], padding=True, truncation=True, max_length=128, return_tensors="pt")
            out = model(b["input_ids"], b["attention_mask"])
            loss = sum(torch.nn.functional.cross_entropy(o, y[idx, t], weight=weights[t]) for t, o in enumerate(out))
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
        preds = predict(model, tok, list(dev.text))
        scores = {t: f1s(list(dev[t]), preds[k]) for k, t in enumerate(T)}
        mean = float(np.mean([s[2] for s in scores.values()]))
        report["epochs"].append({"epoch": epoch + 1, "dev": scores, "dev_mean_f_avg": mean, "seconds": time.time() - t0})
        print(f"epoch {epoch + 1}: " + " ".join(f"{t[:5]} {s[0]:.2f}/{s[1]:.2f}/{s[2]:.3f}" for t, s in scores.items())
              + f" mean {mean:.3f} ({time.time() - t0:.0f} s)", flush=True)

    os.makedirs(args.out, exist_ok=True)
    model.enc.save_pretrained(args.out, safe_serialization=True)
    for f in ("tokenizer.json", "vocab.txt"):
        shutil.copy(os.path.join(args.base, f), os.path.join(args.out, f))
    heads = {}
    for t, head in zip(T, model.heads):
        heads[f"{t}.weight"] = (head.weight.detach() * model.scale).contiguous()
        heads[f"{t}.bias"] = head.bias.detach().contiguous()
    save_file(heads, os.path.join(args.out, "heads.safetensors"))
    json.dump(report, open(os.path.join(args.out, "training.json"), "w"), indent=1)


if __name__ == "__main__":
    main()
