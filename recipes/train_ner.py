"""Fine-tunes the MiniLM-L6 encoder for CoNLL-2003 NER (PER/ORG/LOC/MISC, BIO) on CPU.

    python recipes/train_ner.py --base models/all-minilm-l6-v2 --data ../shared/data/conll2003 \
        --out models/ner-conll-minilm

Head: the encoder's last hidden state concatenated with an embedding of the pre-token's
casing class (the encoder is uncased), then dropout and one linear layer. Model selection on
CoNLL valid (the best epoch's weights are kept); the kept weights are rounded to fp16, saved
as safetensors, reloaded and scored on valid and test, so the card's figures are those of the
committed file. The Rust side (crates/ner) reproduces the alignment in ner_common.py.
"""

import argparse
import json
import math
import os
import random
import sys
import time

import torch
from safetensors.torch import load_file, save_file
from tokenizers import Tokenizer
from torch import nn
from transformers import BertConfig, BertModel

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ner_common import CASING_CLASSES, LABELS, align, read_conll, score  # noqa: E402

CLS, SEP, PAD = 101, 102, 0


class NerModel(nn.Module):
    def __init__(self, config, casing_dim):
        super().__init__()
        self.bert = BertModel(config, add_pooling_layer=False)
        self.casing_embeddings = nn.Embedding(CASING_CLASSES, casing_dim)
        self.dropout = nn.Dropout(config.hidden_dropout_prob)
        self.classifier = nn.Linear(config.hidden_size + casing_dim, len(LABELS))

    def forward(self, ids, casing, mask):
        h = self.bert(input_ids=ids, attention_mask=mask).last_hidden_state
        x = torch.cat([h, self.casing_embeddings(casing)], dim=-1)
        return self.classifier(self.dropout(x))


def examples(tok, sents, max_tokens, with_labels):
    """One example per sentence (split at pre-token boundaries when longer than max_tokens
    sub-words, for training only). Labels sit on the first sub-word of each pre-token."""
    out = []
    for words, tags in sents:
        a = align(tok, words, tags if with_labels else None)
        ids, cas, tok_pre = a["ids"], a["casing"], a["tok_pre"]
        labels, seen = [], set()
        for p in tok_pre:
            if p is not None and p not in seen and with_labels:
                labels.append(a["pre_labels"][p])
            else:
                labels.append(-100)
            if p is not None:
                seen.add(p)
        pieces = [(0, len(ids))]
        if max_tokens and len(ids) > max_tokens:
            pieces, s = [], 0
            while s < len(ids):
                e = min(s + max_tokens, len(ids))
                while e < len(ids) and e > s + 1 and tok_pre[e] == tok_pre[e - 1]:
                    e -= 1  # do not cut a pre-token
                pieces.append((s, e))
                s = e
        for s, e in pieces:
            out.append({
                "ids": [CLS] + ids[s:e] + [SEP],
                "casing": [6] + cas[s:e] + [6],
                "labels": [-100] + labels[s:e] + [-100],
                "align": a,
                "words": words,
                "tags": tags,
            })
    return out


def conll_examples(tok, data_dir, max_tokens, limit=0):
    """CoNLL-2003 train (split to max_tokens), valid and test as examples; limit: first N each."""
    data = {s: read_conll(os.path.join(data_dir, f"{s}.txt")) for s in ("train", "valid", "test")}
    if limit:
        data = {s: v[:limit] for s, v in data.items()}
    return (examples(tok, data["train"], max_tokens, True), examples(tok, data["valid"], 0, False),
            examples(tok, data["test"], 0, False))


def batches(exs, size, shuffle, rng):
    order = list(range(len(exs)))
    if shuffle:
        rng.shuffle(order)
        # Sort within pools of 50 batches by length: little padding, still random.
        pool = size * 50
        order = [i for k in range(0, len(order), pool)
                 for i in sorted(order[k:k + pool], key=lambda j: len(exs[j]["ids"]))]
        bs = [order[k:k + size] for k in range(0, len(order), size)]
        rng.shuffle(bs)
    else:
        order.sort(key=lambda j: len(exs[j]["ids"]))
        bs = [order[k:k + size] for k in range(0, len(order), size)]
    for b in bs:
        n = max(len(exs[j]["ids"]) for j in b)

        def pad(key, v):
            return torch.tensor([exs[j][key] + [v] * (n - len(exs[j][key])) for j in b])

        mask = torch.tensor([[1] * len(exs[j]["ids"]) + [0] * (n - len(exs[j]["ids"])) for j in b])
        yield b, pad("ids", PAD), pad("casing", 6), pad("labels", -100), mask


