package org.neurofusion.evaluation;

/**
 * Ledoit–Wolf (2004) analytic shrinkage of a sample covariance toward {@code μ·I}, {@code μ = trace/p}, in
 * the closed form scikit-learn's {@code ledoit_wolf_shrinkage} uses: for centred rows {@code x_k} (n × p),
 * {@code S = XᵀX/n}, {@code δ = ‖S − μI‖²_F / p}, {@code β = min(δ, (Σ_k ‖x_k‖⁴/n − ‖S‖²_F) / (n p))},
 * shrinkage {@code β/δ} (0 when {@code β = 0}).
 */
public final class LedoitWolf {
    private LedoitWolf() {
    }

    /** The shrinkage intensity in [0, 1] for rows that are already centred. */
    public static double shrinkage(double[][] centred) {
        int n = centred.length;
        if (n == 0) {
            throw new IllegalArgumentException("Ledoit–Wolf needs at least one sample");
        }
        int p = centred[0].length;
        if (p == 0) {
            throw new IllegalArgumentException("Ledoit–Wolf needs at least one feature");
        }
        double[][] s = covariance(centred);
        double mu = 0;
        for (int i = 0; i < p; i++) {
            mu += s[i][i];
        }
        mu /= p;
        double frob2 = 0;
        double delta = 0;
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                frob2 += s[i][j] * s[i][j];
                double d = s[i][j] - (i == j ? mu : 0);
                delta += d * d;
            }
        }
        delta /= p;
        double fourth = 0;
        for (double[] x : centred) {
            double norm2 = 0;
            for (double v : x) {
                norm2 += v * v;
            }
            fourth += norm2 * norm2;
        }
        double beta = (fourth / n - frob2) / ((double) n * p);
        beta = Math.min(beta, delta);
        // beta can only be 0 (or round to a tiny negative) when every sample equals S's structure exactly
        return beta <= 0 ? 0 : beta / delta;
    }

    /** {@code XᵀX/n} for centred rows (the maximum-likelihood covariance, as scikit-learn uses). */
    public static double[][] covariance(double[][] centred) {
        int n = centred.length;
        int p = centred[0].length;
        double[][] s = new double[p][p];
        for (double[] x : centred) {
            if (x.length != p) {
                throw new IllegalArgumentException("rows differ in length: " + x.length + " vs " + p);
            }
            for (int i = 0; i < p; i++) {
                double xi = x[i];
                for (int j = i; j < p; j++) {
                    s[i][j] += xi * x[j];
                }
            }
        }
        for (int i = 0; i < p; i++) {
            for (int j = i; j < p; j++) {
                s[i][j] /= n;
                s[j][i] = s[i][j];
            }
        }
        return s;
    }

    /** {@code (1 − γ)·S + γ·μ·I} with {@code μ = trace(S)/p}. */
    public static double[][] shrink(double[][] s, double gamma) {
        int p = s.length;
        double mu = 0;
        for (int i = 0; i < p; i++) {
            mu += s[i][i];
        }
        mu /= p;
        double[][] out = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                out[i][j] = (1 - gamma) * s[i][j] + (i == j ? gamma * mu : 0);
            }
        }
        return out;
    }
}
