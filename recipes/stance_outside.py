"""Outside texts for the stance sets (issue #18): sentences of public statements, press
releases, briefings and wire copy taken verbatim from stored public web pages (the search
tool's `pages` corpus: KCNA and ministry statements, State Department and other governments'
releases, news), read and labelled one by one by the guide (data/stance/GUIDE.md).

    python3 recipes/stance_outside.py ../shared

Reads data/stance/outside/labels_*.csv (one file per theme) and checks every row: the columns,
the labels, a holder and a year. Drops a row whose text (white space and case folded) is already
in train.csv, dev.csv or carryover.csv, lies inside a reserved range of ../shared/eval/reserved.csv
or repeats an earlier outside row (letters and digits compared, so copies on two sites count once). Then splits by page: the pages whose sha256(URL) falls in the
first 30% become the dev slice `outside` — their sentences written, in page order, as
documents under data/stance/dev/outside/docs/ (front matter: kind, actor, date, url) with the
rows' byte spans in data/stance/dev/outside/labels.csv — and the rest go to
data/stance/outside.csv, which recipes/stance_assemble.py appends to the training set.
Byte-identical when rerun.
"""
import csv
import hashlib
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

TARGETS = ["engagement", "sanctions", "denuclearization"]
LABELS = {"favor", "against", "none"}
KINDS = {"statement", "news", "briefing"}
IN = ["doc", "date", "year", "kind", "speaker", "speaker_actor", "holder", *TARGETS, "text", "prev", "note"]
TRAIN = ["doc", "byte_start", "byte_end", "year", "speaker", "speaker_actor", "holder", *TARGETS, "text", "prev",
         "note", "made"]
DEV_COLS = ["doc", "byte_start", "byte_end", "year", "kind", "speaker", "speaker_actor", "holder", *TARGETS, "text",
            "prev", "note", "made"]
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data/stance/outside"
SLICE = ROOT / "data/stance/dev/outside"
DEV_SHARE = 0.30


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def fold(text):
    return " ".join(text.split()).casefold()


def key_of(text):
    """Letters and digits only: the same sentence copied by two sites with other quotes or dashes."""
    return re.sub(r"[\W_]+", "", text.casefold())


def reserved_texts(shared):
    out = []
    for r in read(shared / "eval/reserved.csv"):
        data = (shared / "corpora" / r["doc"]).read_bytes()[int(r["byte_start"]):int(r["byte_end"])]
        out.append(fold(data.decode("utf-8", "replace")))
    return out


def in_dev(url):
    return int(hashlib.sha256(url.encode()).hexdigest()[:8], 16) / 16 ** 8 < DEV_SHARE


def slug(url):
    tail = re.sub(r"[^a-z0-9]+", "-", url.lower().split("://", 1)[-1]).strip("-")
    return f"{hashlib.sha256(url.encode()).hexdigest()[:10]}_{tail[:50].strip('-')}"


def main():
    shared = Path(sys.argv[1])
    # The rows labelled before, less this recipe's own (so that a rerun is byte-identical).
    known = {key_of(r["text"]) for f in ("train.csv", "dev.csv", "carryover.csv")
             for r in read(ROOT / "data/stance" / f)
             if not r["doc"].startswith(("http://", "https://", "data/stance/dev/outside/"))}
    reserved = reserved_texts(shared)
    rows, dropped, seen = [], Counter(), set()
    for path in sorted(OUT.glob("labels_*.csv")):
        theme = path.stem.removeprefix("labels_")
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            assert reader.fieldnames == IN, (path.name, reader.fieldnames)
            for r in reader:
                where = (path.name, r["doc"], r["text"][:60])
                for t in TARGETS:
                    r[t] = r[t].strip().lower()
                    assert r[t] in LABELS, (*where, t, r[t])
                assert r["kind"] in KINDS, (*where, r["kind"])
                assert r["holder"].strip(), (*where, "no holder")
                assert r["speaker_actor"].strip() or r["speaker"] == "QUESTION", (*where, "no speaker actor")
                assert re.fullmatch(r"(19|20)\d\d", r["year"]), (*where, r["year"])
                key = key_of(r["text"])
                if len(key) < 12:
                    dropped["too short"] += 1
                elif key in seen:
                    dropped["repeated"] += 1
                elif key in known:
                    dropped["already labelled"] += 1
                elif any(fold(r["text"]) in x or x in fold(r["text"]) for x in reserved):
                    dropped["reserved"] += 1
                else:
                    seen.add(key)
                    rows.append({**r, "theme": theme})
    pages = defaultdict(list)
    for r in rows:
        pages[r["doc"]].append(r)
    train, dev = [], []
    # The slice's documents are this recipe's output: a page that left the slice leaves no file.
    SLICE.joinpath("docs").mkdir(parents=True, exist_ok=True)
    for old in SLICE.joinpath("docs").glob("*.txt"):
        old.unlink()
    for url in sorted(pages):
        group = pages[url]
        made = f"outside page (stored public web pages), theme {group[0]['theme']}; read and labelled one by one"
        if not in_dev(url):
            train += [{**{c: r[c] for c in TRAIN if c in r}, "byte_start": "", "byte_end": "", "made": made}
                      for r in group]
            continue
        first = group[0]
        # The documents' kind for the pipeline: a spokesperson's answers without their
        # labels read as the ministry's statement.
        kind = {"news": "article", "briefing": "statement"}[first["kind"]] if first["kind"] != "statement" \
            else "statement"
        actor = first["speaker_actor"] if first["speaker_actor"] != "OTHER" else ""
        head = ["---", f"kind: {kind}"] + ([f"actor: {actor}"] if actor else []) + \
            ([f"date: {first['date']}"] if first["date"] else []) + [f"url: {url}", "---", ""]
        text = "\n".join(head)
        doc = f"data/stance/dev/outside/docs/{slug(url)}.txt"
        for r in group:
            start = len(text.encode())
            text += r["text"]
            dev.append({**{c: r[c] for c in DEV_COLS if c in r}, "doc": doc, "byte_start": start,
                        "byte_end": len(text.encode()),
                        "made": made.replace("outside page", "outside page, dev slice outside")})
            text += " "
        (ROOT / doc).write_text(text.rstrip() + "\n", encoding="utf-8")
    with open(ROOT / "data/stance/outside.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, TRAIN, lineterminator="\n")
        w.writeheader()
        w.writerows(train)
    with open(SLICE / "labels.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, DEV_COLS, lineterminator="\n")
        w.writeheader()
        w.writerows(dev)
    print(f"{len(rows)} rows from {len(pages)} pages: {len(train)} to outside.csv, {len(dev)} to the dev slice; "
          f"dropped {dict(dropped)}")
    for name, part in (("train", train), ("dev", dev)):
        for t in TARGETS:
            c = Counter(r[t] for r in part)
            print(f"  {name} {t}: favor {c['favor']}, against {c['against']}, none {c['none']}")


if __name__ == "__main__":
    main()
