"""The stance dev set (issue #18): the labelled slices of data/stance/dev/<slice>/labels.csv,
the carry-over set and the first dev gold (../shared/eval/stance-dev.csv) joined into
data/stance/dev.csv, with every row checked:
- no row overlaps a range of ../shared/eval/reserved.csv (those are dropped and counted);
- no row overlaps a row of data/stance/train.csv (a dev row is never trained on);
- each row's byte span slices its document to its text (white space collapsed);
- labels are favor/against/none and every row has a holder.
Doc paths are relative to ../shared (`demarche eval stance --docs ../shared`), except the
outside slice's, which are the project's (data/stance/dev/outside/docs, made by
recipes/stance_outside.py; the eval looks there when ../shared has no such file).
Also writes data/stance/dev/summary.md (counts per target, kind and year) and, with
--sample, the blind relabel sample (10% of rows, stratified by slice, seed fixed).

    python3 recipes/stance_dev_assemble.py ../shared [--sample]
"""
import csv
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

TARGETS = ["engagement", "sanctions", "denuclearization"]
LABELS = {"favor", "against", "none"}
COLUMNS = ["doc", "byte_start", "byte_end", "year", "kind", "speaker", "speaker_actor", "holder",
           *TARGETS, "text", "prev", "note", "made", "slice"]
ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "data/stance/dev"


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def spans(rows, prefix=""):
    out = defaultdict(list)
    for r in rows:
        if r["byte_start"]:  # outside pages' training rows have no span (and no corpus file)
            out[prefix + r["doc"]].append((int(r["byte_start"]), int(r["byte_end"])))
    return out


def overlaps(index, doc, a, b):
    return any(s < b and a < e for s, e in index.get(doc, ()))


def kind_of(doc):
    if "un-general-debate" in doc:
        return "speech"
    if "wh-press-briefings" in doc or doc.startswith("seeds/000_"):
        return "briefing"
    return "news"


