package org.neurofusion.modalities.meg;

import java.util.Map;
import java.util.Optional;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.SensorFeatures;
import org.neurofusion.core.SensorPosition;

/**
 * Describes a project {@link Channel} as a FIF channel record for {@link FifWriter}: the FIFF kind, coil type and
 * unit MNE-Python gives its type (so {@link FifChannelTypes} reads the same type back), calibration 1 (samples are
 * stored as float32 SI values) and the 12 location values. A channel read from FIF keeps its own kind, coil type
 * and location when they still describe it (same type, same position), so a read → write → read keeps them.
 */
final class FifChannelEncoder {
    /** FIFF_UNIT_NONE: what MNE writes for channels without a physical unit. */
    static final int UNIT_NONE = -1;
    /** A written MEG position may differ from the stored one by float32 rounding through a transformation. */
    private static final double SAME_POSITION_M = 1e-6;

    /** kind, coil type, FIFF unit for each type, as MNE's {@code create_info} chooses them. */
    private static final Map<ChannelType, int[]> DEFAULTS = Map.ofEntries(
            Map.entry(ChannelType.EEG, new int[] {FifChannelTypes.EEG, 1, 107}),
            Map.entry(ChannelType.EOG, new int[] {202, 0, 107}), Map.entry(ChannelType.ECG, new int[] {402, 0, 107}),
            Map.entry(ChannelType.EMG, new int[] {302, 0, 107}), Map.entry(ChannelType.SEEG, new int[] {802, 1, 107}),
            Map.entry(ChannelType.ECOG, new int[] {902, 1, 107}),
            Map.entry(ChannelType.RESP, new int[] {602, 0, UNIT_NONE}),
            Map.entry(ChannelType.BIO, new int[] {102, 0, UNIT_NONE}), Map.entry(ChannelType.GSR, new int[] {1300, 0,
                110}), Map.entry(ChannelType.TEMPERATURE, new int[] {1200, 0, 5}),
            Map.entry(ChannelType.STIM, new int[] {FifChannelTypes.STIM, 0, UNIT_NONE}),
            Map.entry(ChannelType.MISC, new int[] {502, 0, UNIT_NONE}),
            // MNE's defaults: Vectorview magnetometer (3024) and planar gradiometer (3012) coils.
            Map.entry(ChannelType.MAG, new int[] {FifChannelTypes.MEG, 3024, 112}),
            Map.entry(ChannelType.GRAD, new int[] {FifChannelTypes.MEG, 3012, FifChannelTypes.UNIT_T_M}),
            Map.entry(ChannelType.REF_MEG, new int[] {FifChannelTypes.REF_MEG, 3024, 112}),
            Map.entry(ChannelType.FNIRS_CW_AMPLITUDE, new int[] {FifChannelTypes.FNIRS, 302, 107}),
            Map.entry(ChannelType.FNIRS_OD, new int[] {FifChannelTypes.FNIRS, 303, UNIT_NONE}),
            Map.entry(ChannelType.HBO, new int[] {FifChannelTypes.FNIRS, 300, 6}),
            Map.entry(ChannelType.HBR, new int[] {FifChannelTypes.FNIRS, 301, 6}),
            // FIF has no BOLD kind: such channels are written as misc.
            Map.entry(ChannelType.BOLD, new int[] {502, 0, UNIT_NONE}));

    /** FIFF units by the SI name a channel gives (mol/L is written as FIFF_UNIT_MOL, as MNE writes it). */
    private static final Map<String, Integer> UNITS = Map.ofEntries(Map.entry("V", 107), Map.entry("T", 112),
            Map.entry("T/m", FifChannelTypes.UNIT_T_M), Map.entry("mol/L", 6), Map.entry("K", 5), Map.entry("S", 110),
            Map.entry("m", 1), Map.entry("s", 3), Map.entry("A", 4), Map.entry("Hz", 101), Map.entry("Pa", 103),
            Map.entry("°C", 114), Map.entry("A·m", 202), Map.entry("AU", UNIT_NONE));

    private FifChannelEncoder() {
    }

    /**
     * The record for channel {@code c}, the {@code index}-th (0-based) of the file.
     *
     * @param devHead the device-to-head transformation the file will hold (MEG locations are stored in the
     *     device frame), or null when no channel is MEG
     */
    static FifChannel encode(Channel c, int index, FifTransform devHead) {
        int[] d = DEFAULTS.get(c.type());
        int kind = d[0];
        int coil = d[1];
        int unit = UNITS.getOrDefault(c.unit(), d[2]);
        if (c.type() == ChannelType.GRAD) {
            unit = FifChannelTypes.UNIT_T_M; // the unit is what tells MNE a gradiometer from a magnetometer
        } else if (FifChannelTypes.isMeg(c.type()) && unit == FifChannelTypes.UNIT_T_M) {
            unit = 112;
        }
        Map<String, String> a = c.attributes();
        Integer fileKind = integer(a.get("kind"));
        Integer fileCoil = integer(a.get("coil_type"));
        if (fileKind != null && fileCoil != null) {
            FifChannel probe = new FifChannel(0, 0, fileKind, 1, 1, fileCoil, new double[12], unit, 0, c.name());
            if (FifChannelTypes.type(probe) == c.type()) {
                kind = fileKind;
                coil = fileCoil;
            }
        }
        Integer logical = integer(a.get("logical_no"));
        double[] loc = location(c, devHead);
        return new FifChannel(index + 1, logical != null ? logical : index + 1, kind, 1.0, 1.0, coil, loc, unit, 0,
                c.name());
    }

