# Entity rows whose text contains "Korea", by (text, actor), in UN 2019 docs of a run; and
# "Republic of Korea" -> KOR links that are part of the DPRK's name.
import csv, sys, collections, re
run = sys.argv[1]
docs = {r['doc_id']: r for r in csv.DictReader(open(f'{run}/documents.csv'))}
c = collections.Counter()
inside = 0; rok = 0
texts = {}
for e in csv.DictReader(open(f'{run}/entities.csv')):
    d = docs[e['doc_id']]
    if 'un-general-debate/2019' not in d['path']: continue
    if 'Korea' not in e['text']: continue
    c[(e['text'], e['actor'], e['label'], e['found_by'])] += 1
    if e['text'] == 'Republic of Korea' and e['actor'] == 'KOR':
        rok += 1
        p = d['path']
        t = texts.setdefault(p, open(p, encoding='utf-8').read().encode())
        before = t[max(0, int(e['start']) - 40):int(e['start'])].decode('utf-8', 'replace')
        if re.search(r"People[’']s\s*$", before): inside += 1
for k, v in sorted(c.items(), key=lambda x: -x[1]): print(v, k)
print('Republic of Korea -> KOR:', rok, 'of which inside the DPRK name:', inside)
