package org.neurofusion.modalities.fnirs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.Recording;
import org.neurofusion.modalities.signal.Preprocessor;

/**
 * The modified Beer–Lambert law: optical density at two or more wavelengths per source–detector pair to
 * changes in HbO and HbR concentration (mol/L). For each pair, E[w] = ε(w) × 0.2303 × distance (m) × ppf,
 * and the concentrations are pinv(E) · OD × 10⁻³ — MNE-Python's convention, so its numbers are matched:
 * extinction ε from {@link ExtinctionCoefficients}, distances in metres from the optode positions, and a
 * partial pathlength factor (default 6.0). The HbO and HbR channels take the place of the pair's first
 * wavelength channel; optionally an HbT = HbO + HbR channel (typed misc) follows them.
 */
public final class BeerLambert implements Preprocessor {
    /** MNE-Python 1.3's default partial pathlength factor. */
    public static final double DEFAULT_PPF = 6.0;

    private final double ppf;
    private final boolean total;

    private BeerLambert(Builder b) {
        this.ppf = b.ppf;
        this.total = b.total;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** With the defaults (ppf 6.0, no HbT). */
    public static BeerLambert withDefaults() {
        return builder().build();
    }

    @Override
    public String name() {
        return "beer_lambert";
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ppf", Double.toString(ppf));
        m.put("extinction", "Prahl (Gratzer, Kollias), x0.2303");
        m.put("hbt", Boolean.toString(total));
        return m;
    }

    @Override
    public Recording apply(Recording in) {
        if (in.channels().stream().anyMatch(c -> c.type() == ChannelType.FNIRS_CW_AMPLITUDE)) {
            throw new IllegalArgumentException("Beer-Lambert needs optical density; " + OpticalDensity.source(in)
                    + " holds raw intensities: apply OpticalDensity first");
        }
        Map<String, List<Integer>> pairs = FnirsData.pairs(in, c -> c.type() == ChannelType.FNIRS_OD);
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("Beer-Lambert needs fnirs_od channels; " + OpticalDensity.source(in)
                    + " has none");
        }
        Map<Integer, List<Integer>> firstOfPair = new HashMap<>();
        for (List<Integer> idx : pairs.values()) {
            firstOfPair.put(idx.get(0), idx);
        }
        InMemoryRecording.Builder b = InMemoryRecording.builderFrom(in).optHistory(historyAfter(in));
        List<Channel> cs = in.channels();
        for (int i = 0; i < cs.size(); i++) {
            Channel c = cs.get(i);
            if (c.type() != ChannelType.FNIRS_OD) {
                b.addOwnedChannel(c, in.readAll(i));
            } else if (firstOfPair.containsKey(i)) {
                convertPair(in, firstOfPair.get(i), b);
            }
        }
        return b.build();
    }

    private void convertPair(Recording in, List<Integer> idx, InMemoryRecording.Builder out) {
        List<Channel> cs = in.channels();
        Channel first = cs.get(idx.get(0));
        OpticalChannel oc = OpticalChannel.of(first).orElseThrow();
        if (idx.size() < 2) {
            throw new IllegalArgumentException("pair " + oc.pairName() + " has only one wavelength ("
                    + first.name() + "); Beer-Lambert needs two or more");
        }
        double distance = oc.distanceMeters().orElseThrow(() -> new IllegalArgumentException("pair "
                + oc.pairName() + " has no optode positions, so no source-detector distance"));
        int n = idx.size();
        double[][] el = new double[n][2];
        double[][] od = new double[n][];
        for (int k = 0; k < n; k++) {
            Channel c = cs.get(idx.get(k));
            if (c.samplingRate() != first.samplingRate() || c.sampleCount() != first.sampleCount()) {
                throw new IllegalArgumentException("pair " + oc.pairName() + ": channels " + first.name() + " and "
                        + c.name() + " differ in rate or length");
            }
            double wl = OpticalChannel.of(c).orElseThrow().wavelengthNm().orElseThrow(() ->
                    new IllegalArgumentException("channel '" + c.name() + "' has no wavelength"));
            double[] e = ExtinctionCoefficients.at(wl);
            el[k][0] = e[0] * 0.2303 * distance * ppf;
            el[k][1] = e[1] * 0.2303 * distance * ppf;
            od[k] = in.readAll(idx.get(k));
        }
        double[][] inv = pseudoInverse(el, oc.pairName());
        int len = od[0].length;
        double[] hbo = new double[len];
        double[] hbr = new double[len];
        for (int t = 0; t < len; t++) {
            double o = 0;
            double r = 0;
            for (int k = 0; k < n; k++) {
                o += inv[0][k] * od[k][t];
                r += inv[1][k] * od[k][t];
            }
            hbo[t] = o * 1e-3;
            hbr[t] = r * 1e-3;
        }
        Map<String, String> extra = new LinkedHashMap<>(first.attributes());
        extra.remove(OpticalChannel.WAVELENGTH);
        extra.put("ppf", Double.toString(ppf));
        double rate = first.samplingRate();
        out.addOwnedChannel(oc.toChannel(ChannelType.HBO, "mol/L", rate, len, extra), hbo);
        out.addOwnedChannel(oc.toChannel(ChannelType.HBR, "mol/L", rate, len, extra), hbr);
        if (total) {
            double[] hbt = new double[len];
            for (int t = 0; t < len; t++) {
                hbt[t] = hbo[t] + hbr[t];
            }
            Channel h = oc.toChannel(ChannelType.HBO, "mol/L", rate, len, extra);
            out.addOwnedChannel(new Channel(oc.pairName() + " hbt", ChannelType.MISC, "mol/L", rate, len, h.position(),
                    h.attributes()), hbt);
        }
    }

    /** (EᵀE)⁻¹Eᵀ for an n × 2 matrix; the exact inverse when n = 2. */
    static double[][] pseudoInverse(double[][] e, String pair) {
        double a = 0;
        double bc = 0;
        double d = 0;
        for (double[] row : e) {
            a += row[0] * row[0];
            bc += row[0] * row[1];
            d += row[1] * row[1];
        }
        double det = a * d - bc * bc;
        if (!(Math.abs(det) > 1e-12 * Math.max(a * d, 1e-300))) {
            throw new IllegalArgumentException("pair " + pair + ": its wavelengths cannot separate HbO from HbR"
                    + " (singular extinction matrix)");
        }
        double[][] inv = new double[2][e.length];
        for (int k = 0; k < e.length; k++) {
            inv[0][k] = (d * e[k][0] - bc * e[k][1]) / det;
            inv[1][k] = (-bc * e[k][0] + a * e[k][1]) / det;
        }
        return inv;
    }

    /** Options of {@link BeerLambert}. */
    public static final class Builder {
        private double ppf = DEFAULT_PPF;
        private boolean total;

        private Builder() {
        }

        /** Partial pathlength factor (MNE's convention; 6.0 by default). */
        public Builder optPpf(double p) {
            if (!(p > 0) || !Double.isFinite(p)) {
                throw new IllegalArgumentException("ppf must be positive, got " + p);
            }
            this.ppf = p;
            return this;
        }

        /** Also output HbT = HbO + HbR per pair (channel "S1_D1 hbt", type misc). */
        public Builder optTotal(boolean t) {
            this.total = t;
            return this;
        }

        public BeerLambert build() {
            return new BeerLambert(this);
        }
    }
}
