package org.neurofusion.modalities.signal;

/**
 * Windowed-sinc FIR design: SciPy's {@code firwin} (Hamming window, scaled to unit gain at the centre of
 * the first pass band) and MNE-Python's default band-pass/low-pass/high-pass construction, which sums one
 * low-pass per transition band, each as long as its own transition width requires.
 */
public final class FirDesign {
    /** MNE's length factor for the Hamming window: taps = 3.3 × rate / transition width. */
    public static final double HAMMING_LENGTH_FACTOR = 3.3;

    private FirDesign() {
    }

    /**
     * SciPy's {@code firwin(numtaps, cutoffs, window='hamming', pass_zero=passZero, fs=fs)}.
     *
     * @param cutoffs increasing cut-off frequencies in Hz, each in (0, fs/2)
     */
    public static double[] firwin(int numtaps, double[] cutoffs, boolean passZero, double fs) {
        double[] window = new double[Math.max(numtaps, 0)];
        for (int i = 0; i < window.length; i++) {
            window[i] = hamming(i, numtaps);
        }
        return firwin(numtaps, cutoffs, passZero, fs, window);
    }

    /**
     * SciPy's {@code firwin} with any symmetric window of {@code numtaps} values (for example {@link #kaiser}).
     */
    public static double[] firwin(int numtaps, double[] cutoffs, boolean passZero, double fs, double[] window) {
        if (window.length != numtaps) {
            throw new IllegalArgumentException("window has " + window.length + " values for " + numtaps + " taps");
        }
        double[] h = new double[numtaps];
        design(h, numtaps, cutoffs, passZero, fs, i -> window[i]);
        return h;
    }

    /** A window's value at tap {@code n}, computed or read. */
    @FunctionalInterface
    private interface Taper {
        double at(int n);
    }

    /** {@link #firwin}'s design into {@code h[0, numtaps)}, the window given per tap. */
    private static void design(double[] h, int numtaps, double[] cutoffs, boolean passZero, double fs,
            Taper window) {
        if (numtaps < 1) {
            throw new IllegalArgumentException("numtaps must be >= 1, got " + numtaps);
        }
        double nyq = fs / 2;
        double[] c = new double[cutoffs.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = cutoffs[i] / nyq;
            if (!(c[i] > 0 && c[i] < 1) || (i > 0 && !(c[i] > c[i - 1]))) {
                throw new IllegalArgumentException("cut-offs must increase strictly within (0, " + nyq + ") Hz: "
                        + java.util.Arrays.toString(cutoffs));
            }
        }
        boolean passNyquist = ((c.length & 1) == 1) ^ passZero;
        if (passNyquist && numtaps % 2 == 0) {
            throw new IllegalArgumentException("a filter that passes Nyquist needs an odd number of taps, got "
                    + numtaps);
        }
        double[] edges = new double[c.length + (passZero ? 1 : 0) + (passNyquist ? 1 : 0)];
        int k = 0;
        if (passZero) {
            edges[k++] = 0;
        }
        for (double v : c) {
            edges[k++] = v;
        }
        if (passNyquist) {
            edges[k] = 1;
        }
        double alpha = 0.5 * (numtaps - 1);
        for (int n = 0; n < numtaps; n++) {
            double m = n - alpha;
            double v = 0;
            for (int b = 0; b < edges.length; b += 2) {
                v += edges[b + 1] * sinc(edges[b + 1] * m) - edges[b] * sinc(edges[b] * m);
            }
            h[n] = v * window.at(n);
        }
        double left = edges[0];
        double right = edges[1];
        double f = left == 0 ? 0 : right == 1 ? 1 : 0.5 * (left + right);
        double s = 0;
        for (int n = 0; n < numtaps; n++) {
            s += h[n] * Math.cos(Math.PI * (n - alpha) * f);
        }
        for (int n = 0; n < numtaps; n++) {
            h[n] /= s;
        }
    }

