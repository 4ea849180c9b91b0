package org.neurofusion.modalities.signal;

/**
 * Digital Butterworth filters designed as SciPy's {@code butter(N, Wn, btype)} does: analog prototype
 * poles, frequency pre-warping, and the bilinear transform; as (b, a) for low- and high-pass
 * ({@link #lowpass}, {@link #highpass}), and as second-order sections for every band type ({@link #sos},
 * SciPy's {@code output='sos'}), which is the form to use above order 4 or for narrow bands.
 */
public final class Butterworth {
    /** The kind of band a filter passes, as SciPy's {@code btype}. */
    public enum Band { LOWPASS, HIGHPASS, BANDPASS, BANDSTOP }

    private Butterworth() {
    }

    /** A band-pass in second-order sections: {@code butter(order, [low, high], 'bandpass', fs=fs, output='sos')}. */
    public static SecondOrderSections bandpass(int order, double low, double high, double fs) {
        return sos(order, new double[] {low, high}, Band.BANDPASS, fs);
    }

    /** A band-stop in second-order sections: {@code butter(order, [low, high], 'bandstop', fs=fs, output='sos')}. */
    public static SecondOrderSections bandstop(int order, double low, double high, double fs) {
        return sos(order, new double[] {low, high}, Band.BANDSTOP, fs);
    }

    /**
     * SciPy's {@code butter(order, cutoffs, btype, fs=fs, output='sos')}.
     *
     * @param cutoffs one frequency (Hz) for low/high-pass, two increasing ones for band-pass/stop, all in
     *     (0, fs/2)
     */
    public static SecondOrderSections sos(int order, double[] cutoffs, Band band, double fs) {
        SignalChecks.requireRate(fs);
        if (order < 1 || order > 50) {
            throw new IllegalArgumentException("Butterworth order must be in [1, 50], got " + order);
        }
        int expected = band == Band.LOWPASS || band == Band.HIGHPASS ? 1 : 2;
        if (cutoffs.length != expected) {
            throw new IllegalArgumentException(band + " needs " + expected + " cut-off(s), got " + cutoffs.length);
        }
        double[] warped = new double[expected];
        for (int i = 0; i < expected; i++) {
            if (!(cutoffs[i] > 0 && cutoffs[i] < fs / 2) || (i > 0 && !(cutoffs[i] > cutoffs[i - 1]))) {
                throw new IllegalArgumentException("cut-offs " + java.util.Arrays.toString(cutoffs)
                        + " Hz must increase strictly within (0, " + fs / 2 + ") Hz (Nyquist)");
            }
            // Normalised to Nyquist, then pre-warped for the bilinear transform at fs = 2.
            warped[i] = 4 * Math.tan(Math.PI * (2 * cutoffs[i] / fs) / 2);
        }
        java.util.List<Complex> poles = new java.util.ArrayList<>();
        for (int k = 0; k < order; k++) {
            double m = -order + 1 + 2 * k;
            poles.add(new Complex(-Math.cos(Math.PI * m / (2 * order)), -Math.sin(Math.PI * m / (2 * order))));
        }
        Zpk proto = new Zpk(java.util.List.of(), poles, 1);
        Zpk analog = switch (band) {
            case LOWPASS -> proto.lowpassToLowpass(warped[0]);
            case HIGHPASS -> proto.lowpassToHighpass(warped[0]);
            case BANDPASS -> proto.lowpassToBandpass(Math.sqrt(warped[0] * warped[1]), warped[1] - warped[0]);
            case BANDSTOP -> proto.lowpassToBandstop(Math.sqrt(warped[0] * warped[1]), warped[1] - warped[0]);
        };
        return new SecondOrderSections(analog.bilinear().toSos());
    }

    /** A low-pass of the given order and cut-off (Hz) at sampling rate {@code fs}. */
    public static IirFilter lowpass(int order, double cutoff, double fs) {
        return design(order, cutoff, fs, false);
    }

    /** A high-pass of the given order and cut-off (Hz). */
    public static IirFilter highpass(int order, double cutoff, double fs) {
        return design(order, cutoff, fs, true);
    }

