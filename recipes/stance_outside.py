"""Outside texts for the stance sets (issue #18): sentences of public statements, press
releases, briefings and wire copy taken verbatim from stored public web pages (the search
tool's `pages` corpus: KCNA and ministry statements, State Department and other governments'
releases, news), read and labelled one by one by the guide (data/stance/GUIDE.md).

    python3 recipes/stance_outside.py ../shared [--check] [--train-docs DIR]

Reads data/stance/outside/labels_*.csv (one file per theme) and checks every row: the columns,
the labels, a holder and a year. Drops a row whose text (white space and case folded) is already
in train.csv, dev.csv or carryover.csv, lies inside a reserved range of ../shared/eval/reserved.csv
or repeats an earlier outside row (letters and digits compared, so copies on two sites count once). Then splits by page: the pages whose sha256(URL) falls in the
first 30% become the dev slice `outside` — their sentences written, in page order, as
documents under data/stance/dev/outside/docs/ (front matter: kind, actor, date, url) with the
rows' byte spans in data/stance/dev/outside/labels.csv — and the rest go to
data/stance/outside.csv, which recipes/stance_assemble.py appends to the training set.
Byte-identical when rerun.

The slice was fixed at stop 26 from round 7's pages (labels_a..d): later rounds' files go to
training only, and their rows from a page of the slice are dropped, so the dev set stays what
models were chosen on. `--check` checks the files and prints the counts, writing nothing.
`--train-docs DIR` also writes the training pages as documents with their labels.csv under DIR
(outside the repository), to read holder and quote misses without looking at the dev slice.
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
SPLIT_ROUNDS = {"a", "b", "c", "d"}


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


def as_document(url, group, folder, doc_prefix, part):
    """The page's sentences, in page order, as one document with front matter; its label rows."""
    first = group[0]
    # The documents' kind for the pipeline: a spokesperson's answers without their
    # labels read as the ministry's statement.
    kind = {"news": "article", "briefing": "statement"}[first["kind"]] if first["kind"] != "statement" \
        else "statement"
    actor = first["speaker_actor"] if first["speaker_actor"] != "OTHER" else ""
    head = ["---", f"kind: {kind}"] + ([f"actor: {actor}"] if actor else []) + \
        ([f"date: {first['date']}"] if first["date"] else []) + [f"url: {url}", "---", ""]
    text = "\n".join(head)
    doc = f"{doc_prefix}/{slug(url)}.txt"
    made = f"outside page (stored public web pages), theme {first['theme']}; read and labelled one by one"
    rows = []
    for r in group:
        start = len(text.encode())
        text += r["text"]
        rows.append({**{c: r[c] for c in DEV_COLS if c in r}, "doc": doc, "byte_start": start,
                     "byte_end": len(text.encode()),
                     "made": made.replace("outside page", f"outside page, {part}")})
        text += " "
    (folder / f"{slug(url)}.txt").write_text(text.rstrip() + "\n", encoding="utf-8")
    return rows


def write_csv(path, columns, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, columns, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def main():
    shared = Path(sys.argv[1])
    check = "--check" in sys.argv
    train_docs = Path(sys.argv[sys.argv.index("--train-docs") + 1]) if "--train-docs" in sys.argv else None
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
    slice_pages = {r["doc"] for r in rows if r["theme"] in SPLIT_ROUNDS and in_dev(r["doc"])}
    pages = defaultdict(list)
    for r in rows:
        if r["theme"] not in SPLIT_ROUNDS and r["doc"] in slice_pages:
            dropped["page of the dev slice"] += 1
        else:
            pages[r["doc"]].append(r)
    train, dev = [], []
    if check:
        train_pages = [u for u in sorted(pages) if u not in slice_pages]
        dev = [r for u in sorted(slice_pages) for r in pages[u]]
    else:
        # The slice's documents are this recipe's output: a page that left the slice leaves no file.
        SLICE.joinpath("docs").mkdir(parents=True, exist_ok=True)
        for old in SLICE.joinpath("docs").glob("*.txt"):
            old.unlink()
        train_pages = []
        for url in sorted(pages):
            if url in slice_pages:
                dev += as_document(url, pages[url], SLICE / "docs", "data/stance/dev/outside/docs",
                                   "dev slice outside")
            else:
                train_pages.append(url)
    for url in train_pages:
        made = f"outside page (stored public web pages), theme {pages[url][0]['theme']}; read and labelled one by one"
        train += [{**{c: r[c] for c in TRAIN if c in r}, "byte_start": "", "byte_end": "", "made": made}
                  for r in pages[url]]
    if train_docs:
        train_docs.joinpath("docs").mkdir(parents=True, exist_ok=True)
        docs = [row for url in train_pages
                for row in as_document(url, pages[url], train_docs / "docs", str(train_docs / "docs"),
                                    "training part")]
        write_csv(train_docs / "labels.csv", DEV_COLS, docs)
    if not check:
        write_csv(ROOT / "data/stance/outside.csv", TRAIN, train)
        write_csv(SLICE / "labels.csv", DEV_COLS, dev)
    print(f"{len(rows)} rows from {len(pages)} pages: {len(train)} to outside.csv, {len(dev)} to the dev slice; "
          f"dropped {dict(dropped)}")
    for name, part in (("train", train), ("dev", dev)):
        for t in TARGETS:
            c = Counter(r[t] for r in part)
            print(f"  {name} {t}: favor {c['favor']}, against {c['against']}, none {c['none']}")


if __name__ == "__main__":
    main()
