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

# Longer inputs for the FFT paths (overlap-add FIR, notch); same seed stream, drawn after the ones above.
x_long = rng.randn(3000)
out["mne_filter_long"] = []
for l, h, fs in [(1.0, 40.0, 250.0), (None, 10.0, 100.0)]:
    y = mne.filter.filter_data(x_long[np.newaxis, :], fs, l, h, fir_design="firwin", verbose=False)[0]
    out["mne_filter_long"].append({"l_freq": l, "h_freq": h, "fs": fs, "input": x_long.tolist(),
                                   "output": y.tolist()})

out["butter_sos"] = []
for order, wn, btype, fs in [(4, [1.0, 40.0], "bandpass", 250.0), (3, [8.0, 12.0], "bandpass", 128.0),
                             (2, [48.0, 52.0], "bandstop", 250.0), (5, [10.0], "lowpass", 100.0),
                             (4, [2.0], "highpass", 100.0), (1, [5.0, 20.0], "bandpass", 100.0)]:
    sos = ss.butter(order, wn if len(wn) > 1 else wn[0], btype=btype, fs=fs, output="sos")
    out["butter_sos"].append({"order": order, "cutoffs": wn, "btype": btype, "fs": fs, "sos": sos.tolist(),
                              "zi": ss.sosfilt_zi(sos).tolist(), "input": x.tolist(),
                              "sosfilt": ss.sosfilt(sos, x).tolist(),
                              "sosfiltfilt": ss.sosfiltfilt(sos, x).tolist()})

out["notch"] = []
for fs, freqs in [(250.0, [50.0, 100.0]), (500.0, [60.0])]:
    xn = x_long[:2500]
    y = mne.filter.notch_filter(xn, fs, np.array(freqs), method="fir", verbose=False)
    taps = mne.filter.create_filter(None, fs, np.array(freqs) + np.array(freqs) / 400.0 + 0.5,
                                    np.array(freqs) - np.array(freqs) / 400.0 - 0.5, l_trans_bandwidth=0.5,
                                    h_trans_bandwidth=0.5, fir_design="firwin", verbose=False)
    out["notch"].append({"fs": fs, "freqs": freqs, "input": xn.tolist(), "output": y.tolist(),
                         "taps": taps.tolist()})

out["resample_poly"] = []
for up, down in [(1, 4), (3, 2), (2, 1), (5, 3), (4, 6)]:
    out["resample_poly"].append({"up": up, "down": down, "input": x.tolist(),
                                 "output": ss.resample_poly(x, up, down).tolist()})

out["resample_fft"] = []
for num in [175, 1000, 701, 350, 699]:
    out["resample_fft"].append({"num": num, "input": x.tolist(), "output": ss.resample(x, num).tolist()})

out["resample_mne"] = []
for up, down in [(1.0, 4.0), (2.0, 1.0), (2.5, 1.0), (1.0, 3.0), (250.0, 1000.0)]:
    out["resample_mne"].append({"up": up, "down": down, "input": x.tolist(),
                                "output": mne.filter.resample(x, up, down, npad="auto", verbose=False).tolist()})

out["welch"] = []
for fs, nperseg, n in [(250.0, 256, 2000), (100.0, 100, 1001), (250.0, 256, 200)]:
    xw = x_long[:n]
    f, pxx = ss.welch(xw, fs, nperseg=nperseg) if nperseg != 256 else ss.welch(xw, fs)
    band = (f >= 8.0) & (f <= 12.0)
    out["welch"].append({"fs": fs, "nperseg": nperseg, "input": xw.tolist(), "f": f.tolist(),
                         "psd": pxx.tolist(), "alpha_power": float(np.trapz(pxx[band], f[band]))})

path = "modalities/src/test/resources/org/neurofusion/modalities/signal/scipy_reference.json"
with open(path, "w") as f:
    json.dump(out, f)
print("wrote", path)
