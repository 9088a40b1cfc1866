# Draws the link-check sample: entity actor links and speaker actor links of two runs
# (before/after), keyed by (table, doc, start, end), skipping sentences/turns that overlap
# /work/shared/eval/reserved.csv. Random (seed 19), stratified by corpus; plus every link
# the two runs disagree on.
import csv, random, sys, tomllib, json
before, after, out = sys.argv[1], sys.argv[2], sys.argv[3]
reg = tomllib.load(open('/work/wt-actors/crates/actors/registry/actors.toml', 'rb'))
kinds = {a['id']: a['kind'] for a in reg['actor'] if 'kind' in a}
reserved = {}
for r in csv.DictReader(open('/work/shared/eval/reserved.csv')):
    reserved.setdefault(r['doc'], []).append((int(r['byte_start']), int(r['byte_end'])))

def rel(path):
    for root in ('/corpora/', '/tmp/ul/'):
        if root in path:
            return path.split(root, 1)[1]
    return path

def corpus(path):
    return 'un2019' if 'un-general-debate' in path else 'wh' if 'wh-press' in path else 'seeds'

def load(run):
    docs = {r['doc_id']: r for r in csv.DictReader(open(f'{run}/documents.csv'))}
    sents = {r['sentence_id']: (int(r['start']), int(r['end'])) for r in csv.DictReader(open(f'{run}/sentences.csv'))}
    links = {}
    for e in csv.DictReader(open(f'{run}/entities.csv')):
        links[('entity', e['doc_id'], int(e['start']), int(e['end']))] = dict(
            text=e['text'], label=e['label'], actor=e['actor'], found_by=e['found_by'],
            sent=sents[e['sentence_id']])
    for t in csv.DictReader(open(f'{run}/turns.csv')):
        if not t['actor']:
            continue
        s, e = int(t['start']), int(t['end'])
        links[('speaker', t['doc_id'], s, e)] = dict(
            text=t['speaker'] or '', label=t['kind'], actor=t['actor'], found_by=t.get('speaker_name', ''),
            sent=(s, e))
    return docs, links

db, lb = load(before)
da, la = load(after)
docs = {**db, **da}
rows = []
for key in sorted(set(lb) | set(la)):
    b, a = lb.get(key), la.get(key)
    x = a or b
    if not ((b and b['actor']) or (a and a['actor'])):
        continue
    path = docs[key[1]]['path']
    s0, s1 = x['sent']
    if any(s0 < r1 and r0 < s1 for r0, r1 in reserved.get(rel(path), [])):
        continue
    rows.append(dict(table=key[0], doc_id=key[1], start=key[2], end=key[3], corpus=corpus(path), path=path,
                     text=x['text'], label=x['label'],
                     actor_before=(b or {}).get('actor', ''), actor_after=(a or {}).get('actor', ''),
                     found_by_before=(b or {}).get('found_by', '') if key[0] == 'entity' else '',
                     found_by_after=(a or {}).get('found_by', '') if key[0] == 'entity' else '',
                     sent=x['sent']))
rng = random.Random(19)
quota = {'un2019': 130, 'wh': 130, 'seeds': 60}
picked = []
for c, n in quota.items():
    pool = [r for r in rows if r['corpus'] == c]
    rng.shuffle(pool)
    for r in pool[:n]:
        r['drawn'] = 'random'
        picked.append(r)
seen = {(r['table'], r['doc_id'], r['start']) for r in picked}
# A link changed when no link of the other run overlaps it with the same actor (a merged
# entity spans more than the model's piece but keeps, say, UN).
def same_elsewhere(r, other):
    want = r['actor_before'] or r['actor_after']
    return any(k[0] == r['table'] and k[1] == r['doc_id'] and k[2] < r['end'] and r['start'] < k[3]
               and v['actor'] == want for k, v in other.items())
by_doc_b, by_doc_a = {}, {}
for k, v in lb.items(): by_doc_b.setdefault(k[1], {})[k] = v
for k, v in la.items(): by_doc_a.setdefault(k[1], {})[k] = v
changed = []
for r in rows:
    if r['actor_before'] == r['actor_after']:
        continue
    if r['actor_before'] and not r['actor_after'] and r['doc_id'] in by_doc_a and same_elsewhere(r, by_doc_a[r['doc_id']]):
        continue
    if r['actor_after'] and not r['actor_before'] and r['doc_id'] in by_doc_b and same_elsewhere(r, by_doc_b[r['doc_id']]):
        continue
    changed.append(r)
print(len(changed), 'changed links')
for r in changed:
    if (r['table'], r['doc_id'], r['start']) not in seen:
        r['drawn'] = 'changed'
        picked.append(r)
texts = {}
for r in picked:
    t = texts.setdefault(r['path'], open(r['path'], 'rb').read())
    s, e = r['start'], r['end']
    if r['table'] == 'speaker':
        e = min(e, s + 200)
    ctx = lambda a, b: t[a:b].decode('utf-8', 'replace').replace('\n', ' ')
    # Within the mention's sentence (the turn for a speaker): nothing of a reserved range.
    s0, s1 = r['sent']
    r['context'] = ctx(max(s0, s - 120), s) + ' [[' + ctx(s, e) + ']] ' + ctx(e, min(s1, e + 80))
for r in picked:
    a = r['actor_after'] or r['actor_before']
    r['type'] = 'person' if r['table'] == 'speaker' or r['label'] == 'PER' else \
        ('organisation' if kinds.get(a) in ('organisation', 'other') else 'state')
fields = ['drawn', 'corpus', 'table', 'doc_id', 'start', 'end', 'type', 'text', 'label', 'actor_before',
          'actor_after', 'found_by_before', 'found_by_after', 'context']
with open(out, 'w', newline='') as f:
    w = csv.DictWriter(f, fields, extrasaction='ignore')
    w.writeheader()
    w.writerows(picked)
print(len(rows), 'links;', len(picked), 'picked;', sum(r['drawn'] == 'changed' for r in picked), 'changed')