    /**
     * The taps MNE-Python's {@code filter_data} uses by default ({@code fir_design='firwin'}, Hamming, filter
     * length 'auto'): pass {@code lFreq} only for a high-pass, {@code hFreq} only for a low-pass (the other
     * as NaN), both for a band-pass.
     *
     * @param lTrans transition width below {@code lFreq} in Hz (MNE's default is
     *     {@link #defaultLowTransition})
     * @param hTrans transition width above {@code hFreq} in Hz (default {@link #defaultHighTransition})
     */
    public static double[] mneFilter(double lFreq, double hFreq, double lTrans, double hTrans, double fs) {
        boolean hasL = !Double.isNaN(lFreq);
        boolean hasH = !Double.isNaN(hFreq);
        if (!hasL && !hasH) {
            throw new IllegalArgumentException("a filter needs a low or a high cut-off");
        }
        double nyq = fs / 2;
        if (hasL && !(lFreq > 0 && lFreq - lTrans >= 0 && lFreq < nyq)) {
            throw new IllegalArgumentException("high-pass edge " + lFreq + " Hz with transition " + lTrans
                    + " Hz does not fit in (0, " + nyq + ") Hz");
        }
        if (hasH && !(hFreq > 0 && hFreq < nyq)) {
            throw new IllegalArgumentException("low-pass edge " + hFreq + " Hz must lie below the Nyquist frequency ("
                    + nyq + " Hz)");
        }
        if ((hasL && !(lTrans > 0)) || (hasH && !(hTrans > 0))) {
            throw new IllegalArgumentException("transition bandwidths must be positive, got " + lTrans + " and "
                    + hTrans + " Hz");
        }
        if (hasH && !(hFreq + hTrans <= nyq)) {
            throw new IllegalArgumentException("low-pass edge " + hFreq + " Hz with transition " + hTrans
                    + " Hz does not fit below Nyquist (" + nyq + " Hz)");
        }
        if (hasL && hasH && !(lFreq < hFreq)) {
            throw new IllegalArgumentException("band edges must satisfy low < high, got " + lFreq + ", " + hFreq);
        }
        double minTrans = Math.min(hasL ? lTrans : Double.POSITIVE_INFINITY, hasH ? hTrans : Double.POSITIVE_INFINITY);
        int n = mneAutoLength(minTrans, fs);
        // Gain control points from 0 Hz to Nyquist, normalised to Nyquist, as MNE lays them out.
        java.util.List<double[]> pts = new java.util.ArrayList<>();
        if (hasL && hasH) {
            double s1 = lFreq - lTrans;
            double s2 = hFreq + hTrans;
            if (s1 != 0) {
                pts.add(new double[] {0, 0});
            }
            pts.add(new double[] {s1, 0});
            pts.add(new double[] {lFreq, 1});
            pts.add(new double[] {hFreq, 1});
            pts.add(new double[] {s2, 0});
            if (s2 != nyq) {
                pts.add(new double[] {nyq, 0});
            }
        } else if (hasH) {
            double s2 = hFreq + hTrans;
            pts.add(new double[] {0, 1});
            pts.add(new double[] {hFreq, 1});
            pts.add(new double[] {s2, 0});
            if (s2 != nyq) {
                pts.add(new double[] {nyq, 0});
            }
        } else {
            double s1 = lFreq - lTrans;
            if (s1 != 0) {
                pts.add(new double[] {0, 0});
            }
            pts.add(new double[] {s1, 0});
            pts.add(new double[] {lFreq, 1});
            pts.add(new double[] {nyq, 1});
        }
        double[] freq = new double[pts.size()];
        double[] gain = new double[pts.size()];
        for (int i = 0; i < freq.length; i++) {
            freq[i] = pts.get(i)[0];
            gain[i] = pts.get(i)[1];
        }
        return fromControlPoints(n, freq, gain, fs);
    }

    /**
     * MNE's {@code _firwin_design} for gain control points (0 or 1) at frequencies in Hz running from 0 to
     * Nyquist: a filter of {@code n} (odd) taps.
     */
    static double[] fromControlPoints(int n, double[] freqHz, double[] gain, double fs) {
        double[] freq = new double[freqHz.length];
        for (int i = 0; i < freq.length; i++) {
            freq[i] = freqHz[i] / (fs / 2.);
        }
        return sumOfLowpasses(n, freq, gain);
    }

    /**
     * The most taps a designed filter may have, 2²⁴: 18.6 hours at 250 Hz, 56 minutes at 5 kHz (a 0.01 Hz
     * high-pass of MEG needs 1.65 million). A longer design is a transition band of micro-hertz, from a typo or a
     * damaged pipeline, and would ask for more memory than a Java array holds.
     */
    static final int MAX_TAPS = 1 << 24;

