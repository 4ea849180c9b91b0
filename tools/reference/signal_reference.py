#!/usr/bin/python3
"""Reference numbers for the signal-processing tests, from SciPy and MNE-Python (Debian's python3-scipy
1.10 and python3-mne 1.3). Run from the repository root:

    /usr/bin/python3 tools/reference/signal_reference.py

It rewrites modalities/src/test/resources/org/neurofusion/modalities/signal/scipy_reference.json.
"""
import json
import numpy as np
import scipy
import scipy.signal as ss
import mne

rng = np.random.RandomState(20261123)
out = {"scipy": scipy.__version__, "mne": mne.__version__, "firwin": [], "mne_filter": [], "butter": []}

for numtaps, cutoff, pass_zero, fs in [(31, [10.0], True, 100.0), (51, [5.0, 15.0], False, 100.0),
                                       (41, [20.0], False, 250.0), (65, [8.0, 12.0], True, 128.0)]:
    h = ss.firwin(numtaps, cutoff, window="hamming", pass_zero=pass_zero, fs=fs)
    out["firwin"].append({"numtaps": numtaps, "cutoff": cutoff, "pass_zero": pass_zero, "fs": fs,
                          "taps": h.tolist()})

x = rng.randn(700)
for l, h, lt, ht, fs in [(0.7, 1.5, 0.3, 0.3, 12.5), (1.0, 40.0, "auto", "auto", 250.0),
                         (None, 30.0, None, "auto", 200.0), (0.5, None, "auto", None, 100.0)]:
    kw = {}
    if lt is not None:
        kw["l_trans_bandwidth"] = lt
    if ht is not None:
        kw["h_trans_bandwidth"] = ht
    taps = mne.filter.create_filter(None, fs, l, h, fir_design="firwin", verbose=False, **kw)
    y = mne.filter.filter_data(x[np.newaxis, :], fs, l, h, fir_design="firwin", verbose=False, **kw)[0]
    out["mne_filter"].append({"l_freq": l, "h_freq": h, "l_trans": lt, "h_trans": ht, "fs": fs,
                              "taps": taps.tolist(), "input": x.tolist(), "output": y.tolist()})

for order, cutoff, btype, fs in [(3, 0.5, "low", 10.0), (4, 1.0, "high", 100.0), (2, 40.0, "low", 250.0)]:
    b, a = ss.butter(order, cutoff, btype=btype, fs=fs)
    y = ss.filtfilt(b, a, x)
    zi = ss.lfilter_zi(b, a)
    yl = ss.lfilter(b, a, x)
    out["butter"].append({"order": order, "cutoff": cutoff, "btype": btype, "fs": fs, "b": b.tolist(),
                          "a": a.tolist(), "zi": zi.tolist(), "input": x.tolist(), "lfilter": yl.tolist(),
                          "filtfilt": y.tolist()})

path = "modalities/src/test/resources/org/neurofusion/modalities/signal/scipy_reference.json"
with open(path, "w") as f:
    json.dump(out, f)
print("wrote", path)
