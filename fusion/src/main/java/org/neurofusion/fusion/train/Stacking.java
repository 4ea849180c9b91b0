package org.neurofusion.fusion.train;

import java.util.Arrays;

/**
 * Stacked generalisation of a teacher's parts (Wolpert 1992): the weights θ ≥ 0 of
 * {@code z_i = Σ_j θ_j · s_ij}, where {@code s_ij} (K log-odds) is part j's output for window i produced without
 * that window's subject (out of fold), fitted by minimising the mean negative log-likelihood of softmax(z_i) at the
 * labels plus {@code (λ/2)|θ|²}. A part that generalises gets a weight; one that only memorised its training
 * windows, whose out-of-fold outputs are noise, gets none; and the weights calibrate the parts' scales against
 * each other. The weights are kept non-negative, as Breiman (1996) advises for stacking: a part worse than chance
 * out of fold is noise to leave out, not a signal to invert. The objective is convex in θ; for every subset of the
 * parts it is minimised over that subset by Newton's method with backtracking from 0, in double, and the best
 * solution whose weights are all non-negative is kept (the constrained optimum: it is the unconstrained one on its
 * own support). The parts are few (a network and an expert or two), so the subsets are too.
 */
public final class Stacking {
    /** The ridge λ: keeps the weights finite when the out-of-fold outputs separate the labels perfectly. */
    public static final double RIDGE = 1e-3;
    private static final int MAX_ITERATIONS = 100;

    private Stacking() {
    }

    /**
     * The weights.
     *
     * @param parts {@code parts[j][i]} the K log-odds of part j on window i
     * @param y each window's class in [0, K)
     * @throws IllegalArgumentException when the shapes disagree or a label is not a class
     */
    public static double[] fit(float[][][] parts, int[] y) {
        check(parts, y);
        int p = parts.length;
        if (p > 12) {
            throw new IllegalArgumentException("stacking enumerates the subsets of its parts: at most 12, got " + p);
        }
        double[] best = new double[p];
        double bestF = objective(parts, y, best);
        for (int subset = 1; subset < 1 << p; subset++) {
            int mask = subset;
            int[] on = java.util.stream.IntStream.range(0, p).filter(j -> (mask >> j & 1) != 0).toArray();
            float[][][] sub = new float[on.length][][];
            for (int j = 0; j < on.length; j++) {
                sub[j] = parts[on[j]];
            }
            double[] t = unconstrained(sub, y);
            if (java.util.Arrays.stream(t).allMatch(v -> v >= 0)) {
                double[] full = new double[p];
                for (int j = 0; j < on.length; j++) {
                    full[on[j]] = t[j];
                }
                double f = objective(parts, y, full);
                if (f < bestF) {
                    bestF = f;
                    best = full;
                }
            }
        }
        return best;
    }

    private static void check(float[][][] parts, int[] y) {
        int p = parts.length;
        if (p == 0 || parts[0].length != y.length || y.length == 0) {
            throw new IllegalArgumentException("stacking needs at least one part and as many outputs as labels");
        }
        int n = y.length;
        int k = parts[0][0].length;
        for (float[][] part : parts) {
            if (part.length != n) {
                throw new IllegalArgumentException("stacking: every part needs " + n + " outputs, got " + part.length);
            }
            for (float[] row : part) {
                if (row.length != k) {
                    throw new IllegalArgumentException("stacking: every output needs " + k + " classes");
                }
            }
        }
        for (int label : y) {
            if (label < 0 || label >= k) {
                throw new IllegalArgumentException("stacking: label " + label + " is not a class in [0, " + k + ")");
            }
        }
    }

    /** The unconstrained minimiser of the objective (any sign). */
    static double[] unconstrained(float[][][] parts, int[] y) {
        int p = parts.length;
        double[] theta = new double[p];
        double f = objective(parts, y, theta);
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double[] g = new double[p];
            double[][] h = new double[p][p];
            derivatives(parts, y, theta, g, h);
            double norm = 0;
            for (double v : g) {
                norm += v * v;
            }
            if (Math.sqrt(norm) < 1e-12) {
                break;
            }
            double[] step = solve(h, g);
            double t = 1;
            double[] next = new double[p];
            double fn;
            while (true) {
                for (int j = 0; j < p; j++) {
                    next[j] = theta[j] - t * step[j];
                }
                fn = objective(parts, y, next);
                if (fn <= f - 1e-4 * t * dot(g, step) || t < 1e-10) {
                    break;
                }
                t /= 2;
            }
            if (!(fn < f)) {
                break;
            }
            theta = next.clone();
            f = fn;
        }
        return theta;
    }

    /** The mean NLL plus the ridge at θ. */
    static double objective(float[][][] parts, int[] y, double[] theta) {
        int n = y.length;
        int k = parts[0][0].length;
        double sum = 0;
        double[] z = new double[k];
        for (int i = 0; i < n; i++) {
            logits(parts, theta, i, z);
            double max = Arrays.stream(z).max().orElseThrow();
            double s = 0;
            for (double v : z) {
                s += Math.exp(v - max);
            }
            sum += max + Math.log(s) - z[y[i]];
        }
        return sum / n + 0.5 * RIDGE * dot(theta, theta);
    }

    private static void logits(float[][][] parts, double[] theta, int i, double[] z) {
        Arrays.fill(z, 0);
        for (int j = 0; j < theta.length; j++) {
            for (int c = 0; c < z.length; c++) {
                z[c] += theta[j] * parts[j][i][c];
            }
        }
    }

    private static void derivatives(float[][][] parts, int[] y, double[] theta, double[] g, double[][] h) {
        int n = y.length;
        int p = theta.length;
        int k = parts[0][0].length;
        double[] z = new double[k];
        double[] prob = new double[k];
        double[] mean = new double[p];
        for (int i = 0; i < n; i++) {
            logits(parts, theta, i, z);
            double max = Arrays.stream(z).max().orElseThrow();
            double s = 0;
            for (int c = 0; c < k; c++) {
                prob[c] = Math.exp(z[c] - max);
                s += prob[c];
            }
            for (int c = 0; c < k; c++) {
                prob[c] /= s;
            }
            for (int j = 0; j < p; j++) {
                mean[j] = 0;
                for (int c = 0; c < k; c++) {
                    mean[j] += prob[c] * parts[j][i][c];
                }
                g[j] += (mean[j] - parts[j][i][y[i]]) / n;
            }
            for (int a = 0; a < p; a++) {
                for (int b = a; b < p; b++) {
                    double e = 0;
                    for (int c = 0; c < k; c++) {
                        e += prob[c] * parts[a][i][c] * parts[b][i][c];
                    }
                    h[a][b] += (e - mean[a] * mean[b]) / n;
                    h[b][a] = h[a][b]; // exactly symmetric, as the Cholesky solver requires
                }
            }
        }
        for (int j = 0; j < p; j++) {
            g[j] += RIDGE * theta[j];
            h[j][j] += RIDGE;
        }
    }

    /** Solves h·x = g; h is symmetric positive definite (the ridge keeps it so). */
    private static double[] solve(double[][] h, double[] g) {
        return new org.apache.commons.math3.linear.CholeskyDecomposition(
                new org.apache.commons.math3.linear.Array2DRowRealMatrix(h)).getSolver()
                .solve(new org.apache.commons.math3.linear.ArrayRealVector(g)).toArray();
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
