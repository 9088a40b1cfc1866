#!/usr/bin/env python3
"""Draw candidate sentences for the stance dev set, slice un-late (UN General Debate 2013-2024).

Usage: python3 draw.py RUN_DIR OUT_CSV
RUN_DIR is a text-only `demarche run` over corpora/un-general-debate/2013 ... /2024.
Filters reserved ranges and already-labelled rows BEFORE any text is looked at, then draws by
keyword regex per stratum, stratified across years and delegations (fixed seed, sorted input).
"""
import csv, random, re, sys, os
from collections import defaultdict

SHARED = "/work/shared"
CORPORA = SHARED + "/corpora"
SEED = 20261207
csv.field_size_limit(1 << 30)


def load_spans(path):
    spans = defaultdict(list)
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            spans[r["doc"].strip()].append((int(r["byte_start"]), int(r["byte_end"])))
    return spans


def overlaps(spans, doc, s, e):
    return any(s < b and a < e for a, b in spans.get(doc, ()))


def main(run_dir, out_csv):
    reserved = load_spans(SHARED + "/eval/reserved.csv")
    labelled = defaultdict(list)
    for p in ["/work/main/data/stance/train.csv", "/work/main/data/stance/carryover.csv",
              SHARED + "/eval/stance-dev.csv"]:
        for k, v in load_spans(p).items():
            labelled[k].extend(v)

    docs = {}
    with open(os.path.join(run_dir, "documents.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            docs[r["doc_id"]] = r
    turns = {}
    with open(os.path.join(run_dir, "turns.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            turns[r["turn_id"]] = r
    sents = []
    with open(os.path.join(run_dir, "sentences.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            sents.append(r)
    sents.sort(key=lambda r: (docs[r["doc_id"]]["path"], int(r["start"])))

    texts = {}
    rows = []
    n_ws = 0
    prev_by_turn = {}
    n_res = n_lab = n_bad = 0
    for r in sents:
        d = docs[r["doc_id"]]
        path = os.path.realpath(d["path"])
        rel = os.path.relpath(path, CORPORA)  # un-general-debate/2019/X.txt
        if path not in texts:
            texts[path] = open(path, "rb").read()
        s, e = int(r["start"]), int(r["end"])
        t = turns[r["turn_id"]]
        key = r["turn_id"]
        prev = prev_by_turn.get(key)
        res = overlaps(reserved, rel, s, e)
        prev_by_turn[key] = None if res else texts[path][s:e].decode("utf-8")
        if res:  # never looked at
            n_res += 1
            continue
        if overlaps(labelled, rel, s, e):
            n_lab += 1
            continue
        raw = texts[path][s:e].decode("utf-8")
        # The tool collapses line breaks inside a sentence; the dev set keeps the document's
        # own bytes, so check equality up to whitespace and keep the raw text.
        if raw != r["text"] and re.sub(r"\s+", " ", raw).strip() != r["text"]:
            n_bad += 1
            continue
        year = int(rel.split("/")[1])
        if not (2013 <= year <= 2024):
            continue
        rows.append(dict(doc="corpora/" + rel, byte_start=s, byte_end=e, year=year,
                         kind="speech", speaker=t["speaker"], speaker_actor=t["actor"],
                         text=raw, prev=prev or ""))
    print(f"sentences {len(sents)}; reserved-skipped {n_res}; labelled-skipped {n_lab}; "
          f"span-mismatch {n_bad}; eligible {len(rows)}", file=sys.stderr)

    rng = random.Random(SEED)
    taken = set()

    def deleg(r):
        return os.path.basename(r["doc"]).split("_")[0]

    def cands(pred):
        return [r for r in rows if (r["doc"], r["byte_start"]) not in taken and pred(r)]

    def stratified(pool, n, cap_deleg, cap_deleg_year=1):
        """Round-robin over years; within a year random order; cap per delegation."""
        by_year = defaultdict(list)
        for r in pool:
            by_year[r["year"]].append(r)
        for y in by_year:
            rng.shuffle(by_year[y])
        years = sorted(by_year)
        cnt_d, cnt_dy, out = defaultdict(int), defaultdict(int), []
        progress = True
        while len(out) < n and progress:
            progress = False
            for y in years:
                if len(out) >= n:
                    break
                for i, r in enumerate(by_year[y]):
                    d = deleg(r)
                    if cnt_d[d] < cap_deleg and cnt_dy[(d, y)] < cap_deleg_year:
                        out.append(by_year[y].pop(i))
                        cnt_d[d] += 1
                        cnt_dy[(d, y)] += 1
                        progress = True
                        break
        return out

    drawn = []
    I = re.IGNORECASE

    def take(name, picked):
        for r in picked:
            taken.add((r["doc"], r["byte_start"]))
            r["stratum"] = name
            drawn.append(r)
        print(f"stratum {name}: {len(picked)}", file=sys.stderr)

    # 1. DPRK's own speeches. Most DPRK sentences on the targets in 2013-2024 are already in
    # carryover.csv or reserved, so every remaining core-keyword sentence is taken (prk_core)
    # and the stratum is filled to 70 with broader security/inter-Korean keywords (prk_fill),
    # stratified across years.
    prk = lambda r: deleg(r) == "PRK"
    core = re.compile(r"nuclear|deterren|denucleari|sanction|embargo|blockade|coercive|"
                      r"resolution|dialogue|\btalks?\b|negotiat|summit|\bengage|hostile", I)
    pool = cands(lambda r: prk(r) and core.search(r["text"]))
    take("prk_core", stratified(pool, 10**6, cap_deleg=10**6, cap_deleg_year=10**6))
    fill = re.compile(r"\bwar\b|self-defen|United States|\bU\.S\.|south korea|reunification|"
                      r"north and south|north-south|inter-Korean|peace|weapon|military|missile|"
                      r"strategic|aggress|threat|sovereign|force", I)
    pool = cands(lambda r: prk(r) and fill.search(r["text"]))
    take("prk_fill", stratified(pool, 70 - len(drawn), cap_deleg=10**6, cap_deleg_year=10**6))

    # 2. Engagement refused/dismissed/blocked, other delegations.
    talkw = re.compile(r"dialogue|\btalks?\b|negotiat|peace process|negotiating table|summit", I)
    refuse = re.compile(r"refus|reject|unwilling|no willingness|not ready|\bblock|obstruct|"
                        r"walk(?:ed|s)? (?:out|away)|precondition|pointless|futile|sabotag|"
                        r"boycott|(?:will|shall) not negotiate|not negotiate|withdr[ae]w|"
                        r"no (?:political )?will|intransigen|stall|derail|undermin|dead end|"
                        r"no partner|no alternative to|abandon|frozen|stalemate", I)
    pool = cands(lambda r: not prk(r) and talkw.search(r["text"]) and refuse.search(r["text"]))
    take("eng_refused", stratified(pool, 50, cap_deleg=3))

    # 3. Other delegations on the Korean peninsula.
    korea = re.compile(r"Korean Peninsula|\bDPRK\b|North Korea|Democratic People.s Republic of Korea|Pyongyang", I)
    tgt = re.compile(r"nuclear|sanction|dialogue|\btalks?\b|negotiat|summit|resolution|missile", I)
    pool = cands(lambda r: not prk(r) and korea.search(r["text"]) and tgt.search(r["text"]))
    take("korea_other", stratified(pool, 40, cap_deleg=2))

    # 4. Sanctions-against candidates.
    sx = re.compile(r"embargo|coercive measure|blockade|sanction", I)
    neg = re.compile(r"embargo|coercive|unilateral|illegal|unjust|lift|end(?:ing)? (?:of )?the|"
                     r"remov|inhuman|extraterritorial|blockade|condemn|reject", I)
    pool = cands(lambda r: not prk(r) and sx.search(r["text"]) and neg.search(r["text"]))
    take("sanc_against", stratified(pool, 25, cap_deleg=2))

    # 5. Hard negatives: random sentences matching the codebook keywords, no Korea mention.
    kw = re.compile(r"dialogue|\btalks?\b|negotiat|diplomac|summit|\bengage|sanction|embargo|"
                    r"blockade|coercive measure|denuclear|nuclear|deterren|\bNPT\b|Non-Proliferation", I)
    pool = cands(lambda r: not prk(r) and kw.search(r["text"]) and not korea.search(r["text"]))
    take("hard_neg", stratified(pool, 15, cap_deleg=1))

    # 6. Supplement (drawn after the first 200 were labelled, because eng_refused gave only
    # 8 `against`): explicit refusal wording next to the talk word, other delegations.
    # Drawn last, so the strata above are unchanged.
    explicit = re.compile(
        r"refus\w*\s+(?:to\s+)?(?:\w+\s+){0,3}(?:negotiat|talk|dialogue|engage|sit|return to|resume)|"
        r"reject\w*\s+(?:\w+\s+){0,3}(?:dialogue|negotiations|talks|offer)|"
        r"unwilling\w*\s+to\s+(?:negotiat|engage|talk)|no (?:willingness|intention|interest) (?:to|in) (?:negotiat|engag|talk|dialogue)|"
        r"(?:will|shall|would|can)\s*(?:not|never)\s+(?:negotiate|talk|sit)|won.t negotiate|"
        r"walk(?:ed|s)? away from|walked out|abandon\w* (?:the )?(?:talks|negotiations)|"
        r"boycott\w* (?:the )?(?:talks|negotiations|dialogue)|turn\w* (?:its|their) back on (?:dialogue|negotiat)|"
        r"no (?:point|sense|use) in (?:talk|negotiat|dialogue)", I)
    pool = cands(lambda r: not prk(r) and explicit.search(r["text"]))
    take("eng_refused2", stratified(pool, 25, cap_deleg=2))

    drawn.sort(key=lambda r: (r["stratum"], r["doc"], r["byte_start"]))
    cols = ["stratum", "doc", "byte_start", "byte_end", "year", "kind", "speaker",
            "speaker_actor", "text", "prev"]
    with open(out_csv, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=cols, extrasaction="ignore")
        w.writeheader()
        w.writerows(drawn)
    print(f"drawn {len(drawn)}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
