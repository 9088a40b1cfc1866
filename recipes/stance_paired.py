"""Is model B better than model A on the same gold sentences? A paired bootstrap of the
difference in F_avg (per target and the mean), resampling the gold rows once for both models,
which is what "a change smaller than the interval is not a gain" asks of a comparison: two
models' separate intervals overlap far more than their paired difference does.

    demarche eval stance --gold data/stance/dev.csv --model A --docs ../shared --errors a.csv
    demarche eval stance --gold data/stance/dev.csv --model B --docs ../shared --errors b.csv
    python3 recipes/stance_paired.py data/stance/dev.csv a.csv b.csv [--seed 11]

A row's prediction is its gold label unless the errors file lists it for that target. Standard
library only; 2,000 replicates."""
import csv
import random
import sys

TARGETS = ["engagement", "sanctions", "denuclearization"]


def predictions(gold, errors):
    wrong = {}
    for r in csv.DictReader(open(errors, encoding="utf-8")):
        if r["field"] in TARGETS:
            wrong[(r["doc"], r["byte_start"], r["byte_end"], r["field"])] = r["predicted"]
    key = lambda g: (g["doc"], g["byte_start"], g["byte_end"])  # noqa: E731
    return [{t: wrong.get((*key(g), t), g[t]) for t in TARGETS} for g in gold]


def f_avg(gold, pred, rows, t):
    f = []
    for label in ("favor", "against"):
        tp = sum(1 for i in rows if gold[i][t] == label and pred[i][t] == label)
        fp = sum(1 for i in rows if gold[i][t] != label and pred[i][t] == label)
        fn = sum(1 for i in rows if gold[i][t] == label and pred[i][t] != label)
        f.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f) / 2


def scores(gold, a, b, rows):
    d = {t: f_avg(gold, b, rows, t) - f_avg(gold, a, rows, t) for t in TARGETS}
    d["mean"] = sum(d.values()) / len(TARGETS)
    return d


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 11
    gold_csv, errors_a, errors_b = args[:3]
    gold = list(csv.DictReader(open(gold_csv, encoding="utf-8")))
    a, b = predictions(gold, errors_a), predictions(gold, errors_b)
    n = len(gold)
    point = scores(gold, a, b, range(n))
    rng = random.Random(seed)
    reps = [scores(gold, a, b, [rng.randrange(n) for _ in range(n)]) for _ in range(2000)]
    fa = {t: f_avg(gold, a, range(n), t) for t in TARGETS}
    print(f"{'target':<18} {'A':>6} {'B':>6} {'B - A':>7}  95% interval      P(B <= A)")
    for k in [*TARGETS, "mean"]:
        va = sum(fa.values()) / len(TARGETS) if k == "mean" else fa[k]
        v = sorted(r[k] for r in reps)
        low, high = v[int(0.025 * len(v))], v[int(0.975 * len(v)) - 1]
        p = sum(1 for x in v if x <= 0) / len(v)
        print(f"{k:<18} {va:6.3f} {va + point[k]:6.3f} {point[k]:+.3f}  [{low:+.3f}, {high:+.3f}]  {p:.3f}")


if __name__ == "__main__":
    main()
