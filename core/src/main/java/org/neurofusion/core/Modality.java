package org.neurofusion.core;

/** The recording method a channel belongs to; encoders are trained one per modality. */
public enum Modality {
    EEG, FNIRS, MEG, FMRI,
    /** Physiological and auxiliary channels (ECG, EMG, respiration, triggers, ...). */
    OTHER;

    /**
     * The modality named {@code name}, in any case ({@code eeg}, {@code FNIRS}).
     *
     * @throws IllegalArgumentException naming the known modalities when there is none of that name
     */
    public static Modality parse(String name) {
        for (Modality m : values()) {
            if (m.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown modality '" + name + "'; known: "
                + java.util.Arrays.toString(values()).toLowerCase(java.util.Locale.ROOT));
    }
}
