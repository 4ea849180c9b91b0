#!/usr/bin/env python3
"""Writes modalities' standard montage resources (standard_1005.tsv, standard_1020.tsv) from the .elc
files MNE-Python 1.3.0 ships (../shared/data/montages/), in MNE's head frame, in metres.

How MNE 1.3.0 places these montages, as checked against expected/eegmmidb_montage.json (to 3.4e-9 m):
the .elc coordinates (mm) are taken as MNI coordinates of the fsaverage head, in metres, without scaling;
the file's own LPA/RPA/Nz rows are not used as fiducials but replaced by fsaverage's fiducials (the float32
values of mne/data/fsaverage/fsaverage-fiducials.fif); the head frame then has its x axis from LPA through
RPA, its origin where the perpendicular from the nasion meets that axis, y towards the nasion, z = x cross y.

Usage: python3 tools/reference/montage_reference.py ../shared/data/montages modalities/src/main/resources/org/neurofusion/modalities/montage
"""
import sys
import numpy as np

# fsaverage's fiducials in MNI (metres), stored as float32 in MNE's fsaverage-fiducials.fif.
FSAVERAGE = {
    "LPA": (-0.08061611652374268, -0.02908875234425068, -0.04131076857447624),
    "Nasion": (0.0014676303835585713, 0.08506715297698975, -0.03483611345291138),
    "RPA": (0.08436284959316254, -0.02850276418030262, -0.041277434676885605),
}
FIDUCIAL_ROWS = {"LPA", "RPA", "Nz"}


def read_elc(path):
    lines = open(path).read().splitlines()
    start = next(i for i, l in enumerate(lines) if l.strip() == "Positions")
    labels = next(i for i, l in enumerate(lines) if l.strip() == "Labels")
    pos = [[float(v) for v in l.split()] for l in lines[start + 1:labels] if l.strip()]
    names = [l.strip() for l in lines[labels + 1:] if l.strip()]
    assert len(pos) == len(names), (path, len(pos), len(names))
    return names, np.array(pos) * 1e-3


def head_frame():
    f = {k: np.array(v, dtype=np.float32).astype(np.float64) for k, v in FSAVERAGE.items()}
    ex = f["RPA"] - f["LPA"]
    ex /= np.linalg.norm(ex)
    origin = f["LPA"] + np.dot(f["Nasion"] - f["LPA"], ex) * ex
    ey = f["Nasion"] - origin
    ey /= np.linalg.norm(ey)
    rot = np.array([ex, ey, np.cross(ex, ey)])
    return (lambda p: rot @ (p - origin)), f


def write(elc, out, title):
    to_head, fid = head_frame()
    names, pos = read_elc(elc)
    with open(out, "w") as w:
        w.write(f"# {title}: electrode positions of Oostenveld & Praamstra (2001), 'The five percent electrode\n"
                "# system for high-resolution EEG and ERP measurements', Clin Neurophysiol 112:713-719, as MNE-Python\n"
                "# 1.3.0 ships them (mne/channels/data/montages/*.elc, BSD-3-Clause), placed in MNE's head frame.\n"
                "# Derivation (tools/reference/montage_reference.py): .elc millimetres taken as MNI metres (no scaling);\n"
                "# fiducials are fsaverage's (MNE's fsaverage-fiducials.fif), not the file's LPA/RPA/Nz rows, which MNE\n"
                "# does not place as channels; x from LPA through RPA, origin at the foot of the perpendicular from the\n"
                "# nasion to that axis, y towards the nasion, z = x cross y. Checked against MNE 1.3.0 to 1e-8 m.\n"
                "# Columns: kind (fiducial | electrode), name, x, y, z in metres.\n")
        for k in ("LPA", "Nasion", "RPA"):
            x, y, z = to_head(fid[k])
            w.write(f"fiducial\t{k}\t{x:.12f}\t{y:.12f}\t{z:.12f}\n")
        for n, p in zip(names, pos):
            if n in FIDUCIAL_ROWS:
                continue
            x, y, z = to_head(p)
            w.write(f"electrode\t{n}\t{x:.12f}\t{y:.12f}\t{z:.12f}\n")


if __name__ == "__main__":
    src, dst = sys.argv[1], sys.argv[2]
    write(f"{src}/standard_1005.elc", f"{dst}/standard_1005.tsv", "standard_1005 (10-05 system, 343 electrodes)")
    write(f"{src}/standard_1020.elc", f"{dst}/standard_1020.tsv", "standard_1020 (10-20 system, 94 electrodes)")
