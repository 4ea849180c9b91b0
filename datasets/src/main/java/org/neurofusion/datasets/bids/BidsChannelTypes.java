package org.neurofusion.datasets.bids;

import java.util.Locale;
import java.util.Optional;
import org.neurofusion.core.ChannelType;

/**
 * Channel types as BIDS writes them in {@code _channels.tsv} ({@code EEG}, {@code TRIG}, {@code NIRSCWHBO})
 * and as this project names them (MNE's names). Types with no counterpart here read as {@code misc}.
 */
public final class BidsChannelTypes {
    private BidsChannelTypes() {
    }

    /** The BIDS type of a channel type. */
    public static String toBids(ChannelType t) {
        return switch (t) {
            case EEG -> "EEG";
            case EOG -> "EOG";
            case ECG -> "ECG";
            case EMG -> "EMG";
            case SEEG -> "SEEG";
            case ECOG -> "ECOG";
            case RESP -> "RESP";
            case GSR -> "GSR";
            case TEMPERATURE -> "TEMP";
            case STIM -> "TRIG";
            case MAG -> "MEGMAG";
            case GRAD -> "MEGGRADPLANAR";
            case REF_MEG -> "MEGREFMAG";
            case FNIRS_CW_AMPLITUDE -> "NIRSCWAMPLITUDE";
            case FNIRS_OD -> "NIRSCWOPTICALDENSITY";
            case HBO -> "NIRSCWHBO";
            case HBR -> "NIRSCWHBR";
            case BIO, MISC, BOLD -> "MISC";
        };
    }

    /** The channel type of a BIDS type (case-insensitive); empty for types this project has no name for. */
    public static Optional<ChannelType> fromBids(String bids) {
        ChannelType t = switch (bids.trim().toUpperCase(Locale.ROOT)) {
            case "EEG" -> ChannelType.EEG;
            case "EOG", "VEOG", "HEOG" -> ChannelType.EOG;
            case "ECG" -> ChannelType.ECG;
            case "EMG" -> ChannelType.EMG;
            case "SEEG" -> ChannelType.SEEG;
            case "ECOG" -> ChannelType.ECOG;
            case "RESP" -> ChannelType.RESP;
            case "GSR" -> ChannelType.GSR;
            case "TEMP" -> ChannelType.TEMPERATURE;
            case "TRIG" -> ChannelType.STIM;
            case "MISC", "SYSCLOCK", "ADC", "DAC", "REF", "PPG", "AUDIO", "PUPIL", "EYEGAZE" -> ChannelType.MISC;
            case "MEGMAG" -> ChannelType.MAG;
            case "MEGGRADPLANAR", "MEGGRADAXIAL" -> ChannelType.GRAD;
            case "MEGREFMAG", "MEGREFGRADAXIAL", "MEGREFGRADPLANAR" -> ChannelType.REF_MEG;
            case "NIRSCWAMPLITUDE" -> ChannelType.FNIRS_CW_AMPLITUDE;
            case "NIRSCWOPTICALDENSITY" -> ChannelType.FNIRS_OD;
            case "NIRSCWHBO" -> ChannelType.HBO;
            case "NIRSCWHBR" -> ChannelType.HBR;
            default -> null;
        };
        return Optional.ofNullable(t);
    }
}
