"""Fine-tunes MiniLM for NER (CoNLL-2003), stance (data/stance/train.csv) or both at once with
one encoder, which would let the pipeline run one encoder pass per sentence for both (issues
#7, #10). Measured: joint runs keep CoNLL F1 but degrade NER on briefing text (see README,
"Stance quality"), so the shipped models are a NER-only and a stance-only run of this script.

    python recipes/train_joint.py --base models/all-minilm-l6-v2 --conll ../shared/data/conll2003 \
        --stance-train data/stance/train.csv --stance-dev ../shared/eval/stance-dev.csv --out target/joint

Each step adds the NER loss of a CoNLL batch and `--stance-weight` times the stance loss of a
stance batch (the stance rows cycle, reshuffled each pass). `--stance-weight 0` trains NER
alone, `--ner-weight 0` stance alone (the same code measures all three). The heads are those
of train_ner.py (linear over [state ; casing embedding]) and train_stance.py (one linear head
per target over the L2-normalised mean of the token states). Word embeddings stay frozen.
Epoch selection on CoNLL valid F1 / 100 + stance dev mean F_avg (the dev rows are never
trained on); CoNLL test is scored once, for the kept epoch. Writes to --out: `state.safetensors`
(kept epoch, fp16, word embeddings left out: they are the base's), `heads.safetensors` (stance,
scale folded in) and `training.json`. recipes/export_sweep.py turns that into model folders.
"""
import argparse
import json
import math
import os
import random
import sys
import time

import numpy as np
import pandas as pd
import torch
from safetensors.torch import load_file, save_file
from tokenizers import Tokenizer
from torch import nn
from transformers import BertConfig

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ner_common import LABELS  # noqa: E402
from train_ner import NerModel, batches, conll_examples, evaluate  # noqa: E402
from train_stance import L, T, f1s  # noqa: E402

WORDS = "bert.embeddings.word_embeddings.weight"


class Joint(NerModel):
    """train_ner's NER model (its forward is the NER head) with one stance head per target."""

    def __init__(self, config, casing_dim, context=False):
        super().__init__(config, casing_dim)
        # With context a head reads the sentence's features and then its previous sentence's
        # (zeros when it has none), as `features = "sentence+prev"` does in Rust.
        self.context = context
        width = config.hidden_size * (2 if context else 1)
        self.heads = nn.ModuleList([nn.Linear(width, 3) for _ in T])
        self.scale = 20.0  # normalised features are small; folded into the weights on export

    def embed(self, ids, mask):
        h = self.bert(input_ids=ids, attention_mask=mask).last_hidden_state
        m = mask.unsqueeze(-1).float()
        return nn.functional.normalize((h * m).sum(1) / m.sum(1), dim=-1)

    def stance(self, ids, mask, prev=None):
        e = self.embed(ids, mask)
        if self.context:
            pids, pmask, has = prev
            e = torch.cat([e, self.embed(pids, pmask) * has.unsqueeze(-1)], dim=-1)
        return [head(e * self.scale) for head in self.heads]


def stance_batch(tok, texts, device, max_len=128):
    encs = [tok.encode(t) for t in texts]  # [CLS] … [SEP]
    ids = [e.ids[: max_len - 1] + ([e.ids[-1]] if len(e.ids) > max_len else []) for e in encs]
    n = max(len(i) for i in ids)
    mask = torch.tensor([[1] * len(i) + [0] * (n - len(i)) for i in ids], device=device)
    ids = torch.tensor([i + [0] * (n - len(i)) for i in ids], device=device)
    return ids, mask


def prev_batch(tok, prevs, device, max_len=128):
    """The previous sentences of a batch, and which rows have one."""
    ids, mask = stance_batch(tok, [p or "." for p in prevs], device, max_len)
    return ids, mask, torch.tensor([1.0 if p else 0.0 for p in prevs], device=device)


