"""Draw the in-domain NER dev set's sentences (issue #21): UN General Debate speeches, White
House briefings and news pages (the outside stance dev slice's articles, which nothing is
trained on), cut into sentences by demarche itself, none overlapping ../shared/eval/reserved.csv.

    python3 recipes/ner_dev_draw.py ../shared   # writes data/ner/dev/pool.csv

Fixed seed, sorted inputs: the same pool on every machine. The pool is then labelled by hand
(data/ner/dev/GUIDE.md) and joined by recipes/ner_dev_join.py.
"""
import csv
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import rundir

ROOT = Path(__file__).resolve().parent.parent
SEED = 21
WANT = {"speech": 170, "briefing": 170, "news": 170}


def main():
    shared = Path(sys.argv[1]).resolve()
    rng = random.Random(SEED)
    un = sorted((shared / "corpora/un-general-debate").glob("*/*.txt"))
    wh = sorted((shared / "corpora/wh-press-briefings").glob("*/*.md"))
    docs = {"speech": rng.sample(un, 60), "briefing": rng.sample(wh, 40)}
    news = sorted(p for p in (ROOT / "data/stance/dev/outside/docs").glob("*.txt")
                  if "kind: article" in p.read_text(encoding="utf-8")[:200])
    docs["news"] = news
    reserved = {}
    with open(shared / "eval/reserved.csv", newline="") as f:
        for r in csv.DictReader(f):
            reserved.setdefault(r["doc"], []).append((int(r["byte_start"]), int(r["byte_end"])))
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "text.toml"
        config.write_text("[ner]\nenabled = false\n[stance]\nenabled = false\n")
        for kind in ("speech", "briefing", "news"):
            run = Path(tmp) / kind
            subprocess.run([str(ROOT / "target/release/demarche"), "run", *map(str, docs[kind]), "--config", str(config),
                            "--out", str(run)], check=True, capture_output=True)
            paths = {r["doc_id"]: r["path"] for r in rundir.rows(run, "documents")}
            turns = {r["turn_id"]: r["kind"] for r in rundir.rows(run, "turns")}
            rows = []
            for s in rundir.rows(run, "sentences"):
                path = Path(paths[s["doc_id"]]).resolve()
                doc = (f"corpora/{path.relative_to(shared / 'corpora')}" if shared in path.parents
                       else str(path.relative_to(ROOT)))
                start, end = int(s["start"]), int(s["end"])
                key = doc.removeprefix("corpora/")
                if any(a < end and start < b for a, b in reserved.get(key, [])):
                    continue
                if turns[s["turn_id"]] == "question" or not 8 <= len(s["text"].split()) <= 60:
                    continue
                rows.append({"doc": doc, "byte_start": start, "byte_end": end, "kind": kind, "text": s["text"]})
            rows.sort(key=lambda r: (r["doc"], r["byte_start"]))
            out += rng.sample(rows, min(WANT[kind], len(rows)))
    out.sort(key=lambda r: (r["kind"], r["doc"], r["byte_start"]))
    for i, r in enumerate(out):
        r["id"] = f"n{i:04d}"
    with open(ROOT / "data/ner/dev/pool.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, ["id", "doc", "byte_start", "byte_end", "kind", "text"], lineterminator="\n")
        w.writeheader()
        w.writerows(out)
    print(f"{len(out)} sentences: " + ", ".join(f"{k} {sum(r['kind'] == k for r in out)}" for k in WANT))


if __name__ == "__main__":
    main()
