package org.neurofusion.modalities.signal;

import java.util.Arrays;
import java.util.Map;
import org.neurofusion.core.Channel;
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
        return PerChannel.map(in, this, (i, c) -> {
            double[] x = in.readAll(i);
            double[] s = x.clone();
            Arrays.sort(s);
            double med = quantile(s, 0.5);
            double iqr = quantile(s, 0.75) - quantile(s, 0.25);
            // x is this step's own fresh copy: scaled in place.
            for (int t = 0; t < x.length; t++) {
                double v = iqr > 0 ? (x[t] - med) / iqr : x[t] - med;
                x[t] = Math.max(-clip, Math.min(clip, v));
            }
            return new PerChannel.Result(new Channel(c.name(), c.type(), "AU", c.samplingRate(), x.length,
                    c.position(), c.attributes()), x);
        });
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
