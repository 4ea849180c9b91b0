#!/usr/bin/python3
"""Would a teacher gain from fNIRS at few labels if it combined two well-behaved experts? A classical probe on the
windows of a distillation map's cohort (docs/fusion.md, "Late fusion: the probe").

For every window store given (a map's DIR/runs/shared-F/seed-S/windows), on the map's split (subjects 01-08 train,
the rest held out) and for 5, 10 and every labelled window per class and training subject (5 random draws each
for the few-label counts, numpy seed 0):
  - EEG expert: shrinkage LDA on each channel's log-variance minus the subject's mean over its resting windows
    (the per-subject alignment in its simplest form: what the networks only learn after eeg_alignment);
  - fNIRS expert: shrinkage LDA on two within-window differences per channel (mean of the middle third minus
    the first sixth, mean of the second half minus the first half);
  - late fusion: the sum of the two experts' LDA decision values (each a log-odds under its own model);
  - early fusion: one LDA on both feature sets side by side.
Shrinkage 0.5 towards the scaled identity throughout. Prints held-out accuracy, averaged over the draws.

    python3 tools/reference/late_fusion_probe.py STORE_DIR [STORE_DIR ...]

Reads the store format of docs/datasets.md (store.json, windows.bin, eeg.f32, fnirs.f32); needs python3-numpy.
"""
import json
import struct
import sys

import numpy as np

TRAIN = ['01', '02', '03', '04', '05', '06', '07', '08']
SHRINK = 0.5


def lda_fit(f, y):
    m0, m1 = f[y == 0].mean(0), f[y == 1].mean(0)
    s = np.cov(np.vstack([f[y == 0] - m0, f[y == 1] - m1]).T)
    s = (1 - SHRINK) * s + SHRINK * np.trace(s) / len(s) * np.eye(len(s))
    w = np.linalg.solve(s, m1 - m0)
    return w, -w @ (m0 + m1) / 2


def decision(model, f):
    return f @ model[0] + model[1]


def load(store):
    meta = json.load(open(store + '/store.json'))
    size, count = meta['recordBytes'], meta['windowCount']
    index = open(store + '/windows.bin', 'rb').read()
    eeg = np.memmap(store + '/eeg.f32', dtype='<f4', mode='r')
    fnirs = np.memmap(store + '/fnirs.f32', dtype='<f4', mode='r')
    e, n, y, s, t = [], [], [], [], []
    for i in range(count):
        rec = index[i * size:(i + 1) * size]
        recording, flags, label = struct.unpack_from('<iii', rec, 0)
        eo, ec, en = struct.unpack_from('<qii', rec, 24)
        fo, fc, fn = struct.unpack_from('<qii', rec, 24 + 56)
        if eo < 0 or fo < 0:
            continue
        r = meta['recordings'][recording]
        e.append(np.array(eeg[eo // 4:eo // 4 + ec * en]).reshape(ec, en))
        n.append(np.array(fnirs[fo // 4:fo // 4 + fc * fn]).reshape(fc, fn))
        y.append(label if flags & 1 else -1)
        s.append(r['subject'])
        t.append(r['task'])
    return np.array(e), np.array(n), np.array(y), np.array(s), np.array(t)


def main(stores):
    print('store                                              labels  eeg    fnirs  late   early')
    for store in stores:
        e, n, y, s, t = load(store)
        lv = np.log(e.var(2))
        for subject in np.unique(s):
            q = s == subject
            lv[q] -= lv[q & (t == 'rest')].mean(0)
        k = n.shape[2]
        fn = np.concatenate([n[:, :, k // 3:2 * k // 3].mean(2) - n[:, :, :k // 6].mean(2),
                             n[:, :, k // 2:].mean(2) - n[:, :, :k // 2].mean(2)], 1)
        both = np.hstack([lv, fn])
        task = (t == 'mi') & (y >= 0)
        test = task & ~np.isin(s, TRAIN)
        rng = np.random.default_rng(0)
        for per_class in [5, 10, None]:
            rows = []
            for _ in range(5 if per_class else 1):
                chosen = np.zeros(len(y), bool)
                for subject in TRAIN:
                    for c in [0, 1]:
                        idx = np.where(task & (s == subject) & (y == c))[0]
                        chosen[idx if per_class is None else rng.choice(idx, per_class, replace=False)] = True
                de = decision(lda_fit(lv[chosen], y[chosen]), lv[test])
                dn = decision(lda_fit(fn[chosen], y[chosen]), fn[test])
                db = decision(lda_fit(both[chosen], y[chosen]), both[test])
                rows.append([((d > 0) == (y[test] == 1)).mean() for d in (de, dn, de + dn, db)])
            print('%-50s %-6s %s' % (store[-50:], per_class or 'all', '  '.join('%.3f' % v for v in np.mean(rows, 0))))


if __name__ == '__main__':
    main(sys.argv[1:])
