#!/usr/bin/python3
"""How much should the stacked teacher's fNIRS expert shrink? A classical probe on a distillation map's window
stores (docs/fusion.md, "The expert's shrinkage").

The expert (HaemodynamicExpert) is shrinkage LDA on two within-window differences per fNIRS channel (mean of the
middle third minus the first sixth, mean of the second half minus the first half), fitted as ShrinkageLda fits:
features standardised by their mean and standard deviation, the class-centred covariance shrunk towards mu*I by
Ledoit-Wolf's intensity (scikit-learn's closed form). This probe fits the same expert with that intensity, with
fixed intensities, and with one chosen by leave-one-subject-out accuracy over the training subjects alone (no
held-out window is seen), on the map's split (subjects 01-08 train, the rest held out), for 5, 10 and every
labelled window per class and training subject (5 random draws each for the few-label counts, numpy seed 0).
Prints held-out accuracy averaged over the draws, and the mean intensity Ledoit-Wolf and the inner choice picked.

    python3 tools/reference/expert_shrinkage_probe.py STORE_DIR [STORE_DIR ...]

Needs python3-numpy; reads the stores with late_fusion_probe.load.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import late_fusion_probe as probe  # noqa: E402

FIXED = [0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9]


def ledoit_wolf(xc):
    n, p = xc.shape
    s = xc.T @ xc / n
    mu = np.trace(s) / p
    delta = np.sum((s - mu * np.eye(p)) ** 2) / p
    beta = min(delta, (np.sum(np.sum(xc ** 2, 1) ** 2) / n - np.sum(s ** 2)) / (n * p))
    return 0.0 if beta <= 0 else beta / delta


def fit(f, y, gamma):
    """Binary LDA as ShrinkageLda: returns (weights, bias, intensity used); gamma 'lw' for Ledoit-Wolf."""
    mean, scale = f.mean(0), f.std(0)
    scale[scale == 0] = 1
    z = (f - mean) / scale
    m0, m1 = z[y == 0].mean(0), z[y == 1].mean(0)
    xc = np.vstack([z[y == 0] - m0, z[y == 1] - m1])
    if gamma == 'lw':
        gamma = ledoit_wolf(xc)
    s = xc.T @ xc / len(xc)
    s = (1 - gamma) * s + gamma * np.trace(s) / len(s) * np.eye(len(s))
    w = np.linalg.solve(s, m1 - m0)
    b = -w @ (m0 + m1) / 2 + np.log((y == 1).mean() / (y == 0).mean())
    return w / scale, b - (w / scale) @ mean, gamma


def accuracy(model, f, y):
    return ((f @ model[0] + model[1] > 0) == (y == 1)).mean()


def inner_choice(f, y, subjects):
    """The fixed intensity with the best leave-one-subject-out accuracy (ties: the smaller)."""
    scores = [np.mean([accuracy(fit(f[subjects != s], y[subjects != s], g), f[subjects == s], y[subjects == s])
                       for s in np.unique(subjects)]) for g in FIXED]
    return FIXED[int(np.argmax(scores))]


def main(stores):
    print('%-36s %-6s %s' % ('store', 'labels', '  '.join(['lw   '] + ['%-5g' % g for g in FIXED] + ['inner'])))
    for store in stores:
        _, n, y, s, t = probe.load(store)
        k = n.shape[2]
        fn = np.concatenate([n[:, :, k // 3:2 * k // 3].mean(2) - n[:, :, :k // 6].mean(2),
                             n[:, :, k // 2:].mean(2) - n[:, :, :k // 2].mean(2)], 1)
        task = (t == 'mi') & (y >= 0)
        test = task & ~np.isin(s, probe.TRAIN)
        rng = np.random.default_rng(0)
        for per_class in [5, 10, None]:
            rows, used = [], []
            for _ in range(5 if per_class else 1):
                chosen = np.zeros(len(y), bool)
                for subject in probe.TRAIN:
                    for c in [0, 1]:
                        idx = np.where(task & (s == subject) & (y == c))[0]
                        chosen[idx if per_class is None else rng.choice(idx, per_class, replace=False)] = True
                fc, yc, sc = fn[chosen], y[chosen], s[chosen]
                lw = fit(fc, yc, 'lw')
                inner = inner_choice(fc, yc, sc)
                rows.append([accuracy(lw, fn[test], y[test])]
                            + [accuracy(fit(fc, yc, g), fn[test], y[test]) for g in FIXED]
                            + [accuracy(fit(fc, yc, inner), fn[test], y[test])])
                used.append([lw[2], inner])
            print('%-36s %-6s %s   (lw %.3f, inner %.2f)' % (store[-44:-8], per_class or 'all',
                  '  '.join('%.3f' % v for v in np.mean(rows, 0)), *np.mean(used, 0)), flush=True)


if __name__ == '__main__':
    main(sys.argv[1:])