    /**
     * MNE's 'auto' filter length for the narrowest transition (Hz): ceil(3.3 / width × rate), made odd.
     *
     * @throws IllegalArgumentException when that is more than {@link #MAX_TAPS}
     */
    static int mneAutoLength(double minTransition, double fs) {
        // The same float operations in the same order as MNE, so the rounding matches too.
        double seconds = HAMMING_LENGTH_FACTOR * 1.0 / minTransition;
        double taps = Math.ceil(seconds * 1 * fs);
        if (!(taps <= MAX_TAPS)) {
            throw new IllegalArgumentException("a transition band of " + minTransition + " Hz at " + fs + " Hz needs "
                    + taps + " taps (3.3 × rate / transition), more than the " + MAX_TAPS + " a filter may have");
        }
        int n = Math.max((int) taps, 1);
        return n + (n - 1) % 2;
    }

    /**
     * The symmetric Kaiser window (SciPy's {@code get_window(('kaiser', beta), n, fftbins=False)}):
     * I0(beta × sqrt(1 − ((i − α)/α)²)) / I0(beta), α = (n − 1)/2.
     */
    public static double[] kaiser(int n, double beta) {
        double[] w = new double[n];
        if (n == 1) {
            w[0] = 1;
            return w;
        }
        double alpha = (n - 1) / 2.0;
        double denom = besselI0(beta);
        for (int i = 0; i < n; i++) {
            double r = (i - alpha) / alpha;
            w[i] = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / denom;
        }
        return w;
    }

    /** Modified Bessel function of the first kind, order 0, by its power series (converges for every x). */
    static double besselI0(double x) {
        double q = x * x / 4;
        double term = 1;
        double sum = 1;
        for (int k = 1; k < 500 && term > 1e-17 * sum; k++) {
            term *= q / ((double) k * k);
            sum += term;
        }
        return sum;
    }

    /**
     * MNE's construction: start from the gain at Nyquist and walk down the control points, adding (gain rises
     * going down) or subtracting (gain falls) one Hamming low-pass per transition, centred in the filter and
     * as long as that transition needs.
     */
    private static double[] sumOfLowpasses(int n, double[] freq, double[] gain) {
        double[] h = new double[n];
        // one buffer for every piece: a notch of many harmonics adds four pieces per harmonic, each up to n long
        double[] part = new double[n];
        int last = freq.length - 1;
        if (gain[last] == 1) {
            h[n / 2] = 1;
        }
        double prevFreq = freq[last];
        double prevGain = gain[last];
        for (int i = last - 1; i >= 0; i--) {
            if (gain[i] != prevGain) {
                double transition = (prevFreq - freq[i]) / 2.;
                int thisN = (int) Math.rint(HAMMING_LENGTH_FACTOR / transition);
                thisN += 1 - thisN % 2;
                if (thisN > n) {
                    throw new IllegalArgumentException("filter length " + n + " is too short for a transition"
                            + " that needs " + thisN + " taps");
                }
                hammingLowpass(part, thisN, (prevFreq + freq[i]) / 2., freq[last] * 2);
                add(h, part, thisN, gain[i] == 0 ? -1 : +1);
            }
            prevGain = gain[i];
            prevFreq = freq[i];
        }
        return h;
    }

    /** MNE's default transition below a high-pass edge: min(max(0.25 × f, 2), f). */
    public static double defaultLowTransition(double lFreq) {
        return Math.min(Math.max(0.25 * lFreq, 2.0), lFreq);
    }

    /** MNE's default transition above a low-pass edge: min(max(0.25 × f, 2), nyquist − f). */
    public static double defaultHighTransition(double hFreq, double fs) {
        return Math.min(Math.max(0.25 * hFreq, 2.0), fs / 2 - hFreq);
    }

    /**
     * {@code firwin(len, cutoff, pass_zero=True, fs=fs)} with a Hamming window, written into {@code out[0, len)}:
     * {@link #firwin}'s own design, so the same bits, without allocating the taps or the window.
     */
    static void hammingLowpass(double[] out, int len, double cutoff, double fs) {
        design(out, len, new double[] {cutoff}, true, fs, i -> hamming(i, len));
    }

    private static void add(double[] h, double[] part, int len, int sign) {
        if (len > h.length) {
            throw new IllegalStateException("component longer than the filter");
        }
        int offset = (h.length - len) / 2;
        for (int i = 0; i < len; i++) {
            h[offset + i] += sign * part[i];
        }
    }

    static double sinc(double x) {
        if (x == 0) {
            return 1;
        }
        double px = Math.PI * x;
        return Math.sin(px) / px;
    }

    /** The symmetric Hamming window (SciPy's {@code get_window('hamming', n, fftbins=False)}). */
    static double hamming(int i, int n) {
        if (n == 1) {
            return 1;
        }
        return 0.54 - 0.46 * Math.cos(2 * Math.PI * i / (n - 1));
    }
}
