# The link-check table: the sample drawn by sample.py (before vs the first after build), the
# final run's actor for each drawn link, every link the final run changes, and the judgements
# (wrong.json: the links judged wrong, as (doc, start, end, actor, text); all others correct).
import csv, json, subprocess, sys, collections
sys.argv = ['sample.py', '/tmp/ul-before', '/tmp/ul-after2', '/tmp/ul/sample2.csv']
exec(open('/tmp/ul/sample.py').read())
final = '/tmp/ul-after3'
df, lf = load(final)
docs.update(df)
sample = [r for r in picked if r['drawn'] == 'random']
keys = {(r['table'], r['doc_id'], r['start'], r['end']) for r in sample}
for r in sample:
    f = lf.get((r['table'], r['doc_id'], r['start'], r['end']))
    r['actor_after'] = (f or {}).get('actor', '')
    r['found_by_after'] = (f or {}).get('found_by', '') if r['table'] == 'entity' else ''
# Changed links, before vs final.
rows3 = []
for key in sorted(set(lb) | set(lf)):
    b, a = lb.get(key), lf.get(key)
    if not ((b and b['actor']) or (a and a['actor'])) or key in keys:
        continue
    x = a or b
    path = docs[key[1]]['path']
    s0, s1 = x['sent']
    if any(s0 < r1 and r0 < s1 for r0, r1 in reserved.get(rel(path), [])):
        continue
    rows3.append(dict(table=key[0], doc_id=key[1], start=key[2], end=key[3], corpus=corpus(path), path=path,
                      text=x['text'], label=x['label'], actor_before=(b or {}).get('actor', ''),
                      actor_after=(a or {}).get('actor', ''),
                      found_by_before=(b or {}).get('found_by', '') if key[0] == 'entity' else '',
                      found_by_after=(a or {}).get('found_by', '') if key[0] == 'entity' else '', sent=x['sent']))
by_b, by_f = collections.defaultdict(dict), collections.defaultdict(dict)
for k, v in lb.items(): by_b[k[1]][k] = v
for k, v in lf.items(): by_f[k[1]][k] = v
changed = []
for r in rows3:
    if r['actor_before'] == r['actor_after']:
        continue
    if r['actor_before'] and not r['actor_after'] and same_elsewhere(r, by_f[r['doc_id']]):
        continue
    if r['actor_after'] and not r['actor_before'] and same_elsewhere(r, by_b[r['doc_id']]):
        continue
    r['drawn'] = 'changed'
    changed.append(r)
out = sample + changed
for r in out:
    t = texts.setdefault(r['path'], open(r['path'], 'rb').read())
    s, e = r['start'], r['end']
    if r['table'] == 'speaker':
        e = min(e, s + 200)
    ctx = lambda a, b: t[a:b].decode('utf-8', 'replace').replace('\n', ' ')
    s0, s1 = r['sent']
    r['context'] = ctx(max(s0, s - 120), s) + ' [[' + ctx(s, e) + ']] ' + ctx(e, min(s1, e + 80))
    a = r['actor_after'] or r['actor_before']
    r['type'] = 'person' if r['table'] == 'speaker' or r['label'] == 'PER' else \
        ('organisation' if kinds.get(a) in ('organisation', 'other') else 'state')
wrong = {(d, s, e, a) for d, s, e, a, _ in json.load(open('/tmp/ul/wrong.json'))}
for r in out:
    for side in ('before', 'after'):
        a = r['actor_' + side]
        r['correct_' + side] = '' if not a else ('no' if (r['doc_id'], r['start'], r['end'], a) in wrong else 'yes')
fields = ['drawn', 'corpus', 'table', 'doc_id', 'start', 'end', 'type', 'text', 'label', 'actor_before',
          'correct_before', 'actor_after', 'correct_after', 'found_by_before', 'found_by_after', 'context']
w = csv.DictWriter(open(sys.argv_out if False else '/work/wt-actors/data/actors/link-check.csv', 'w', newline=''), fields, extrasaction='ignore')
w.writeheader(); w.writerows(out)
# Figures.
def prec(rows, side):
    c = collections.defaultdict(lambda: [0, 0])
    for r in rows:
        if r['actor_' + side]:
            c[r['type']][1] += 1; c['all'][1] += 1
            if r['correct_' + side] == 'yes':
                c[r['type']][0] += 1; c['all'][0] += 1
    return {k: f'{v[0]}/{v[1]} = {100*v[0]/v[1]:.1f}%' for k, v in sorted(c.items())}
print('random sample', len(sample), collections.Counter(r['corpus'] for r in sample))
for side in ('before', 'after'): print(' ', side, prec(sample, side))
print('changed links', len(changed))
for side in ('before', 'after'): print(' ', side, prec(changed, side))
print('unjudged changed (new since the first after build):')
judged = {(d, s, e) for d, s, e, a, _ in json.load(open('/tmp/ul/wrong.json'))}
old = {(r['doc_id'], r['start'], r['end']) for r in picked if r['drawn'] == 'changed'}
for r in changed:
    if (r['doc_id'], r['start'], r['end']) not in old:
        print('  NEW', r['text'], r['actor_before'], '>', r['actor_after'], '|', r['context'][:200])
