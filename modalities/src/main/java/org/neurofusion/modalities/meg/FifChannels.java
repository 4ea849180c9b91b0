package org.neurofusion.modalities.meg;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.SensorFeatures;
import org.neurofusion.core.SensorPosition;

/**
 * Turns FIF channel records into the project's {@link Channel}s: MNE's type, the SI unit, and where the sensor
 * is. MEG coil positions (device frame in the file) are moved into the head frame with the device-to-head
 * transformation, and the coil's normal (its z axis, loc[9..11]) becomes the {@code orientation} attribute
 * that {@link SensorFeatures} reads; electrode positions are already in the head frame. Without a
 * device-to-head transformation MEG positions stay in the device frame, and {@code coord_frame} says so.
 */
final class FifChannels {
    private FifChannels() {
    }

    static List<Channel> of(FifMeasurementInfo info, long samples) {
        Set<String> bads = new HashSet<>(info.bads());
        Optional<FifTransform> devHead = info.deviceToHead();
        List<Channel> out = new ArrayList<>(info.channels().size());
        for (FifChannel c : info.channels()) {
            ChannelType type = FifChannelTypes.type(c);
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put("mne_type", FifChannelTypes.mneName(c));
            attrs.put("kind", Integer.toString(c.kind()));
            attrs.put("coil_type", Integer.toString(c.coilType()));
            attrs.put("unit_in_file", FifChannelTypes.describeUnit(c.unit()));
            attrs.put("unit_mul", Integer.toString(c.unitMul()));
            attrs.put("range", Double.toString(c.range()));
            attrs.put("cal", Double.toString(c.cal()));
            attrs.put("scan_no", Integer.toString(c.scanNo()));
            attrs.put("logical_no", Integer.toString(c.logicalNo()));
            attrs.put("loc", join(c.loc(), true));
            if (c.compensationGrade() != 0) {
                attrs.put("compensation_grade", Integer.toString(c.compensationGrade()));
            }
            if (bads.contains(c.name())) {
                attrs.put("bad", "true");
            }
            Optional<SensorPosition> position = Optional.empty();
            double[] loc = c.loc();
            if (FifChannelTypes.hasLocation(type) && usable(loc[0], loc[1], loc[2])) {
                boolean meg = FifChannelTypes.isMeg(type);
                double[] p = {loc[0], loc[1], loc[2]};
                if (meg && devHead.isPresent()) {
                    p = devHead.get().apply(p[0], p[1], p[2]);
                }
                position = Optional.of(new SensorPosition(p[0], p[1], p[2]));
                attrs.put("coord_frame", meg && devHead.isEmpty() ? "device (the file has no device-to-head "
                        + "transformation)" : "head");
                if (meg && usable(loc[9], loc[10], loc[11])) {
                    double[] n = {loc[9], loc[10], loc[11]};
                    if (devHead.isPresent()) {
                        n = devHead.get().rotate(n[0], n[1], n[2]);
                    }
                    double norm = Math.sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
                    attrs.put(SensorFeatures.ORIENTATION_ATTRIBUTE, join(new double[] {n[0] / norm, n[1] / norm,
                        n[2] / norm}, false));
                }
            }
            out.add(new Channel(c.name(), type, FifChannelTypes.unit(c, type), info.samplingRate(), samples, position,
                    attrs));
        }
        return List.copyOf(out);
    }

    /** Finite, not all zero (MNE's "no location"), and within 10 m of the origin (not garbage). */
    private static boolean usable(double x, double y, double z) {
        if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(z)) {
            return false;
        }
        double r = Math.sqrt(x * x + y * y + z * z);
        return r > 0 && r < 10;
    }

    /** Values joined by commas; float32 values (as stored) in their shortest exact form. */
    private static String join(double[] v, boolean stored) {
        StringBuilder sb = new StringBuilder();
        for (double x : v) {
            sb.append(sb.length() == 0 ? "" : ",").append(stored ? Float.toString((float) x) : Double.toString(x));
        }
        return sb.toString();
    }
}
