"""The Python side of `just bench-models`: the same encoder, on the same sentences, in PyTorch
(transformers' BertModel), and how far its sentence embeddings are from the Rust ones.

    python recipes/bench_python.py MODEL_DIR DUMP_DIR [--threads 2] [--batch 32]

DUMP_DIR holds what `bench_ner ... DUMP_DIR` wrote: sentences.txt, embeddings.f32 (the Rust
run's L2-normalised mean-pooled states) and rust.json (its rate, for the ratio). Batches are sorted by length and padded, the
usual way to run a Hugging Face encoder; the heads (a linear layer per token or sentence) are
left out on both sides' account: they are a tiny share of the work. Prints one JSON line.
"""
import argparse
import json
import os
import time

import numpy as np
import torch
from safetensors.torch import load_file
from tokenizers import Tokenizer
from transformers import BertConfig, BertModel


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("dump")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=32)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    sentences = open(os.path.join(args.dump, "sentences.txt"), encoding="utf-8").read().splitlines()
    config = BertConfig.from_pretrained(args.model)
    model = BertModel(config, add_pooling_layer=False)
    state = load_file(os.path.join(args.model, "model.safetensors"))
    bert = {k.removeprefix("bert."): v.float() for k, v in state.items()
            if k.startswith(("bert.", "embeddings.", "encoder."))}  # the encoder, not the heads
    missing, _ = model.load_state_dict(bert, strict=False)
    assert not [m for m in missing if "position_ids" not in m], missing
    model.eval()
    tok = Tokenizer.from_file(os.path.join(args.model, "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()

    started = time.perf_counter()
    encs = tok.encode_batch(sentences)
    order = sorted(range(len(encs)), key=lambda i: len(encs[i].ids))
    out = np.zeros((len(sentences), config.hidden_size), dtype=np.float32)
    with torch.inference_mode():
        for b in range(0, len(order), args.batch):
            idx = order[b:b + args.batch]
            width = max(len(encs[i].ids) for i in idx)
            ids = torch.tensor([encs[i].ids + [0] * (width - len(encs[i].ids)) for i in idx])
            mask = torch.tensor([[1] * len(encs[i].ids) + [0] * (width - len(encs[i].ids)) for i in idx])
            h = model(input_ids=ids, attention_mask=mask).last_hidden_state
            m = mask.unsqueeze(-1).float()
            e = torch.nn.functional.normalize((h * m).sum(1) / m.sum(1), dim=-1)
            out[idx] = e.numpy()
    secs = time.perf_counter() - started

    rust_emb = np.fromfile(os.path.join(args.dump, "embeddings.f32"), dtype="<f4").reshape(len(sentences), -1)
    cos = (rust_emb * out).sum(1)
    rust = json.load(open(os.path.join(args.dump, "rust.json")))
    rate = len(sentences) / secs
    runtimes = rust.get("runtimes", {rust.get("runtime", "candle"): rust})
    best = max(r["sentences_per_s"] for r in runtimes.values())
    print(json.dumps({
        "runtime": f"pytorch {torch.__version__} (transformers BertModel, fp32)",
        "sentences": len(sentences), "threads": args.threads, "batch": args.batch,
        "seconds": round(secs, 2), "sentences_per_s": round(rate, 1),
        "rust_default": rust.get("runtime", "candle"),
        "rust_sentences_per_s": rust["sentences_per_s"], "rust_over_python": round(rust["sentences_per_s"] / rate, 2),
        "best_over_default": round(best / rust["sentences_per_s"], 2),
        "by_runtime": {name: {"sentences_per_s": r["sentences_per_s"], "over_python": round(r["sentences_per_s"] / rate, 2)}
                       for name, r in runtimes.items()},
        "max_abs_diff_vs_rust": float(np.abs(rust_emb - out).max()), "min_cosine_vs_rust": float(cos.min()),
    }))


if __name__ == "__main__":
    main()
