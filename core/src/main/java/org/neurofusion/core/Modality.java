package org.neurofusion.core;

/** The recording method a channel belongs to; encoders are trained one per modality. */
public enum Modality {
    EEG, FNIRS, MEG, FMRI,
    /** Physiological and auxiliary channels (ECG, EMG, respiration, triggers, ...). */
    OTHER
}
