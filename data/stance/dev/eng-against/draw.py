#!/usr/bin/env python3
"""Draw candidates for the dev set slice eng-against: refusals/dismissals of talks with an adversary.

Usage: python3 draw.py RUN_UN_EARLY RUN_UN_LATE RUN_WH RUN_NEWS OUT_CSV
Each RUN is a text-only `demarche run` (NER and stance disabled) over, respectively,
corpora/un-general-debate/2000..2012, /2013..2024, corpora/wh-press-briefings,
data/polnear/{train,dev}/text (+ seeds, ignored here).
Reserved ranges and every already-labelled row (train, carryover, stance-dev, and the four dev
slices un-early, un-late, wh, news) are dropped BEFORE any text is read. Fixed seed, sorted input.
"""
import csv, os, random, re, sys
from collections import defaultdict

SHARED = "/work/shared"
SEED = 20261207
csv.field_size_limit(1 << 30)

# broader refusal/dismissal patterns than the earlier slices
TALK = r"(?:talks?|negotiat\w*|dialogue|discussions?|conference|summit|table|peace process|mediation)"
PATS = [
    r"\bsuspend(?:ed|s|ing)?\s+(?:the\s+|all\s+|its\s+|their\s+)?(?:\w+\s+){0,2}?(?:talks|negotiations|dialogue)",
    r"\b(?:talks|negotiations|dialogue)\s+(?:\w+\s+){0,3}?(?:were|was|have been|has been)\s+suspended",
    r"\bbr(?:oke|eak|eaks|eaking)\s+off\b",
    r"\bboycott\w*\s+(?:\w+\s+){0,3}?" + TALK,
    r"\bturn(?:ed|s)?\s+down\s+(?:\w+\s+){0,4}?" + TALK,
    r"\bno\s+(?:\w+\s+)?(?:dialogue|negotiations?|talks)\s+(?:is\s+|are\s+)?(?:possible\s+)?with\b",
    r"\b(?:will|would|shall)\s+not\s+sit\s+down",
    r"\b(?:won't|refuse\w*\s+to)\s+sit\s+down",
    r"\bnot\s+(?:to\s+)?engag\w*\s+with\b",
    r"\bnot\s+(?:be\s+)?(?:ready|willing|prepared)\s+to\s+(?:negotiate|talk|engage|enter)",
    r"\b(?:dialogue|negotiations?|talks)\s+(?:is|are|was|were|has become|have become)\s+(?:\w+\s+)?(?:impossible|meaningless|useless|dead|over|a waste)",
    r"\bclos(?:ed|es|ing|e)\s+the\s+door",
    r"\bdeaf\s+to\s+(?:\w+\s+){0,3}?(?:dialogue|negotiat|talks)",
    r"\bintransigen\w*",
    r"\b(?:obstruct\w*|block(?:ed|s|ing)?|stall(?:ed|s|ing)?|sabotag\w*|torpedo\w*|scuttl\w*)\s+(?:\w+\s+){0,3}?(?:talks|negotiations|dialogue|peace process)",
    r"\black\s+of\s+(?:\w+\s+)?(?:political\s+)?will\s+(?:\w+\s+){0,3}?(?:negotiat|dialogue|talks)",
    r"\bstalled\b.{0,80}\brefus",
    r"\bsmokescreen|\bsmoke\s+screen|\bsham\s+(?:talks|negotiations|dialogue)",
    r"\b(?:abandon\w*|withdr[ae]w\w*|pull\w*\s+out)\s+(?:\w+\s+){0,2}?(?:from\s+)?(?:the\s+)?(?:talks|negotiations|dialogue)",
    r"\bno\s+(?:point|use|sense)\s+in\s+(?:talking|negotiating|dialogue)",
    r"\bruled?\s+out\s+(?:\w+\s+){0,3}?(?:talks|negotiations|dialogue|meeting)",
    r"\bdeclin(?:ed|es|ing)\s+(?:\w+\s+){0,3}?(?:invitation|offer|talks|negotiat|to\s+meet|to\s+negotiate|to\s+attend)",
]
RX = re.compile("|".join("(?:%s)" % p for p in PATS), re.I)
TALKW = re.compile(r"\b(?:talks?|negotiat\w*|dialogue|sit\s+down|engag\w*|summit|conference|table|meet\w*|peace process|diplomac\w*|invitation|offer)\b", re.I)
# domestic / podium talk in briefings — not an adversary
DOMESTIC = re.compile(r"\b(?:Congress|Republicans?|Democrats?|Senate|House|bill|podium|union|strike|shutdown|McCarthy|Manchin|Schumer|debt ceiling|budget)\b", re.I)


