"""The DPRK's positions per target and year from a run over its UN General Debate speeches,
with the evidence sentences that overlap no range of ../shared/eval/reserved.csv (reserved
text is never printed). Issue #18's check that the signs agree with a reading of the speeches.

    demarche run ../shared/corpora/un-general-debate/*/PRK_* --out /tmp/prk
    python3 recipes/prk_positions.py /tmp/prk ../shared [--evidence]"""
import csv
import sys
from collections import defaultdict

import rundir

run, shared = sys.argv[1], sys.argv[2]
reserved = defaultdict(list)
for r in csv.DictReader(open(f"{shared}/eval/reserved.csv", encoding="utf-8")):
    reserved[r["doc"]].append((int(r["byte_start"]), int(r["byte_end"])))
docs = {r["doc_id"]: r["path"] for r in rundir.rows(run, "documents")}
sentences = {r["sentence_id"]: r for r in rundir.rows(run, "sentences")}


def is_reserved(s):
    path = docs[s["doc_id"]]
    rel = path[path.index("un-general-debate"):]
    a, b = int(s["start"]), int(s["end"])
    return any(x < b and a < y for x, y in reserved.get(rel, ()))


cells = [r for r in rundir.rows(run, "positions") if r["actor"] == "PRK"]
for target in ["engagement", "sanctions", "denuclearization"]:
    print(f"\n{target}: year  n  favor against  net [95%]  | corrected net [95%]")
    for r in sorted((r for r in cells if r["target"] == target), key=lambda r: r["year"]):
        adj = r.get("net_adj") or ""
        adj = f"{float(adj):+.2f} [{float(r['net_adj_low']):+.2f}, {float(r['net_adj_high']):+.2f}]" if adj else "-"
        print(f"  {r['year']} {r['n']:>3} {r['favor']:>3} {r['against']:>3}  {float(r['net']):+.2f} "
              f"[{float(r['net_low']):+.2f}, {float(r['net_high']):+.2f}] | {adj}")
        if "--evidence" in sys.argv:
            for col in ("evidence_favor", "evidence_against"):
                for sid in r[col].split():
                    s = sentences.get(sid.split(".")[0])
                    if s and not is_reserved(s):
                        print(f"      {col[9:]}: {s['text'][:150]}")
