#!/usr/bin/env python3
"""Combines the results.csv of several `neurofusion evaluate` runs that tested disjoint subjects (e.g. two
pre-training runs with complementary hold-outs) into one table: per condition the mean accuracy over subjects
(each subject's rows averaged first) with a 95 % percentile bootstrap interval over subjects, and paired
differences between conditions (mean, bootstrap interval, Wilcoxon signed-rank p when SciPy is there).

Usage: python3 tools/combine_evaluations.py OUT_A/results.csv OUT_B/results.csv [--pairs a-b,c-d]
"""
import csv
import random
import sys
import warnings
from collections import defaultdict

warnings.simplefilter("ignore")  # SciPy's notes on ties and small samples; the p-value is printed as computed


def per_subject(paths):
    acc = defaultdict(lambda: defaultdict(list))  # condition -> subject -> accuracies
    for path in paths:
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                acc[row["condition"]][row["subject"]].append(float(row["accuracy"]))
    return {c: {s: sum(v) / len(v) for s, v in subs.items()} for c, subs in acc.items()}


def bootstrap(values, seed=42, n=2000):
    rnd = random.Random(seed)
    means = sorted(sum(rnd.choice(values) for _ in values) / len(values) for _ in range(n))
    return means[int(0.025 * n)], means[int(0.975 * n) - 1]


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    pairs = []
    for a in sys.argv[1:]:
        if a.startswith("--pairs="):
            pairs = [tuple(p.split(":")) for p in a[len("--pairs="):].split(",")]
    table = per_subject(args)
    subjects = sorted(set.intersection(*[set(v) for v in table.values()]))
    print("%d subjects: %s" % (len(subjects), ", ".join(subjects)))
    print("| condition | mean accuracy (%) | 95 % CI over subjects |")
    print("|---|---|---|")
    for c, subs in table.items():
        v = [subs[s] for s in subjects]
        lo, hi = bootstrap(v)
        print("| %s | %.1f | [%.1f, %.1f] |" % (c, 100 * sum(v) / len(v), 100 * lo, 100 * hi))
    if not pairs:
        names = list(table)
        pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1:]]
    print()
    print("| difference | mean (points) | 95 % CI | better / worse on (subjects) | Wilcoxon p |")
    print("|---|---|---|---|---|")
    for a, b in pairs:
        d = [table[a][s] - table[b][s] for s in subjects]
        lo, hi = bootstrap(d)
        try:
            from scipy.stats import wilcoxon
            p = "%.3f" % wilcoxon(d).pvalue if any(x != 0 for x in d) else "n/a"
        except ImportError:
            p = "n/a"
        better = sum(1 for x in d if x > 0)
        worse = sum(1 for x in d if x < 0)
        print("| %s − %s | %+.1f | [%+.1f, %+.1f] | %d / %d of %d | %s |" % (a, b, 100 * sum(d) / len(d),
                                                                        100 * lo, 100 * hi, better, worse, len(d), p))
    print()
    print("| subject | " + " | ".join(table) + " |")
    print("|---" * (len(table) + 1) + "|")
    for s in subjects:
        print("| %s | " % s + " | ".join("%.1f" % (100 * table[c][s]) for c in table) + " |")


if __name__ == "__main__":
    main()
