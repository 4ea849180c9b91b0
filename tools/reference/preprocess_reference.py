#!/usr/bin/python3
"""MNE-Python 1.3's result for the preprocessing chain that `neurofusion preprocess` test runs on a PhysioNet
EDF of ../shared/data: pick, raw.filter(1, 40), notch_filter(60), resample(100), average reference. Run from
the repository root with Debian's python3-mne:

    /usr/bin/python3 tools/reference/preprocess_reference.py

It rewrites cli/src/test/resources/org/neurofusion/cli/mne_preprocess_reference.json.
"""
import json
import mne

raw = mne.io.read_raw_edf("../shared/data/eeg/physionet_eegmmidb/S001R04.edf", preload=True, verbose="error")
names = ["C3..", "C4..", "Cz.."]
raw.pick(names)
raw.filter(1, 40, verbose="error")
raw.notch_filter(60, verbose="error")
raw.resample(100, verbose="error")
raw.set_eeg_reference("average", verbose="error")
data = raw.get_data()
out = {"mne": mne.__version__, "channels": names, "sfreq": raw.info["sfreq"], "n_times": data.shape[1],
       "data": data.tolist()}
path = "cli/src/test/resources/org/neurofusion/cli/mne_preprocess_reference.json"
with open(path, "w") as f:
    json.dump(out, f)
print("wrote", path)
