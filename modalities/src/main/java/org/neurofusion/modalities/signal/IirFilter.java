package org.neurofusion.modalities.signal;

import java.util.Arrays;

/**
 * An IIR filter in transfer-function form (b, a), applied causally ({@link #lfilter}) or forward and
 * backward with zero phase ({@link #filtfilt}) exactly as SciPy does it: odd extension of
 * 3 × max(len(a), len(b)) samples at each end and initial conditions from {@link #steadyState}.
 */
public record IirFilter(double[] b, double[] a) {
    public IirFilter {
        if (b.length == 0 || a.length == 0 || a[0] == 0) {
            throw new IllegalArgumentException("an IIR filter needs b and a with a[0] != 0");
        }
        // Normalise so that a[0] == 1, and pad both to one length.
        int n = Math.max(a.length, b.length);
        double a0 = a[0];
        double[] bb = new double[n];
        double[] aa = new double[n];
        for (int i = 0; i < b.length; i++) {
            bb[i] = b[i] / a0;
        }
        for (int i = 0; i < a.length; i++) {
            aa[i] = a[i] / a0;
        }
        b = bb;
        a = aa;
    }

    /** Direct-form II transposed filtering of {@code x} from state {@code zi} (length n−1, or null for rest). */
    public double[] lfilter(double[] x, double[] zi) {
        int n = a.length;
        double[] z = zi == null ? new double[n - 1] : zi.clone();
        double[] y = new double[x.length];
        for (int t = 0; t < x.length; t++) {
            double xt = x[t];
            double yt = b[0] * xt + (n > 1 ? z[0] : 0);
            for (int i = 0; i < n - 2; i++) {
                z[i] = b[i + 1] * xt + z[i + 1] - a[i + 1] * yt;
            }
            if (n > 1) {
                z[n - 2] = b[n - 1] * xt - a[n - 1] * yt;
            }
            y[t] = yt;
        }
        return y;
    }

    /** The state that makes the step response start in steady state (SciPy's {@code lfilter_zi}). */
    public double[] steadyState() {
        int n = a.length;
        if (n == 1) {
            return new double[0];
        }
        // (I - companion(a)^T) zi = b[1:] - a[1:] * b[0]
        double[][] m = new double[n - 1][n - 1];
        for (int i = 0; i < n - 1; i++) {
            m[i][i] += 1;
            // companion(a): first row -a[1:], ones below the diagonal; its transpose has -a[1:] in column 0.
            m[i][0] -= -a[i + 1];
            if (i + 1 < n - 1) {
                m[i][i + 1] -= 1;
            }
        }
        double[] rhs = new double[n - 1];
        for (int i = 0; i < n - 1; i++) {
            rhs[i] = b[i + 1] - a[i + 1] * b[0];
        }
        return solve(m, rhs);
    }

    /**
     * Zero-phase filtering, forward then backward, with SciPy's default odd padding.
     *
     * @throws IllegalArgumentException when {@code x} is not longer than the padding
     */
    public double[] filtfilt(double[] x) {
        return filtfilt(x, 3 * a.length);
    }

    /**
     * Zero-phase filtering with an explicit odd-extension length ({@code padlen = 0}: no extension, as some
     * published methods specify).
     */
    public double[] filtfilt(double[] x, int padlen) {
        if (padlen < 0) {
            throw new IllegalArgumentException("padlen must be >= 0, got " + padlen);
        }
        if (x.length <= padlen || x.length == 0) {
            throw new IllegalArgumentException("forward-backward filtering needs more than " + padlen
                    + " samples, got " + x.length);
        }
        int n = x.length;
        double[] ext = new double[n + 2 * padlen];
        for (int k = 0; k < padlen; k++) {
            ext[k] = 2 * x[0] - x[padlen - k];
            ext[padlen + n + k] = 2 * x[n - 1] - x[n - 2 - k];
        }
        System.arraycopy(x, 0, ext, padlen, n);
        double[] zi = steadyState();
        double[] y = lfilter(ext, scaled(zi, ext[0]));
        reverse(y);
        y = lfilter(y, scaled(zi, y[0]));
        reverse(y);
        return Arrays.copyOfRange(y, padlen, padlen + n);
    }

    private static double[] scaled(double[] v, double s) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * s;
        }
        return out;
    }

    private static void reverse(double[] y) {
        for (int i = 0, j = y.length - 1; i < j; i++, j--) {
            double t = y[i];
            y[i] = y[j];
            y[j] = t;
        }
    }

    /** Gaussian elimination with partial pivoting; the systems here are tiny (filter order). */
    private static double[] solve(double[][] m, double[] rhs) {
        int n = rhs.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = Arrays.copyOf(m[i], n + 1);
            a[i][n] = rhs[i];
        }
        for (int col = 0; col < n; col++) {
            int piv = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) {
                    piv = r;
                }
            }
            double[] t = a[col];
            a[col] = a[piv];
            a[piv] = t;
            if (a[col][col] == 0) {
                throw new IllegalArgumentException("filter has no steady state (singular system)");
            }
            for (int r = col + 1; r < n; r++) {
                double f = a[r][col] / a[col][col];
                for (int c = col; c <= n; c++) {
                    a[r][c] -= f * a[col][c];
                }
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = a[r][n];
            for (int c = r + 1; c < n; c++) {
                s -= a[r][c] * x[c];
            }
            x[r] = s / a[r][r];
        }
        return x;
    }
}
