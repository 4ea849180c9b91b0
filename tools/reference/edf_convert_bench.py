#!/usr/bin/python3
"""The convert / preprocess comparison with MNE-Python 1.3 on one large EDF, as whole processes.

Usage:
  /usr/bin/python3 tools/reference/edf_convert_bench.py make FILE.edf [CHANNELS MINUTES RATE]
      writes a 16-bit EDF (default 64 channels x 30 minutes x 1000 Hz, 1 s records): 10 Hz alpha,
      50 Hz line noise and white noise per channel, in microvolts. Needs numpy only.
  /usr/bin/python3 tools/reference/edf_convert_bench.py convert FILE.edf OUT.npy
      MNE's equivalent of 'neurofusion convert FILE OUT.npy': read_raw_edf(preload=True), get_data(),
      np.save (float64, channels x samples, volts).
  /usr/bin/python3 tools/reference/edf_convert_bench.py preprocess FILE.edf OUT.npy [N_JOBS]
      MNE's equivalent of 'neurofusion preprocess FILE OUT.npy --bandpass 1,40 --notch 50 --resample 250':
      filter(1, 40), notch_filter at 50 Hz and its harmonics below Nyquist (as neurofusion's --notch does;
      MNE's notch_filter(50) alone would leave 100..450 Hz), resample(250), get_data(), np.save.
  tools/reference/edf_convert_bench.sh FILE.edf   times both programs, best of three (see there).

The data file is large (64 x 1.8e6 x 2 bytes = 230 MB): keep it outside the repository, e.g. in /tmp.
"""
import sys


def make(path, channels=64, minutes=30, rate=1000):
    import numpy as np
    seconds = int(minutes * 60)
    rng = np.random.default_rng(0)
    phys_min, phys_max, dig_min, dig_max = -3276.8, 3276.7, -32768, 32767
    gain = (phys_max - phys_min) / (dig_max - dig_min)

    def field(value, width):
        text = str(value)
        if len(text) > width:
            raise ValueError("%r does not fit in %d characters" % (text, width))
        return text.ljust(width).encode("ascii")

    labels = ["EEG%03d" % (c + 1) for c in range(channels)]
    header = b"".join([field(0, 8), field("X X X X", 80), field("Startdate 01-JAN-2024 X X bench", 80),
                       field("01.01.24", 8), field("00.00.00", 8), field(256 * (channels + 1), 8),
                       field("", 44), field(seconds, 8), field(1, 8), field(channels, 4)])
    for width, values in [(16, labels), (80, ["AgAgCl electrode"] * channels), (8, ["uV"] * channels),
                          (8, [phys_min] * channels), (8, [phys_max] * channels), (8, [dig_min] * channels),
                          (8, [dig_max] * channels), (80, ["HP:0.1Hz LP:250Hz"] * channels),
                          (8, [rate] * channels), (32, [""] * channels)]:
        header += b"".join(field(v, width) for v in values)
    phase = rng.random(channels)[:, None] * 2 * np.pi
    with open(path, "wb") as f:
        f.write(header)
        # One minute of records at a time: bounded memory, records of all channels interleaved as EDF stores them.
        for m0 in range(0, seconds, 60):
            m = min(60, seconds - m0)
            t = (m0 + np.arange(m * rate) / rate)[None, :]
            uv = 20 * np.sin(2 * np.pi * 10 * t + phase) + 5 * np.sin(2 * np.pi * 50 * t) \
                + 10 * rng.standard_normal((channels, m * rate))
            digital = np.clip(np.round((uv - phys_min) / gain + dig_min), dig_min, dig_max).astype("<i2")
            # (channels, records, rate) -> (records, channels, rate): one record holds a second of every channel.
            f.write(digital.reshape(channels, m, rate).transpose(1, 0, 2).tobytes())


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    if argv[1] == "make":
        make(argv[2], *(int(a) for a in argv[3:6]))
        return
    import numpy as np
    import mne
    mne.set_log_level("WARNING")
    raw = mne.io.read_raw_edf(argv[2], preload=True)
    if argv[1] == "preprocess":
        n_jobs = int(argv[4]) if len(argv) > 4 else 1
        raw.filter(1, 40, n_jobs=n_jobs)
        fs = raw.info["sfreq"]
        # neurofusion's harmonics: k x 50 Hz while the stop band and half the 1 Hz transition stay below Nyquist.
        harmonics = [k * 50.0 for k in range(1, int(fs)) if k * 50.0 * (1 + 1 / 400) + 0.5 <= fs / 2]
        raw.notch_filter(harmonics, n_jobs=n_jobs)
        raw.resample(250, n_jobs=n_jobs)
    elif argv[1] != "convert":
        sys.exit(__doc__)
    np.save(argv[3], raw.get_data())


if __name__ == "__main__":
    main(sys.argv)
