"""Third labelling round (issue #10): after two rounds `favor` on sanctions and
denuclearization was short of 150. This round draws more White House sentences on sanctions
and on North Korea, skipping the dev set and every sentence already drawn."""
import sys

import pandas as pd

from stance_pool_common import sentences, write

run, dev_csv, out, *drawn = sys.argv[1:]
SEED = 9
s = sentences(run, dev_csv)
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
write(o, out)
