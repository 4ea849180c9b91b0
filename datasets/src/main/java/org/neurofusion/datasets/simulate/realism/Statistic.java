package org.neurofusion.datasets.simulate.realism;

/**
 * One statistic of the realism report: its label, unit, and how a simulated median is judged against the real
 * range ({@link Scale}). Values are collected per recording as lists (one per channel, pair, trial or window, as
 * each statistic's description says).
 */
public enum Statistic {
    EEG_RMS("EEG RMS, 1-40 Hz, average reference (per channel)", "µV", Scale.FACTOR),
    EEG_SLOPE("1/f slope, log-log fit 2-40 Hz without 7-14 Hz (per channel)", "", Scale.FACTOR),
    ALPHA_FREQUENCY("alpha peak frequency, 7-14 Hz, occipital (per channel)", "Hz", Scale.FACTOR),
    ALPHA_PROMINENCE("alpha peak over the 1/f fit, occipital (per channel)", "dB", Scale.DECIBEL),
    MU_PROMINENCE("mu peak (7-14 Hz) over the 1/f fit, C3/C4 (per channel)", "dB", Scale.DECIBEL),
    POWER_CV_1S("8-30 Hz power variability (std/mean) in 1-s windows, C3/C4", "", Scale.FACTOR),
    POWER_CV_4S("8-30 Hz power variability (std/mean) in 4-s windows, C3/C4", "", Scale.FACTOR),
    POWER_C3_C4_CORRELATION("correlation of C3 and C4 8-30 Hz power in 1-s windows (per recording)", "",
            Scale.FACTOR),
    ERD_CONTRA("ERD contralateral, 8-30 Hz, 0.5-4 s vs -2-0 s (per trial)", "dB", Scale.DECIBEL),
    ERD_CONTRA_SPREAD("trial spread (std) of contralateral ERD (per recording)", "dB", Scale.DECIBEL),
    ERD_LATERALITY("ERD contralateral minus ipsilateral (per trial)", "dB", Scale.DECIBEL),
    ERD_LATERALITY_SPREAD("trial spread (std) of contra-minus-ipsi ERD (per recording)", "dB", Scale.DECIBEL),
    FRONTAL_KURTOSIS("kurtosis (Gaussian = 3) of 1-40 Hz frontal EEG, Fp1/Fp2/Fpz/AF7/AF8", "", Scale.FACTOR),
    FRONTAL_EVENTS("frontal excursions over 100 µV per minute, 1-40 Hz (per channel)", "/min", Scale.FACTOR),
    INTENSITY_CV_RUN("fNIRS intensity variability (std/mean) over the run (per channel)", "", Scale.FACTOR),
    INTENSITY_CV_10S("fNIRS intensity variability (std/mean) in 10-s windows, median (per channel)", "",
            Scale.FACTOR),
    OD_STD("optical density std (per channel)", "", Scale.FACTOR),
    SCI("scalp coupling index (per pair)", "", Scale.FACTOR),
    CARDIAC_FREQUENCY("cardiac peak frequency in OD, 0.6-2 Hz (per channel)", "Hz", Scale.FACTOR),
    CARDIAC_PROMINENCE("cardiac peak over the 1/f fit of OD (per channel)", "dB", Scale.DECIBEL),
    HBO_STD("HbO std, 0.01-0.5 Hz, ppf 6 (per pair)", "µM", Scale.FACTOR),
    HBR_STD("HbR std, 0.01-0.5 Hz, ppf 6 (per pair)", "µM", Scale.FACTOR),
    HBO_INTERCHANNEL_CORRELATION("median correlation between HbO channels (per recording)", "", Scale.FACTOR),
    MAYER_SHARE("share of HbO power at 0.07-0.13 Hz within 0.01-0.5 Hz (per pair)", "", Scale.FACTOR),
    HBO_HBR_CORRELATION("HbO-HbR correlation, 0.01-0.5 Hz (per pair)", "", Scale.FACTOR),
    EVOKED_HBO("evoked HbO, 5-10 s after the cue vs -2-0 s, mean of motor pairs (per trial)", "µM", Scale.FACTOR),
    EVOKED_HBO_SPREAD("trial spread (std) of evoked HbO (per recording)", "µM", Scale.FACTOR),
    EVOKED_HBR("evoked HbR, 5-10 s after the cue vs -2-0 s, mean of motor pairs (per trial)", "µM", Scale.FACTOR),
    EVOKED_HBR_SPREAD("trial spread (std) of evoked HbR (per recording)", "µM", Scale.FACTOR);

    /** How a simulated median is compared with the real range. */
    public enum Scale {
        /** Linear quantity: flagged more than a factor 2 outside the real range, or of the wrong sign. */
        FACTOR,
        /** Quantity in decibels: flagged more than 3 dB outside the real range, or of the wrong sign. */
        DECIBEL
    }

    private final String label;
    private final String unit;
    private final Scale scale;

    Statistic(String label, String unit, Scale scale) {
        this.label = label;
        this.unit = unit;
        this.scale = scale;
    }

    /** What is measured, and over what (channels, trials...). */
    public String label() {
        return label;
    }

    /** Unit of the values ("" for dimensionless). */
    public String unit() {
        return unit;
    }

    /** How the flag rule compares this statistic. */
    public Scale scale() {
        return scale;
    }
}
