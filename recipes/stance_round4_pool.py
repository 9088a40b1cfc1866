"""Fourth labelling round (issue #10): after three rounds `against` was short of 80 for
engagement (47) and denuclearization (22), and the model read the DPRK's defence of its
nuclear deterrent as `favor` (PRK's UN speeches 2016-17). Every DPRK UN sentence of 2000-11 is
already in the set (its 2016-17 speeches are later years, kept for carry-over), so this round
draws UN sentences 2000-11 and White House answers 2021-22 that refuse or dismiss talks
(every White House sentence on the DPRK's nuclear programme is drawn already), skipping the
dev set and every sentence already drawn."""
import sys

import pandas as pd

from stance_pool_common import sentences, write

run, dev_csv, out, *drawn = sys.argv[1:]
SEED = 17
s = sentences(run, dev_csv)
for f in drawn:
    s = s[~s.sentence_id.isin(set(pd.read_csv(f).sentence_id))]
s = s[s.text.str.len().between(30, 600)]
un = s.source != "White House"
answers = s.speaker != "QUESTION"
TALKS = r"talks|dialogue|negotiat|summit|diplomac"
REFUSE = (r"refus|reject|will not|won't|never|no intention|pointless|meaningless|no use|unacceptable|"
          r"cannot accept|not interested|no longer|abandon|break off|broke off|walked away|precondition|hostile")
talks_refused = s.text.str.contains(TALKS, regex=True) & s.text.str.contains(REFUSE, regex=True)
parts = [s[un & talks_refused].sample(min(150, int((un & talks_refused).sum())), random_state=SEED)
         .assign(stratum="un_talks_refused"),
         s[~un & answers & talks_refused].sample(min(90, int((~un & answers & talks_refused).sum())), random_state=SEED)
         .assign(stratum="wh_talks_refused")]
for p in parts:
    print(p.stratum.iloc[0], len(p), file=sys.stderr)
o = pd.concat(parts).sample(frac=1, random_state=SEED)
write(o, out)