    private static IirFilter design(int order, double cutoff, double fs, boolean high) {
        if (order < 1 || order > 20) {
            throw new IllegalArgumentException("Butterworth order must be in [1, 20], got " + order);
        }
        if (!(cutoff > 0 && cutoff < fs / 2)) {
            throw new IllegalArgumentException("cut-off " + cutoff + " Hz must lie in (0, " + fs / 2 + ") Hz");
        }
        // Normalised to Nyquist, then pre-warped for the bilinear transform at fs = 2.
        double wn = cutoff / (fs / 2);
        double warped = 4 * Math.tan(Math.PI * wn / 2);
        // Analog prototype poles: -exp(i*pi*m/(2N)), m = -N+1, -N+3, ..., N-1.
        double[] pr = new double[order];
        double[] pi = new double[order];
        for (int k = 0; k < order; k++) {
            double m = -order + 1 + 2 * k;
            pr[k] = -Math.cos(Math.PI * m / (2 * order));
            pi[k] = -Math.sin(Math.PI * m / (2 * order));
        }
        double gain = 1;
        int nz = 0;
        if (!high) {
            for (int k = 0; k < order; k++) {
                pr[k] *= warped;
                pi[k] *= warped;
            }
            gain = Math.pow(warped, order);
        } else {
            // lp2hp: p -> warped / p; zeros at the origin; gain k * real(prod(-z)/prod(-p)) = 1/real(prod(-p)).
            double prodRe = 1;
            double prodIm = 0;
            for (int k = 0; k < order; k++) {
                double re = -pr[k];
                double im = -pi[k];
                double nr = prodRe * re - prodIm * im;
                prodIm = prodRe * im + prodIm * re;
                prodRe = nr;
                double d = pr[k] * pr[k] + pi[k] * pi[k];
                pr[k] = warped * pr[k] / d;
                pi[k] = -warped * pi[k] / d;
            }
            gain = 1 / prodRe;
            nz = order;
        }
        // Bilinear transform at fs = 2: z = (4 + s) / (4 - s).
        double[] zr = new double[order];
        double[] zi = new double[order];
        double numRe = 1;
        double numIm = 0;
        double denRe = 1;
        double denIm = 0;
        for (int k = 0; k < order; k++) {
            double ar = 4 + pr[k];
            double ai = pi[k];
            double br = 4 - pr[k];
            double bi = -pi[k];
            double d = br * br + bi * bi;
            zr[k] = (ar * br + ai * bi) / d;
            zi[k] = (ai * br - ar * bi) / d;
            double nr = denRe * br - denIm * bi;
            denIm = denRe * bi + denIm * br;
            denRe = nr;
        }
        // Analog zeros (only for the high-pass, at s = 0) contribute prod(4 - 0) = 4^nz.
        numRe = Math.pow(4, nz);
        double kz = gain * real(numRe, numIm, denRe, denIm);
        double[] zerosR = new double[order];
        double[] zerosI = new double[order];
        for (int k = 0; k < order; k++) {
            // Low-pass: all digital zeros at -1; high-pass: analog zeros at 0 map to +1.
            zerosR[k] = high ? 1 : -1;
        }
        double[] b = poly(zerosR, zerosI);
        for (int i = 0; i < b.length; i++) {
            b[i] *= kz;
        }
        return new IirFilter(b, poly(zr, zi));
    }

    private static double real(double nr, double ni, double dr, double di) {
        double d = dr * dr + di * di;
        return (nr * dr + ni * di) / d;
    }

    /** Real coefficients of prod(x - r_k) for roots closed under conjugation. */
    private static double[] poly(double[] rr, double[] ri) {
        int n = rr.length;
        double[] cr = new double[n + 1];
        double[] ci = new double[n + 1];
        cr[0] = 1;
        for (int k = 0; k < n; k++) {
            for (int j = k + 1; j >= 1; j--) {
                double r = cr[j] - (rr[k] * cr[j - 1] - ri[k] * ci[j - 1]);
                double i = ci[j] - (rr[k] * ci[j - 1] + ri[k] * cr[j - 1]);
                cr[j] = r;
                ci[j] = i;
            }
        }
        return cr;
    }
}