def load_spans(path, strip_prefix=""):
    spans = defaultdict(list)
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            d = r["doc"].strip()
            if strip_prefix and d.startswith(strip_prefix):
                d = d[len(strip_prefix):]
            spans[d].append((int(r["byte_start"]), int(r["byte_end"])))
    return spans


def overlaps(spans, doc, s, e):
    return any(s < b and a < e for a, b in spans.get(doc, ()))


def load_run(run_dir):
    docs, turns, sents = {}, {}, []
    with open(os.path.join(run_dir, "documents.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            docs[r["doc_id"]] = r
    with open(os.path.join(run_dir, "turns.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            r.pop("text", None)
            turns[r["turn_id"]] = r
    with open(os.path.join(run_dir, "sentences.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            sents.append(r)
    return docs, turns, sents


def main(runs, out_csv):
    # all spans keyed by path relative to /work/shared
    reserved = defaultdict(list)
    for k, v in load_spans(SHARED + "/eval/reserved.csv").items():
        reserved["corpora/" + k].extend(v)
    labelled = defaultdict(list)
    for p in ["/work/main/data/stance/train.csv", "/work/main/data/stance/carryover.csv",
              SHARED + "/eval/stance-dev.csv"]:
        for k, v in load_spans(p).items():
            labelled[k if k.startswith(("corpora/", "data/")) else "corpora/" + k].extend(v)
    for sl in ["un-early", "un-late", "wh", "news"]:
        for k, v in load_spans("/work/devset/%s/labels.csv" % sl).items():
            labelled[k].extend(v)

    rows = []
    stats = defaultdict(int)
    for run_dir in runs:
        docs, turns, sents = load_run(run_dir)
        sents.sort(key=lambda r: (docs[r["doc_id"]]["path"], int(r["start"])))
        texts, prev_key = {}, {}
        for r in sents:
            d = docs[r["doc_id"]]
            path = os.path.realpath(d["path"])
            rel = os.path.relpath(path, SHARED)
            if rel.startswith("corpora/un-general-debate/"):
                kind, src = "speech", "un"
            elif rel.startswith("corpora/wh-press-briefings/"):
                kind, src = "briefing", "wh"
            elif rel.startswith("data/polnear/"):
                kind, src = "news", "news"
            else:
                continue
            if path not in texts:
                texts[path] = open(path, "rb").read()
            s, e = int(r["start"]), int(r["end"])
            t = turns[r["turn_id"]]
            # prev: same turn (UN, WH); previous sentence of the document (news: quote fragments)
            key = r["doc_id"] if src == "news" else r["turn_id"]
            prev = prev_key.get(key)
            res = overlaps(reserved, rel, s, e)
            prev_key[key] = None if res else texts[path][s:e].decode("utf-8")
            if res:  # never looked at
                stats["reserved"] += 1
                continue
            if overlaps(labelled, rel, s, e):
                stats["labelled"] += 1
                continue
            raw = texts[path][s:e].decode("utf-8")
            if raw != r["text"] and re.sub(r"\s+", " ", raw).strip() != re.sub(r"\s+", " ", r["text"]).strip():
                stats["mismatch"] += 1
                continue
            if t["speaker"] == "QUESTION":
                continue
            rows.append(dict(src=src, doc=rel, byte_start=s, byte_end=e, year=int(d["year"] or re.search(r"(?:19|20)\d\d", os.path.basename(rel)).group(0)),
                             kind=kind, speaker=t["speaker"], speaker_actor=t["actor"],
                             text=raw, prev=prev or ""))
    print(dict(stats), "eligible", len(rows), file=sys.stderr)

    def match(r):
        t = re.sub(r"\s+", " ", r["text"])
        if not (30 <= len(t) <= 900) or not RX.search(t):
            return False
        if not TALKW.search(t):
            return False
        if r["src"] == "wh" and DOMESTIC.search(t + " " + r["prev"]):
            return False
        return True

    pool = [r for r in rows if match(r)]
    rng = random.Random(SEED)
    quota = {"un": 58, "wh": 20, "news": 12}
    out = []
    for src in ["un", "wh", "news"]:
        p = [r for r in pool if r["src"] == src]
        print(src, "pool", len(p), file=sys.stderr)
        by_year = defaultdict(list)
        for r in p:
            by_year[r["year"]].append(r)
        for y in by_year:
            rng.shuffle(by_year[y])
        years = sorted(by_year)
        got, per_doc = [], defaultdict(int)
        progress = True
        while len(got) < quota[src] and progress:
            progress = False
            for y in years:
                if len(got) >= quota[src]:
                    break
                for i, r in enumerate(by_year[y]):
                    if per_doc[r["doc"]] < 1:
                        got.append(by_year[y].pop(i))
                        per_doc[r["doc"]] += 1
                        progress = True
                        break
        for r in got:
            r["stratum"] = "eng_against_" + src
        out += got
    # round 2: intransigence / obstinacy with a talk word in the sentence or in prev (UN only)
    taken = {(r["doc"], r["byte_start"]) for r in out}
    rx2 = re.compile(r"\b(?:intransigen\w*|obstina\w*|recalcitran\w*|stubborn\w*)", re.I)
    p2 = [r for r in rows if r["src"] == "un" and (r["doc"], r["byte_start"]) not in taken
          and 30 <= len(r["text"]) <= 900 and rx2.search(r["text"])
          and TALKW.search(r["text"] + " " + r["prev"])]
    print("round2 pool", len(p2), file=sys.stderr)
    p2.sort(key=lambda r: (r["doc"], r["byte_start"]))
    rng2 = random.Random(SEED + 2)
    rng2.shuffle(p2)
    for r in sorted(p2[:16], key=lambda r: (r["year"], r["doc"])):
        r["stratum"] = "eng_against_un_intransigence"
        out.append(r)
    out.sort(key=lambda r: (r["stratum"], r["year"], r["doc"], r["byte_start"]))
    out2 = []
    # round 2 (added after round 1 was labelled: it gave few real refusals): more refusal
    # phrasings, reporter questions ("Q") dropped, appended after round 1 so round 1 is unchanged
    taken = {(r["doc"], r["byte_start"]) for r in out}
    TW = r"(?:talks?|negotiat\w*|dialogue|discussions?|contacts?|meet\w*|sit\s+down|engag\w*|summit|table|peace process)"
    PATS2 = [
        r"\brefus\w*\s+(?:\w+\s+){0,2}?to\s+(?:negotiate|talk|engage|enter\s+into|resume|return\s+to\s+(?:the\s+)?(?:table|talks|negotiat)|participate\s+in\s+(?:the\s+)?(?:talks|negotiat|dialogue|conference)|sit|meet|attend)",
        r"\b(?:reject\w*|rebuff\w*|spurn\w*|snub\w*)\s+(?:\w+\s+){0,4}?(?:offers?|overtures?|invitations?|calls?|proposals?|initiatives?)\s+(?:\w+\s+){0,3}?(?:for|of|to)\s+(?:\w+\s+){0,2}?(?:talks|dialogue|negotiat\w*|meet\w*)",
        r"\bno\s+(?:interest|intention|desire|plans?)\s+(?:in|of|to)\s+(?:\w+\s+){0,2}?(?:talk\w*|negotiat\w*|dialogue|engag\w*|meet\w*|speak\w*)",
        r"\b(?:not|no|un)\s*(?:interested|serious|sincere)\s+(?:in|about)\s+(?:\w+\s+){0,2}?(?:talk\w*|negotiat\w*|dialogue|engag\w*)",
        r"\bunwilling\w*\s+to\s+(?:negotiate|talk|engage|enter|resume|meet)",
        r"\b(?:walk\w*\s+away|pull\w*\s+out|quit|stay\w*\s+away)\s+(?:from|of)\s+(?:the\s+)?(?:\w+\s+)?(?:talks|negotiations|table|dialogue|conference)",
        r"\b(?:left|leave|leaving)\s+the\s+(?:negotiating\s+)?table",
        r"\bturn\w*\s+(?:its|their|his|a)\s+back\s+on\s+(?:\w+\s+)?(?:dialogue|negotiat\w*|talks|diplomacy)",
        r"\b(?:cannot|can't|will\s+not|won't|shall\s+not|never)\s+(?:\w+\s+)?(?:negotiate|talk|sit)\s+(?:\w+\s+){0,2}?with\b",
        r"\bno\s+(?:partner|one|body)\s+(?:for\s+peace|to\s+(?:talk|negotiate))",
        r"\b(?:froze|freez\w*|frozen|cut\s+off|sever\w*)\s+(?:\w+\s+){0,2}?(?:talks|dialogue|contacts|communications?|channels|diplomatic\s+(?:ties|relations))",
        r"\b(?:rejects?|rejected|rejecting|rejection\s+of)\s+(?:\w+\s+){0,2}?(?:any|all|every)\s+(?:\w+\s+){0,2}?(?:dialogue|negotiat\w*|talks|contacts?)",
    ]
    rx3 = re.compile("|".join("(?:%s)" % p for p in PATS2), re.I)
    tw = re.compile(TW, re.I)
    quota2 = {"un": 36, "wh": 16, "news": 8}
    for src in ["un", "wh", "news"]:
        p2 = [r for r in rows if r["src"] == src and (r["doc"], r["byte_start"]) not in taken
              and r["speaker"] not in ("Q", "QUESTION") and 30 <= len(r["text"]) <= 900
              and rx3.search(re.sub(r"\s+", " ", r["text"])) and tw.search(r["text"])
              and not (src == "wh" and DOMESTIC.search(r["text"] + " " + r["prev"]))]
        print("round2", src, "pool", len(p2), file=sys.stderr)
        rng3 = random.Random(SEED + 3)
        by_year = defaultdict(list)
        for r in p2:
            by_year[r["year"]].append(r)
        for y in sorted(by_year):
            rng3.shuffle(by_year[y])
        got, per_doc, progress = [], defaultdict(int), True
        while len(got) < quota2[src] and progress:
            progress = False
            for y in sorted(by_year):
                if len(got) >= quota2[src]:
                    break
                for i, r in enumerate(by_year[y]):
                    if per_doc[r["doc"]] < 1:
                        got.append(by_year[y].pop(i))
                        per_doc[r["doc"]] += 1
                        progress = True
                        break
        got.sort(key=lambda r: (r["year"], r["doc"], r["byte_start"]))
        for r in got:
            r["stratum"] = "eng_against_r2_" + src
        out2.extend(got)
    out += out2
    # round 3 (added after round 2 was labelled): cancelled/halted talks, ignored calls for
    # dialogue, bad faith and delaying tactics, talks "not an option"; same filters
    taken = {(r["doc"], r["byte_start"]) for r in out}
    PATS3 = [
        r"\b(?:cancel\w*|call\w*\s+off|halt\w*|terminat\w*|postpon\w*)\s+(?:\w+\s+){0,3}?(?:talks|negotiations|dialogue|summit|meeting)",
        r"\b(?:ignor\w*|disregard\w*)\s+(?:\w+\s+){0,3}?(?:calls?|appeals?|offers?|invitations?|proposals?)\s+(?:\w+\s+){0,2}?(?:for|to|of)\s+(?:\w+\s+){0,2}?(?:dialogue|talks|negotiat\w*)",
        r"\b(?:avoid\w*|evad\w*|shun\w*)\s+(?:\w+\s+){0,2}?(?:dialogue|negotiations|talks|the\s+negotiating\s+table)",
        r"\b(?:bad\s+faith|delaying\s+tactics?|stalling\s+tactics?|procrastinat\w*|drag\w*\s+(?:its|their|his)\s+feet)",
        r"\b(?:talks|negotiations|dialogue)\s+(?:\w+\s+){0,4}?(?:is|are)\s+(?:not|no\s+longer)\s+(?:an?\s+)?(?:option|possible|on\s+the\s+table|an\s+option)",
        r"\bno\s+longer\s+(?:\w+\s+)?(?:negotiat\w*|talk\w*|engag\w*)\s+with",
        r"\bimpossible\s+to\s+(?:negotiate|talk|have\s+(?:a\s+)?dialogue|engage)",
        r"\b(?:fruitless|futile|pointless|meaningless|useless)\s+(?:\w+\s+)?(?:talks|negotiations|dialogue|exercise)",
    ]
    rx4 = re.compile("|".join("(?:%s)" % p for p in PATS3), re.I)
    quota3 = {"un": 30, "wh": 16, "news": 10}
    out3 = []
    for src in ["un", "wh", "news"]:
        p3 = [r for r in rows if r["src"] == src and (r["doc"], r["byte_start"]) not in taken
              and r["speaker"] not in ("Q", "QUESTION") and 30 <= len(r["text"]) <= 900
              and rx4.search(re.sub(r"\s+", " ", r["text"])) and tw.search(r["text"])
              and not (src == "wh" and DOMESTIC.search(r["text"] + " " + r["prev"]))]
        print("round3", src, "pool", len(p3), file=sys.stderr)
        rng4 = random.Random(SEED + 4)
        by_year = defaultdict(list)
        for r in p3:
            by_year[r["year"]].append(r)
        for y in sorted(by_year):
            rng4.shuffle(by_year[y])
        got, per_doc, progress = [], defaultdict(int), True
        while len(got) < quota3[src] and progress:
            progress = False
            for y in sorted(by_year):
                if len(got) >= quota3[src]:
                    break
                for i, r in enumerate(by_year[y]):
                    if per_doc[r["doc"]] < 1:
                        got.append(by_year[y].pop(i))
                        per_doc[r["doc"]] += 1
                        progress = True
                        break
        got.sort(key=lambda r: (r["year"], r["doc"], r["byte_start"]))
        for r in got:
            r["stratum"] = "eng_against_r3_" + src
        out3.extend(got)
    out += out3
    cols = ["stratum", "doc", "byte_start", "byte_end", "year", "kind", "speaker", "speaker_actor", "text", "prev"]
    with open(out_csv, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=cols, extrasaction="ignore")
        w.writeheader()
        for r in out:
            w.writerow(r)
    print("drawn", len(out), file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:5], sys.argv[5])
