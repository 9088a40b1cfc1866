"""Shared by the stance pool recipes: a text-only run's sentences with their document,
speaker and previous sentence, without any sentence that overlaps a stance-dev.csv row."""
import pandas as pd

COLUMNS = ["sentence_id", "doc", "start", "end", "year", "speaker", "speaker_actor", "stratum", "prev", "text"]


def sentences(run, dev_csv):
    s = pd.read_csv(f"{run}/sentences.csv")
    d = pd.read_csv(f"{run}/documents.csv")
    t = pd.read_csv(f"{run}/turns.csv")
    s = s.merge(d[["doc_id", "path", "year", "source"]], on="doc_id").merge(
        t[["turn_id", "kind", "speaker", "actor"]], on="turn_id")
    s["doc"] = s.path.str.replace(r"^.*?/corpora/", "", regex=True)
    s = s.sort_values(["doc_id", "seq"])
    s["prev"] = s.groupby("turn_id").text.shift(1).fillna("")
    s["speaker_actor"] = s.actor
    s.loc[s.kind == "question", "speaker"] = "QUESTION"
    dev = pd.read_csv(dev_csv)
    spans = dev.groupby("doc")[["byte_start", "byte_end"]].apply(lambda g: list(zip(g.byte_start, g.byte_end)))
    return s[~s.apply(lambda r: any(a < r.end and r.start < b for a, b in spans.get(r.doc, [])), axis=1)]


def write(df, out):
    df[COLUMNS].rename(columns={"start": "byte_start", "end": "byte_end"}).to_csv(out, index=False)
