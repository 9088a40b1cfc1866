#!/usr/bin/env python3
"""Draw candidate sentences for the dev2 stance set, slice `wh` (White House briefings 2021-2025).

Input: a text-only run of demarche over /work/shared/corpora/wh-press-briefings:
  printf '[ner]\\nenabled = false\\n[stance]\\nenabled = false\\n' > /tmp/text-only-wh.toml
  /work/notes/bin/demarche run /work/shared/corpora/wh-press-briefings --config /tmp/text-only-wh.toml --out /tmp/run-wh
Output: /work/devset/wh/candidates.csv (the rows to read and label, in draw order).
Reproducible: inputs sorted by (doc path, start), fixed seed, keyword regexes only.
Sentences overlapping reserved.csv, train.csv, carryover.csv or stance-dev.csv are removed
before any text is looked at.
"""
import csv, random, re, sys, collections

csv.field_size_limit(10**9)
RUN = sys.argv[1] if len(sys.argv) > 1 else '/tmp/run-wh'
OUT = '/work/devset/wh/candidates.csv'
SEED = 20261207
CORP = '/work/shared/corpora/'

# ---- exclusions (doc relative to corpora/) ----
excl = collections.defaultdict(list)
for path in ['/work/shared/eval/reserved.csv', '/work/main/data/stance/train.csv',
             '/work/main/data/stance/carryover.csv', '/work/shared/eval/stance-dev.csv']:
    for r in csv.DictReader(open(path, encoding='utf-8')):
        excl[r['doc']].append((int(r['byte_start']), int(r['byte_end'])))

def excluded(doc, s, e):
    return any(s < b and a < e for a, b in excl.get(doc, ()))

# ---- load run tables ----
docs = {r['doc_id']: r for r in csv.DictReader(open(f'{RUN}/documents.csv', encoding='utf-8'))}
turns = {}
turntext = {}
for r in csv.DictReader(open(f'{RUN}/turns.csv', encoding='utf-8')):
    turns[r['turn_id']] = (r['speaker'], r['actor'], r['kind'])
    turntext[r['turn_id']] = r['text']
sents = []
for r in csv.DictReader(open(f'{RUN}/sentences.csv', encoding='utf-8')):
    d = docs[r['doc_id']]
    rel = d['path'][len(CORP):]
    sents.append((rel, int(r['start']), int(r['end']), r['turn_id'], int(r['seq']), r['text'], d['year']))
sents.sort(key=lambda x: (x[0], x[1]))

# prev = sentence before in the same turn
prev = {}
last = {}
for s in sents:
    key = s[3]
    prev[(s[0], s[1])] = last.get(key, ('', -1))[0] if last.get(key, ('', -1))[1] == s[4] - 1 else ''
    last[key] = (s[5], s[4])

