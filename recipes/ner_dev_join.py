"""Join the hand labels of the in-domain NER dev set (issue #21) into CoNLL-style files.

    python3 recipes/ner_dev_join.py [--check]

Reads data/ner/dev/pool.csv and data/ner/dev/labels_*.jsonl (GUIDE.md), finds each labelled
surface text in its sentence in order, and writes data/ner/dev/dev.conll (one token per line,
`token -X- _ BIO-tag`, blank line between sentences; tokens split on white space and
punctuation) and data/ner/dev/spans.csv (id, entity char start/end, label, text). Fails on a
sentence labelled twice, a missing sentence, an unknown label or text not found.
"""
import csv
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "data/ner/dev"
LABELS = {"PER", "ORG", "LOC", "MISC"}
TOKEN = re.compile(r"\w+(?:[’'.-]\w+)*\.?|[^\w\s]")


def spans_of(text, entities, where):
    out, at = [], 0
    for surface, label in entities:
        assert label in LABELS, (where, label)
        i = text.find(surface, at)
        assert i >= 0, (where, surface, text)
        out.append((i, i + len(surface), label, surface))
        at = i + len(surface)
    return out


def tokens(text):
    return [(m.start(), m.end()) for m in TOKEN.finditer(text)]


def main():
    pool = list(csv.DictReader(open(DEV / "pool.csv", encoding="utf-8")))
    labels = {}
    for path in sorted(DEV.glob("labels_*.jsonl")):
        for n, line in enumerate(open(path, encoding="utf-8"), 1):
            if not line.strip():
                continue
            r = json.loads(line)
            assert r["id"] not in labels, (path.name, n, r["id"], "labelled twice")
            labels[r["id"]] = r["entities"]
    missing = [p["id"] for p in pool if p["id"] not in labels]
    rows, conll = [], []
    for p in pool:
        if p["id"] not in labels:
            continue
        spans = spans_of(p["text"], labels[p["id"]], p["id"])
        rows += [{"id": p["id"], "kind": p["kind"], "start": a, "end": b, "label": l, "text": s}
                 for a, b, l, s in spans]
        for a, b in tokens(p["text"]):
            tag = "O"
            for s, e, l, _ in spans:
                if a >= s and b <= e:
                    tag = ("B-" if a == s else "I-") + l
                elif a < e and b > s:
                    # A token that crosses an entity's edge ("U.S.-led"): the entity's part.
                    tag = ("B-" if a <= s else "I-") + l
            conll.append(f"{p['text'][a:b]} -X- _ {tag}")
        conll.append("")
    print(f"{len(labels)} of {len(pool)} sentences labelled ({len(missing)} missing), {len(rows)} entities: "
          + ", ".join(f"{l} {sum(r['label'] == l for r in rows)}" for l in sorted(LABELS)))
    if "--check" in sys.argv:
        return
    assert not missing, f"unlabelled: {missing[:10]}"
    with open(DEV / "spans.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, ["id", "kind", "start", "end", "label", "text"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    (DEV / "dev.conll").write_text("-DOCSTART- -X- -X- O\n\n" + "\n".join(conll) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
