package org.neurofusion.datasets.shin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.modalities.fnirs.OpticalChannel;

/**
 * The NIRS side of a Shin recording, in the two forms the published files take: raw intensities
 * ({@code cnt.x} with {@code clab} ending in {@code lowWL}/{@code highWL}, the 2017 release, converted by the
 * authors' scripts with BBCI's {@code proc_BeerLambert}), or concentration changes (struct fields {@code oxy}
 * and {@code deoxy}, each a cnt, the 2018 release; or {@code x} with clab ending in {@code oxy}/{@code deoxy}
 * as {@code proc_BeerLambert} leaves it). Concentrations are in mmol/l as BBCI writes them and are returned in
 * mol/L; raw intensities are NIRScout detector voltages and are returned as they are, in V.
 */
final class ShinNirs {
    /** NIRScout wavelengths used in both studies (Shin et al. 2017, 2018), when a file does not list them. */
    static final double[] DEFAULT_WAVELENGTHS = {760, 850};

    private ShinNirs() {
    }

    /** One source–detector pair of the montage, with optode positions where the montage has them. */
    record Pair(int source, int detector, Optional<SensorPosition> sourcePos, Optional<SensorPosition> detectorPos) {
    }

    /**
     * The NIRS montage: source–detector pairs by channel label (from {@code sd}, {@code source.pos_3d},
     * {@code detector.pos_3d}) when the montage has them, and channel positions by label (from {@code pos_3d}).
     */
    record Montage(List<String> labels, List<Pair> pairs, Map<String, SensorPosition> positions) {
    }

    /** Channels and samples of the NIRS recording, in SI units. */
    record Data(List<Channel> channels, List<double[]> samples, double fs, String variable) {
    }

    static Montage montage(MatNode mnt) {
        List<String> labels = mnt.field("clab").strings().stream().map(ShinNirs::baseLabel).toList();
        Map<String, SensorPosition> positions = Bbci.positions(mnt);
        List<Pair> pairs = new ArrayList<>();
        if (mnt.hasField("sd") && mnt.hasField("source") && mnt.hasField("detector")) {
            List<Optional<SensorPosition>> src = Bbci.points(mnt.field("source").field("pos_3d"), -1);
            List<Optional<SensorPosition>> det = Bbci.points(mnt.field("detector").field("pos_3d"), -1);
            MatNode sdNode = mnt.field("sd");
            int[] d = sdNode.dims();
            if (!sdNode.isNumeric() || d.length != 2 || d[0] != labels.size() || d[1] < 2) {
                throw sdNode.mismatch("numeric " + labels.size() + "×2 (source, detector of each clab channel)");
            }
            double[] sd = sdNode.values();
            for (int i = 0; i < labels.size(); i++) {
                int s = index(sdNode, sd[i], i, "source", src.size());
                int k = index(sdNode, sd[i + labels.size()], i, "detector", det.size());
                pairs.add(new Pair(s, k, src.get(s - 1), det.get(k - 1)));
            }
        }
        return new Montage(labels, pairs, positions);
    }

    private static int index(MatNode where, double v, int row, String what, int count) {
        if (v != Math.rint(v) || v < 1 || v > count) {
            throw where.invalid("row " + (row + 1) + ": " + what + " " + v + " is not one of the " + count + " "
                    + what + "s of the montage");
        }
        return (int) v;
    }

