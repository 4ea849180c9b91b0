package org.neurofusion.core;

import java.util.Locale;

/**
 * The kind of signal a channel carries, named exactly as MNE-Python names it ({@link #mneName()}), so
 * users recognise it and files exchanged with MNE keep their meaning.
 */
public enum ChannelType {
    EEG("eeg", Modality.EEG, "V"),
    EOG("eog", Modality.OTHER, "V"),
    ECG("ecg", Modality.OTHER, "V"),
    EMG("emg", Modality.OTHER, "V"),
    SEEG("seeg", Modality.OTHER, "V"),
    ECOG("ecog", Modality.OTHER, "V"),
    RESP("resp", Modality.OTHER, "AU"),
    BIO("bio", Modality.OTHER, "AU"),
    GSR("gsr", Modality.OTHER, "S"),
    TEMPERATURE("temperature", Modality.OTHER, "K"),
    STIM("stim", Modality.OTHER, "AU"),
    MISC("misc", Modality.OTHER, "AU"),
    MAG("mag", Modality.MEG, "T"),
    GRAD("grad", Modality.MEG, "T/m"),
    REF_MEG("ref_meg", Modality.MEG, "T"),
    FNIRS_CW_AMPLITUDE("fnirs_cw_amplitude", Modality.FNIRS, "V"),
    FNIRS_OD("fnirs_od", Modality.FNIRS, "AU"),
    HBO("hbo", Modality.FNIRS, "mol/L"),
    HBR("hbr", Modality.FNIRS, "mol/L"),
    BOLD("bold", Modality.FMRI, "AU");

    private final String mneName;
    private final Modality modality;
    private final String defaultUnit;

    ChannelType(String mneName, Modality modality, String defaultUnit) {
        this.mneName = mneName;
        this.modality = modality;
        this.defaultUnit = defaultUnit;
    }

    /** The name MNE-Python gives this type ({@code eeg}, {@code ref_meg}, {@code hbo}, ...). */
    public String mneName() {
        return mneName;
    }

    /** The modality this type belongs to. */
    public Modality modality() {
        return modality;
    }

    /** The SI unit values of this type usually carry at the API. */
    public String defaultUnit() {
        return defaultUnit;
    }

    /**
     * The type with this MNE name (case-insensitive).
     *
     * @throws IllegalArgumentException naming the known types when there is none
     */
    public static ChannelType fromMneName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (ChannelType t : values()) {
            if (t.mneName.equals(n)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown channel type '" + name + "'; known: "
                + java.util.Arrays.stream(values()).map(ChannelType::mneName).toList());
    }
}
