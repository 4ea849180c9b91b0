package org.neurofusion.modalities.signal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.neurofusion.core.Recording;

/**
 * A causal Butterworth band-pass, high-pass or low-pass filter of the data channels (second-order sections,
 * forward only), for preprocessing that must run on a live stream: unlike {@link Filter} it never reads the future,
 * at the price of a frequency-dependent delay. Each channel starts in the steady state of its first sample (SciPy's
 * {@code sosfilt_zi} scaled by it), so a constant offset does not ring through the first seconds. Trigger and
 * auxiliary channels are left alone, as {@link Filter} leaves them.
 */
public final class CausalFilter implements StreamingStep {
    private final double lFreq;
    private final double hFreq;
    private final int order;
    private final Map<Double, SecondOrderSections> designs = new ConcurrentHashMap<>();

    /**
     * @param lFreq high-pass edge in Hz, or NaN for a low-pass
     * @param hFreq low-pass edge in Hz, or NaN for a high-pass
     * @param order the Butterworth order (1 to 8; a band-pass has twice as many poles)
     */
    public CausalFilter(double lFreq, double hFreq, int order) {
        if (Double.isNaN(lFreq) && Double.isNaN(hFreq)) {
            throw new IllegalArgumentException("give a low or a high edge (or both)");
        }
        if (!Double.isNaN(lFreq) && !(lFreq > 0) || !Double.isNaN(hFreq) && !(hFreq > 0)
                || !Double.isNaN(lFreq) && !Double.isNaN(hFreq) && !(lFreq < hFreq)) {
            throw new IllegalArgumentException("filter edges must be positive and low < high, got " + lFreq + " and "
                    + hFreq + " Hz");
        }
        if (order < 1 || order > 8) {
            throw new IllegalArgumentException("order must lie in 1..8, got " + order);
        }
        this.lFreq = lFreq;
        this.hFreq = hFreq;
        this.order = order;
    }

    static CausalFilter fromParameters(Map<String, String> p) {
        return new CausalFilter(edge(p.get("l_freq")), edge(p.get("h_freq")),
                Integer.parseInt(p.getOrDefault("order", "4")));
    }

    private static double edge(String s) {
        return s == null || s.toLowerCase(Locale.ROOT).equals("none") ? Double.NaN : Double.parseDouble(s);
    }

    @Override
    public String name() {
        return "causal_filter";
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("l_freq", Double.isNaN(lFreq) ? "none" : Double.toString(lFreq));
        m.put("h_freq", Double.isNaN(hFreq) ? "none" : Double.toString(hFreq));
        m.put("order", Integer.toString(order));
        return m;
    }

    @Override
    public double outputRate(double rate) {
        return rate;
    }

    @Override
    public Kernel kernel(double rate) {
        if (!Double.isNaN(hFreq) && !(hFreq < rate / 2)) {
            throw new IllegalArgumentException("the low-pass edge " + hFreq + " Hz must lie below Nyquist (" + rate / 2
                    + " Hz)");
        }
        SecondOrderSections sos = designs.computeIfAbsent(rate, this::design);
        double[][] zi = sos.steadyState();
        int ns = sos.size();
        return new Kernel() {
            private final double[] z0 = new double[ns];
            private final double[] z1 = new double[ns];
            private boolean started;

            @Override
            public double[] push(double[] x, int from, int n) {
                for (int t = 0; t < n; t++) {
                    if (!Double.isFinite(x[from + t])) {
                        throw new IllegalArgumentException("a non-finite value (" + x[from + t] + ") reached the"
                                + " causal filter; interpolate or drop it before filtering");
                    }
                }
                if (!started && n > 0) {
                    for (int s = 0; s < ns; s++) {
                        z0[s] = zi[s][0] * x[from];
                        z1[s] = zi[s][1] * x[from];
                    }
                    started = true;
                }
                double[] y = new double[n];
                sos.filter(x, from, n, z0, z1, y);
                return y;
            }
        };
    }

    private SecondOrderSections design(double fs) {
        if (Double.isNaN(lFreq)) {
            return Butterworth.sos(order, new double[] {hFreq}, Butterworth.Band.LOWPASS, fs);
        }
        if (Double.isNaN(hFreq)) {
            return Butterworth.sos(order, new double[] {lFreq}, Butterworth.Band.HIGHPASS, fs);
        }
        return Butterworth.bandpass(order, lFreq, hFreq, fs);
    }

    @Override
    public Recording apply(Recording in) {
        return PerChannel.map(in, this, (i, c) -> {
            if (!Filter.DATA_TYPES.contains(c.type())) {
                return PerChannel.unchanged(in, i, c);
            }
            double[] x = in.readAll(i);
            Filter.checkFinite(c, x, 0, x.length);
            return new PerChannel.Result(c, kernel(c.samplingRate()).push(x, 0, x.length));
        });
    }
}