# ---- strata (keyword regexes; drawing only) ----
I = re.I
ADV = r'(Russia|Russian|Putin|Kremlin|Moscow|Iran|Iranian|Tehran|North Korea|DPRK|Pyongyang|China|Chinese|PRC|Beijing|oligarch)'
SANC = r'(sanction|export control|price cap|embargo|designat)'
SANC_ACT = r'(impos|announc|new |additional|tough|sever|strong|crippling|enforce|keep|maintain|in place|continue|hold\w* .{0,30}accountable|designat|tighten|expand|cost|pressure|target)'
ADVC = r'(Russia|Putin|Kremlin|Moscow|Iran|Tehran|North Korea|DPRK|Pyongyang|Kim Jong|China|Beijing|Hamas|Hezbollah|Houthi|Taliban|Maduro|Venezuela|Lavrov|Xi)'
ADVC2 = r'(Russia|Putin|Kremlin|Moscow|Iran|Tehran|North Korea|DPRK|Pyongyang|Kim Jong|China|Chinese|PRC|Beijing|Hamas|Hezbollah|Houthi|Taliban|Maduro|Venezuela|Lavrov|Xi|Assad|Cuba)'
DOMC = r'(Republican|Democrat|Congress|Senate|House|bill|legislation|union|strike|reconciliation|podium|from here|in public|speculate)'
NEGC = r'(from (here|the podium|this podium)|in public|talk about|negotiate (this|that) (language|here))'
STRATA = [
    # name, target n, regex list (all must match the sentence), n questions allowed
    ('sanctions', 50, [SANC, ADV + '|their|them|they|the regime', SANC_ACT], 3),
    ('engagement_against', 25, [r"(not (going to|gonna) (negotiate|sit down|talk)|no (willingness|interest|intention|sign|indication)\w* .{0,40}(diplomac|negotiat|talk|dialogue|engag|de-?escalat)"
                               r"|not interested in (diplomacy|negotiat|talks|dialogue|engag)|shown no (willingness|interest|sign)|refus\w* to (negotiate|talk|engage|come to the table|meet|sit)"
                               r"|\bno (talks|negotiations)\b|won.t negotiate|will not negotiate|rejected .{0,30}(talks|negotiat|diplomac|dialogue|offer)|walked away from|not serious about (diplomacy|negotiat|talks)"
                               r"|nothing about Ukraine without Ukraine|no willingness|unwilling\w* to (negotiate|engage|talk))"], 2),
    ('engagement_favor', 20, [r"(without preconditions|no preconditions|door .{0,20}(is|remains|still) open|open to (dialogue|diplomacy|talks|engagement|negotiat)|prepared to (meet|talk|engage|sit down|negotiate)"
                             r"|path of diplomacy|diplomatic path|path to diplomacy|return to (the )?(negotiat|talks|diplomacy|the table)|mutual return to compliance|de-?escalation and diplomacy|diplomacy (is|remains) the"
                             r"|committed to diplomacy|pursue diplomacy|(welcome|support)\w* .{0,20}(talks|negotiations|dialogue)|ready to (talk|engage|negotiate|meet))"], 2),
    # a pattern prefixed with 'CTX:' may match the sentence or anywhere in its turn
    ('nk_denuclearization', 30, [r'(denucleariz|nuclear)', r'CTX:(North Korea|DPRK|Pyongyang|Kim Jong|Korean Peninsula)'], 1),
    ('nk_other', 15, [r'(North Korea|DPRK|Pyongyang|Kim Jong|Korean Peninsula)', r'(missile|launch|test|diplomac|talk|dialogue|engag|negotiat|provocat|sanction|summit|meet)'], 2),
    ('sanctions_against', 25, [r'(sanctions relief|relief from sanctions|(lift|eas|remov|waiv|suspend|relax|loosen)\w* (the |all |some |these |those |its |our |U\.S\. )?(economic |unilateral )?sanctions|sanctions (were|be|are|being|to be|would be|will be) (lifted|eased|removed|waived|relaxed)'
                               r'|unilateral sanctions|illegal sanctions|sanctions (don.t|do not|aren.t|are not|haven.t|have not) work|condemn\w* .{0,30}sanctions|sanctions .{0,30}(backfir|hurt)|lifting (of )?(the )?sanctions|easing (of )?(the )?sanctions)'], 2),
    ('hard_negative', 20, [r'(negotiat|\btalks\b|dialogue|diplomac|summit|sanction|nuclear|deterren|embargo|blockade)'], 3),
    # round 2 (after reading round 1: the engagement_against regex drew mostly 'not going to negotiate
    # from here'; these need an adversary named in the turn and drop podium/no-comment phrasing).
    ('engagement_against_adv', 25, [r"(not interested in|no (real )?(willingness|interest|intention|appetite|sign|signs|indication)|shown no|(hasn.t|has not|haven.t|have not) shown|refus|reject|not serious|unwilling|walked away|walk away|doesn.t want to (negotiate|talk|engage)|not want to (negotiate|talk|engage)|no diplomacy|closing (that|the) door|slammed|not (ready|prepared) to (negotiate|talk|engage)|no meaningful)",
                                    r"(diploma|negotiat|talk|dialogue|engag|table|ceasefire|deal|de-?escalat|summit|meet)", 'CTXONLY:' + ADVC, 'NOT:' + NEGC], 0),
    ('engagement_favor_adv', 8, [r"(without preconditions|without precondition|no preconditions|willing to (sit down|meet|talk|engage)|open to (dialogue|diplomacy|talks|engagement|negotiat)|door .{0,25}open|prepared to (meet|talk|engage|sit down|negotiate)|ready to (talk|engage|negotiate|meet|sit))",
                                  'CTXONLY:' + ADVC, 'NOT:' + NEGC], 0),
    ('nk_threat', 8, [r'(threat|provocat|destabiliz|illicit|unlawful|WMD|weapons of mass destruction|nuclear|denuclear)', r'(North Korea|DPRK|Pyongyang|Kim Jong)'], 0),
    # round 3: refusals with the adversary named in the sentence or the one before, domestic words dropped.
    ('engagement_against_adv2', 15, [r"(no intention of (meeting|engaging|talking|speaking|negotiat|sitting)|no plans? (to|for) (meet|talk|speak|engage|negotiat|a call|a meeting|a summit)|not the (right )?time (for|to) (negotiat|talk|diplomacy|engage)|not (at all )?interested|no interest|isn.t interested|doesn.t seem (interested|willing|serious)|no (sign|signs|indication|evidence) (that|of)|no appetite|no desire|not (a )?(serious|willing|credible) (partner|about)|bad faith|not going to (meet|engage|sit down|have a (call|conversation|meeting))|no (talks|negotiations|summit|meeting)|won.t (talk|meet|negotiate|engage)|shown no|not shown|hasn.t shown|has not shown|no willingness|unwilling|refus|reject|walked away|dismiss|undermin\w* (diplomacy|negotiat|talks)|not serious)",
                                     r"(diploma|negotiat|talk|dialogue|engag|table|summit|meet|call|conversation|peace|settlement)",
                                     'CTXPREV:' + ADVC2, 'NOTCS:' + DOMC], 0),
    # round 4: narrow refusal phrasing ('no plans to speak with', 'rejected all off-ramps'), adversary in sentence or prev.
    ('engagement_against_adv3', 15, [r"(no plans? to (speak|talk|meet|engage|call)|no intention|shown no|no interest|not interested|rejected all|refus\w* to (talk|negotiat|engage|meet|speak|come)|off-ramp|no desire|unwilling to (talk|negotiat|engage)|not (yet )?(willing|ready|prepared) to (talk|negotiat|engage|meet|sit))",
                                     r"(diploma|negotiat|talk|dialogue|engag|table|summit|meet|call|conversation|peace|settlement|speak|off-ramp)",
                                     'CTXPREV:' + ADVC2, 'NOTCS:' + DOMC], 0),
]
ROUND1 = {  # hard negatives avoid only round-1 strata, so later rounds leave them unchanged
   'sanctions', 'engagement_against', 'engagement_favor', 'nk_denuclearization', 'nk_other', 'sanctions_against'}
