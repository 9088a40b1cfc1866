"""Draw the news slice of the stance dev set (issue #18), reproducibly.

Input: a text-only run of demarche over the PolNeAR train/dev texts and the seeds
(/tmp/run-news, made with /tmp/text-only-news.toml: ner and stance disabled).
Output: /work/devset/news/candidates.csv, one row per drawn sentence with its stratum.
Strata (first match wins, in this order):
  seed_news      seeds 001-003 (blog, Yonhap, VOA): every sentence with a topic word
  seed_briefing  seed 000 (transcript): every non-QUESTION sentence with a codebook keyword,
                 except the sentences that are worked examples in the codebook
  news_nk        PolNeAR articles naming North Korea: sentences with a topic word
  news_sanctions PolNeAR articles with a sanctions word in the diplomatic sense: sentences with
                 a codebook keyword or a sanctioned-country name
  news_talks     25 random PolNeAR sentences with an engagement keyword whose sentence
                 names a party to an adversary pair (Iran, Russia, Syria, Israel/Palestine, Cuba ...)
  news_hardneg   20 random PolNeAR sentences with any codebook keyword, not drawn above
  seed_fragment  quote fragments under 4 words in seeds 001-003 (added in a second pass)
  news_talks_core PolNeAR articles with 3+ sentences naming talks and an adversary: every
                 sentence of 4+ words with a codebook keyword, or an adversary's name and a
                 position word (added in a second pass)
Sentences overlapping reserved.csv, train.csv, carryover.csv or stance-dev.csv are dropped
before any text is looked at (none of those files covers these documents, checked anyway).
"""
import csv, random, re, sys, os

RUN = '/tmp/run-news'
SHARED = '/work/shared'
OUT = '/work/devset/news/candidates.csv'
SEED = 18

csv.field_size_limit(10**9)

def rel(path):
    return os.path.relpath(path, SHARED)

# --- exclusions: (doc relative to /work/shared, start, end)
excl = {}
def add_excl(doc, s, e):
    excl.setdefault(doc, []).append((int(s), int(e)))
for r in csv.DictReader(open(f'{SHARED}/eval/reserved.csv')):
    add_excl('corpora/' + r['doc'], r['byte_start'], r['byte_end'])
for f in ['/work/main/data/stance/train.csv', '/work/main/data/stance/carryover.csv',
          f'{SHARED}/eval/stance-dev.csv']:
    for r in csv.DictReader(open(f)):
        add_excl('corpora/' + r['doc'], r['byte_start'], r['byte_end'])

def excluded(doc, s, e):
    return any(s < b and a < e for a, b in excl.get(doc, []))

docs = {r['doc_id']: r for r in csv.DictReader(open(f'{RUN}/documents.csv'))}
turns = {r['turn_id']: r for r in csv.DictReader(open(f'{RUN}/turns.csv'))}
sents = list(csv.DictReader(open(f'{RUN}/sentences.csv')))
# document order: by path, then start offset
sents.sort(key=lambda r: (rel(docs[r['doc_id']]['path']), int(r['start']), int(r['end'])))

ENG = r"dialogue|\btalks?\b|negotiat|diplomac|summit|\bengage|sit down|door (?:is|remains) open|without preconditions"
SAN = r"sanction|embargo|blockade|coercive measure|designat|export control|price cap"
DEN = r"denuclear|nuclear|deterren|\bNPT\b|Non-Proliferation"
KW = re.compile(f"{ENG}|{SAN}|{DEN}", re.I)
ENG_RE = re.compile(ENG, re.I)
NK = re.compile(r"north korea|pyongyang|\bdprk\b|kim jong|korean peninsula", re.I)
TOPIC = re.compile(KW.pattern + r"|north korea|pyongyang|\bdprk\b|\bkim\b|korea|biegun|\bri\b|envoy|\bmeet|"
                   r"discussion|sanction|provocat|test\b|\bnukes?\b|hydrogen|warhead|threat", re.I)
# a bare attribution or dateline fragment cannot carry a position ("Kim said, adding that")
ATTRIB = re.compile(r"^\W*(?:[\w.’' -]{0,80}\b(?:said|says|told|noted|added|replied|wrote|reported)\b[^.]{0,90}|"
                    r"[A-Z ,.0-9()]+--)\W*$")
SAN_DIPLO = re.compile(r"sanctions? (?:on|against|bill|regime|relief)|(?:economic|new|tough|harsh\w*|existing|"
                       r"nuclear|u\.n\.|international|targeted|crippling|sweeping)[\w -]{0,20}sanctions|"
                       r"sanctions? (?:imposed|that)|embargo", re.I)
ADV = re.compile(r"\biran|russia|putin|kremlin|moscow|lavrov|syria|assad|palestin|israel|netanyahu|abbas|"
                 r"\bcuba|castro|taliban|hamas|north korea|pyongyang", re.I)
SAN_COUNTRY = re.compile(r"\biran|russia|putin|burma|myanmar|\bcuba|north korea|venezuela|syria", re.I)

# a verb or modal that can carry a position
POS = re.compile(r"\b(?:urg|call|condemn|demand|warn|oppos|should|must|need|accept|want|willing|ready|open\b|"
                 r"refus|reject|denounc|press|insist|cautio|threat|provocat|consequence|resolve|pressure|"
                 r"enforc|deter|defend|abandon|stop|lever|back-channel|interaction|signal|position)", re.I)
