package org.neurofusion.alignment.metrics;

import java.util.Arrays;
import java.util.Locale;

/**
 * The outcome of cross-modal retrieval in one direction, kept per query so that every summary (top-k, median
 * rank, chance, chance's bound) is computed from the same numbers. For query {@code i}, {@code ahead[i]} candidates
 * of its pool scored strictly higher than its true partner and {@code tied[i]} scored exactly the same;
 * {@code poolSizes[i]} counts the pool including the true partner. {@code ties} says how a tie is resolved:
 * {@link Retrieval.Ties#PESSIMISTIC} puts the partner after all its ties (rank {@code ahead + tied + 1}),
 * {@link Retrieval.Ties#RANDOM} takes the expectation over a uniformly random order of the ties.
 *
 * <p>Ranks start at 1 (the best). Arrays are copied in and out.
 */
public record RetrievalResult(int[] ahead, int[] tied, int[] poolSizes, Retrieval.Ties ties) {
    public RetrievalResult {
        if (ahead == null || tied == null || poolSizes == null || ties == null) {
            throw new IllegalArgumentException("a retrieval result needs ahead, tied, poolSizes and ties, got null");
        }
        if (ahead.length != tied.length || ahead.length != poolSizes.length) {
            throw new IllegalArgumentException("ahead, tied and poolSizes differ in length: " + ahead.length + ", "
                    + tied.length + ", " + poolSizes.length);
        }
        for (int i = 0; i < ahead.length; i++) {
            if (poolSizes[i] < 1 || ahead[i] < 0 || tied[i] < 0 || ahead[i] + tied[i] + 1 > poolSizes[i]) {
                throw new IllegalArgumentException("query " + i + ": " + ahead[i] + " ahead and " + tied[i]
                        + " tied do not fit a pool of " + poolSizes[i]);
            }
        }
        ahead = ahead.clone();
        tied = tied.clone();
        poolSizes = poolSizes.clone();
    }

    @Override
    public int[] ahead() {
        return ahead.clone();
    }

    @Override
    public int[] tied() {
        return tied.clone();
    }

    @Override
    public int[] poolSizes() {
        return poolSizes.clone();
    }

    /** Number of queries. */
    public int queries() {
        return ahead.length;
    }

    /** Rank of query {@code i}'s true partner (1 = best); the expected rank under {@link Retrieval.Ties#RANDOM}. */
    public double rank(int i) {
        return ties == Retrieval.Ties.PESSIMISTIC ? ahead[i] + tied[i] + 1 : ahead[i] + 1 + tied[i] / 2.0;
    }

    /** Number of queries whose partner ranks ≤ k (a sum of probabilities under {@link Retrieval.Ties#RANDOM}). */
    public double hits(int k) {
        requirePositive(k);
        double s = 0;
        for (int i = 0; i < ahead.length; i++) {
            if (ties == Retrieval.Ties.PESSIMISTIC) {
                s += ahead[i] + tied[i] + 1 <= k ? 1 : 0;
            } else {
                // the partner's rank is uniform over ahead+1 .. ahead+tied+1
                s += Math.min(Math.max(k - ahead[i], 0), tied[i] + 1) / (double) (tied[i] + 1);
            }
        }
        return s;
    }

    /** Fraction of queries whose partner ranks ≤ k; NaN without queries. */
    public double topK(int k) {
        return hits(k) / ahead.length;
    }

    public double top1() {
        return topK(1);
    }

    public double top5() {
        return topK(5);
    }

    /** Median over queries of the partner's rank (the mean of the middle two for an even count); NaN without queries. */
    public double medianRank() {
        if (ahead.length == 0) {
            return Double.NaN;
        }
        double[] r = new double[ahead.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = rank(i);
        }
        Arrays.sort(r);
        int m = r.length / 2;
        return r.length % 2 == 1 ? r[m] : (r[m - 1] + r[m]) / 2;
    }

    /** Mean number of candidates per query (the true partner included). */
    public double meanPoolSize() {
        return Arrays.stream(poolSizes).average().orElse(Double.NaN);
    }

    /** Chance of each query ranking its partner ≤ k with random scores: {@code min(k, pool) / pool}. */
    public double[] chancesTopK(int k) {
        requirePositive(k);
        double[] p = new double[poolSizes.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.min(k, poolSizes[i]) / (double) poolSizes[i];
        }
        return p;
    }

    /** Expected top-k with random scores: the mean of {@link #chancesTopK}. */
    public double chanceTopK(int k) {
        return Arrays.stream(chancesTopK(k)).average().orElse(Double.NaN);
    }

    public double chanceTop1() {
        return chanceTopK(1);
    }

    public double chanceTop5() {
        return chanceTopK(5);
    }

    /**
     * The smallest number of top-k hits that chance reaches with probability at most {@code alpha}: the
     * Poisson-binomial bound over the queries' own chances ({@link Retrieval#poissonBinomialUpperBound}).
     */
    public int chanceBound(int k, double alpha) {
        return Retrieval.poissonBinomialUpperBound(chancesTopK(k), alpha);
    }

    /** Whether the top-k hits stay below chance's bound at level {@code alpha} (a control should). */
    public boolean withinChance(int k, double alpha) {
        return hits(k) < chanceBound(k, alpha);
    }

    private static void requirePositive(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RetrievalResult r && ties == r.ties && Arrays.equals(ahead, r.ahead)
                && Arrays.equals(tied, r.tied) && Arrays.equals(poolSizes, r.poolSizes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * Arrays.hashCode(ahead) + Arrays.hashCode(tied)) + Arrays.hashCode(poolSizes))
                + ties.hashCode();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "top-1 %.3f (chance %.3f), top-5 %.3f (chance %.3f), median rank %.1f,"
                + " mean pool %.1f, %d queries, ties %s", top1(), chanceTop1(), top5(), chanceTop5(), medianRank(),
                meanPoolSize(), queries(), ties);
    }
}
