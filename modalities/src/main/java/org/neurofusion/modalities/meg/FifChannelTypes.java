package org.neurofusion.modalities.meg;

import java.util.Map;
import org.neurofusion.core.ChannelType;

/**
 * What a FIF channel is, as MNE-Python decides it: first by the FIFF channel kind, then, for MEG channels, by the
 * unit (T/m: planar gradiometer {@code grad}; otherwise {@code mag}) and, for fNIRS channels, by the coil type.
 * MNE types without a project {@link ChannelType} (chpi, syst, ias, exci, dipole, gof, dbs, eyetrack) are
 * {@code misc} here, their MNE name kept in the channel's {@code mne_type} attribute.
 */
final class FifChannelTypes {
    static final int MEG = 1;
    static final int EEG = 2;
    static final int STIM = 3;
    static final int REF_MEG = 301;
    static final int FNIRS = 1100;
    static final int UNIT_T_M = 201;

    /** MNE's type name for each channel kind (before the MEG and fNIRS refinements). */
    private static final Map<Integer, String> BY_KIND = Map.ofEntries(Map.entry(MEG, "meg"),
            Map.entry(REF_MEG, "ref_meg"), Map.entry(EEG, "eeg"), Map.entry(STIM, "stim"), Map.entry(202, "eog"),
            Map.entry(302, "emg"), Map.entry(402, "ecg"), Map.entry(502, "misc"), Map.entry(602, "resp"),
            Map.entry(920, "exci"), Map.entry(910, "ias"), Map.entry(900, "syst"), Map.entry(802, "seeg"),
            Map.entry(803, "dbs"), Map.entry(102, "bio"), Map.entry(700, "chpi"), Map.entry(701, "chpi"),
            Map.entry(702, "chpi"), Map.entry(703, "chpi"), Map.entry(704, "chpi"), Map.entry(705, "chpi"),
            Map.entry(706, "chpi"), Map.entry(707, "chpi"), Map.entry(708, "chpi"), Map.entry(709, "chpi"),
            Map.entry(1000, "dipole"), Map.entry(1001, "gof"), Map.entry(902, "ecog"), Map.entry(FNIRS, "fnirs"),
            Map.entry(1200, "temperature"), Map.entry(1300, "gsr"), Map.entry(1400, "eyetrack"));

    private static final Map<Integer, String> FNIRS_BY_COIL = Map.of(300, "hbo", 301, "hbr", 302,
            "fnirs_cw_amplitude", 303, "fnirs_od", 304, "fnirs_fd_ac_amplitude", 305, "fnirs_fd_phase");

    /** SI names of the FIFF units (FIFF_UNIT_*). */
    private static final Map<Integer, String> UNITS = Map.ofEntries(Map.entry(1, "m"), Map.entry(2, "kg"),
            Map.entry(3, "s"), Map.entry(4, "A"), Map.entry(5, "K"), Map.entry(6, "mol"), Map.entry(7, "rad"),
            Map.entry(8, "sr"), Map.entry(9, "cd"), Map.entry(10, "mol/m³"), Map.entry(101, "Hz"),
            Map.entry(102, "N"), Map.entry(103, "Pa"), Map.entry(104, "J"), Map.entry(105, "W"), Map.entry(106, "C"),
            Map.entry(107, "V"), Map.entry(108, "F"), Map.entry(109, "Ω"), Map.entry(110, "S"), Map.entry(111, "Wb"),
            Map.entry(112, "T"), Map.entry(113, "H"), Map.entry(114, "°C"), Map.entry(115, "lm"), Map.entry(116, "lx"),
            Map.entry(117, "V/m²"), Map.entry(118, "s²"), Map.entry(UNIT_T_M, "T/m"), Map.entry(202, "A·m"),
            Map.entry(203, "A·m/m²"), Map.entry(204, "A·m/m³"), Map.entry(210, "px"));

    private FifChannelTypes() {
    }

    /** MNE's type name of a channel ({@code mag}, {@code grad}, {@code ref_meg}, {@code eeg}, {@code chpi}, ...). */
    static String mneName(FifChannel c) {
        String n = BY_KIND.get(c.kind());
        if (n == null) {
            return "misc";
        }
        if (n.equals("meg")) {
            return c.unit() == UNIT_T_M ? "grad" : "mag";
        }
        if (n.equals("fnirs")) {
            return FNIRS_BY_COIL.getOrDefault(c.baseCoilType(), "fnirs");
        }
        return n;
    }

    /** The project's type for a channel: MNE's, or misc where the project has no such type. */
    static ChannelType type(FifChannel c) {
        String n = mneName(c);
        for (ChannelType t : ChannelType.values()) {
            if (t.mneName().equals(n)) {
                return t;
            }
        }
        return ChannelType.MISC;
    }

    /** Whether loc[0..2] is a sensor position: MEG coils (device frame) and electrodes (head frame). */
    static boolean hasLocation(ChannelType t) {
        return switch (t) {
            case MAG, GRAD, REF_MEG, EEG, SEEG, ECOG -> true;
            default -> false;
        };
    }

    /** Whether the channel is an MEG coil, whose location is in the device frame. */
    static boolean isMeg(ChannelType t) {
        return t == ChannelType.MAG || t == ChannelType.GRAD || t == ChannelType.REF_MEG;
    }

    /**
     * The SI unit of the values: the FIFF unit's name, {@code AU} for stim channels (event codes) and unitless
     * ones, {@code mol/L} for haemoglobin (MNE stores it as FIFF_UNIT_MOL but means molar).
     */
    static String unit(FifChannel c, ChannelType t) {
        if (t == ChannelType.STIM) {
            return "AU";
        }
        if (t == ChannelType.HBO || t == ChannelType.HBR) {
            return "mol/L";
        }
        return UNITS.getOrDefault(c.unit(), "AU");
    }

    /** The FIFF unit as {@code 107 (V)}, for the channel's attributes. */
    static String describeUnit(int unit) {
        String n = UNITS.get(unit);
        return unit + (n != null ? " (" + n + ")" : unit == 0 ? " (unitless)" : unit == -1 ? " (none)" : "");
    }
}
