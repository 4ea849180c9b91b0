package org.neurofusion.fusion.experiment;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * The mean of paired differences with its two-sided Student t confidence interval: {@code mean ± t(1 − α/2, n − 1)
 * · sd / √n}, sd the sample standard deviation (n − 1 in the denominator). The distillation map pairs two conditions
 * on the same subject and seed, so their difference cancels what the subject and the seed share.
 *
 * <p>With one difference there is no spread to estimate: the interval is NaN on both sides (written "n/a"), never a
 * zero-width interval that would look certain.
 *
 * @param n number of pairs
 * @param mean mean difference
 * @param sd sample standard deviation of the differences (NaN for n = 1)
 * @param lower lower end of the interval (NaN for n = 1)
 * @param upper upper end of the interval (NaN for n = 1)
 * @param level the confidence level, e.g. 0.95
 */
public record PairedTInterval(int n, double mean, double sd, double lower, double upper, double level) {
    public PairedTInterval {
        if (n < 1) {
            throw new IllegalArgumentException("a paired interval needs at least one pair, got " + n);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level must lie in (0, 1), got " + level);
        }
    }

    /**
     * The 95% interval of {@code a[i] − b[i]}.
     *
     * @throws IllegalArgumentException when the arrays differ in length, are empty, or hold a value that is not finite
     *     (the message names the pair)
     */
    public static PairedTInterval of(double[] a, double[] b) {
        if (a == null || b == null || a.length != b.length) {
            throw new IllegalArgumentException("paired samples need two arrays of one length, got "
                    + (a == null ? "null" : a.length) + " and " + (b == null ? "null" : b.length));
        }
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = a[i] - b[i];
        }
        return ofDifferences(d, 0.95);
    }

    /** The {@code level} interval of the mean of {@code d}. */
    public static PairedTInterval ofDifferences(double[] d, double level) {
        if (d == null || d.length == 0) {
            throw new IllegalArgumentException("a paired interval needs at least one difference");
        }
        double sum = 0;
        for (int i = 0; i < d.length; i++) {
            if (!Double.isFinite(d[i])) {
                throw new IllegalArgumentException("pair " + i + " has a difference that is not finite: " + d[i]);
            }
            sum += d[i];
        }
        int n = d.length;
        double mean = sum / n;
        if (n == 1) {
            return new PairedTInterval(1, mean, Double.NaN, Double.NaN, Double.NaN, level);
        }
        double ss = 0;
        for (double v : d) {
            ss += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        double half = tQuantile(1 - (1 - level) / 2, n - 1) * sd / Math.sqrt(n);
        return new PairedTInterval(n, mean, sd, mean - half, mean + half, level);
    }

    /** The {@code p} quantile of Student's t with {@code df} degrees of freedom. */
    public static double tQuantile(double p, int df) {
        if (df < 1 || !(p > 0 && p < 1)) {
            throw new IllegalArgumentException("t quantile needs df >= 1 and p in (0, 1), got df " + df + ", p " + p);
        }
        return new TDistribution(null, df).inverseCumulativeProbability(p);
    }

    /** Half the interval's width (NaN for one pair). */
    public double halfWidth() {
        return (upper - lower) / 2;
    }

    /** Whether the interval excludes zero (false when it is undefined). */
    public boolean excludesZero() {
        return lower > 0 || upper < 0;
    }
}
