package org.neurofusion.modalities.fnirs;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.Recording;
import org.neurofusion.modalities.signal.Butterworth;
import org.neurofusion.modalities.signal.IirFilter;
import org.neurofusion.modalities.signal.Preprocessor;

/**
 * Temporal derivative distribution repair (Fishburn et al. 2019, NeuroImage 184:171–179), a motion-artifact
 * correction for fNIRS: the low-frequency part of each channel (3rd-order Butterworth below 0.5 Hz,
 * forward-backward) is differentiated; a robust, iteratively reweighted mean of the derivative (Tukey's
 * biweight, tuning 4.685, scale 1.4826 × MAD) down-weights the jumps that motion causes; the weighted
 * derivative is integrated back and the high-frequency part and the mean restored. Applies to optical
 * density and haemoglobin channels; others pass through.
 */
public final class Tddr implements Preprocessor {
    private static final int MAX_ITERATIONS = 50;
    private static final double TUNING = 4.685;

    @Override
    public String name() {
        return "tddr";
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("lowpass_hz", "0.5", "butterworth_order", "3", "tuning", "4.685");
    }

    @Override
    public Recording apply(Recording in) {
        InMemoryRecording.Builder b = InMemoryRecording.builderFrom(in).optHistory(historyAfter(in));
        List<Channel> cs = in.channels();
        boolean any = false;
        for (int i = 0; i < cs.size(); i++) {
            Channel c = cs.get(i);
            double[] x = in.readAll(i);
            if (c.type() == ChannelType.FNIRS_OD || c.type() == ChannelType.HBO || c.type() == ChannelType.HBR) {
                any = true;
                b.addOwnedChannel(c, correct(x, c.samplingRate()));
            } else {
                b.addOwnedChannel(c, x);
            }
        }
        if (!any) {
            throw new IllegalArgumentException("TDDR applies to fnirs_od, hbo or hbr channels; "
                    + OpticalDensity.source(in) + " has none");
        }
        return b.build();
    }

    /** Corrects one channel sampled at {@code fs} Hz. */
    public static double[] correct(double[] signal, double fs) {
        int n = signal.length;
        for (double v : signal) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("TDDR needs finite samples; found " + v);
            }
        }
        double mean = 0;
        for (double v : signal) {
            mean += v;
        }
        mean /= n;
        double[] x = new double[n];
        for (int t = 0; t < n; t++) {
            x[t] = signal[t] - mean;
        }
        // Below 0.5 Hz lies the signal of interest and the motion steps; above it, physiology kept as is. The
        // forward-backward pass runs without edge extension, as in the published method (and MNE).
        double[] low = fs > 1 ? Butterworth.lowpass(3, 0.5, fs).filtfilt(x, 0) : x.clone();
        double[] high = new double[n];
        for (int t = 0; t < n; t++) {
            high[t] = x[t] - low[t];
        }
        double[] d = new double[n - 1];
        for (int t = 0; t < n - 1; t++) {
            d[t] = low[t + 1] - low[t];
        }
        double[] w = new double[d.length];
        Arrays.fill(w, 1);
        double mu = Double.POSITIVE_INFINITY;
        double tol = Math.sqrt(Math.ulp(1.0));
        double[] dev = new double[d.length];
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double mu0 = mu;
            double sw = 0;
            double swd = 0;
            for (int t = 0; t < d.length; t++) {
                sw += w[t];
                swd += w[t] * d[t];
            }
            mu = swd / sw;
            for (int t = 0; t < d.length; t++) {
                dev[t] = Math.abs(d[t] - mu);
            }
            double sigma = 1.4826 * median(dev);
            if (!(sigma > 0)) {
                break; // a constant derivative has no outliers to down-weight
            }
            for (int t = 0; t < d.length; t++) {
                double r = dev[t] / (sigma * TUNING);
                w[t] = r < 1 ? (1 - r * r) * (1 - r * r) : 0;
            }
            if (Math.abs(mu - mu0) < tol * Math.max(Math.abs(mu), Math.abs(mu0))) {
                break;
            }
        }
        double[] corrected = new double[n];
        double acc = 0;
        for (int t = 1; t < n; t++) {
            acc += w[t - 1] * (d[t - 1] - mu);
            corrected[t] = acc;
        }
        double cm = 0;
        for (double v : corrected) {
            cm += v;
        }
        cm /= n;
        for (int t = 0; t < n; t++) {
            corrected[t] = corrected[t] - cm + high[t] + mean;
        }
        return corrected;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
    }
}
