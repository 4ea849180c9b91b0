#!/usr/bin/python3
"""MNE-Python 1.3 timing of SignalBenchmark's chain on a RawArray: filter(1, 40), notch_filter(50), resample(250).

Usage: /usr/bin/python3 tools/reference/mne_signal_bench.py CHANNELS SECONDS [N_JOBS]   (1000 Hz data)
"""
import sys, time
import numpy as np
import mne

mne.set_log_level("WARNING")
ch, sec, fs = int(sys.argv[1]), float(sys.argv[2]), 1000.0
n_jobs = int(sys.argv[3]) if len(sys.argv) > 3 else 1
n = int(round(sec * fs))
t = np.arange(n) / fs
rng = np.random.default_rng(0)
data = np.empty((ch, n))
for c in range(ch):
    data[c] = 1e-5 * (rng.random(n) - 0.5) + 2e-5 * np.sin(2 * np.pi * 10 * t + rng.random() * 6.28) \
        + 5e-6 * np.sin(2 * np.pi * 50 * t)
raw = mne.io.RawArray(data, mne.create_info(ch, fs, "eeg"))
del data
total = 0
for name, f in [("band-pass 1-40 Hz", lambda: raw.filter(1, 40, n_jobs=n_jobs)),
                ("notch 50 Hz", lambda: raw.notch_filter(50, n_jobs=n_jobs)),
                ("resample to 250 Hz", lambda: raw.resample(250, n_jobs=n_jobs))]:
    t0 = time.perf_counter()
    f()
    dt = time.perf_counter() - t0
    total += dt
    print("%-20s n_jobs=%d %8.2f s %12.3g samples/s" % (name, n_jobs, dt, ch * n / dt), flush=True)
print("%-20s n_jobs=%d %8.2f s %12.3g samples/s" % ("whole chain", n_jobs, total, ch * n / total))
