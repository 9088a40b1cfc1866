"""Third labelling round (issue #10): after two rounds `favor` on sanctions and
denuclearization was short of 150. This round draws more White House sentences on sanctions
and on North Korea, skipping the dev set and every sentence already drawn."""
import sys

import pandas as pd

run, dev_csv, out, *drawn = sys.argv[1:]
SEED = 9
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
dev_spans = dev.groupby("doc")[["byte_start", "byte_end"]].apply(lambda g: list(zip(g.byte_start, g.byte_end)))
s = s[~s.apply(lambda r: any(a < r.end and r.start < b for a, b in dev_spans.get(r.doc, [])), axis=1)]
for f in drawn:
    s = s[~s.sentence_id.isin(set(pd.read_csv(f).sentence_id))]
s = s[s.text.str.len().between(30, 600) & (s.source == "White House")]
KOREA = r"North Korea|DPRK|Pyongyang|Korean [Pp]eninsula|Kim Jong|denucleari"
korea = s.text.str.contains(KOREA, regex=True) | s.prev.str.contains(KOREA, regex=True)
sanc = s.text.str.contains(r"sanction|export control|designat|price cap|accountab", regex=True)
answers = s.speaker != "QUESTION"
parts = [s[korea & answers].sample(min(330, int((korea & answers).sum())), random_state=SEED).assign(stratum="wh_korea_more"),
         s[~korea & sanc & answers].sample(420, random_state=SEED).assign(stratum="wh_sanctions_more")]
for p in parts:
    print(p.stratum.iloc[0], len(p), file=sys.stderr)
o = pd.concat(parts).sample(frac=1, random_state=SEED)
cols = ["sentence_id", "doc", "start", "end", "year", "speaker", "speaker_actor", "stratum", "prev", "text"]
o[cols].rename(columns={"start": "byte_start", "end": "byte_end"}).to_csv(out, index=False)
