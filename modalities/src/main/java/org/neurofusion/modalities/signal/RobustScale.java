package org.neurofusion.modalities.signal;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.neurofusion.core.Channel;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.Recording;

/**
 * Per-channel robust scaling: (x − median) / IQR, so that artifacts do not set the scale as they would a
 * standard deviation. Values are then dimensionless ("AU"); a constant channel (IQR 0) is only centred.
 * With a clip value, scaled samples are limited to ±clip.
 */
public final class RobustScale implements Preprocessor {
    private final double clip;

    /** @param clip limit of the scaled values, or infinity for none */
    public RobustScale(double clip) {
        if (!(clip > 0)) {
            throw new IllegalArgumentException("clip must be positive (or infinite), got " + clip);
        }
        this.clip = clip;
    }

    @Override
    public String name() {
        return "robust_scale";
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("center", "median", "scale", "iqr", "clip", Double.toString(clip));
    }

    @Override
    public Recording apply(Recording in) {
        InMemoryRecording.Builder b = InMemoryRecording.builderFrom(in).optHistory(historyAfter(in));
        List<Channel> cs = in.channels();
        for (int i = 0; i < cs.size(); i++) {
            Channel c = cs.get(i);
            double[] x = in.readAll(i);
            double[] s = x.clone();
            Arrays.sort(s);
            double med = quantile(s, 0.5);
            double iqr = quantile(s, 0.75) - quantile(s, 0.25);
            double[] y = new double[x.length];
            for (int t = 0; t < x.length; t++) {
                double v = iqr > 0 ? (x[t] - med) / iqr : x[t] - med;
                y[t] = Math.max(-clip, Math.min(clip, v));
            }
            b.addChannel(new Channel(c.name(), c.type(), "AU", c.samplingRate(), y.length, c.position(),
                    c.attributes()), y);
        }
        return b.build();
    }

    /** Linear-interpolation quantile of sorted values (NumPy's default). */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
