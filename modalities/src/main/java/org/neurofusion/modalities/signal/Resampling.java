package org.neurofusion.modalities.signal;

import java.util.Arrays;

/**
 * Changing a signal's sampling rate three ways, each matching its Python counterpart:
 * {@link #resamplePoly} (SciPy's {@code resample_poly}: polyphase FIR with a Kaiser window),
 * {@link #fourier} (SciPy's {@code resample}: truncating or zero-padding the spectrum of the whole signal,
 * which treats it as periodic), and {@link #mne} (MNE-Python's {@code filter.resample} with
 * {@code npad='auto'}: the same in the frequency domain after reflect-limited padding to a power of two,
 * which tames the wrap-around at the ends).
 */
public final class Resampling {
    /** The longest array the FFT resampler makes (a little under Java's limit, with room for the spectrum's pair). */
    static final int MAX_LENGTH = Integer.MAX_VALUE - 16;

    private Resampling() {
    }

    /**
     * SciPy's {@code resample_poly(x, up, down)} with its defaults ({@code window=('kaiser', 5.0)},
     * {@code padtype='constant'}): output length ceil(n × up / down).
     */
    public static double[] resamplePoly(double[] x, int up, int down) {
        checkFactors(up, down);
        SignalChecks.requireNonEmpty(x.length, "signal");
        SignalChecks.requireFinite(x, "signal");
        int g = gcd(up, down);
        up /= g;
        down /= g;
        if (up == 1 && down == 1) {
            return x.clone();
        }
        int nIn = x.length;
        long outTotal = (long) nIn * up;
        int nOut = (int) (outTotal / down + (outTotal % down != 0 ? 1 : 0));
        int maxRate = Math.max(up, down);
        int halfLen = 10 * maxRate;
        double[] h0 = FirDesign.firwin(2 * halfLen + 1, new double[] {1.0 / maxRate}, true, 2.0,
                FirDesign.kaiser(2 * halfLen + 1, 5.0));
        // Delay the filter so output samples land on its centre, as SciPy does.
        int nPrePad = down - halfLen % down;
        int nPreRemove = (halfLen + nPrePad) / down;
        int nPostPad = 0;
        while (outputLength(h0.length + nPrePad + nPostPad, nIn, up, down) < nOut + nPreRemove) {
            nPostPad++;
        }
        double[] h = new double[nPrePad + h0.length + nPostPad];
        for (int i = 0; i < h0.length; i++) {
            h[nPrePad + i] = h0[i] * up;
        }
        double[] y = new double[nOut];
        int len = h.length;
        for (int m = 0; m < nOut; m++) {
            // upfirdn: y[t] = sum_i x[i] h[t·down − i·up] over 0 ≤ t·down − i·up < len(h).
            long t = (long) (m + nPreRemove) * down;
            long iMax = Math.min(nIn - 1, t / up);
            long iMin = Math.max(0, Math.floorDiv(t - len + up, up));
            double s = 0;
            for (long i = iMin; i <= iMax; i++) {
                s += x[(int) i] * h[(int) (t - i * up)];
            }
            y[m] = s;
        }
        return y;
    }

    /** SciPy's {@code _output_len} of {@code upfirdn}. */
    private static long outputLength(int lenH, int inLen, int up, int down) {
        long inLenCopy = inLen + (lenH + Math.floorMod(-lenH, up)) / up - 1;
        long nt = inLenCopy * up;
        long need = nt / down;
        return nt % down > 0 ? need + 1 : need;
    }

    /** SciPy's {@code resample(x, num)}: the spectrum of x cut or zero-extended to {@code num} samples. */
    public static double[] fourier(double[] x, int num) {
        SignalChecks.requireNonEmpty(x.length, "signal");
        SignalChecks.requireFinite(x, "signal");
        if (num < 1) {
            throw new IllegalArgumentException("output length must be >= 1, got " + num);
        }
        int nx = x.length;
        double[] spec = new double[2 * (nx / 2 + 1)];
        Fft.of(nx).forward(x, spec);
        double[] out = new double[2 * (num / 2 + 1)];
        int n = Math.min(num, nx);
        int nyq = n / 2 + 1;
        System.arraycopy(spec, 0, out, 0, 2 * nyq);
        if (n % 2 == 0) {
            double f = num < nx ? 2.0 : nx < num ? 0.5 : 1.0;
            out[2 * (n / 2)] *= f;
            out[2 * (n / 2) + 1] *= f;
        }
        double[] y = new double[num];
        Fft.of(num).inverse(out, y);
        double scale = (double) num / (double) nx;
        for (int i = 0; i < num; i++) {
            y[i] *= scale;
        }
        return y;
    }