@torch.no_grad()
def evaluate(model, exs, batch_size):
    """Gold-token BIO per sentence: each CoNLL word takes the label of its first pre-token
    (a word with no sub-words is O). Same rule as demarche_ner::eval."""
    model.eval()
    preds = [None] * len(exs)
    device = next(model.parameters()).device
    for b, ids, cas, _, mask in batches(exs, batch_size, False, None):
        logits = model(ids.to(device), cas.to(device), mask.to(device))
        best = logits.argmax(-1).tolist()
        for row, j in enumerate(b):
            a = exs[j]["align"]
            word_tag = ["O"] * len(exs[j]["words"])
            seen = set()
            for t, p in enumerate(a["tok_pre"]):
                if p is None or p in seen:
                    continue
                seen.add(p)
                if a["pre_first"][p]:
                    word_tag[a["pre_word"][p]] = LABELS[best[row][t + 1]]
            preds[j] = word_tag
    model.train()
    return score([e["tags"] for e in exs], preds)


def write_config_and_tokenizer(base, out, casing_dim):
    """config.json (the base's, with the labels and the casing head) and tokenizer.json (the
    base's, its fixed padding and truncation turned off) of an NER model folder."""
    cfg = BertConfig.from_pretrained(base).to_dict()
    cfg.update({
        "architectures": ["DemarcheBertForTokenClassification"],
        "id2label": {str(i): label for i, label in enumerate(LABELS)},
        "label2id": {label: i for i, label in enumerate(LABELS)},
        "demarche_casing_classes": CASING_CLASSES,
        "demarche_casing_dim": casing_dim,
        "torch_dtype": "float16",
    })
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2, sort_keys=True)
    tj = json.load(open(os.path.join(base, "tokenizer.json")))
    tj["padding"], tj["truncation"] = None, None
    with open(os.path.join(out, "tokenizer.json"), "w") as f:
        json.dump(tj, f, ensure_ascii=False)


def silver_examples(tok, paths, max_tokens, weight, limit=0):
    """NER examples of recipes/ner_silver.py's files: each carries its sentence's `# weight=`
    times `weight` (--silver-weight), and the tokens inside its `disagree=` ranges (O in the
    tags, but one teacher saw an entity there) are not trained on (label -100). --limit: the
    first N sentences of each file."""
    out, stats = [], {"files": list(paths), "sentences": 0, "examples": 0, "labels": 0, "ignored_labels": 0,
                      "weight_sum": 0.0}
    for path in paths:
        sents = read_conll(path, meta=True)
        if limit:
            sents = sents[:limit]
        for words, tags, meta in sents:
            w = weight * meta.get("weight", 1.0)
            ignore = {i for a, b, _, _ in meta.get("disagree", []) for i in range(a, b)}
            pieces = examples(tok, [(words, tags)], max_tokens, True)
            s = 0  # the pieces cut the sentence's sub-words in order: [CLS] ids[s:e] [SEP]
            for ex in pieces:
                a, n = ex["align"], len(ex["ids"]) - 2
                for i, pre in enumerate(a["tok_pre"][s:s + n]):
                    if pre is not None and a["pre_word"][pre] in ignore and ex["labels"][i + 1] != -100:
                        ex["labels"][i + 1] = -100
                        stats["ignored_labels"] += 1
                stats["labels"] += sum(x != -100 for x in ex["labels"])
                ex["weight"] = w
                s += n
            out += pieces
            stats["sentences"] += 1
            stats["weight_sum"] += w
    stats["examples"], stats["weight_sum"] = len(out), round(stats["weight_sum"], 2)
    return out, stats


def with_silver(tok, train, paths, max_tokens, weight, limit=0):
    """CoNLL `train` (each weighing 1) joined by the silver sentences of `paths`; their stats."""
    for ex in train:
        ex["weight"] = 1.0
    silver, stats = silver_examples(tok, paths, max_tokens, weight, limit)
    stats["conll_examples"] = len(train)
    print(json.dumps({"silver": stats}), flush=True)
    return train + silver, stats


