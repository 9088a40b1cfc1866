"""The carry-over set (issues #5, #10): labelled sentences from the years kept out of training
(UN General Debate 2012–24, White House briefings 2023–25), to measure how the stance model
carries over to new years. Never trained on.

  python recipes/stance_carryover.py draw RUN DEV_CSV data/stance/carryover/pool.csv
      RUN: a text-only `demarche run` of UN 2012–24 and White House 2023-* 2024-* 2025-*;
      draws 360 sentences with a codebook keyword, most of them the DPRK's (seed 23).
  python recipes/stance_carryover.py assemble CORPORA_DIR
      joins data/stance/carryover/labels_*.csv with the pool, checks every byte span against
      the corpus file and writes data/stance/carryover.csv (the dev gold's columns), and compares
      the independent second labelling of a 20% sample (relabel_labels.csv): Cohen's kappa per
      target and holder agreement, into data/stance/carryover/agreement.md.
"""
import re
import sys
import tomllib

import pandas as pd
from sklearn.metrics import cohen_kappa_score

from stance_pool_common import COLUMNS, TARGETS, check_spans, join, read_labels, sentences

D = "data/stance/carryover"
SIZES = {"un_prk_kw": 150, "un_other_korea_kw": 60, "wh_korea_kw": 60, "wh_kw": 45, "un_kw": 45}


def draw(run, dev, out):
    s = sentences(run, dev)
    book = tomllib.load(open("config/codebook.toml", "rb"))
    kw = re.compile("|".join(f"(?:{k})" for t in book["target"] for k in t["keywords"]), re.I)
    korea = re.compile(r"Korea|DPRK|Pyongyang|Kim Jong", re.I)
    s = s[s.text.str.len() < 600]
    s["kw"] = s.text.str.contains(kw)
    s["korea"] = s.text.str.contains(korea)
    un = s.doc.str.startswith("un-general-debate")
    prk = s.doc.str.contains("/PRK_")
    strata = {
        "un_prk_kw": s[un & prk & s.kw],
        "un_other_korea_kw": s[un & ~prk & s.korea & s.kw],
        "wh_korea_kw": s[~un & s.korea & s.kw & (s.speaker != "QUESTION")],
        "wh_kw": s[~un & ~s.korea & s.kw],
        "un_kw": s[un & ~s.korea & s.kw],
    }
    parts = []
    for name, df in strata.items():
        d = df.sample(n=min(SIZES[name], len(df)), random_state=23).copy()
        d["stratum"] = name
        parts.append(d)
    pool = pd.concat(parts).sort_values(["doc", "start"]).drop_duplicates("sentence_id")
    pool[COLUMNS].rename(columns={"start": "byte_start", "end": "byte_end"}).to_csv(out, index=False)


def assemble(corpora):
    pool = pd.read_csv(f"{D}/pool.csv", keep_default_na=False)
    labels = read_labels(D)
    df = join(pool, labels)
    assert len(df) == len(pool), "unlabelled pool rows"
    check_spans(df, corpora)
    df["made"] = df.apply(lambda r: f"drawn by rule (carry-over, stratum {r.stratum}); read and labelled one by one, "
                                    f"batch {r.batch}", axis=1)
    cols = ["doc", "byte_start", "byte_end", "year", "speaker", "speaker_actor", "holder", *TARGETS, "text", "prev",
            "note", "made"]
    df.sort_values(["doc", "byte_start"])[cols].to_csv("data/stance/carryover.csv", index=False)
    print(f"data/stance/carryover.csv: {len(df)} rows")
    for t in TARGETS:
        print(t, df[t].value_counts().to_dict())

    second = pd.read_csv(f"{D}/relabel_labels.csv", keep_default_na=False)
    both = second.merge(labels, on="sentence_id", suffixes=("_2", "_1"), validate="one_to_one")
    lines = ["# Agreement on the carry-over set", "",
             f"{len(both)} sentences (a 20% random sample, seed 29: `relabel_sample.csv`) labelled a second time",
             "from scratch by another labeller, without the first labels. Cohen's kappa per target:", "",
             "| target | kappa | raw agreement | first: favor/against | second: favor/against |", "|---|---|---|---|---|"]
    for t in TARGETS:
        a, b = both[f"{t}_1"], both[f"{t}_2"]
        lines.append(f"| {t} | {cohen_kappa_score(a, b):.3f} | {(a == b).mean():.3f} | "
                     f"{(a == 'favor').sum()}/{(a == 'against').sum()} | {(b == 'favor').sum()}/{(b == 'against').sum()} |")
    lines += ["", f"Holder agreement: {(both.holder_1 == both.holder_2).mean():.3f}", "", "Disagreements:", ""]
    text = pool.set_index("sentence_id").text
    for r in both.itertuples():
        diff = [t for t in TARGETS if getattr(r, f"{t}_1") != getattr(r, f"{t}_2")]
        if r.holder_1 != r.holder_2:
            diff.append("holder")
        if diff:
            d = ", ".join(f"{t} {getattr(r, f'{t}_1')}→{getattr(r, f'{t}_2')}" for t in diff)
            lines.append(f"- {d}: “{text[r.sentence_id][:160]}”")
    open(f"{D}/agreement.md", "w").write("\n".join(lines) + "\n")
    print("\n".join(lines[:12]))


if __name__ == "__main__":
    if sys.argv[1] == "draw":
        draw(*sys.argv[2:5])
    else:
        assemble(sys.argv[2])
