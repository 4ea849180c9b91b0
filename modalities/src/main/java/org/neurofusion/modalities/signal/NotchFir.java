package org.neurofusion.modalities.signal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Line-noise removal as MNE-Python 1.3's {@code notch_filter(x, sfreq, freqs, method='fir')} does by
 * default: one zero-phase FIR band-stop with a stop band of width {@code freq/200} around each frequency,
 * 1 Hz transitions, Hamming-windowed {@code firwin} pieces combined by MNE's construction
 * ({@link FirDesign}), applied with {@link ZeroPhaseFir} (FFT overlap-add for these long filters).
 */
public final class NotchFir {
    /** The most harmonics a notch removes. */
    static final int MAX_HARMONICS = 1000;
    /** MNE's default transition bandwidth for notch filters, in Hz. */
    public static final double DEFAULT_TRANSITION = 1.0;

    private NotchFir() {
    }

    /** A line frequency and its harmonics below Nyquist, leaving room for the stop band and transition. */
    public static double[] harmonics(double lineFrequency, double fs) {
        SignalChecks.requireRate(fs);
        if (!(lineFrequency > 0) || !(lineFrequency < fs / 2)) {
            throw new IllegalArgumentException("line frequency " + lineFrequency + " Hz must lie in (0, "
                    + fs / 2 + ") Hz");
        }
        // Mains at 50 or 60 Hz has tens of harmonics below any Nyquist frequency; a line frequency that has more
        // than MAX_HARMONICS is not mains, and each harmonic adds a band to the design.
        if (fs / 2 / lineFrequency > MAX_HARMONICS) {
            throw new IllegalArgumentException("line frequency " + lineFrequency + " Hz has " + (long) (fs / 2
                    / lineFrequency) + " harmonics below the Nyquist frequency (" + fs / 2 + " Hz), more than the "
                    + MAX_HARMONICS + " a notch removes");
        }
        List<Double> f = new ArrayList<>();
        for (int k = 1; k * lineFrequency + k * lineFrequency / 400 + DEFAULT_TRANSITION / 2 <= fs / 2; k++) {
            f.add(k * lineFrequency);
        }
        return f.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** MNE's default notch taps for {@code freqs} (widths freq/200, 1 Hz transitions). */
    public static double[] taps(double fs, double... freqs) {
        double[] widths = new double[freqs.length];
        for (int i = 0; i < freqs.length; i++) {
            widths[i] = freqs[i] / 200.0;
        }
        return taps(fs, freqs, widths, DEFAULT_TRANSITION);
    }

    /**
     * MNE's FIR notch taps: for each frequency f and width w, a stop band [f − w/2, f + w/2] with pass band
     * edges {@code transition}/2 further out.
     */
    public static double[] taps(double fs, double[] freqs, double[] widths, double transition) {
        SignalChecks.requireRate(fs);
        if (freqs.length == 0 || freqs.length != widths.length) {
            throw new IllegalArgumentException("need one or more frequencies and one width per frequency");
        }
        if (!(transition > 0)) {
            throw new IllegalArgumentException("transition bandwidth must be positive, got " + transition);
        }
        double nyq = fs / 2.;
        double tb2 = transition / 2.0;
        int m = freqs.length;
        double[] freq = new double[4 * m];
        double[] gain = new double[4 * m];
        for (int i = 0; i < m; i++) {
            if (!(freqs[i] > 0) || !(widths[i] >= 0)) {
                throw new IllegalArgumentException("notch frequency " + freqs[i] + " Hz and width " + widths[i]
                        + " Hz must be positive");
            }
            // The same float steps as MNE (lows/highs, then its band-stop triage), so edges round alike.
            double low = freqs[i] - widths[i] / 2.0 - tb2;
            double high = freqs[i] + widths[i] / 2.0 + tb2;
            double passLow = (low - tb2) + tb2;
            double stopLow = low + tb2;
            double passHigh = (high + tb2) - tb2;
            double stopHigh = high - tb2;
            if (!(passLow >= 0) || passHigh > nyq || freqs[i] >= nyq) {
                throw new IllegalArgumentException("notch at " + freqs[i] + " Hz (pass band edges " + passLow
                        + " to " + passHigh + " Hz) does not fit in [0, " + nyq + "] Hz (Nyquist)");
            }
            freq[4 * i] = passLow;
            freq[4 * i + 1] = stopLow;
            freq[4 * i + 2] = stopHigh;
            freq[4 * i + 3] = passHigh;
            gain[4 * i] = 1;
            gain[4 * i + 3] = 1;
        }
        Integer[] order = new Integer[4 * m];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(freq[a], freq[b]));
        List<double[]> pts = new ArrayList<>();
        if (freq[order[0]] != 0) {
            pts.add(new double[] {0, 1});
        }
        for (int i : order) {
            pts.add(new double[] {freq[i], gain[i]});
        }
        if (freq[order[order.length - 1]] != nyq) {
            pts.add(new double[] {nyq, 1});
        }
        double[] f = new double[pts.size()];
        double[] g = new double[pts.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = pts.get(i)[0];
            g[i] = pts.get(i)[1];
            if (i >= 2 && Math.abs(g[i] - 2 * g[i - 1] + g[i - 2]) > 1) {
                throw new IllegalArgumentException("notch stop bands " + Arrays.toString(freqs)
                        + " Hz overlap: they are not sufficiently separated");
            }
        }
        return FirDesign.fromControlPoints(FirDesign.mneAutoLength(tb2, fs), f, g, fs);
    }

    /** Removes {@code freqs} (Hz) from {@code x} sampled at {@code fs}, with MNE's defaults. */
    public static double[] apply(double[] x, double fs, double... freqs) {
        return ZeroPhaseFir.apply(taps(fs, freqs), x);
    }

    /** {@link #apply} on every row, one filter design, {@code threads} threads. */
    public static double[][] applyAll(double[][] x, double fs, double[] freqs, int threads) {
        return ZeroPhaseFir.applyAll(taps(fs, freqs), x, threads);
    }
}
