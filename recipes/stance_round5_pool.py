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

import pandas as pd

from stance_pool_common import Drawer, unlabelled, write

shared, out, *runs = sys.argv[1:]
SEED = 20261207


B = "data/stance/batches"
# Rounds 1-4 are exactly the training set this round started from.
s = unlabelled(shared, runs, [f"{B}/pool.csv", f"{B}/pool2.csv", f"{B}/pool3.csv", f"{B}/pool4.csv"])

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


draw = Drawer(s, SEED)
out_parts = [
    draw.take(prk & KW, 300, "prk_keyword"),
    draw.take(prk & (NUKE_AGAINST | has(r"United States|U\.S\.|south Korea|war|threat|aggress")), 200, "prk_context"),
    draw.take(~prk & KOREA & (NUKE | SANC | TALKS), 300, "korea_reported", cap=3),
    draw.take(~prk & NUKE_AGAINST & NUKE, 300, "nuclear_claims", cap=2),
    draw.take(TALKS & REFUSE, 300, "talks_refused", cap=2),
    draw.take(TALKS & PRECOND, 120, "talks_preconditions", cap=3),
    draw.take(SANC & SANC_AGAINST, 450, "sanctions_against", cap=2),
    draw.take(SANC & SANC_FAVOR & ~SANC_AGAINST, 250, "sanctions_favor", cap=2),
    draw.take(NUKE & has(r"denucleari|non-proliferation|nonproliferation|disarmament|NPT"), 200, "nuclear_favor", cap=2),
    draw.take(TALKS & ~REFUSE, 200, "talks", cap=1),
    draw.take(KW, 200, "hard_negative", cap=1),
]
o = pd.concat(out_parts)
o["sentence_id"] = o["sentence_id"].astype(str)
o = o.sample(frac=1, random_state=SEED)
print(len(o), "rows", o.stratum.value_counts().to_dict(), file=sys.stderr)
write(o, out)
