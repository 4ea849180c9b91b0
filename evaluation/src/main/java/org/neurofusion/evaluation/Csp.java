package org.neurofusion.evaluation;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Common spatial patterns for two classes (Ramoser et al. 2000; Blankertz et al. 2008). Each trial's
 * covariance is trace-normalised, the class averages are regularised toward the identity scaled by their
 * average eigenvalue ({@code (1−γ)C + γ·tr(C)/p·I}, fixed γ), and the generalised eigenproblem
 * {@code C_a w = λ (C_a + C_b) w} is solved as two symmetric eigendecompositions: whiten by the composite
 * covariance's inverse square root, then diagonalise the whitened class-a covariance. The {@code m} filters
 * from each end of the spectrum are kept; features are {@code log(var_i / Σ_j var_j)} of the filtered trial.
 */
public final class Csp {
    /** Whitening drops directions whose composite eigenvalue is below this fraction of the largest. */
    private static final double RANK_TOLERANCE = 1e-10;

    private final double[][] filters;
    private final double[] eigenvalues;

    private Csp(double[][] filters, double[] eigenvalues) {
        this.filters = filters;
        this.eigenvalues = eigenvalues;
    }

    /**
     * Fits CSP filters.
     *
     * @param classA trials of the first class, each channels × samples
     * @param classB trials of the second class
     * @param pairs  filters kept from each end (fewer when the data's rank allows fewer)
     * @param gamma  regularisation in [0, 1)
     */
    public static Csp fit(List<double[][]> classA, List<double[][]> classB, int pairs, double gamma) {
        return fitTrials(classA.stream().map(Trial::of).toList(), classB.stream().map(Trial::of).toList(), pairs,
                gamma);
    }

    /** {@link #fit} on trials read in place (e.g. float32 window blocks). */
    public static Csp fitTrials(List<? extends Trial> classA, List<? extends Trial> classB, int pairs, double gamma) {
        if (classA.isEmpty() || classB.isEmpty()) {
            throw new IllegalArgumentException("CSP needs trials of both classes, got " + classA.size() + " and "
                    + classB.size());
        }
        if (pairs < 1) {
            throw new IllegalArgumentException("CSP needs at least one filter pair, got " + pairs);
        }
        if (!(gamma >= 0 && gamma < 1)) {
            throw new IllegalArgumentException("CSP regularisation must be in [0, 1), got " + gamma);
        }
        double[][] ca = LedoitWolf.shrink(averageCovariance(classA), gamma);
        double[][] cb = LedoitWolf.shrink(averageCovariance(classB), gamma);
        int p = ca.length;
        double[][] composite = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                composite[i][j] = ca[i][j] + cb[i][j];
            }
        }
        EigenDecomposition ec = new EigenDecomposition(symmetric(composite));
        double[] lambda = ec.getRealEigenvalues();
        double max = Arrays.stream(lambda).max().orElse(0);
        if (!(max > 0)) {
            throw new IllegalArgumentException("CSP: the composite covariance is zero (flat trials)");
        }
        int rank = 0;
        for (double l : lambda) {
            if (l > RANK_TOLERANCE * max) {
                rank++;
            }
        }
        // P = Λ^{-1/2} Uᵀ over the retained directions: P (C_a + C_b) Pᵀ = I
        double[][] whitening = new double[rank][];
        int r = 0;
        for (int i = 0; i < lambda.length; i++) {
            if (lambda[i] > RANK_TOLERANCE * max) {
                double[] u = ec.getEigenvector(i).toArray();
                double f = 1 / Math.sqrt(lambda[i]);
                for (int j = 0; j < p; j++) {
                    u[j] *= f;
                }
                whitening[r++] = u;
            }
        }
        RealMatrix pm = new Array2DRowRealMatrix(whitening, false);
        RealMatrix sa = pm.multiply(new Array2DRowRealMatrix(ca, false)).multiply(pm.transpose());
        EigenDecomposition ea = new EigenDecomposition(symmetric(sa.getData()));
        double[] d = ea.getRealEigenvalues();
        Integer[] order = new Integer[rank];
        for (int i = 0; i < rank; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -d[i]));
        int m = Math.min(pairs, rank / 2);
        if (m < 1) {
            throw new IllegalArgumentException("CSP: the trials have rank " + rank + ", too low for a filter pair");
        }
        double[][] filters = new double[2 * m][];
        double[] values = new double[2 * m];
        for (int f = 0; f < 2 * m; f++) {
            int idx = f < m ? order[f] : order[rank - 2 * m + f];
            // filter = Pᵀ b: a row of Bᵀ P
            filters[f] = pm.transpose().operate(ea.getEigenvector(idx)).toArray();
            values[f] = d[idx];
        }
        return new Csp(filters, values);
    }

    /** The spatial filters, one per row: the first m maximise class-a variance, the last m class-b variance. */
    public double[][] filters() {
        double[][] c = new double[filters.length][];
        for (int i = 0; i < c.length; i++) {
            c[i] = filters[i].clone();
        }
        return c;
    }

    /** The generalised eigenvalues of the kept filters (class-a share of the filtered variance). */
    public double[] eigenvalues() {
        return eigenvalues.clone();
    }

    /** Normalised log-variance features of one trial (channels × samples). */
    public double[] features(double[][] trial) {
        return features(Trial.of(trial));
    }

    /** Normalised log-variance features of one trial. */
    public double[] features(Trial trial) {
        double[] var = new double[filters.length];
        double total = 0;
        int t = trial.samples();
        for (int f = 0; f < filters.length; f++) {
            double[] w = filters[f];
            double sum = 0;
            double sum2 = 0;
            for (int s = 0; s < t; s++) {
                double y = 0;
                for (int c = 0; c < w.length; c++) {
                    y += w[c] * trial.get(c, s);
                }
                sum += y;
                sum2 += y * y;
            }
            var[f] = Math.max(sum2 - sum * sum / t, 0) / Math.max(t - 1, 1);
            total += var[f];
        }
        double[] out = new double[var.length];
        for (int f = 0; f < var.length; f++) {
            // a flat trial gives equal shares rather than log(0/0)
            out[f] = total > 0 ? Math.log(Math.max(var[f], Double.MIN_NORMAL) / total) : Math.log(1.0 / var.length);
        }
        return out;
    }

    /** Mean over trials of the trace-normalised covariance of each (channel-mean removed). */
    static double[][] averageCovariance(List<? extends Trial> trials) {
        int p = trials.get(0).channels();
        double[][] sum = new double[p][p];
        for (Trial x : trials) {
            if (x.channels() != p) {
                throw new IllegalArgumentException("CSP trials differ in channel count: " + x.channels() + " vs "
                        + p);
            }
            double[][] cov = x.centredScatter();
            double trace = 0;
            for (int i = 0; i < p; i++) {
                trace += cov[i][i];
            }
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    // a flat trial contributes the identity's shape, not a division by zero
                    sum[i][j] += trace > 0 ? cov[i][j] / trace : (i == j ? 1.0 / p : 0);
                }
            }
        }
        for (double[] row : sum) {
            for (int j = 0; j < p; j++) {
                row[j] /= trials.size();
            }
        }
        return sum;
    }

    private static RealMatrix symmetric(double[][] a) {
        int p = a.length;
        double[][] s = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                s[i][j] = 0.5 * (a[i][j] + a[j][i]);
            }
        }
        return new Array2DRowRealMatrix(s, false);
    }
}
