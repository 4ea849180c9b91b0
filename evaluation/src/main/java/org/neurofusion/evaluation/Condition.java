package org.neurofusion.evaluation;

import java.util.Arrays;
import java.util.Locale;
import org.neurofusion.core.ChannelType;

/** A named classical baseline a benchmark can run, with the modalities it reads (for the results table). */
public enum Condition {
    /** CSP log-variance features of the EEG channels, shrinkage LDA. */
    EEG_CSP("eeg-csp", "eeg"),
    /** Mean and slope of the HbR channels, shrinkage LDA. */
    FNIRS_HBR("fnirs-hbr", "fnirs"),
    /** Mean and slope of the HbO channels, shrinkage LDA. */
    FNIRS_HBO("fnirs-hbo", "fnirs"),
    /** Meta-classifier over the scores of the three above (Shin et al. 2017). */
    HYBRID("hybrid", "eeg+fnirs");

    private final String id;
    private final String modalities;

    Condition(String id, String modalities) {
        this.id = id;
        this.modalities = modalities;
    }

    /** The name used on the command line and in results ({@code eeg-csp}, ...). */
    public String id() {
        return id;
    }

    /** The modalities it reads, as written in the results' {@code modalities} column. */
    public String modalities() {
        return modalities;
    }

    /** A fresh classifier with the default settings. */
    public WindowClassifier classifier() {
        return switch (this) {
            case EEG_CSP -> new CspLda();
            case FNIRS_HBR -> new FnirsMeanSlope(ChannelType.HBR);
            case FNIRS_HBO -> new FnirsMeanSlope(ChannelType.HBO);
            case HYBRID -> new Hybrid();
        };
    }

    /**
     * The condition of this name (case-insensitive).
     *
     * @throws IllegalArgumentException naming the known conditions when there is none
     */
    public static Condition parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Condition c : values()) {
            if (c.id.equals(n)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown condition '" + name + "'; known: "
                + Arrays.stream(values()).map(Condition::id).toList());
    }
}
