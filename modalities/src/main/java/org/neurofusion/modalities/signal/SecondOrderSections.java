package org.neurofusion.modalities.signal;

import java.util.Arrays;

/**
 * An IIR filter as a cascade of second-order sections, rows {@code b0 b1 b2 a0 a1 a2} with a0 = 1 (SciPy's
 * {@code sos} layout), applied as SciPy's {@code sosfilt}, {@code sosfilt_zi} and {@code sosfiltfilt} do.
 * Sections keep high-order and narrow-band designs stable where one (b, a) polynomial loses precision.
 */
public record SecondOrderSections(double[][] sections) {
    public SecondOrderSections {
        if (sections.length == 0) {
            throw new IllegalArgumentException("a filter needs at least one section");
        }
        double[][] copy = new double[sections.length][];
        for (int i = 0; i < sections.length; i++) {
            if (sections[i].length != 6) {
                throw new IllegalArgumentException("section " + i + " has " + sections[i].length
                        + " coefficients, expected 6");
            }
            if (sections[i][3] != 1) {
                throw new IllegalArgumentException("section " + i + " must have a0 = 1, got " + sections[i][3]);
            }
            copy[i] = sections[i].clone();
        }
        sections = copy;
    }

    /** The sections (a copy). */
    @Override
    public double[][] sections() {
        double[][] copy = new double[sections.length][];
        for (int i = 0; i < sections.length; i++) {
            copy[i] = sections[i].clone();
        }
        return copy;
    }

    /** Number of sections. */
    public int size() {
        return sections.length;
    }

    /**
     * Causal filtering of {@code x} through every section in turn (direct form II transposed), starting
     * from state {@code zi} ({@code [section][2]}, or null for rest).
     */
    public double[] sosfilt(double[] x, double[][] zi) {
        SignalChecks.requireFinite(x, "signal");
        int ns = sections.length;
        double[] z0 = new double[ns];
        double[] z1 = new double[ns];
        if (zi != null) {
            if (zi.length != ns) {
                throw new IllegalArgumentException("initial state needs " + ns + " rows, got " + zi.length);
            }
            for (int s = 0; s < ns; s++) {
                z0[s] = zi[s][0];
                z1[s] = zi[s][1];
            }
        }
        double[] y = new double[x.length];
        filter(x, 0, x.length, z0, z1, y);
        return y;
    }

    /**
     * The filtering kernel: samples {@code x[from .. from + n)} through every section (direct form II transposed)
     * into {@code y[0 .. n)}, carrying the state {@code z0}, {@code z1} (one entry per section), which is updated in
     * place so that the next call continues where this one stopped.
     */
    void filter(double[] x, int from, int n, double[] z0, double[] z1, double[] y) {
        int ns = sections.length;
        for (int t = 0; t < n; t++) {
            double v = x[from + t];
            for (int s = 0; s < ns; s++) {
                double[] c = sections[s];
                double out = c[0] * v + z0[s];
                z0[s] = c[1] * v - c[4] * out + z1[s];
                z1[s] = c[2] * v - c[5] * out;
                v = out;
            }
            y[t] = v;
        }
    }

    /**
     * The initial state that makes the step response start in steady state (SciPy's {@code sosfilt_zi}):
     * each section's {@code lfilter_zi}, scaled by the DC gain of the sections before it.
     */
    public double[][] steadyState() {
        double[][] zi = new double[sections.length][];
        double scale = 1;
        for (int s = 0; s < sections.length; s++) {
            double[] c = sections[s];
            double[] b = {c[0], c[1], c[2]};
            double[] a = {c[3], c[4], c[5]};
            double[] one = new IirFilter(b, a).steadyState();
            zi[s] = new double[] {scale * one[0], scale * one[1]};
            scale *= (b[0] + b[1] + b[2]) / (a[0] + a[1] + a[2]);
        }
        return zi;
    }

    /**
     * SciPy's default padding length for {@code sosfiltfilt}: 3 × (2 × sections + 1 − min(sections whose
     * b2 is zero, sections whose a2 is zero)).
     */
    public int defaultPadLength() {
        int bZeros = 0;
        int aZeros = 0;
        for (double[] c : sections) {
            bZeros += c[2] == 0 ? 1 : 0;
            aZeros += c[5] == 0 ? 1 : 0;
        }
        return 3 * (2 * sections.length + 1 - Math.min(bZeros, aZeros));
    }

    /**
     * Zero-phase forward–backward filtering with SciPy's defaults: odd extension of
     * {@link #defaultPadLength} samples at each end, steady-state initial conditions in both directions.
     *
     * @throws IllegalArgumentException when {@code x} is not longer than the padding
     */
    public double[] sosfiltfilt(double[] x) {
        SignalChecks.requireFinite(x, "signal");
        int edge = defaultPadLength();
        int n = x.length;
        if (n <= edge) {
            throw new IllegalArgumentException("forward-backward filtering needs more than " + edge
                    + " samples, got " + n);
        }
        double[] ext = new double[n + 2 * edge];
        for (int k = 0; k < edge; k++) {
            ext[k] = 2 * x[0] - x[edge - k];
            ext[edge + n + k] = 2 * x[n - 1] - x[n - 2 - k];
        }
        System.arraycopy(x, 0, ext, edge, n);
        double[][] zi = steadyState();
        double[] y = sosfilt(ext, scaled(zi, ext[0]));
        reverse(y);
        y = sosfilt(y, scaled(zi, y[0]));
        reverse(y);
        return Arrays.copyOfRange(y, edge, edge + n);
    }

    /** Zero-phase filtering of every row, on {@code threads} threads. */
    public double[][] sosfiltfiltAll(double[][] x, int threads) {
        return OverlapAddFir.forEachRow(x, threads, this::sosfiltfilt);
    }

    private static double[][] scaled(double[][] zi, double s) {
        double[][] out = new double[zi.length][2];
        for (int i = 0; i < zi.length; i++) {
            out[i][0] = zi[i][0] * s;
            out[i][1] = zi[i][1] * s;
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
}
