"""Shared by the stance pool recipes: a text-only run's sentences with their document,
speaker and previous sentence, without any sentence that overlaps a stance-dev.csv row; and
joining a pool with its labelled batches, checking byte spans against the corpus files."""
import glob
import re
import sys
from collections import defaultdict

import pandas as pd

import rundir

COLUMNS = ["sentence_id", "doc", "start", "end", "year", "speaker", "speaker_actor", "stratum", "prev", "text"]


def sentences(run, dev_csv):
    s = rundir.frame(run, "sentences")
    d = rundir.frame(run, "documents")
    t = rundir.frame(run, "turns")
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


TARGETS = ["engagement", "sanctions", "denuclearization"]


def read_labels(folder):
    """Every `labels_N.csv` of `folder`, with its batch number N; a sentence labelled once."""
    labels = pd.concat(pd.read_csv(f, keep_default_na=False).assign(batch=int(re.search(r"labels_(\d+)", f).group(1)))
                       for f in sorted(glob.glob(f"{folder}/labels_*.csv")))
    assert labels.sentence_id.is_unique, "a sentence labelled twice"
    return labels


def join(pool, labels):
    """The pool rows with their labels, each label favor, against or none."""
    df = pool.merge(labels, on="sentence_id", how="inner", validate="one_to_one")
    for t in TARGETS:
        assert df[t].isin(["favor", "against", "none"]).all(), t
    return df


def check_spans(df, corpora):
    """Each row's byte span slices its corpus file to its text (white space collapsed)."""
    cache = {}
    for r in df.itertuples():
        raw = cache.setdefault(r.doc, open(f"{corpora}/{r.doc}", "rb").read())
        got = " ".join(raw[r.byte_start:r.byte_end].decode("utf-8").split())
        assert got == r.text, (r.doc, r.byte_start, got[:80], r.text[:80])


def _spans(df):
    m = defaultdict(list)
    for d, a, b in zip(df.doc, df.byte_start, df.byte_end):
        m[d].append((a, b))
    return m


def _overlap(m, doc, a, b):
    return any(x < b and a < y for x, y in m.get(doc, ()))


def unlabelled(shared, runs, pools):
    """The sentences of text-only runs that a new round may draw: none overlapping
    ../shared/eval/reserved.csv (dropped before any text is matched; a reserved `prev` is
    blanked), a row of the earlier rounds' `pools`, the carry-over set or the dev set; no
    reporters' questions; 30-600 characters."""
    reserved = _spans(pd.read_csv(f"{shared}/eval/reserved.csv"))
    labelled = defaultdict(list)
    for f in [*pools, "data/stance/carryover.csv", "data/stance/dev.csv"]:
        d = pd.read_csv(f)
        d["doc"] = d.doc.str.removeprefix("corpora/")
        for k, v in _spans(d).items():
            labelled[k].extend(v)
    parts = []
    for run in runs:
        s = rundir.frame(run, "sentences", keep_default_na=False)
        d = rundir.frame(run, "documents", keep_default_na=False)
        t = rundir.frame(run, "turns", keep_default_na=False)
        s = s.merge(d[["doc_id", "path", "year", "source"]], on="doc_id").merge(
            t[["turn_id", "kind", "speaker", "actor"]], on="turn_id")
        parts.append(s)
    s = pd.concat(parts)
    s["doc"] = s.path.str.replace(r"^.*?/corpora/", "", regex=True)
    s = s.sort_values(["doc", "start"]).reset_index(drop=True)
    s["reserved"] = [_overlap(reserved, d, a, b) for d, a, b in zip(s.doc, s.start, s.end)]
    # A reserved sentence is never read, not even as another row's context.
    s.loc[s.reserved, "text"] = ""
    s["prev"] = s.groupby("turn_id").text.shift(1).fillna("")
    s = s[~s.reserved]
    s = s[[not _overlap(labelled, d, a, b) for d, a, b in zip(s.doc, s.start, s.end)]]
    s["speaker_actor"] = s.actor
    s.loc[s.kind == "question", "speaker"] = "QUESTION"
    # Reporters' questions hold no position; the answers do.
    s = s[s.text.str.len().between(30, 600) & (s.speaker != "QUESTION")].copy()
    print(len(s), "sentences to draw from", file=sys.stderr)
    return s


class Drawer:
    """Draws strata from the sentences `s` in turn, each row once: `take(mask, n, name, cap)`
    gives n rows of `mask` not drawn yet (shuffled with `seed`, at most `cap` per document),
    round-robin over years."""

    def __init__(self, s, seed):
        self.s, self.seed, self.drawn = s, seed, set()

    def take(self, mask, n, name, cap=None):
        s = self.s
        pool = s[mask & ~s.index.isin(self.drawn)].sample(frac=1, random_state=self.seed)
        if cap:
            pool = pool.groupby("doc").head(cap)
        pool = pool.assign(r=pool.groupby("year").cumcount()).sort_values(["r", "year"]).head(n)
        left = int((mask & ~s.index.isin(self.drawn)).sum())
        self.drawn.update(pool.index)
        print(f"{name}: {len(pool)} of {left}", file=sys.stderr)
        return pool.assign(stratum=name)
