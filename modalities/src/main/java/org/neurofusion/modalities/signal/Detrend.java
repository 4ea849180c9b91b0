package org.neurofusion.modalities.signal;

import java.util.Map;
import org.neurofusion.core.Recording;

/** Removes each channel's mean ({@code constant}) or least-squares line ({@code linear}), as SciPy's detrend. */
public final class Detrend implements Preprocessor {
    private final boolean linear;

    public Detrend(boolean linear) {
        this.linear = linear;
    }

    @Override
    public String name() {
        return "detrend";
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("type", linear ? "linear" : "constant");
    }

    @Override
    public Recording apply(Recording in) {
        return PerChannel.map(in, this, (i, c) -> {
            double[] x = in.readAll(i);
            return new PerChannel.Result(c, linear ? linear(x) : constant(x));
        });
    }

    /** {@code x} minus its mean. */
    public static double[] constant(double[] x) {
        double m = 0;
        for (double v : x) {
            m += v;
        }
        m /= Math.max(1, x.length);
        double[] y = new double[x.length];
        for (int t = 0; t < x.length; t++) {
            y[t] = x[t] - m;
        }
        return y;
    }

    /** {@code x} minus its least-squares line over the sample index. */
    public static double[] linear(double[] x) {
        int n = x.length;
        if (n < 2) {
            return constant(x);
        }
        double tm = (n - 1) / 2.0;
        double xm = 0;
        for (double v : x) {
            xm += v;
        }
        xm /= n;
        double stt = 0;
        double stx = 0;
        for (int t = 0; t < n; t++) {
            stt += (t - tm) * (t - tm);
            stx += (t - tm) * (x[t] - xm);
        }
        double slope = stx / stt;
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = x[t] - xm - slope * (t - tm);
        }
        return y;
    }
}