    /**
     * MNE-Python's {@code mne.filter.resample(x, up, down, npad='auto')} (boxcar window, reflect-limited
     * padding): output length round(n × up / down).
     */
    public static double[] mne(double[] x, double up, double down) {
        SignalChecks.requireFinite(x, "signal");
        return mne(x.length, (dst, offset) -> System.arraycopy(x, 0, dst, offset, x.length), up, down, null);
    }

    /**
     * {@link #mne(double[], double, double)} of the {@code xLen} samples {@code samples} writes straight into
     * the padded FFT input (no separate copy of the signal); the caller has checked they are finite. The
     * padded input, its spectrum, the new spectrum and the padded output live in {@code work} (slots 0 to 3) when it is not null.
     */
    static double[] mne(int xLen, ZeroPhaseFir.Samples samples, double up, double down, WorkArrays work) {
        if (!(up > 0) || !(down > 0) || Double.isInfinite(up) || Double.isInfinite(down)) {
            throw new IllegalArgumentException("up and down must be positive, got " + up + " and " + down);
        }
        SignalChecks.requireNonEmpty(xLen, "signal");
        double ratio = up / down;
        // Padding at most makes the input 2.5 times as long; the resampled padded input must fit an array.
        if (!(ratio * 4.0 * xLen < MAX_LENGTH)) {
            throw new IllegalArgumentException("resampling " + xLen + " samples by " + up + "/" + down + " makes "
                    + Math.rint(ratio * xLen) + " samples, more than one array holds (" + MAX_LENGTH + ")");
        }
        int finalLen = Math.max((int) Math.rint(ratio * xLen), 1);
        // npad 'auto': pad to the next power of two, at least min(n/8, 100) samples at each end.
        int minAdd = Math.min(xLen / 8, 100) * 2;
        int total = 1 << (32 - Integer.numberOfLeadingZeros(xLen + minAdd - 1));
        if (xLen + minAdd == 1) {
            total = 1;
        }
        int npad = total - xLen;
        int padL = npad / 2;
        int padR = padL + npad % 2;
        int origLen = xLen + padL + padR;
        int newLen = Math.max((int) Math.rint(ratio * origLen), 1);
        int removeL = (int) Math.rint(ratio * padL);
        int removeR = newLen - finalLen - removeL;
        double[] xp = ZeroPhaseFir.padded(xLen, padL, padR, samples, work == null ? null : work.get(0, origLen));
        int specLength = 2 * (origLen / 2 + 1);
        double[] spec = work == null ? new double[specLength] : work.get(1, specLength);
        Fft.of(origLen).forward(xp, spec);
        boolean shorter = newLen < origLen;
        int useLen = shorter ? newLen : origLen;
        if (useLen % 2 == 0) {
            int nyq = useLen / 2;
            double f = shorter ? 2 : 0.5;
            spec[2 * nyq] *= f;
            spec[2 * nyq + 1] *= f;
        }
        double w = (double) newLen / (double) origLen;
        int outLength = 2 * (newLen / 2 + 1);
        double[] out = work == null ? new double[outLength] : work.get(2, outLength);
        int copy = Math.min(out.length, spec.length);
        for (int i = 0; i < copy; i++) {
            out[i] = spec[i] * w;
        }
        Arrays.fill(out, copy, out.length, 0);
        double[] y = work == null ? new double[newLen] : work.get(3, newLen);
        Fft.of(newLen).inverse(out, y);
        return Arrays.copyOfRange(y, removeL, newLen - removeR);
    }

    /** {@link #mne} on every row, {@code threads} threads. */
    public static double[][] mneAll(double[][] x, double up, double down, int threads) {
        return OverlapAddFir.forEachRow(x, threads, row -> mne(row, up, down));
    }

    private static void checkFactors(int up, int down) {
        if (up < 1 || down < 1) {
            throw new IllegalArgumentException("up and down must be >= 1, got " + up + " and " + down);
        }
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
