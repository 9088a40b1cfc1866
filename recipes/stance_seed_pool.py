"""Draw the first pool of stance candidates to label (issue #10), by keyword rule.

Input: a text-only demarche run over UN General Debate 2000-2011 and White House briefings
2021-22 (see `just stance-seed-pool`). Output: a CSV of sentences, none overlapping a
`stance-dev.csv` row, stratified so that rare `against` positions have a chance to appear.
Later rounds use `demarche stance candidates` (embedding similarity, model uncertainty).
"""
import re
import sys

import pandas as pd

run, dev_csv, out = sys.argv[1], sys.argv[2], sys.argv[3]
SEED = 7

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


def overlaps_dev(r):
    return any(a < r.end and r.start < b for a, b in dev_spans.get(r.doc, []))


s = s[~s.apply(overlaps_dev, axis=1)]
s = s[s.text.str.len().between(30, 600)]

KOREA = r"North Korea|DPRK|Pyongyang|Korean [Pp]eninsula|Democratic People|Six-Party|six-party|Kim Jong|inter-Korean|North-South|Republic of Korea"
ENG = r"dialogue|talks|negotiat|diplomac|summit|engage|meet with|sit down|door is open"
SAN = r"sanction|embargo|blockade|coercive measure|designation|export control|pressure"
NUC = r"nuclear|denucleari|deterren|missile|enrichment|NPT|Non-Proliferation"
has = lambda pat: s.text.str.contains(pat, regex=True)
korea, eng, san, nuc = has(KOREA), has(ENG), has(SAN), has(NUC)
ctx_korea = s.prev.str.contains(KOREA, regex=True)
un, wh = s.source == "UN General Debate", s.source == "White House"

strata = {
    # Every DPRK sentence on any target: the main source of `against`.
    "un_prk_topic": un & (s.speaker_actor == "PRK") & (eng | san | nuc),
    "un_korea_topic": un & (s.speaker_actor != "PRK") & (korea | ctx_korea) & (eng | san | nuc),
    "un_sanctions_general": un & ~korea & san,
    "un_nuclear_general": un & ~korea & has(r"deterren|nuclear weapon"),
    "wh_korea": wh & (korea | ctx_korea),
    "wh_sanctions": wh & ~korea & san,
    "wh_engagement": wh & ~korea & eng & has(r"talks|negotiat|diplomac|dialogue"),
    "wh_nuclear": wh & ~korea & nuc,
    # Refusals are rare; look for them on purpose.
    "refusals": (un | wh) & eng & has(r"\b(?:not|never|no|refuse[sd]?|reject(?:s|ed)?|won’t|will not|pointless|no use)\b"),
    "un_prk_rest": un & (s.speaker_actor == "PRK"),
}
quota = {"un_prk_topic": 400, "un_korea_topic": 420, "un_sanctions_general": 260, "un_nuclear_general": 120,
         "wh_korea": 260, "wh_sanctions": 260, "wh_engagement": 220, "wh_nuclear": 120,
         "refusals": 160, "un_prk_rest": 150}
taken, parts = set(), []
for name, mask in strata.items():
    pool = s[mask & ~s.sentence_id.isin(taken)]
    pick = pool.sample(min(quota[name], len(pool)), random_state=SEED)
    print(f"{name}: {len(pool)} in pool, {len(pick)} taken", file=sys.stderr)
    taken |= set(pick.sentence_id)
    parts.append(pick.assign(stratum=name))
out_df = pd.concat(parts).sample(frac=1, random_state=SEED)
cols = ["sentence_id", "doc", "start", "end", "year", "speaker", "speaker_actor", "stratum", "prev", "text"]
out_df[cols].rename(columns={"start": "byte_start", "end": "byte_end"}).to_csv(out, index=False)
print(f"{len(out_df)} candidates -> {out}", file=sys.stderr)
