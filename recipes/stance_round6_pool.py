"""Sixth labelling round (issue #18): after round 5 the training set had 85 engagement
`against` rows, and its strata for refusals of talks were used up. This round draws the
wordings left: talks broken off, walked away from, boycotted or suspended; preconditions;
"the (negotiating) table". Same exclusions as round 5 (reserved.csv first, then every row of
rounds 1-5, the carry-over and the dev set).

Usage: python3 recipes/stance_round6_pool.py SHARED OUT_CSV RUN...  (text-only runs)"""
import sys

import pandas as pd

from stance_pool_common import Drawer, unlabelled, write

shared, out, *runs = sys.argv[1:]
SEED = 20261207
B = "data/stance/batches"
s = unlabelled(shared, runs, [f"{B}/pool{n}.csv" for n in ("", 2, 3, 4, 5)])
has = lambda rx: s.text.str.contains(rx, case=False, regex=True)  # noqa: E731
draw = Drawer(s, SEED)
o = pd.concat([
    draw.take(has(r"walk(?:ed|s)? away from|pull(?:ed|s)? out of the (?:talks|negotiations)|boycott\w* (?:the )?"
             r"(?:talks|negotiations|dialogue)|suspend\w* (?:the )?(?:talks|negotiations|dialogue)|break(?:ing)? off "
             r"(?:the )?(?:talks|negotiations|dialogue)|closed the door"), 60, "talks_broken_off", 3),
    draw.take(has(r"precondition"), 180, "preconditions", 2),
    draw.take(has(r"negotiating table|to the table|at the table"), 240, "the_table", 1),
])
o["sentence_id"] = o["sentence_id"].astype(str)
o = o.sample(frac=1, random_state=SEED)
print(len(o), "rows", o.stratum.value_counts().to_dict(), file=sys.stderr)
write(o, out)
