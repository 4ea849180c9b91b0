#!/usr/bin/env python3
"""MNE-Python + scikit-learn's CSP + LDA on the PhysioNet EEG Motor Movement/Imagery Database's imagery runs:
the reference neurofusion's eeg-csp is compared with (issue 16). Real data (Schalk et al. 2004; Goldberger et
al. 2000, ODC-By 1.0).

The pipeline, as the issue fixes it: each run read from its EDF file, channels standardised (eegbci.standardize),
band-passed 8-30 Hz (MNE's default FIR, firwin design), epochs 0.5-2.5 s after each T1 (left fist) and T2 (right
fist) cue, CSP with 6 components and Ledoit-Wolf covariance (log-variance features), LDA.

Protocols:
  within-shuffled  5-fold x 2 stratified, shuffled (RepeatedStratifiedKFold, random_state 42): the issue's
                   reference protocol, as MNE's and MOABB's examples do it.
  within-blocked   neurofusion's within-subject protocol rebuilt: each subject's trials in time order cut into 10
                   contiguous blocks, 2 blocks dealt to each of 5 folds at random, repeated 10 times. Shuffled
                   folds put trials seconds apart into train and test; blocked folds do not.
  loso             leave one subject out: train on the other 9 subjects' trials, test on all of the held-out one's.

Usage (Debian's python3-mne and python3-sklearn; MNE 1.3.0 and scikit-learn 1.2.1 were used):
  /usr/bin/python3 tools/reference/eegmmidb_csp_reference.py ../shared/data/eeg/eegmmidb \
      tools/reference/eegmmidb_csp_reference.json
Writes the JSON (accuracy per subject and protocol, and the trial counts; EegmmidbReferenceTest reads the copy
committed beside this script) and prints a table.
"""
import json
import sys
from pathlib import Path

import mne
import numpy as np
from mne.datasets import eegbci
from mne.decoding import CSP
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.model_selection import RepeatedStratifiedKFold
from sklearn.pipeline import Pipeline

RUNS = (4, 8, 12)
EVENTS = {"T1": 0, "T2": 1}  # left fist, right fist
TMIN, TMAX = 0.5, 2.5
BAND = (8.0, 30.0)


def subject_epochs(folder, subject):
    """Trials of one subject in time order: X (trials x channels x samples), y, and the run of each trial."""
    xs, ys, runs = [], [], []
    for run in RUNS:
        name = "S%03dR%02d.edf" % (subject, run)
        path = folder / name if (folder / name).exists() else folder / ("S%03d" % subject) / name
        raw = mne.io.read_raw_edf(path, preload=True, verbose="error")
        eegbci.standardize(raw)
        raw.set_montage("standard_1005")
        raw.filter(*BAND, fir_design="firwin", skip_by_annotation="edge", verbose="error")
        events, ids = mne.events_from_annotations(raw, event_id={k: v + 1 for k, v in EVENTS.items()},
                                                  verbose="error")
        epochs = mne.Epochs(raw, events, event_id={k: v + 1 for k, v in EVENTS.items()}, tmin=TMIN, tmax=TMAX,
                            baseline=None, picks="eeg", preload=True, verbose="error")
        # 2 s at 160 Hz: 320 samples, as neurofusion cuts them (MNE's tmax is inclusive and would give 321)
        xs.append(epochs.get_data()[:, :, :320])
        ys.append(epochs.events[:, 2] - 1)
        runs.extend([run] * len(epochs))
    return np.concatenate(xs), np.concatenate(ys), np.array(runs)


def pipeline():
    return Pipeline([("csp", CSP(n_components=6, reg="ledoit_wolf", log=True, norm_trace=False)),
                     ("lda", LinearDiscriminantAnalysis())])


def within_shuffled(x, y):
    accs = []
    for train, test in RepeatedStratifiedKFold(n_splits=5, n_repeats=2, random_state=42).split(x, y):
        accs.append(pipeline().fit(x[train], y[train]).score(x[test], y[test]))
    return float(np.mean(accs))


def within_blocked(x, y, seed):
    rng = np.random.default_rng(seed)
    blocks = np.array_split(np.arange(len(y)), 10)
    accs = []
    for _ in range(10):
        order = rng.permutation(10)
        for f in range(5):
            test = np.concatenate([blocks[b] for b in order[2 * f:2 * f + 2]])
            train = np.setdiff1d(np.arange(len(y)), test)
            if len(np.unique(y[train])) < 2:
                continue
            accs.append(pipeline().fit(x[train], y[train]).score(x[test], y[test]))
    return float(np.mean(accs))


def main():
    mne.set_log_level("ERROR")
    folder = Path(sys.argv[1])
    out = Path(sys.argv[2])
    subjects = sorted({int(p.name[1:4]) for p in list(folder.glob("S???R??.edf")) + list(folder.glob("S???/*.edf"))})
    data = {s: subject_epochs(folder, s) for s in subjects}
    result = {"mne": mne.__version__, "pipeline": "8-30 Hz FIR, epochs %.1f-%.1f s, CSP(6, ledoit_wolf) + LDA"
              % (TMIN, TMAX), "trials": {}, "within_shuffled": {}, "within_blocked": {}, "loso": {}}
    for s, (x, y, _) in data.items():
        label = "%03d" % s
        result["trials"][label] = {"left_hand": int((y == 0).sum()), "right_hand": int((y == 1).sum())}
        result["within_shuffled"][label] = within_shuffled(x, y)
        result["within_blocked"][label] = within_blocked(x, y, 42 + s)
    for s in subjects:
        train = [t for t in subjects if t != s]
        xt = np.concatenate([data[t][0] for t in train])
        yt = np.concatenate([data[t][1] for t in train])
        result["loso"]["%03d" % s] = float(pipeline().fit(xt, yt).score(data[s][0], data[s][1]))
    out.write_text(json.dumps(result, indent=1) + "\n")
    print("%-8s %8s %8s %8s" % ("subject", "shuffled", "blocked", "loso"))
    for s in subjects:
        label = "%03d" % s
        print("%-8s %8.3f %8.3f %8.3f" % (label, result["within_shuffled"][label], result["within_blocked"][label],
                                          result["loso"][label]))
    print("%-8s %8.3f %8.3f %8.3f" % ("mean", *(np.mean(list(result[k].values()))
                                                for k in ("within_shuffled", "within_blocked", "loso"))))


if __name__ == "__main__":
    main()