STANCE = lambda t: KW.search(t) or (TOPIC.search(t) and POS.search(t))

# codebook worked examples (must not be in a dev set)
cb_text = open('/work/main/config/codebook.toml').read() + open(f'{SHARED}/eval/CODEBOOK.md').read()

out, seen = [], set()
def take(r, stratum):
    key = r['sentence_id']
    if key in seen:
        return
    seen.add(key)
    out.append((r, stratum))

by_doc = {}
for r in sents:
    d = rel(docs[r['doc_id']]['path'])
    s, e = int(r['start']), int(r['end'])
    if excluded(d, s, e) or excluded('corpora/' + d, s, e):
        continue
    by_doc.setdefault(d, []).append(r)

def fulltext(d):
    return open(f'{SHARED}/{d}', encoding='utf-8').read()

polnear = sorted(d for d in by_doc if d.startswith('data/polnear/'))
seeds = sorted(d for d in by_doc if d.startswith('seeds/'))

for d in seeds:
    for r in by_doc[d]:
        t = turns[r['turn_id']]
        if d.startswith('seeds/000_'):
            if t['speaker'].upper() != 'QUESTION' and KW.search(r['text']) and r['text'].strip() not in cb_text:
                take(r, 'seed_briefing')
        elif STANCE(r['text']) and len(r['text'].split()) >= 4 and not ATTRIB.match(r['text']) \
                and r['text'].strip() not in cb_text:
            take(r, 'seed_news')

nk_docs = [d for d in polnear if NK.search(fulltext(d))]
for d in nk_docs:
    whole = fulltext(d)
    # a long article with a passing mention: only its sentences near a North Korea mention
    core = len(NK.findall(whole)) >= 7
    rows = by_doc[d]
    for i, r in enumerate(rows):
        ctx = ' '.join(x['text'] for x in rows[max(0, i - 1):i + 2])
        if ATTRIB.match(r['text']) or len(r['text'].split()) < 4:
            continue
        if (core and STANCE(r['text'])) or (NK.search(ctx) and STANCE(r['text'])
                                             and (NK.search(r['text']) or KW.search(r['text']))):
            take(r, 'news_nk')

san_docs = [d for d in polnear if SAN_DIPLO.search(fulltext(d))]
for d in san_docs:
    for r in by_doc[d]:
        if re.search(SAN, r['text'], re.I) or (KW.search(r['text']) and SAN_COUNTRY.search(r['text'])):
            take(r, 'news_sanctions')

rng = random.Random(SEED)
talks = [r for d in polnear for r in by_doc[d] if r['sentence_id'] not in seen
         and ENG_RE.search(r['text']) and ADV.search(r['text']) and len(r['text'].split()) >= 5]
for r in sorted(rng.sample(talks, min(25, len(talks))), key=lambda r: talks.index(r)):
    take(r, 'news_talks')

pool = [r for d in polnear for r in by_doc[d] if r['sentence_id'] not in seen and KW.search(r['text'])]
for r in rng.sample(pool, 20):
    take(r, 'news_hardneg')

# Added after a first pass (appended, so the strata above draw exactly the same rows):
# short quote fragments in the seed articles, which the 4-word floor dropped ("dead.")
for d in seeds:
    if d.startswith('seeds/000_'):
        continue
    for r in by_doc[d]:
        if turns[r['turn_id']]['kind'] == 'quote' and len(r['text'].split()) < 4 \
                and r['text'].strip() not in cb_text:
            take(r, 'seed_fragment')
# articles about talks between adversaries (3+ sentences with an engagement keyword and an
# adversary's name): every sentence that could carry a position, as for North Korea
for d in polnear:
    rows = by_doc[d]
    if sum(1 for r in rows if ENG_RE.search(r['text']) and ADV.search(r['text'])) < 3:
        continue
    for r in rows:
        t = r['text']
        if len(t.split()) >= 4 and not ATTRIB.match(t) and (KW.search(t) or (ADV.search(t) and POS.search(t))):
            take(r, 'news_talks_core')

with open(OUT, 'w', newline='', encoding='utf-8') as f:
    w = csv.writer(f)
    w.writerow(['stratum', 'sentence_id', 'doc', 'byte_start', 'byte_end', 'turn_kind', 'tool_speaker',
                'tool_actor', 'text', 'prev'])
    for r, st in out:
        d = rel(docs[r['doc_id']]['path'])
        rows = by_doc[d]
        # prev: the sentence before it in the same turn, else the one before in the document
        idx = [x['sentence_id'] for x in rows].index(r['sentence_id'])
        prev = rows[idx - 1]['text'] if idx else ''
        raw = open(f'{SHARED}/{d}', 'rb').read()[int(r['start']):int(r['end'])].decode('utf-8')
        # the tool's sentence text collapses whitespace (U+00A0, newlines); the row keeps the document's bytes
        assert re.sub(r'\s+', ' ', raw) == r['text'], (d, r['start'])
        t = turns[r['turn_id']]
        w.writerow([st, r['sentence_id'], d, r['start'], r['end'], t['kind'], t['speaker'], t['actor'],
                    raw, prev])
from collections import Counter
print(Counter(st for _, st in out), len(out), file=sys.stderr)
print('pool for hardneg', len(pool), file=sys.stderr)
