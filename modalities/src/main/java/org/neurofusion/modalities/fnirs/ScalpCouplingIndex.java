package org.neurofusion.modalities.fnirs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Recording;
import org.neurofusion.modalities.signal.FirDesign;
import org.neurofusion.modalities.signal.ZeroPhaseFir;

/**
 * The scalp coupling index (Pollonini et al. 2014): the correlation between the two wavelengths of a
 * source–detector pair after band-passing their optical density to the cardiac band, 0.7–1.5 Hz with
 * 0.3 Hz transitions (MNE-Python's default). A well-coupled optode sees the heartbeat at both wavelengths
 * (index near 1); a loose one does not. Both channels of a pair get the pair's index.
 */
public final class ScalpCouplingIndex {
    private ScalpCouplingIndex() {
    }

    /** Index per fNIRS channel name, in channel order; needs optical density at exactly two wavelengths. */
    public static Map<String, Double> compute(Recording od) {
        Map<String, List<Integer>> pairs = FnirsData.pairs(od, c -> c.type() == ChannelType.FNIRS_OD);
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("the scalp coupling index needs fnirs_od channels; "
                    + OpticalDensity.source(od) + " has none (apply OpticalDensity first)");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<Integer>> p : pairs.entrySet()) {
            List<Integer> idx = p.getValue();
            if (idx.size() != 2) {
                throw new IllegalArgumentException("pair " + p.getKey() + " has " + idx.size()
                        + " wavelengths; the scalp coupling index needs two");
            }
            double fs = od.channels().get(idx.get(0)).samplingRate();
            if (fs / 2 <= 1.5 + 0.3) {
                throw new IllegalArgumentException("sampling rate " + fs + " Hz is too low for the 0.7-1.5 Hz band");
            }
            double[] h = FirDesign.mneFilter(0.7, 1.5, 0.3, 0.3, fs);
            double[] a = ZeroPhaseFir.apply(h, od.readAll(idx.get(0)));
            double[] b = ZeroPhaseFir.apply(h, od.readAll(idx.get(1)));
            double c = correlation(a, b);
            out.put(od.channels().get(idx.get(0)).name(), c);
            out.put(od.channels().get(idx.get(1)).name(), c);
        }
        return out;
    }

    /** Pearson correlation; 0 when either signal is constant (the index is then meaningless). */
    static double correlation(double[] a, double[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            double x = a[i] - ma;
            double y = b[i] - mb;
            sab += x * y;
            saa += x * x;
            sbb += y * y;
        }
        double c = sab / Math.sqrt(saa * sbb);
        return Double.isFinite(c) ? c : 0;
    }
}