@torch.no_grad()
def stance_eval(model, tok, dev, device):
    model.eval()
    texts, prevs = list(dev.text), list(dev.prev)
    preds = [[] for _ in T]
    for i in range(0, len(texts), 64):
        ids, mask = stance_batch(tok, texts[i:i + 64], device, 256)
        prev = prev_batch(tok, prevs[i:i + 64], device, 256) if model.context else None
        for t, logits in enumerate(model.stance(ids, mask, prev)):
            preds[t] += [L[j] for j in logits.argmax(-1).tolist()]
    model.train()
    scores = {t: f1s(list(dev[t]), preds[k]) for k, t in enumerate(T)}
    return scores, float(np.mean([s[2] for s in scores.values()]))


def on(device, batch):
    return [x.to(device) if torch.is_tensor(x) else x for x in batch]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--conll", required=True)
    ap.add_argument("--stance-train", required=True)
    ap.add_argument("--stance-dev", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--stance-batch", type=int, default=8)
    ap.add_argument("--ner-weight", type=float, default=1.0)
    ap.add_argument("--stance-weight", type=float, default=1.0)
    ap.add_argument("--max-tokens", type=int, default=126)
    ap.add_argument("--casing-dim", type=int, default=16)
    ap.add_argument("--warmup", type=float, default=0.06)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--context", action="store_true", help="stance heads also read the previous sentence")
    ap.add_argument("--limit", type=int, default=0, help="first N sentences of each set (smoke runs)")
    ap.add_argument("--max-seconds", type=float, default=0, help="start no epoch after this (the sweep's time box)")
    args = ap.parse_args()
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    torch.backends.cuda.matmul.allow_tf32 = False  # fp32 as the Rust side computes
    t0 = time.time()

    tok = Tokenizer.from_file(os.path.join(args.base, "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    train, valid, test = conll_examples(tok, args.conll, args.max_tokens, args.limit)
    tr = pd.read_csv(args.stance_train, keep_default_na=False)
    dev = pd.read_csv(args.stance_dev, keep_default_na=False)
    if args.limit:
        tr, dev = tr.head(args.limit), dev.head(args.limit)

    config = BertConfig.from_pretrained(args.base)
    model = Joint(config, args.casing_dim, args.context)
    base = load_file(os.path.join(args.base, "model.safetensors"))
    missing, _ = model.bert.load_state_dict(
        {k.removeprefix("bert."): v.float() for k, v in base.items() if "position_ids" not in k}, strict=False)
    assert not missing, missing
    model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    model.to(device).train()

    y = torch.tensor([[L.index(v) for v in tr[t]] for t in T]).T.to(device)
    weights = [len(y) / (3 * torch.bincount(y[:, t], minlength=3).float().clamp(min=1)) for t in range(len(T))]
    texts, prevs = list(tr.text), list(tr.prev)
    no_decay = ("bias", "LayerNorm.weight")
    body = [(n, p) for n, p in model.named_parameters() if p.requires_grad and not n.startswith("heads.")]
    groups = [
        {"params": [p for n, p in body if not n.endswith(no_decay)], "weight_decay": 0.01, "lr": args.lr},
        {"params": [p for n, p in body if n.endswith(no_decay)], "weight_decay": 0.0, "lr": args.lr},
        {"params": list(model.heads.parameters()), "weight_decay": 0.01, "lr": args.head_lr},
    ]
    opt = torch.optim.AdamW(groups)
    per_epoch = math.ceil(len(train) / args.batch_size) if args.ner_weight > 0 else math.ceil(len(tr) / args.stance_batch)
    steps = args.epochs * per_epoch
    warm = int(args.warmup * steps)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: s / max(1, warm) if s < warm else max(0.0, (steps - s) / max(1, steps - warm)))
    ner_loss = nn.CrossEntropyLoss(ignore_index=-100)

    def stance_rows():
        while True:
            yield from np.random.permutation(len(tr))

    rows = stance_rows()
    best, best_state, history = -1.0, None, []
    for epoch in range(1, args.epochs + 1):
        if args.max_seconds and time.time() - t0 > args.max_seconds:
            break
        te, totals, n = time.time(), [0.0, 0.0], 0
        ner_batches = batches(train, args.batch_size, True, rng) if args.ner_weight > 0 else iter([None] * per_epoch)
        for nb in ner_batches:
            loss = torch.zeros((), device=device)
            if nb is not None:
                _, ids, cas, labels, mask = on(device, nb)
                lo = ner_loss(model(ids, cas, mask).view(-1, len(LABELS)), labels.view(-1))
                loss = loss + args.ner_weight * lo
                totals[0] += lo.item()
            if args.stance_weight > 0:
                idx = [next(rows) for _ in range(args.stance_batch)]
                ids, mask = stance_batch(tok, [texts[j] for j in idx], device)
                prev = prev_batch(tok, [prevs[j] for j in idx], device) if args.context else None
                lo = sum(nn.functional.cross_entropy(o, y[idx, t], weight=weights[t])
                         for t, o in enumerate(model.stance(ids, mask, prev)))
                loss = loss + args.stance_weight * lo
                totals[1] += lo.item()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            n += 1
        rec = {"epoch": epoch, "ner_loss": round(totals[0] / n, 4), "stance_loss": round(totals[1] / n, 4)}
        if args.ner_weight > 0:
            rec["valid_f1"] = evaluate(model, valid, 64)["overall"]["f1"]
        if args.stance_weight > 0:
            rec["dev"], rec["dev_mean_f_avg"] = stance_eval(model, tok, dev, device)
        rec["seconds"] = round(time.time() - te)
        crit = rec.get("valid_f1", 0.0) / 100 + rec.get("dev_mean_f_avg", 0.0)
        history.append(rec)
        print(json.dumps(rec), flush=True)
        if crit > best:
            best, best_state = crit, {k: t.detach().clone() for k, t in model.state_dict().items()}
            best_state["_epoch"] = epoch

    os.makedirs(args.out, exist_ok=True)
    kept = best_state.pop("_epoch")
    # Round to fp16 as shipped, then score what was kept once more (valid, test, stance dev).
    state = {k: t.to(torch.float16).contiguous().cpu() for k, t in best_state.items() if "position_ids" not in k}
    model.load_state_dict({k: t.float() for k, t in state.items()}, strict=False)
    report = {"args": vars(args), "history": history, "kept_epoch": kept, "device": device,
              "gpu": torch.cuda.get_device_name(0) if device == "cuda" else None, "torch": torch.__version__}
    if args.ner_weight > 0:
        report["valid"] = evaluate(model, valid, 64)
        report["test"] = evaluate(model, test, 64)
    if args.stance_weight > 0:
        report["dev"], report["dev_mean_f_avg"] = stance_eval(model, tok, dev, device)
    report["seconds"] = round(time.time() - t0)
    heads = {}
    for t, head in zip(T, model.heads):
        heads[f"{t}.weight"] = (state[f"heads.{T.index(t)}.weight"].float() * model.scale).contiguous()
        heads[f"{t}.bias"] = state[f"heads.{T.index(t)}.bias"].float().contiguous()
    save_file(heads, os.path.join(args.out, "heads.safetensors"))
    body = {k: v for k, v in state.items() if not k.startswith("heads.") and k != WORDS}
    save_file(body, os.path.join(args.out, "state.safetensors"), metadata={"format": "pt"})
    with open(os.path.join(args.out, "training.json"), "w") as f:
        json.dump(report, f, indent=1)
    print(json.dumps({k: report.get(k) for k in ("kept_epoch", "dev_mean_f_avg", "seconds")}
                     | {"valid": report.get("valid", {}).get("overall"), "test": report.get("test", {}).get("overall")}))


if __name__ == "__main__":
    main()
