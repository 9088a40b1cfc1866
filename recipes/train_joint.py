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

The student of issue #21 (one encoder for NER and stance, both heads seeing our kind of text):
- `--silver FILE…`: recipes/ner_silver.py's silver.conll joins CoNLL train (one shuffled NER
  set, so an epoch is CoNLL + silver). A silver sentence's token losses are multiplied by its
  `# weight=` times `--silver-weight`, summed with the gold ones and divided by the batch's
  labelled tokens (CoNLL sentences weigh 1: without --silver the loss is the plain mean as
  before); tokens in its `disagree=` ranges are not trained on. CoNLL valid still picks the
  epoch, CoNLL test is still scored once.
- `--stance-teacher CSV`: recipes/ner_silver.py --stance's stance_teacher.csv (pool sentences,
  the shipped stance model's p_favor/p_against/p_none per target). Each step also draws
  `--stance-batch` of its rows (cycling, rows whose text is a stance dev sentence dropped) and
  adds `--distill-weight` × Σ_targets KL(teacher ‖ student), temperature 1, no class weights.
  Stance dev F_avg still picks the epoch. With --context these rows have no previous sentence.
Both are recorded in training.json (args, and "silver" / "stance_teacher" counts) only when
used, so export_sweep.py's command line for older runs is unchanged.

Proposed GPU run of the student (NOT YET RUN; smoke-tested on CPU with --limit 200 only):

    target/venv-spacy/bin/python recipes/ner_silver.py ../shared --limit 100000 --stance
    # ~100k silver sentences (~46 MB; ~6 MB as .xz) and ~73k teacher rows (~5.5 MB as .xz):
    # carry them compressed with target/gpu (base in fp16, CoNLL), `xz -dk` on the device
    python recipes/train_joint.py --base target/gpu/base --conll target/gpu/conll \
        --stance-train data/stance/train.csv --stance-dev data/stance/dev.csv \
        --silver target/gpu/silver.conll --stance-teacher target/gpu/stance_teacher.csv \
        --out target/gpu/student --epochs 2 --lr 5e-5 --head-lr 1e-3 --batch-size 32 \
        --stance-batch 8 --ner-weight 1 --silver-weight 0.5 --stance-weight 1 \
        --distill-weight 0.5 --seed 7 --max-seconds 300

Reasons: 100k silver + 14k CoNLL is ~3,600 steps an epoch (8x CoNLL alone), so 2 epochs give
~7,200 steps, twice the shipped NER run's (8 CoNLL epochs) and more than the stance run's
(~2,500); --max-seconds 300 starts no second epoch past 5 minutes, to stay inside a 10-minute
device command. --silver-weight 0.5: silver outnumbers gold 7:1 and its recall on
data/ner/dev is ~71% (teachers that both miss an entity leave it O), so gold keeps about a
quarter of the NER signal. lr 5e-5 and seed 7: the shipped stance run's (the shipped NER run
used 1e-4 over half as many steps). --stance-batch 8: each step draws gold stance rows, so
8 × 7,200 ≈ 58k rows ≈ 5.7 passes over data/stance/train.csv (the shipped run made 4); the
teacher rows are seen less than once. --distill-weight 0.5: pool sentences are 96-99% `none` by
the teacher, and the gold loss is class-weighted; at 1.0 distillation may pull favour/against
recall down. Compare against the shipped NER (CoNLL test, `just eval-ner-dev` on data/ner/dev)
and stance (`demarche eval stance --gold data/stance/dev.csv`) after export_sweep.py.
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
from train_ner import NerModel, batches, conll_examples, evaluate, weighted_loss, with_silver  # noqa: E402
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


