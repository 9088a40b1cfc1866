"""Second labelling round (issue #10): the first round (recipes/stance_seed_pool.py) found few
`against` positions on engagement and denuclearization. This round takes every remaining
DPRK sentence of UN 2000-2011 and sentences matching refusal patterns, skipping the dev set and
everything already drawn."""
import sys

import pandas as pd

from stance_pool_common import sentences, write

run, dev_csv, first_pool, out = sys.argv[1:5]
SEED = 8
s = sentences(run, dev_csv)
s = s[~s.sentence_id.isin(set(pd.read_csv(first_pool).sentence_id))]
s = s[s.text.str.len().between(30, 600) & (s.speaker != "QUESTION")]

REFUSE = (r"no partner|not (?:ready|willing|interested|prepared) to (?:talk|negotiate|engage|sit|meet|resume|return)"
          r"|refus\w* to (?:talk|negotiate|engage|return|resume|participate|meet|hold|enter|come)"
          r"|reject\w* (?:the |our |any |all )?(?:offer|proposal|call|overture|invitation)s?"
          r"|no (?:point|use|sense) in|(?:talks|dialogue|negotiations?) (?:is|are|was|were|has become|have become) (?:pointless|meaningless|dead|futile|impossible|useless)"
          r"|not (?:shown|displayed|demonstrated|given) (?:any )?(?:willingness|interest|sign|indication)"
          r"|(?:has|have)(?:n’t| not) (?:responded|engaged|replied)|boycott|walk(?:ed)? out"
          r"|will (?:not|never) (?:participate|attend|return|negotiate|talk|sit)|suspend\w* (?:the |all )?(?:talks|dialogue|negotiations)"
          r"|no (?:negotiations?|talks|dialogue) (?:with|until|unless)|not negotiate|never negotiate|cannot negotiate|won’t negotiate"
          r"|unworthy of|no longer (?:any )?(?:need|interest|reason)|nothing to (?:talk|discuss)|no intention of (?:negotiat|talk|engag)")
prk = (s.source == "UN General Debate") & (s.speaker_actor == "PRK")
refuse = s.text.str.contains(REFUSE, regex=True, case=False)
deterrent = s.text.str.contains(r"deterren|nuclear(?:-weapon)? (?:state|power)|nuclear arsenal|self-defen[cs]", regex=True, case=False)
parts = [s[prk].assign(stratum="un_prk_all"),
         s[~prk & refuse].sample(min(380, int((~prk & refuse).sum())), random_state=SEED).assign(stratum="refusal_patterns"),
         s[~prk & ~refuse & deterrent].sample(60, random_state=SEED).assign(stratum="deterrent_other")]
for p in parts:
    print(p.stratum.iloc[0], len(p), file=sys.stderr)
o = pd.concat(parts).sample(frac=1, random_state=SEED)
write(o, out)
print(len(o), file=sys.stderr)