TARGETS = {'sanctions': 50}

def is_q(speaker):
    return speaker.strip().upper() in ('Q', 'QUESTION')

rng = random.Random(SEED)
taken = set()      # (doc,start)
seen_text = set()  # normalised text, avoid duplicates
out = []
for name, n, pats, nq in STRATA:
    def mk(p):
        for pre in ('CTX:', 'CTXONLY:', 'CTXPREV:', 'NOT:', 'NOTCS:'):
            if p.startswith(pre):
                return (re.compile(p[len(pre):], 0 if pre == 'NOTCS:' else I), pre)
        return (re.compile(p, I), '')
    regs = [mk(p) for p in pats]
    pool = collections.defaultdict(list)
    for s in sents:
        rel, a, b, tid, seq, text, year = s
        if (rel, a) in taken:
            continue
        def ok(r, mode):
            if mode in ('NOT:', 'NOTCS:'): return not r.search(text)
            if mode == 'CTXPREV:': return bool(r.search(text) or r.search(prev[(rel, a)]))
            if mode == 'CTXONLY:': return bool(r.search(turntext[tid]))  # case-insensitive, whole turn
            return bool(r.search(text) or (mode == 'CTX:' and r.search(turntext[tid])))
        if not all(ok(r, mode) for r, mode in regs):
            continue
        if len(text) < 25 or len(text) > 600:
            continue
        if excluded(rel, a, b):
            continue
        if name == 'hard_negative':
            # random keyword sentences that no other stratum's regexes would draw
            if any(all(re.search(p.removeprefix('CTX:'), text, I) for p in ps) for nm, _, ps, _ in STRATA if nm in ROUND1):
                continue
        pool[year].append(s)
    years = sorted(pool)
    for y in years:
        rng.shuffle(pool[y])
    picked, qs = [], 0
    idx = {y: 0 for y in years}
    while len(picked) < n and any(idx[y] < len(pool[y]) for y in years):
        for y in years:
            while idx[y] < len(pool[y]) and len(picked) < n:
                s = pool[y][idx[y]]; idx[y] += 1
                spk = turns[s[3]][0]
                key = ' '.join(s[5].lower().split())
                if key in seen_text or (s[0], s[1]) in taken:
                    continue
                if is_q(spk):
                    if qs >= nq:
                        continue
                    qs += 1
                picked.append(s); seen_text.add(key); taken.add((s[0], s[1]))
                break
    print(name, 'pool', {y: len(pool[y]) for y in years}, 'questions in pool', sum(is_q(turns[x[3]][0]) for y in years for x in pool[y]), 'picked', len(picked),
          collections.Counter(p[6] for p in picked), file=sys.stderr)
    for s in picked:
        out.append((name, s))

with open(OUT, 'w', newline='', encoding='utf-8') as f:
    w = csv.writer(f)
    w.writerow(['stratum', 'doc', 'byte_start', 'byte_end', 'year', 'speaker', 'speaker_actor', 'text', 'prev'])
    for name, s in out:
        rel, a, b, tid, seq, text, year = s
        spk, act, kind = turns[tid]
        raw = open(CORP + rel, 'rb').read()[a:b].decode('utf-8')
        assert ' '.join(raw.split()) == ' '.join(text.split()), (rel, a, b)
        if is_q(spk):
            spk, act = 'QUESTION', ''
        w.writerow([name, 'corpora/' + rel, a, b, year, spk, act, text, prev[(rel, a)]])
print('wrote', len(out), file=sys.stderr)
