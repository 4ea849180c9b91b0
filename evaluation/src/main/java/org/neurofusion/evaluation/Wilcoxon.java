package org.neurofusion.evaluation;

import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The paired Wilcoxon signed-rank test between two conditions across subjects (one accuracy per subject and
 * condition), as SciPy's {@code scipy.stats.wilcoxon(a, b)} computes it with its defaults: zero differences are
 * dropped ({@code zero_method='wilcox'}), the statistic is the smaller of the positive and negative rank sums, and
 * the two-sided p-value is exact (the null distribution of the rank sum, enumerated) when there are at most 50
 * pairs, none of them zero and no two differences tied, else from the normal approximation with the tie-corrected
 * variance and no continuity correction (SciPy 1.10 also switches to it when a difference is zero; with ties and no
 * zero it still enumerates, which ignores the ties, and this class does not).
 *
 * @param n the number of pairs with a non-zero difference (the subjects that count)
 * @param statistic min(W+, W−)
 * @param pValue two-sided
 * @param exact whether the p-value is exact
 */
public record Wilcoxon(int n, double statistic, double pValue, boolean exact) {
    private static final int EXACT_MAX = 50;

    /**
     * Tests {@code a − b}, pair by pair.
     *
     * @throws IllegalArgumentException when the arrays differ in length, hold a value that is not finite, or every
     *     difference is zero
     */
    public static Wilcoxon test(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired samples of different lengths: " + a.length + " and "
                    + b.length);
        }
        double[] d = new double[a.length];
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            double v = a[i] - b[i];
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("pair " + i + " has a difference that is not finite");
            }
            if (v != 0) {
                d[n++] = v;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("every difference is zero: the test says nothing");
        }
        d = Arrays.copyOf(d, n);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double[] abs = Arrays.stream(d).map(Math::abs).toArray();
        Arrays.sort(order, (i, j) -> Double.compare(abs[i], abs[j]));
        double[] rank = new double[n];
        boolean ties = false;
        double tieTerm = 0;
        for (int s = 0; s < n;) {
            int e = s;
            while (e + 1 < n && abs[order[e + 1]] == abs[order[s]]) {
                e++;
            }
            double r = (s + e) / 2.0 + 1; // average rank of the run
            for (int k = s; k <= e; k++) {
                rank[order[k]] = r;
            }
            int t = e - s + 1;
            if (t > 1) {
                ties = true;
                tieTerm += (double) t * t * t - t;
            }
            s = e + 1;
        }
        double plus = 0;
        double minus = 0;
        for (int i = 0; i < n; i++) {
            if (d[i] > 0) {
                plus += rank[i];
            } else {
                minus += rank[i];
            }
        }
        double w = Math.min(plus, minus);
        if (!ties && n == a.length && n <= EXACT_MAX) {
            return new Wilcoxon(n, w, Math.min(1, 2 * exactLowerTail(n, (int) Math.round(w))), true);
        }
        double mean = n * (n + 1) / 4.0;
        double var = n * (n + 1) * (2 * n + 1) / 24.0 - tieTerm / 48.0;
        double z = (w - mean) / Math.sqrt(var);
        double p = 2 * new NormalDistribution(null, 0, 1).cumulativeProbability(-Math.abs(z));
        return new Wilcoxon(n, w, Math.min(1, p), false);
    }

    /** P(W+ ≤ w) under the null for n pairs without ties: the count of subsets of {1..n} whose sum is ≤ w, / 2^n. */
    static double exactLowerTail(int n, int w) {
        int max = n * (n + 1) / 2;
        double[] ways = new double[max + 1];
        ways[0] = 1;
        for (int r = 1; r <= n; r++) {
            for (int s = max; s >= r; s--) {
                ways[s] += ways[s - r];
            }
        }
        double below = 0;
        for (int s = 0; s <= Math.min(w, max); s++) {
            below += ways[s];
        }
        return below / Math.pow(2, n);
    }
}