def teacher_rows(path, dev_texts, limit=0):
    """recipes/ner_silver.py --stance's stance_teacher.csv: texts and the teacher's
    [p_favor, p_against, p_none] per target (columns TARGET_p_favor, …), renormalised. Rows
    whose text is a stance dev sentence are dropped (dev chooses the epoch)."""
    df = pd.read_csv(path, keep_default_na=False)
    n = len(df)
    df = df[~df.text.isin(dev_texts)]
    dropped = n - len(df)
    if limit:
        df = df.head(limit)
    p = torch.tensor(np.stack([df[[f"{t}_p_{lab}" for lab in L]].to_numpy(dtype=np.float32) for t in T], 1))
    p = p.clamp(min=0) / p.clamp(min=0).sum(-1, keepdim=True).clamp(min=1e-12)  # [rows, targets, 3]
    return list(df.text), p, {"file": path, "rows": n, "dev_texts_dropped": dropped, "used": len(df)}


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
    ap.add_argument("--silver", nargs="+", action="extend", default=[], metavar="PATH",
                    help="silver NER files (recipes/ner_silver.py's silver.conll) joined to CoNLL train, "
                    "each sentence weighted by its `# weight=`, disagreement tokens not trained on")
    ap.add_argument("--silver-weight", type=float, default=1.0, help="silver sentences' loss relative to CoNLL gold")
    ap.add_argument("--stance-teacher", default="",
                    help="recipes/ner_silver.py --stance's stance_teacher.csv: soft targets for the stance heads")
    ap.add_argument("--distill-weight", type=float, default=1.0,
                    help="KL(teacher || student) per target, temperature 1, relative to the gold stance loss")
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
    silver_stats = None
    if args.silver and args.ner_weight > 0:
        train, silver_stats = with_silver(tok, train, args.silver, args.max_tokens, args.silver_weight, args.limit)
    tr = pd.read_csv(args.stance_train, keep_default_na=False)
    dev = pd.read_csv(args.stance_dev, keep_default_na=False)
    if args.limit:
        tr, dev = tr.head(args.limit), dev.head(args.limit)
    teacher = None
    if args.stance_teacher and args.distill_weight > 0:
        t_texts, t_p, teacher_stats = teacher_rows(args.stance_teacher, set(dev.text), args.limit)
        t_p = t_p.to(device)
        print(json.dumps({"stance_teacher": teacher_stats}), flush=True)
        teacher = True

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
    weighted = silver_stats is not None
    train_weight = torch.tensor([ex.get("weight", 1.0) for ex in train])

    def cycle(n):
        while True:
            yield from np.random.permutation(n)

    rows = cycle(len(tr))
    t_rows = cycle(len(t_texts)) if teacher else None
    best, best_state, history = -1.0, None, []
    for epoch in range(1, args.epochs + 1):
        if args.max_seconds and time.time() - t0 > args.max_seconds:
            break
        te, totals, n = time.time(), [0.0, 0.0, 0.0], 0
        ner_batches = batches(train, args.batch_size, True, rng) if args.ner_weight > 0 else iter([None] * per_epoch)
        for nb in ner_batches:
            loss = torch.zeros((), device=device)
            if nb is not None:
                b, ids, cas, labels, mask = on(device, nb)
                logits = model(ids, cas, mask)
                if weighted:
                    lo = weighted_loss(logits, labels, train_weight[b].to(device))
                else:
                    lo = ner_loss(logits.view(-1, len(LABELS)), labels.view(-1))
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
            if teacher:
                idx = [next(t_rows) for _ in range(args.stance_batch)]
                ids, mask = stance_batch(tok, [t_texts[j] for j in idx], device)
                # Pool sentences come without their previous sentence: none (zeros) with --context.
                prev = prev_batch(tok, [""] * len(idx), device) if args.context else None
                target = t_p[idx]
                lo = sum(nn.functional.kl_div(nn.functional.log_softmax(o, -1), target[:, t], reduction="batchmean")
                         for t, o in enumerate(model.stance(ids, mask, prev)))
                loss = loss + args.distill_weight * lo
                totals[2] += lo.item()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            n += 1
        rec = {"epoch": epoch, "ner_loss": round(totals[0] / n, 4), "stance_loss": round(totals[1] / n, 4)}
        if teacher:
            rec["distill_kl"] = round(totals[2] / n, 4)
        if args.ner_weight > 0:
            rec["valid_f1"] = evaluate(model, valid, 64)["overall"]["f1"]
        if args.stance_weight > 0 or teacher:
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
    # The new options only when used, so that older runs' command lines (export_sweep.py builds
    # one from these args) stay as they were; --silver's files space-separated (nargs="+").
    a = dict(vars(args))
    if a["silver"]:
        a["silver"] = " ".join(a["silver"])
    else:
        del a["silver"], a["silver_weight"]
    if not a["stance_teacher"]:
        del a["stance_teacher"], a["distill_weight"]
    report = {"args": a, "history": history, "kept_epoch": kept, "device": device,
              "gpu": torch.cuda.get_device_name(0) if device == "cuda" else None, "torch": torch.__version__}
    if silver_stats:
        report["silver"] = silver_stats
    if teacher:
        report["stance_teacher"] = teacher_stats
    if args.ner_weight > 0:
        report["valid"] = evaluate(model, valid, 64)
        report["test"] = evaluate(model, test, 64)
    if args.stance_weight > 0 or teacher:
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
