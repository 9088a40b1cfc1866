"""NER end to end on CoNLL-2003 articles written as plain text (issue #20): does a run keep
every line (headlines, datelines, result tables) and find the entities the gold tokens give?

    python3 recipes/conll_as_text.py ../shared/data/conll2003/valid.txt target/conll-text
    # writes target/conll-text/docs/NNN.txt (one article each, one sentence per line, tokens
    # joined by spaces), runs `target/release/demarche run` over them with stance off, and prints
    # lines kept (a sentence of the run covers the line), strict entity precision / recall / F1
    # against the gold tokens' entities (same bytes and label), and the same on kept lines only.

Standard library only. Choose on the valid split; report the test split once.
"""
import subprocess
import sys
from pathlib import Path

import rundir


def articles(path):
    """[[ (tokens, tags) per sentence ] per article], split at -DOCSTART-."""
    docs, doc, sent = [], [], []
    for line in open(path, encoding="utf-8"):
        parts = line.split()
        if not parts:
            if sent:
                doc.append(sent)
                sent = []
            continue
        if parts[0] == "-DOCSTART-":
            if sent:
                doc.append(sent)
                sent = []
            if doc:
                docs.append(doc)
            doc = []
            continue
        sent.append((parts[0], parts[-1]))
    if sent:
        doc.append(sent)
    if doc:
        docs.append(doc)
    return docs


def write(docs, folder):
    """Each article as text; gold entities and line spans by byte offset."""
    folder.mkdir(parents=True, exist_ok=True)
    gold, lines = {}, {}
    for i, doc in enumerate(docs):
        name = f"{i:03d}.txt"
        text, ents, spans = "", set(), []
        for sent in doc:
            start_line = len(text.encode())
            offsets = []
            for k, (tok, _) in enumerate(sent):
                if k:
                    text += " "
                a = len(text.encode())
                text += tok
                offsets.append((a, len(text.encode())))
            spans.append((start_line, len(text.encode())))
            text += "\n"
            cur = None
            for (tok, tag), (a, b) in zip(sent, offsets):
                if tag.startswith("B-") or (tag.startswith("I-") and (cur is None or cur[2] != tag[2:])):
                    if cur:
                        ents.add(tuple(cur))
                    cur = [a, b, tag[2:]]
                elif tag.startswith("I-"):
                    cur[1] = b
                else:
                    if cur:
                        ents.add(tuple(cur))
                    cur = None
            if cur:
                ents.add(tuple(cur))
        (folder / name).write_text(text, encoding="utf-8")
        gold[name], lines[name] = ents, spans
    return gold, lines


def prf(gold, pred):
    tp = len(gold & pred)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main():
    conll, out = Path(sys.argv[1]), Path(sys.argv[2])
    docs = articles(conll)
    gold, lines = write(docs, out / "docs")
    config = out / "no-stance.toml"
    config.write_text("[stance]\nenabled = false\n")
    run = out / "run"
    subprocess.run(["target/release/demarche", "run", str(out / "docs"), "--out", str(run), "--config", str(config)],
                   check=True)
    name_of = {d["doc_id"]: Path(d["path"]).name for d in rundir.rows(run, "documents")}
    covered = {}
    for s in rundir.rows(run, "sentences"):
        covered.setdefault(name_of[s["doc_id"]], []).append((int(s["start"]), int(s["end"])))
    pred = {}
    for e in rundir.rows(run, "entities"):
        pred.setdefault(name_of[e["doc_id"]], set()).add((int(e["start"]), int(e["end"]), e["label"]))
    all_gold, all_pred, kept_gold, kept_pred = set(), set(), set(), set()
    n_lines = n_kept = 0
    for name, spans in lines.items():
        cov = covered.get(name, [])
        kept = [any(a < e and s < b for s, e in cov) for a, b in spans]
        n_lines += len(spans)
        n_kept += sum(kept)
        g = {(name, *x) for x in gold[name]}
        p = {(name, *x) for x in pred.get(name, set())}
        all_gold |= g
        all_pred |= p
        inside = lambda x: any(k and a <= x[1] < b for k, (a, b) in zip(kept, spans))  # noqa: E731
        kept_gold |= {x for x in g if inside(x)}
        kept_pred |= {x for x in p if inside(x)}
    print(f"{conll.name}: {len(docs)} articles, lines kept {n_kept} of {n_lines} ({n_lines - n_kept} lost); "
          f"gold entities on kept lines {len(kept_gold)} of {len(all_gold)}")
    for label, (g, p) in {"all lines": (all_gold, all_pred), "kept lines": (kept_gold, kept_pred)}.items():
        pr, rc, f1 = prf(g, p)
        print(f"  strict NER, {label}: precision {100 * pr:.2f}, recall {100 * rc:.2f}, F1 {100 * f1:.2f}")


if __name__ == "__main__":
    main()
