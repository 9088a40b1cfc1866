"""Shared pieces of the NER recipes: CoNLL reading, the word/casing alignment that the Rust
side (crates/ner) reproduces exactly, and conlleval-style scoring.

Alignment: a CoNLL sentence is joined with single spaces and tokenized as raw text, the way
the pipeline sees a sentence. The tokenizer's pre-tokens (BERT splits on white space and
punctuation) are the units that get a label: the first sub-word of each pre-token carries it.
A pre-token that starts a CoNLL word takes the word's tag; a later pre-token of the same word
("U.S." -> U . S .) takes I-<type> of an entity word, O otherwise. Casing is a property of
the pre-token's surface text and is given to all its sub-words.
"""

LABELS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"]
LABEL2ID = {label: i for i, label in enumerate(LABELS)}

# Casing classes (keep in sync with crates/ner/src/casing.rs).
LOWER, TITLE, UPPER, MIXED, DIGIT, OTHER, SPECIAL = range(7)
CASING_CLASSES = 7


def casing(surface: str) -> int:
    n_up = sum(1 for c in surface if c.isupper())
    n_lo = sum(1 for c in surface if c.islower())
    if n_up == 0 and n_lo == 0:
        return DIGIT if any("0" <= c <= "9" for c in surface) else OTHER
    if n_lo == 0:
        return UPPER
    if n_up == 0:
        return LOWER
    if n_up == 1 and surface[0].isupper():
        return TITLE
    return MIXED


def read_conll(path, meta=False):
    """Sentences as (words, tags); -DOCSTART- lines are dropped. A line `# key=value ...` (the
    silver files of recipes/ner_silver.py) describes the sentence after it: with meta=True the
    sentences are (words, tags, meta), meta the parsed line (see parse_meta; {} when none),
    otherwise the line is skipped. A token line's second field is never `key=value`, so a CoNLL
    token "#" stays a token."""
    sents, words, tags, info = [], [], [], {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if not parts:
                if words:
                    sents.append((words, tags, info) if meta else (words, tags))
                words, tags, info = [], [], {}
                continue
            if parts[0] == "-DOCSTART-":
                continue
            if parts[0] == "#" and len(parts) > 1 and "=" in parts[1]:
                info = parse_meta(parts[1:])
                continue
            words.append(parts[0])
            tags.append(parts[-1])
    if words:
        sents.append((words, tags, info) if meta else (words, tags))
    return sents


def parse_meta(fields):
    """A silver sentence's `# weight=W id=DOC:START-END disagree=A-B:LABEL:TEACHER,...` fields:
    weight a float (1.0 when absent), disagree a list of (start, end, label, teacher) token
    ranges (end exclusive), other keys as strings."""
    out = dict(f.split("=", 1) for f in fields)
    out["weight"] = float(out.get("weight", 1.0))
    dis = []
    for d in filter(None, out.get("disagree", "").split(",")):
        span, label, teacher = d.split(":")
        a, b = span.split("-")
        dis.append((int(a), int(b), label, teacher))
    out["disagree"] = dis
    return out


def align(tokenizer, words, tags=None):
    """Tokenizes one sentence as raw text. Returns ids, casing per sub-word, the pre-token
    index per sub-word (None for none), the pre-tokens' char spans, the CoNLL word of each
    pre-token, whether it starts its word, and (with tags) the label id of each pre-token."""
    text = " ".join(words)
    starts, pos = [], 0
    for w in words:
        starts.append(pos)
        pos += len(w) + 1
    enc = tokenizer.encode(text, add_special_tokens=False)
    spans = {}
    for wid, (s, e) in zip(enc.word_ids, enc.offsets):
        if wid is None:
            continue
        a, b = spans.get(wid, (s, e))
        spans[wid] = (min(a, s), max(b, e))
    order = sorted(spans)
    index = {wid: i for i, wid in enumerate(order)}
    pre_spans = [spans[w] for w in order]
    # CoNLL word of each pre-token: the last word starting at or before the pre-token.
    pre_word, pre_first, seen = [], [], set()
    wi = 0
    for s, _ in pre_spans:
        while wi + 1 < len(starts) and starts[wi + 1] <= s:
            wi += 1
        pre_word.append(wi)
        pre_first.append(wi not in seen)
        seen.add(wi)
    pre_labels = None
    if tags is not None:
        pre_labels = []
        for w, first in zip(pre_word, pre_first):
            tag = tags[w]
            if not first and tag != "O":
                tag = "I-" + tag[2:]
            pre_labels.append(LABEL2ID[tag])
    pre_casing = [casing(text[s:e]) for s, e in pre_spans]
    tok_pre = [index[w] if w is not None else None for w in enc.word_ids]
    tok_casing = [pre_casing[p] if p is not None else SPECIAL for p in tok_pre]
    return {
        "ids": list(enc.ids),
        "casing": tok_casing,
        "tok_pre": tok_pre,
        "pre_word": pre_word,
        "pre_first": pre_first,
        "pre_labels": pre_labels,
    }


def chunks(seq):
    """Entity chunks (type, start, end) of a BIO sequence, conlleval's rules: an I- tag after
    O or after another type starts a chunk."""
    out, start, typ = [], None, None
    for i, tag in enumerate(list(seq) + ["O"]):
        prefix, t = (tag[0], tag[2:]) if tag != "O" else ("O", None)
        if typ is not None and (prefix in ("O", "B") or t != typ):
            out.append((typ, start, i))
            typ = None
        if prefix == "B" or (prefix == "I" and typ is None):
            start, typ = i, t
    return out


def score(gold_seqs, pred_seqs):
    """Strict entity-level precision/recall/F1 per type and overall (conlleval)."""
    stats = {}
    for g, p in zip(gold_seqs, pred_seqs):
        gs, ps = set(chunks(g)), set(chunks(p))
        for c in gs | ps:
            st = stats.setdefault(c[0], [0, 0, 0])  # tp, gold, pred
            st[0] += c in gs and c in ps
            st[1] += c in gs
            st[2] += c in ps
    res = {}
    tot = [0, 0, 0]
    for t, st in sorted(stats.items()):
        res[t] = prf(*st)
        tot = [a + b for a, b in zip(tot, st)]
    res["overall"] = prf(*tot)
    return res


def prf(tp, gold, pred):
    p = 100.0 * tp / pred if pred else 0.0
    r = 100.0 * tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 2), "recall": round(r, 2), "f1": round(f, 2), "gold": gold, "pred": pred}