def main():
    shared = Path(sys.argv[1])
    reserved = spans(read(shared / "eval/reserved.csv"), "corpora/")
    train = spans(read(ROOT / "data/stance/train.csv"), "corpora/")
    rows, dropped = [], Counter()
    sources = [("dev-v1", read(shared / "eval/stance-dev.csv"), "corpora/"),
               ("carryover", read(ROOT / "data/stance/carryover.csv"), "corpora/")]
    for d in sorted(p for p in DEV.iterdir() if (p / "labels.csv").exists()):
        sources.append((d.name, read(d / "labels.csv"), ""))
    for name, src, prefix in sources:
        for r in src:
            doc = prefix + r["doc"]
            a, b = int(r["byte_start"]), int(r["byte_end"])
            if overlaps(reserved, doc, a, b):
                dropped[f"{name}: reserved"] += 1
                continue
            if overlaps(train, doc, a, b):
                dropped[f"{name}: in train.csv"] += 1
                continue
            row = {c: r.get(c, "") for c in COLUMNS}
            row.update(doc=doc, slice=name, kind=r.get("kind") or kind_of(doc))
            if not row["year"]:
                row["year"] = next((p[:4] for p in doc.split("/") if p[:4].isdigit() and p[:2] in ("19", "20")), "")
            for t in TARGETS:
                row[t] = row[t].strip().lower()
                assert row[t] in LABELS, (name, doc, a, t, row[t])
            assert row["holder"].strip(), (name, doc, a, "no holder")
            # The outside slice keeps its own documents in the project.
            data = (shared / doc if (shared / doc).exists() else ROOT / doc).read_bytes()[a:b].decode("utf-8")
            assert " ".join(data.split()) == " ".join(row["text"].split()), (name, doc, a, data[:80], row["text"][:80])
            rows.append(row)
    # One row per span: a later slice never repeats an earlier row.
    seen, unique = set(), []
    for r in rows:
        k = (r["doc"], r["byte_start"], r["byte_end"])
        if k in seen:
            dropped[f"{r['slice']}: duplicate"] += 1
            continue
        seen.add(k)
        unique.append(r)
    unique.sort(key=lambda r: (r["doc"], int(r["byte_start"])))
    with open(ROOT / "data/stance/dev.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(unique)
    summary(unique, dropped)
    if "--sample" in sys.argv:
        sample(unique)
    if (DEV / "relabel_labels.csv").exists():
        agreement(unique)


def summary(rows, dropped):
    lines = ["# The stance dev set: counts", "",
             f"{len(rows)} rows (`data/stance/dev.csv`, made by `recipes/stance_dev_assemble.py`).", "",
             "| target | favor | against | none |", "|---|---|---|---|"]
    for t in TARGETS:
        c = Counter(r[t] for r in rows)
        lines.append(f"| {t} | {c['favor']} | {c['against']} | {c['none']} |")
    lines += ["", "| kind | rows | with a position |", "|---|---|---|"]
    for k, n in sorted(Counter(r["kind"] for r in rows).items()):
        pos = sum(1 for r in rows if r["kind"] == k and any(r[t] != "none" for t in TARGETS))
        lines.append(f"| {k} | {n} | {pos} |")
    lines += ["", "| slice | rows |", "|---|---|"]
    for k, n in sorted(Counter(r["slice"] for r in rows).items()):
        lines.append(f"| {k} | {n} |")
    years = Counter(r["year"] for r in rows)
    lines += ["", "Rows per year: " + ", ".join(f"{y or 'undated'} {n}" for y, n in sorted(years.items())), ""]
    if dropped:
        lines += ["Dropped: " + ", ".join(f"{k} {n}" for k, n in sorted(dropped.items())), ""]
    (DEV / "summary.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


def sample(rows):
    by_slice = defaultdict(list)
    for r in rows:
        by_slice[r["slice"]].append(r)
    picked = []
    for name in sorted(by_slice):
        group = by_slice[name]
        # A generator per slice: adding a slice leaves the other slices' samples as they were.
        rng = random.Random(f"20261207-{name}")
        picked += rng.sample(group, max(1, round(len(group) * 0.10)))
    picked.sort(key=lambda r: (r["doc"], int(r["byte_start"])))
    cols = ["doc", "byte_start", "byte_end", "year", "kind", "speaker", "speaker_actor", "text", "prev"]
    with open(DEV / "relabel_sample.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, cols, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        w.writerows(picked)
    print(f"relabel sample: {len(picked)} rows")


def kappa(pairs):
    """Cohen's kappa of (first, second) label pairs."""
    n = len(pairs)
    if n == 0:
        return float("nan")
    po = sum(a == b for a, b in pairs) / n
    ca, cb = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    pe = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return 1.0 if pe == 1 else (po - pe) / (1 - pe)


def agreement(rows):
    """Kappa per target and for the holder between dev.csv and the blind second labelling."""
    first = {(r["doc"], r["byte_start"], r["byte_end"]): r for r in rows}
    second = read(DEV / "relabel_labels.csv")
    norm = lambda h: (h or "none").strip().upper().replace("NONE", "none")
    lines = ["# Blind second labelling of the stance dev set", "",
             f"{len(second)} rows (10% of each slice, `relabel_sample.csv`, seed per slice) labelled again by",
             "helper agents that saw the codebook, the guide and the slices' decision notes but not the",
             "first labels (`relabel_labels.csv`). Labellers of one kind: an upper bound on human agreement.", ""]
    for title, only in (("All slices", None), ("The outside slice (statements, news, briefings from public pages)",
                                               "outside")):
        lines += [f"## {title}", "", "| field | agreement | Cohen's kappa | rows |", "|---|---|---|---|"]
        for field in TARGETS + ["holder"]:
            pairs = []
            for s in second:
                f = first.get((s["doc"], s["byte_start"], s["byte_end"]))
                if f is None or (only and f["slice"] != only):
                    continue
                a, b = (norm(f[field]), norm(s[field])) if field == "holder" else (f[field], s[field].strip().lower())
                pairs.append((a, b))
            agree = sum(a == b for a, b in pairs) / max(1, len(pairs))
            lines.append(f"| {field} | {agree:.3f} | {kappa(pairs):.3f} | {len(pairs)} |")
        lines.append("")
    (DEV / "agreement.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
