"""Joins labelling batches into the stance training set and measures agreement (issue #10).

  python recipes/stance_assemble.py CORPORA_DIR
reads data/stance/batches/pool{,2,3,4,5,6}.csv and labels_*.csv, checks every byte span against
the corpus file, appends the outside pages' rows (data/stance/outside.csv), writes data/stance/train.csv, and compares the independent second labels
(relabel_labels.csv for round 1, relabel5_labels.csv for round 5) with the first: Cohen's kappa per target and holder agreement, written
to data/stance/agreement.md.
"""
import sys

import pandas as pd
from sklearn.metrics import cohen_kappa_score, confusion_matrix

from stance_pool_common import TARGETS, check_spans, join, read_labels

corpora = sys.argv[1]
B = "data/stance/batches"
pool = pd.concat([pd.read_csv(f"{B}/pool{'' if i == 1 else i}.csv").assign(round=i) for i in (1, 2, 3, 4, 5, 6)])
labels = read_labels(B)
df = join(pool, labels)
check_spans(df, corpora)

df["made"] = df.apply(
    lambda r: f"drawn by rule (round {r['round']}, stratum {r.stratum}); read and labelled one by one, batch {r.batch}",
    axis=1)
cols = ["doc", "byte_start", "byte_end", "year", "speaker", "speaker_actor", "holder", *TARGETS, "text", "prev",
        "note", "made"]
df = df.sort_values(["doc", "byte_start"])[cols]
# Outside pages (recipes/stance_outside.py): their sentences have no corpus file, so no span.
outside = pd.read_csv("data/stance/outside.csv", keep_default_na=False, dtype=str)
df = pd.concat([df.astype(str), outside[cols]])
df.to_csv("data/stance/train.csv", index=False)
src = df.doc.str.split("/").str[0].value_counts().to_dict()
print(f"{len(df)} rows ({src}) -> data/stance/train.csv")
for t in TARGETS:
    print(t, df[t].value_counts().to_dict())

text = pool.set_index("sentence_id").text


def agreement(relabels, sample):
    """Kappa per target, holder agreement, confusions and disagreements of a second labelling."""
    second = pd.read_csv(f"{B}/{relabels}", keep_default_na=False)
    both = second.merge(labels, on="sentence_id", suffixes=("_2", "_1"))
    lines = [f"{len(both)} sentences ({sample}) labelled a second time from",
             "scratch, without the first labels. Cohen's kappa per target:",
             "",
             "| target | kappa | raw agreement | first: favor/against | second: favor/against |",
             "|---|---|---|---|---|"]
    for t in TARGETS:
        a, b = both[f"{t}_1"], both[f"{t}_2"]
        k = cohen_kappa_score(a, b)
        lines.append(f"| {t} | {k:.3f} | {(a == b).mean():.3f} | {(a == 'favor').sum()}/{(a == 'against').sum()} "
                     f"| {(b == 'favor').sum()}/{(b == 'against').sum()} |")
    lines += ["", f"Holder agreement: {(both.holder_1 == both.holder_2).mean():.3f}", "",
              "Confusion (rows: first labelling; columns: second) and the disagreements:", ""]
    for t in TARGETS:
        m = confusion_matrix(both[f"{t}_1"], both[f"{t}_2"], labels=["favor", "against", "none"])
        lines.append(f"- {t}: favor {list(m[0])}, against {list(m[1])}, none {list(m[2])}")
    lines.append("")
    for r in both.itertuples():
        diff = [t for t in TARGETS if getattr(r, f"{t}_1") != getattr(r, f"{t}_2")]
        if diff:
            d = ", ".join(f"{t} {getattr(r, f'{t}_1')}→{getattr(r, f'{t}_2')}" for t in diff)
            lines.append(f"- {d}: “{text[r.sentence_id][:160]}”")
    return lines


lines = (["# Agreement between two independent labellings", "", "## Round 1", ""]
         + agreement("relabel_labels.csv", "a 10% random sample of round 1, seed 11")
         + ["", "## Round 5", ""]
         + agreement("relabel5_labels.csv", "a 10% random sample of round 5, seed 11: `relabel5_sample.csv`"))
open("data/stance/agreement.md", "w").write("\n".join(lines) + "\n")
print("\n".join(line for line in lines if line.startswith(("|", "#", "Holder"))))
