"""Draw the first pool of stance candidates to label (issue #10), by keyword rule.

Input: a text-only demarche run over UN General Debate 2000-2011 and White House briefings
2021-22 (see `just stance-seed-pool`). Output: a CSV of sentences, none overlapping a
`stance-dev.csv` row, stratified so that rare `against` positions have a chance to appear.
Later rounds use `demarche stance candidates` (embedding similarity, model uncertainty).
"""
import re
import sys

import pandas as pd

from stance_pool_common import sentences, write

run, dev_csv, out = sys.argv[1], sys.argv[2], sys.argv[3]
SEED = 7

s = sentences(run, dev_csv)
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
write(out_df, out)
print(f"{len(out_df)} candidates -> {out}", file=sys.stderr)