    /** Reads the NIRS data of one cnt struct, naming and placing channels from {@code montage}. */
    static Data read(MatNode cnt, Montage montage) {
        if (cnt.hasField("oxy") && cnt.hasField("deoxy")) {
            Bbci.Cnt oxy = Bbci.cnt(cnt.field("oxy"));
            Bbci.Cnt deoxy = Bbci.cnt(cnt.field("deoxy"));
            if (oxy.fs() != deoxy.fs() || oxy.samples() != deoxy.samples()) {
                throw cnt.field("deoxy").invalid("has " + deoxy.samples() + " samples at " + deoxy.fs() + " Hz but oxy"
                        + " has " + oxy.samples() + " at " + oxy.fs() + " Hz");
            }
            Data out = new Data(new ArrayList<>(), new ArrayList<>(), oxy.fs(), cnt.path);
            addChromophore(out, cnt.field("oxy"), oxy, ChannelType.HBO, montage);
            addChromophore(out, cnt.field("deoxy"), deoxy, ChannelType.HBR, montage);
            return out;
        }
        if (!cnt.hasField("x") || !cnt.hasField("clab")) {
            throw cnt.mismatch("a NIRS cnt struct with fields oxy and deoxy, or x and clab (fields found: "
                    + (cnt.isStruct() ? cnt.fieldNamesUnchecked() : "none") + ")");
        }
        Bbci.Cnt all = Bbci.cnt(cnt);
        Data out = new Data(new ArrayList<>(), new ArrayList<>(), all.fs(), cnt.path);
        double[] wl = wavelengths(cnt);
        for (int c = 0; c < all.clab().size(); c++) {
            String label = all.clab().get(c);
            String base = baseLabel(label);
            ChannelType type;
            double scale = 1;
            OptionalDouble nm = OptionalDouble.empty();
            if (label.endsWith("lowWL") || label.endsWith("highWL")) {
                type = ChannelType.FNIRS_CW_AMPLITUDE;
                nm = OptionalDouble.of(label.endsWith("lowWL") ? Math.min(wl[0], wl[1]) : Math.max(wl[0], wl[1]));
            } else if (label.endsWith("deoxy") || label.endsWith("oxy")) {
                type = label.endsWith("deoxy") ? ChannelType.HBR : ChannelType.HBO;
                scale = Bbci.molarScale(cnt, all.yUnit());
            } else {
                throw cnt.field("clab").invalid("channel " + (c + 1) + " '" + label + "' ends in none of lowWL, highWL,"
                        + " oxy, deoxy, so it is neither a raw wavelength nor a chromophore");
            }
            out.channels().add(channel(cnt, base, type, nm, montage, all.fs(), all.samples()));
            out.samples().add(scaled(all.columns()[c], scale));
        }
        return out;
    }

    private static void addChromophore(Data out, MatNode where, Bbci.Cnt cnt, ChannelType type, Montage montage) {
        double scale = Bbci.molarScale(where, cnt.yUnit());
        for (int c = 0; c < cnt.clab().size(); c++) {
            out.channels().add(channel(where, baseLabel(cnt.clab().get(c)), type, OptionalDouble.empty(), montage,
                    cnt.fs(), cnt.samples()));
            out.samples().add(scaled(cnt.columns()[c], scale));
        }
    }

    /**
     * A channel named and placed as {@link OpticalChannel} does when the montage gives its source and detector;
     * otherwise (the 2018 montages list channel positions only) named by its published label, e.g.
     * {@code AF7 hbo}, and placed at the montage's position for that label.
     */
    private static Channel channel(MatNode where, String label, ChannelType type, OptionalDouble nm, Montage montage,
            double fs, int samples) {
        int i = montage.labels().indexOf(label);
        Map<String, String> extra = Map.of("label", label);
        if (!montage.pairs().isEmpty()) {
            if (i < 0) {
                throw where.invalid("channel '" + label + "' is not in the NIRS montage (mnt.clab: " + montage.labels()
                        + ")");
            }
            Pair p = montage.pairs().get(i);
            OpticalChannel o = new OpticalChannel(p.source(), p.detector(), nm, p.sourcePos(), p.detectorPos());
            Channel c = o.toChannel(type, type.defaultUnit(), fs, samples, extra);
            // Montages may place the channel itself (pos_3d) where optodes lack positions.
            return c.position().isPresent() || !montage.positions().containsKey(label) ? c
                    : c.withPosition(montage.positions().get(label));
        }
        String suffix = switch (type) {
            case HBO -> "hbo";
            case HBR -> "hbr";
            default -> OpticalChannel.formatWavelength(nm.orElseThrow());
        };
        java.util.Map<String, String> attrs = new java.util.LinkedHashMap<>(extra);
        nm.ifPresent(w -> attrs.put(OpticalChannel.WAVELENGTH, OpticalChannel.formatWavelength(w)));
        return new Channel(label + " " + suffix, type, type.defaultUnit(), fs, samples,
                Optional.ofNullable(montage.positions().get(label)), attrs);
    }

    private static double[] wavelengths(MatNode cnt) {
        if (!cnt.hasField("wavelengths")) {
            return DEFAULT_WAVELENGTHS.clone();
        }
        MatNode w = cnt.field("wavelengths");
        double[] v = w.vector("the two wavelengths in nm");
        if (v.length != 2 || !(v[0] > 0) || !(v[1] > 0) || v[0] == v[1]) {
            throw w.mismatch("two distinct positive wavelengths in nm");
        }
        return v;
    }

    /** The channel label without BBCI's wavelength or chromophore suffix. */
    static String baseLabel(String label) {
        for (String s : new String[] {"lowWL", "highWL", "deoxy", "oxy"}) {
            if (label.endsWith(s) && label.length() > s.length()) {
                return label.substring(0, label.length() - s.length()).trim();
            }
        }
        return label.trim();
    }

    private static double[] scaled(double[] v, double scale) {
        if (scale == 1) {
            return v;
        }
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * scale;
        }
        return out;
    }
}