    /** The stored location when it still describes the channel, otherwise one built from position and attributes. */
    private static double[] location(Channel c, FifTransform devHead) {
        double[] stored = vector(c.attributes().get("loc"), 12);
        boolean meg = FifChannelTypes.isMeg(c.type());
        if (stored != null && agrees(c, stored, meg ? devHead : null)) {
            return stored;
        }
        double[] loc = new double[12];
        Optional<SensorPosition> pos = c.position();
        if (meg) {
            if (pos.isPresent()) {
                megLocation(c, pos.get(), devHead, loc);
            }
            return loc;
        }
        pos.ifPresent(p -> {
            loc[0] = p.x();
            loc[1] = p.y();
            loc[2] = p.z();
        });
        if (c.type().modality() == org.neurofusion.core.Modality.FNIRS) {
            // MNE's fNIRS location: midpoint, source, detector, wavelength in nm.
            copy(vector(c.attributes().get(SensorFeatures.SOURCE_ATTRIBUTE), 3), loc, 3);
            copy(vector(c.attributes().get(SensorFeatures.DETECTOR_ATTRIBUTE), 3), loc, 6);
            double[] wl = vector(c.attributes().get(SensorFeatures.WAVELENGTH_ATTRIBUTE), 1);
            if (wl != null) {
                loc[9] = wl[0];
            }
        }
        return loc;
    }

    /**
     * An MEG coil's location in the device frame: position, then the coil's x, y and z axes, z being the normal
     * (the {@code orientation} attribute; radial from the device origin when the channel has none).
     */
    private static void megLocation(Channel c, SensorPosition p, FifTransform devHead, double[] loc) {
        FifTransform headDev = devHead.inverse();
        double[] r = headDev.apply(p.x(), p.y(), p.z());
        double[] o = vector(c.attributes().get(SensorFeatures.ORIENTATION_ATTRIBUTE), 3);
        double[] ez = o != null ? headDev.rotate(o[0], o[1], o[2]) : r.clone();
        if (!normalize(ez)) {
            ez = new double[] {0, 0, 1};
        }
        double[] seed = Math.abs(ez[0]) < 0.9 ? new double[] {1, 0, 0} : new double[] {0, 1, 0};
        double dot = seed[0] * ez[0] + seed[1] * ez[1] + seed[2] * ez[2];
        double[] ex = {seed[0] - dot * ez[0], seed[1] - dot * ez[1], seed[2] - dot * ez[2]};
        normalize(ex);
        double[] ey = {ez[1] * ex[2] - ez[2] * ex[1], ez[2] * ex[0] - ez[0] * ex[2], ez[0] * ex[1] - ez[1] * ex[0]};
        copy(r, loc, 0);
        copy(ex, loc, 3);
        copy(ey, loc, 6);
        copy(ez, loc, 9);
    }

    /** Whether a stored location gives the channel's position (through {@code devHead} for MEG) and orientation. */
    private static boolean agrees(Channel c, double[] stored, FifTransform devHead) {
        if (c.position().isEmpty()) {
            return !FifChannelTypes.hasLocation(c.type()) || (stored[0] == 0 && stored[1] == 0 && stored[2] == 0);
        }
        SensorPosition p = c.position().get();
        double[] at = devHead != null ? devHead.apply(stored[0], stored[1], stored[2]) : new double[] {stored[0],
            stored[1], stored[2]};
        if (p.distanceTo(new SensorPosition(at[0], at[1], at[2])) > SAME_POSITION_M) {
            return false;
        }
        double[] o = vector(c.attributes().get(SensorFeatures.ORIENTATION_ATTRIBUTE), 3);
        if (devHead == null || o == null) {
            return true;
        }
        double[] n = devHead.rotate(stored[9], stored[10], stored[11]);
        return normalize(n) && normalize(o) && Math.abs(n[0] - o[0]) + Math.abs(n[1] - o[1]) + Math.abs(n[2] - o[2])
                < 1e-5;
    }

    private static boolean normalize(double[] v) {
        double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        if (!(n > 0) || !Double.isFinite(n)) {
            return false;
        }
        for (int i = 0; i < 3; i++) {
            v[i] /= n;
        }
        return true;
    }

    private static void copy(double[] src, double[] dst, int at) {
        if (src != null) {
            System.arraycopy(src, 0, dst, at, src.length);
        }
    }

    private static Integer integer(String s) {
        try {
            return s == null ? null : Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code n} comma-separated finite numbers, or null when the attribute is absent or not that. */
    private static double[] vector(String s, int n) {
        if (s == null) {
            return null;
        }
        String[] parts = s.split(",");
        if (parts.length != n) {
            return null;
        }
        double[] v = new double[n];
        try {
            for (int i = 0; i < n; i++) {
                v[i] = Double.parseDouble(parts[i].trim());
                if (!Double.isFinite(v[i])) {
                    return null;
                }
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return v;
    }
}
