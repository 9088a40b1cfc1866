"""Fifth labelling round (issue #18): any year of both corpora may now be trained on, except
sentences overlapping ../shared/eval/reserved.csv. Training had 67 engagement, 191 sanctions
and 22 denuclearization `against` rows, all from UN 2000-11 and White House 2021-22, so this
round draws every year (UN 2000-24, White House 2021-25) by strata aimed at the positions the
model misses: the DPRK's own sentences, others reporting the DPRK's position, refusals and
conditions on talks, offers "without preconditions", demands to lift sanctions and
condemnations of them, nuclear-state claims, plus favour and hard negatives so the mix stays
honest. Reserved sentences are dropped before any text is matched (a reserved `prev` is
blanked), and so is every sentence of the training, carry-over and dev sets.

Usage: python3 recipes/stance_round5_pool.py SHARED OUT_CSV RUN...  (text-only runs)"""
import sys
from collections import defaultdict

import pandas as pd

from stance_pool_common import write

shared, out, *runs = sys.argv[1:]
SEED = 20261207


def spans(df, doc_col="doc"):
    m = defaultdict(list)
    for d, a, b in zip(df[doc_col], df.byte_start, df.byte_end):
        m[d].append((a, b))
    return m


def overlap(m, doc, a, b):
    return any(x < b and a < y for x, y in m.get(doc, ()))


reserved = spans(pd.read_csv(f"{shared}/eval/reserved.csv"))
labelled = defaultdict(list)
for f, strip in [("data/stance/train.csv", ""), ("data/stance/carryover.csv", ""),
                 ("data/stance/dev.csv", "corpora/")]:
    d = pd.read_csv(f)
    d["doc"] = d.doc.str.removeprefix(strip)
    for k, v in spans(d).items():
        labelled[k].extend(v)

parts = []
for run in runs:
    s = pd.read_csv(f"{run}/sentences.csv", keep_default_na=False)
    d = pd.read_csv(f"{run}/documents.csv", keep_default_na=False)
    t = pd.read_csv(f"{run}/turns.csv", keep_default_na=False)
    s = s.merge(d[["doc_id", "path", "year", "source"]], on="doc_id").merge(
        t[["turn_id", "kind", "speaker", "actor"]], on="turn_id")
    parts.append(s)
s = pd.concat(parts)
s["doc"] = s.path.str.replace(r"^.*?/corpora/", "", regex=True)
s = s.sort_values(["doc", "start"]).reset_index(drop=True)
s["reserved"] = [overlap(reserved, d, a, b) for d, a, b in zip(s.doc, s.start, s.end)]
# A reserved sentence is never read, not even as another row's context.
s.loc[s.reserved, "text"] = ""
s["prev"] = s.groupby("turn_id").text.shift(1).fillna("")
s = s[~s.reserved]
s = s[[not overlap(labelled, d, a, b) for d, a, b in zip(s.doc, s.start, s.end)]]
s["speaker_actor"] = s.actor
s.loc[s.kind == "question", "speaker"] = "QUESTION"
# Reporters' questions hold no position; the answers do.
s = s[s.text.str.len().between(30, 600) & (s.speaker != "QUESTION")].copy()
print(len(s), "sentences to draw from", file=sys.stderr)

prk = s.speaker_actor == "PRK"
has = lambda rx: s.text.str.contains(rx.replace("(", "(?:"), case=False, regex=True)
KOREA = has(r"DPRK|North Korea|Pyongyang|Democratic People's Republic of Korea|Korean peninsula|Kim Jong")
TALKS = has(r"talks|dialogue|negotiat|summit|diplomac|sit down|engage")
REFUSE = has(r"refus|reject|will not|won't|never|no intention|pointless|meaningless|no use|unacceptable|"
             r"cannot accept|not interested|no longer|abandon|break off|broke off|walked away|hostile|"
             r"no point|not the time|not ready|rebuff|spurn|shut the door")
PRECOND = has(r"precondition|without conditions|unconditional|conditions for (talks|dialogue|negotiat)|"
              r"any time, any place|anytime, anywhere")
SANC = has(r"sanction|embargo|blockade|coercive (economic )?measure")
SANC_AGAINST = has(r"lift|unilateral|illegal|illegitimate|unjust|condemn|reject|oppose|end the|remove|"
                   r"inhuman|collective punishment|extraterritorial|coercive|ease|relief|counterproductive")
SANC_FAVOR = has(r"impose|tough|strengthen|enforce|implement|maintain|pressure|penalt|hold .* accountable")
NUKE = has(r"nuclear|denucleari|non-proliferation|nonproliferation|NPT|disarmament|ICBM|missile")
NUKE_AGAINST = has(r"deterren|nuclear (state|power|force|weapons state)|self-defen[cs]e|never give up|"
                   r"treasured sword|nuclear shield|right to (develop|possess)|double standard|"
                   r"hostile policy|legitimate right|not negotiable")
KW = TALKS | SANC | NUKE


def take(mask, n, name, cap=None):
    """n rows of `mask` not drawn yet, round-robin over years, at most `cap` per document."""
    pool = s[mask & ~s.index.isin(drawn)].sample(frac=1, random_state=SEED)
    if cap:
        pool = pool.groupby("doc").head(cap)
    pool = pool.assign(r=pool.groupby("year").cumcount()).sort_values(["r", "year"]).head(n)
    drawn.update(pool.index)
    print(f"{name}: {len(pool)} of {int((mask & ~s.index.isin(drawn)).sum()) + len(pool)}", file=sys.stderr)
    return pool.assign(stratum=name)


drawn = set()
out_parts = [
    take(prk & KW, 300, "prk_keyword"),
    take(prk & (NUKE_AGAINST | has(r"United States|U\.S\.|south Korea|war|threat|aggress")), 200, "prk_context"),
    take(~prk & KOREA & (NUKE | SANC | TALKS), 300, "korea_reported", cap=3),
    take(~prk & NUKE_AGAINST & NUKE, 300, "nuclear_claims", cap=2),
    take(TALKS & REFUSE, 300, "talks_refused", cap=2),
    take(TALKS & PRECOND, 120, "talks_preconditions", cap=3),
    take(SANC & SANC_AGAINST, 450, "sanctions_against", cap=2),
    take(SANC & SANC_FAVOR & ~SANC_AGAINST, 250, "sanctions_favor", cap=2),
    take(NUKE & has(r"denucleari|non-proliferation|nonproliferation|disarmament|NPT"), 200, "nuclear_favor", cap=2),
    take(TALKS & ~REFUSE, 200, "talks", cap=1),
    take(KW, 200, "hard_negative", cap=1),
]
o = pd.concat(out_parts)
o["sentence_id"] = o["sentence_id"].astype(str)
o = o.sample(frac=1, random_state=SEED)
print(len(o), "rows", o.stratum.value_counts().to_dict(), file=sys.stderr)
write(o, out)
