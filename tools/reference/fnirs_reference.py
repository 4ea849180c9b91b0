#!/usr/bin/python3
"""Reference numbers for the fNIRS processing tests, from MNE-Python 1.3 (Debian's python3-mne) on a NIRx
recording of ../shared/data. Run from the repository root:

    /usr/bin/python3 tools/reference/fnirs_reference.py

It rewrites modalities/src/test/resources/org/neurofusion/modalities/fnirs/mne_reference.json.
"""
import json
import mne
from mne.preprocessing.nirs import (optical_density, scalp_coupling_index,
                                    temporal_derivative_distribution_repair)

rel = "fnirs/mne_testing_data/NIRx/nirscout/nirx_15_2_recording_w_short"
raw = mne.io.read_raw_nirx("../shared/data/" + rel, preload=True, verbose=False)
od = optical_density(raw)
sci = scalp_coupling_index(od, verbose=False)
tddr = temporal_derivative_distribution_repair(od)
out = {"mne": mne.__version__, "file": rel,
       "sci": dict(zip(od.ch_names, [float(v) for v in sci])),
       "tddr": {name: tddr.get_data(picks=[name])[0].tolist() for name in od.ch_names[:6]},
       "od": {name: od.get_data(picks=[name])[0].tolist() for name in od.ch_names[:6]}}
path = "modalities/src/test/resources/org/neurofusion/modalities/fnirs/mne_reference.json"
with open(path, "w") as f:
    json.dump(out, f)
print("wrote", path)