def weighted_loss(logits, labels, weights):
    """Each sentence's token losses times its weight, over the batch's labelled tokens."""
    tl = nn.functional.cross_entropy(logits.view(-1, len(LABELS)), labels.view(-1), ignore_index=-100,
                                     reduction="none").view(labels.shape)
    return (tl * weights.unsqueeze(1)).sum() / (labels != -100).sum().clamp(min=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--max-tokens", type=int, default=126)
    ap.add_argument("--casing-dim", type=int, default=16)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--train-word-embeddings", action="store_true",
                    help="also update the 30k x 384 word embeddings (half the parameters; slower on CPU)")
    ap.add_argument("--init", help="start from this trained model folder instead of the base (a second stage)")
    ap.add_argument("--warmup", type=float, default=0.06)
    ap.add_argument("--limit", type=int, default=0, help="train on the first N sentences (smoke runs)")
    ap.add_argument("--silver", nargs="+", action="extend", default=[], metavar="PATH",
                    help="silver sentences (recipes/ner_silver.py) joined to CoNLL train, as train_joint.py takes them")
    ap.add_argument("--silver-weight", type=float, default=1.0, help="silver sentences' loss relative to CoNLL gold")
    args = ap.parse_args()

    torch.manual_seed(args.seed)
    random.seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    t0 = time.time()

    tok = Tokenizer.from_file(os.path.join(args.base, "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    train, valid, test = conll_examples(tok, args.data, args.max_tokens, args.limit)
    silver_stats = None
    if args.silver:
        train, silver_stats = with_silver(tok, train, args.silver, args.max_tokens, args.silver_weight, args.limit)
    train_weight = torch.tensor([ex.get("weight", 1.0) for ex in train])

    config = BertConfig.from_pretrained(args.base)
    model = NerModel(config, args.casing_dim)
    base = load_file(os.path.join(args.base, "model.safetensors"))
    missing, unexpected = model.bert.load_state_dict(
        {k.removeprefix("bert."): v for k, v in base.items() if "position_ids" not in k}, strict=False)
    assert not missing, missing
    init_report = None
    if args.init:
        state = {k: v.float() for k, v in load_file(os.path.join(args.init, "model.safetensors")).items()}
        missing, _ = model.load_state_dict(state, strict=False)
        assert not [k for k in missing if "position_ids" not in k], missing
        init_report = json.load(open(os.path.join(args.init, "training.json")))
    model.train()
    if not args.train_word_embeddings:
        model.bert.embeddings.word_embeddings.weight.requires_grad_(False)

    no_decay = ("bias", "LayerNorm.weight")
    groups = [
        {"params": [p for n, p in model.named_parameters() if p.requires_grad and not n.endswith(no_decay)], "weight_decay": 0.01},
        {"params": [p for n, p in model.named_parameters() if p.requires_grad and n.endswith(no_decay)], "weight_decay": 0.0},
    ]
    opt = torch.optim.AdamW(groups, lr=args.lr)
    steps = args.epochs * math.ceil(len(train) / args.batch_size)
    warm = int(args.warmup * steps)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: s / max(1, warm) if s < warm else max(0.0, (steps - s) / max(1, steps - warm)))
    loss_fn = nn.CrossEntropyLoss(ignore_index=-100)

    best, best_state, history = -1.0, None, []
    for epoch in range(1, args.epochs + 1):
        te, total, n = time.time(), 0.0, 0
        for b, ids, cas, labels, mask in batches(train, args.batch_size, True, rng):
            logits = model(ids, cas, mask)
            if silver_stats:
                loss = weighted_loss(logits, labels, train_weight[b])
            else:
                loss = loss_fn(logits.view(-1, len(LABELS)), labels.view(-1))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            total, n = total + loss.item(), n + 1
            if n % 100 == 0:
                print(f"epoch {epoch} step {n} loss {total / n:.4f} {time.time() - te:.0f}s", flush=True)
        v = evaluate(model, valid, 64)
        history.append({"epoch": epoch, "loss": round(total / n, 4), "valid_f1": v["overall"]["f1"],
                        "seconds": round(time.time() - te)})
        print(json.dumps(history[-1]), flush=True)
        if v["overall"]["f1"] > best:
            best = v["overall"]["f1"]
            best_state = {k: t.detach().clone() for k, t in model.state_dict().items()}

    # Save the best epoch as fp16, then score exactly what was saved.
    os.makedirs(args.out, exist_ok=True)
    tensors = {k: t.to(torch.float16).contiguous() for k, t in best_state.items() if "position_ids" not in k}
    save_file(tensors, os.path.join(args.out, "model.safetensors"), metadata={"format": "pt"})
    model.load_state_dict({k: t.to(torch.float32) for k, t in load_file(os.path.join(args.out, "model.safetensors")).items()},
                          strict=False)
    v, t = evaluate(model, valid, 64), evaluate(model, test, 64)

    write_config_and_tokenizer(args.base, args.out, args.casing_dim)
    report = {"args": vars(args), "history": history, "valid": v, "test": t,
              "train_examples": len(train), "seconds": round(time.time() - t0),
              "torch": torch.__version__, "init": init_report}
    if silver_stats:
        report["silver"] = silver_stats
    with open(os.path.join(args.out, "training.json"), "w") as f:
        json.dump(report, f, indent=2)
    print(json.dumps({"valid": v["overall"], "test": t["overall"], "seconds": report["seconds"]}))


if __name__ == "__main__":
    main()
