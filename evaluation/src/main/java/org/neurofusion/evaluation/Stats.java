package org.neurofusion.evaluation;

import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.distribution.BinomialDistribution;

/** Summary statistics for result tables: mean and standard deviation, bootstrap intervals, chance level. */
public final class Stats {
    private Stats() {
    }

    /** Arithmetic mean; the values must not be empty. */
    public static double mean(double[] v) {
        nonEmpty(v);
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** Sample standard deviation (n − 1); 0 for a single value, where there is no spread to estimate. */
    public static double std(double[] v) {
        nonEmpty(v);
        if (v.length < 2) {
            return 0;
        }
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }

    /**
     * Percentile bootstrap interval of the mean: {@code resamples} resamples with replacement drawn by
     * {@code seed}, the {@code (1−level)/2} and {@code (1+level)/2} quantiles of their means.
     */
    public static double[] bootstrapMeanInterval(double[] v, int resamples, double level, long seed) {
        nonEmpty(v);
        if (resamples < 1 || !(level > 0 && level < 1)) {
            throw new IllegalArgumentException("bootstrap needs resamples >= 1 and level in (0, 1)");
        }
        Random rnd = new Random(seed);
        double[] means = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            double s = 0;
            for (int i = 0; i < v.length; i++) {
                s += v[rnd.nextInt(v.length)];
            }
            means[b] = s / v.length;
        }
        Arrays.sort(means);
        return new double[] {quantile(means, (1 - level) / 2), quantile(means, (1 + level) / 2)};
    }

    /**
     * The accuracy a classifier guessing at random with {@code p = 1/classes} stays below with probability
     * {@code level} over {@code n} test trials: the {@code level} quantile of Binomial(n, p), divided by n
     * (Müller-Putz et al. 2008; Combrisson and Jerbi 2015).
     */
    public static double chanceUpperBound(int n, int classes, double level) {
        if (n < 1 || classes < 2 || !(level > 0 && level < 1)) {
            throw new IllegalArgumentException("chance bound needs n >= 1, classes >= 2, level in (0, 1); got " + n
                    + ", " + classes + ", " + level);
        }
        return new BinomialDistribution(null, n, 1.0 / classes).inverseCumulativeProbability(level) / (double) n;
    }

    /** Linear interpolation between order statistics of a sorted array (numpy's default). */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    private static void nonEmpty(double[] v) {
        if (v.length == 0) {
            throw new IllegalArgumentException("statistics of no values are undefined");
        }
    }
}
