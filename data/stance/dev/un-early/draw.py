#!/usr/bin/env python3
"""Draw candidate sentences for the stance dev set, slice un-early (UN General Debate 2000-2012).

Input: a text-only run of demarche over /work/shared/corpora/un-general-debate/2000..2012:
  printf '[ner]\\nenabled = false\\n[stance]\\nenabled = false\\n' > /tmp/text-only-un-early.toml
  /work/notes/bin/demarche run /work/shared/corpora/un-general-debate/{2000..2012} \\
      --config /tmp/text-only-un-early.toml --out /tmp/run-un-early
Sentences overlapping reserved.csv, train.csv, carryover.csv or stance-dev.csv are removed
before any text is looked at. Candidates are drawn by keyword regex per stratum, with a fixed
seed, round-robin across years and with a cap per delegation. Output: candidates.csv.
"""
import csv, random, re, sys
from collections import defaultdict

csv.field_size_limit(sys.maxsize)
RUN = sys.argv[1] if len(sys.argv) > 1 else "/tmp/run-un-early"
OUT = "/work/devset/un-early/candidates.csv"
SHARED = "/work/shared"
SEED = 20261207

def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))

# --- exclusions (doc relative to corpora/) ---
excl = defaultdict(list)
reserved = defaultdict(list)
with open(f"{SHARED}/eval/reserved.csv", newline="", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        reserved[r["doc"]].append((int(r["byte_start"]), int(r["byte_end"])))
for path in [f"{SHARED}/eval/reserved.csv", "/work/main/data/stance/train.csv",
             "/work/main/data/stance/carryover.csv", f"{SHARED}/eval/stance-dev.csv"]:
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            doc = r["doc"]
            if doc.startswith("corpora/"):
                doc = doc[len("corpora/"):]
            excl[doc].append((int(r["byte_start"]), int(r["byte_end"])))

def excluded(doc, s, e):
    return any(s < be and bs < e for bs, be in excl.get(doc, ()))

docs = {r["doc_id"]: r for r in read(f"{RUN}/documents.csv")}
turns = {}
with open(f"{RUN}/turns.csv", newline="", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        turns[r["turn_id"]] = (r["speaker"], r["actor"], r["kind"])

# sentences: keep text only for non-excluded ones (excluded text is never used)
rows = []
prev_by = {}
with open(f"{RUN}/sentences.csv", newline="", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        d = docs[r["doc_id"]]
        rel = d["path"].split("/work/shared/corpora/", 1)[1]
        s, e = int(r["start"]), int(r["end"])
        key = (r["turn_id"], int(r["seq"]))
        if excluded(rel, s, e):
            # already labelled rows may serve as context (prev); reserved text never does
            prev_by[key] = None if any(s < be and bs < e for bs, be in reserved.get(rel, ())) else r["text"]
            continue
        prev_by[key] = r["text"]
        rows.append(dict(doc=rel, start=s, end=e, year=d["year"], turn=r["turn_id"],
                         seq=int(r["seq"]), text=r["text"]))
rows.sort(key=lambda r: (r["doc"], r["start"]))

STRATA = [
    ("sanctions_against", 60, 1, re.compile(
        r"embargo|blockade|unilateral coercive|coercive (economic )?measures|unilateral (economic |trade )?(sanctions|measures)|"
        r"extraterritorial|Helms-Burton|(lift|ease|end)(ing|ed|s)? (of )?(the |all |these )?(economic |unilateral )?(sanctions|embargo)|"
        r"sanctions[^.]{0,80}(civilian|innocent|suffering|humanitarian|children|population)|"
        r"(civilian|innocent|suffering|humanitarian|population)[^.]{0,80}sanctions", re.I),
     None),
    ("engagement_against", 50, 1, re.compile(
        r"refus|reject|unwilling|not (\w+ )?(willing|ready|prepared)|rebuff|spurn|turned down|walked out|walk(ed|s)? away|"
        r"boycott|obstruct|intransigen|precondition|pre-condition|futile|pointless|meaningless|for the sake of|no partner|"
        r"closed the door|(never|not) (\w+ ){0,2}negotiate|stalling|delaying tactics|torpedo|sabotag|derail|"
        r"break off|broke off|broken off|no (negotiations?|dialogue|talks)\b|dialogue of the deaf|lack of (political )?will", re.I),
     re.compile(r"negotiat|\btalks\b|dialogue|peace process|to the table|sit down", re.I)),
    ("korea", 40, 2, re.compile(
        r"Korean peninsula|Democratic People's Republic|DPRK|North Korea|Six-Party|six-party|Pyongyang|inter-Korean|Korean Peninsula", re.I),
     None),
    ("sanctions_favor", 30, 1, re.compile(
        r"sanctions|arms embargo", re.I),
     re.compile(r"implement|enforc|complian|comply|targeted|smart|monitor|violat|strengthen|impos|effective|respect", re.I)),
    ("hard_negative", 20, 1, re.compile(r"\btalks\b|dialogue|sanction|nuclear", re.I), None),
]

# Round 2 (added after labelling round 1: the first engagement regex gave only 5 real
# `against`, and the Korea stratum few denuclearization rows). Every remaining sentence that
# matches is drawn (the pools are small: most such sentences are already in train.csv).
ENG2 = [
    r"\b(refus\w*|reject\w*|turn\w* down|rebuff\w*|spurn\w*)\b[^.;]{0,40}\b(negotiat\w*|talks|dialogue|to meet|offer|invitation|proposal for (talks|dialogue|negotiation))",
    r"\b(unwilling\w*|not (yet )?(willing|ready|prepared)|no (political )?will\w*|lack\w* (of )?(the )?(political )?will)\b[^.;]{0,40}\b(negotiat|talk|dialogue|engage|resume|return to)",
    r"\b(will|shall|can|would|do|does|did)( not|n't|never) (\w+ ){0,2}(negotiate|talk|sit down)\b|\bno negotiations? with\b|\bnever negotiate\b",
    r"walk(ed)? out|walk(ed)? away from|pull(ed)? out of the (talks|negotiat)|withdr\w* from (the )?(talks|negotiat|dialogue)|boycott\w* (the )?(talks|negotiat|dialogue|election)",
    r"(talks|negotiations?|dialogue)[^.;]{0,30}\b(futile|pointless|useless|meaningless|sham|farce|charade|waste of time|dead end|no point)|(futile|pointless|useless|sham|no point in|no use)[^.;]{0,30}(negotiat|talks|dialogue)",
]
STRATA2 = [
    ("engagement_against_2", 40, 1, re.compile("|".join(f"(?:{p})" for p in ENG2), re.I), None),
    ("korea_2", 10, 3, re.compile(
        r"Korean peninsula|Democratic People's Republic|DPRK|North Korea|Six-Party|Pyongyang|inter-Korean", re.I),
     re.compile(r"nuclear|denuclear|deterren|Non-Proliferation|NPT|sanction", re.I)),
    # round 3 (added after round 2 was labelled: still short of engagement `against`)
    ("engagement_against_3", 30, 1, re.compile("|".join(f"(?:{p})" for p in [
        r"(shown|demonstrated|displayed) (no|little|any) (\w+ )?(willingness|readiness|interest|desire|will)",
        r"(clos\w*|slamm\w*|shut\w*) the door",
        r"refus\w* to (attend|participate|take part|come|join|return|resume|engage|cooperate with the (mediat|facilitat))",
        r"reject\w* (the |all |every |our )?(call|appeal|invitation|initiative|overture|hand)s?",
        r"nothing to (talk|negotiate|discuss)|no one to (talk|negotiate)|no partner",
        r"(obstina|stubborn|recalcitran)[^.;]{0,80}(negotiat|talks|dialogue|peace process)",
        r"(negotiat|talks|dialogue|peace process)[^.;]{0,80}(obstina|stubborn|recalcitran)",
    ]), re.I), None),
]

rng = random.Random(SEED)
taken = set()
out = []
for name, quota, cap, rx, rx2 in STRATA + STRATA2:
    cands = [r for r in rows if (r["doc"], r["start"]) not in taken and 40 <= len(r["text"]) <= 900
             and rx.search(r["text"]) and (rx2 is None or rx2.search(r["text"]))]
    if name == "sanctions_favor":
        # pre-filter out obvious 'against' wording, which belongs to the first stratum
        cands = [r for r in cands if not STRATA[0][3].search(r["text"])]
    if name == "korea":
        cands = [r for r in cands if re.search(r"nuclear|talks|dialogue|negotiat|sanction|denuclear|peninsula|Six-Party", r["text"], re.I)]
    by_year = defaultdict(list)
    for r in cands:
        by_year[r["year"]].append(r)
    for y in by_year:
        rng.shuffle(by_year[y])
    years = sorted(by_year)
    per_del = defaultdict(int)
    picked = []
    c = cap
    while len(picked) < quota and any(by_year.values()):
        progress = False
        for y in years:
            if len(picked) >= quota:
                break
            lst = by_year[y]
            for i, r in enumerate(lst):
                dele = r["doc"].split("/")[-1].split("_")[0]
                if per_del[dele] < c:
                    picked.append(r); per_del[dele] += 1; lst.pop(i); progress = True
                    break
        if not progress:
            c += 1
    for r in picked:
        taken.add((r["doc"], r["start"]))
        out.append((name, r))
    print(name, "candidates", len(cands), "picked", len(picked), file=sys.stderr)

# verify spans and write
with open(OUT, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["idx", "stratum", "doc", "byte_start", "byte_end", "year", "kind", "speaker",
                "speaker_actor", "text", "prev"])
    for i, (name, r) in enumerate(out):
        raw = open(f"{SHARED}/corpora/{r['doc']}", "rb").read()
        # the tool collapses line breaks inside a sentence to spaces (as train.csv does)
        assert " ".join(raw[r["start"]:r["end"]].decode("utf-8").split()) == r["text"], r
        spk, act, kind = turns[r["turn"]]
        prev = prev_by.get((r["turn"], r["seq"] - 1)) or ""
        w.writerow([i, name, "corpora/" + r["doc"], r["start"], r["end"], r["year"], "speech",
                    spk, act, r["text"], prev])
print("wrote", len(out), file=sys.stderr)
