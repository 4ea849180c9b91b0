package org.neurofusion.alignment.metrics;

import java.util.List;

/**
 * Cross-modal retrieval between two embeddings of the same windows (row {@code i} of each is window {@code i}):
 * each query looks for its partner among the candidates of its own pool, the windows with the same group id
 * (one subject's one session), so that a partner cannot be found by recognising the subject or the session, and
 * ranks them by cosine similarity. A zero row has cosine 0 with everything.
 *
 * <p>Ties matter for a collapsed embedding, where every score is equal. {@link Ties#PESSIMISTIC} ranks the partner
 * after every candidate with the same score, so a constant embedding scores top-1 = 0 (below chance, never above);
 * {@link Ties#RANDOM} takes the expectation over a random order of the ties, so a constant embedding scores
 * chance exactly.
 */
public final class Retrieval {
    /** How a candidate scoring exactly as the true partner is counted. */
    public enum Ties {
        /** The partner ranks after all its ties. */
        PESSIMISTIC,
        /** The expected rank and hit rate over a uniformly random order of the ties. */
        RANDOM
    }

    /** Retrieval both ways: rows of A as queries among B's rows, and B's rows among A's. */
    public record Result(RetrievalResult aToB, RetrievalResult bToA) {
        public Result {
            if (aToB == null || bToA == null) {
                throw new IllegalArgumentException("a retrieval result needs both directions, got null");
            }
        }
    }

    /** Tolerance on alpha: a tail equal to alpha up to rounding counts as equal (the bound is "≤ alpha"). */
    private static final double SLACK = 1 + 1e-12;

    private Retrieval() {
    }

    /** Both directions with {@link Ties#PESSIMISTIC} ties. */
    public static Result evaluate(float[][] a, float[][] b, List<?> groups) {
        return evaluate(a, b, groups, Ties.PESSIMISTIC);
    }

    /** Both directions of float embeddings (see {@link #evaluate(double[][], double[][], List, Ties)}). */
    public static Result evaluate(float[][] a, float[][] b, List<?> groups, Ties ties) {
        return evaluate(Rows.widen(a, "embedding A"), Rows.widen(b, "embedding B"), groups, ties);
    }

    /**
     * Both directions.
     *
     * @param a      n × d embeddings of one modality
     * @param b      n × d' embeddings of the other (d' may differ from d: each direction compares like with like)
     * @param groups n pool ids (compared with {@code equals}); a query's candidates are the rows of its id
     * @throws IllegalArgumentException naming the row for a missing, ragged or non-finite row or a missing group
     */
    public static Result evaluate(double[][] a, double[][] b, List<?> groups, Ties ties) {
        return new Result(oneWay(a, b, groups, ties), oneWay(b, a, groups, ties));
    }

    /**
     * One direction: each row of {@code queries} among the rows of {@code candidates} of its group; the true
     * partner of query {@code i} is candidate {@code i}. Queries and candidates need the same width.
     */
    public static RetrievalResult oneWay(double[][] queries, double[][] candidates, List<?> groups, Ties ties) {
        if (ties == null) {
            throw new IllegalArgumentException("ties rule is missing (null)");
        }
        int dq = Rows.check(queries, "queries", 1);
        int dc = Rows.check(candidates, "candidates", 1);
        if (queries.length != candidates.length) {
            throw new IllegalArgumentException(queries.length + " queries but " + candidates.length
                    + " candidates: row i of each must be the same window");
        }
        if (dq != dc) {
            throw new IllegalArgumentException("queries have " + dq + " dimensions but candidates " + dc
                    + "; cosine needs one space");
        }
        int n = queries.length;
        List<int[]> pools = Rows.members(groups, n, "groups");
        double[][] q = Rows.normalised(queries, "queries", true);
        double[][] c = Rows.normalised(candidates, "candidates", true);
        int[] ahead = new int[n];
        int[] tied = new int[n];
        int[] pool = new int[n];
        for (int[] members : pools) {
            for (int i : members) {
                // the same expression for the partner and the others, so equal vectors give bitwise equal scores
                double truth = Rows.dot(q[i], c[i]);
                for (int j : members) {
                    if (j != i) {
                        double s = Rows.dot(q[i], c[j]);
                        if (s > truth) {
                            ahead[i]++;
                        } else if (s == truth) {
                            tied[i]++;
                        }
                    }
                }
                pool[i] = members.length;
            }
        }
        return new RetrievalResult(ahead, tied, pool, ties);
    }

    /**
     * The smallest {@code k} with {@code P(X ≥ k) ≤ alpha} for {@code X ~ Binomial(n, p)}: a number of successes
     * that chance alone reaches with probability at most {@code alpha}. Exact (log-space probabilities summed
     * from the top). {@code n + 1} when even {@code P(X = n)} exceeds {@code alpha} (e.g. {@code p = 1}).
     */
    public static int binomialUpperBound(int n, double p, double alpha) {
        if (n < 0) {
            throw new IllegalArgumentException("number of trials must be ≥ 0, got " + n);
        }
        checkProbability(p, "success probability");
        checkAlpha(alpha);
        if (p == 0) {
            return 1; // X = 0 surely
        }
        if (p == 1) {
            return n + 1; // X = n surely
        }
        double logP = Math.log(p);
        double logQ = Math.log1p(-p);
        // log C(n, k) by the running sum log n!/(k!(n-k)!)
        double[] logChoose = new double[n + 1];
        for (int k = 1; k <= n; k++) {
            logChoose[k] = logChoose[k - 1] + Math.log(n - k + 1) - Math.log(k);
        }
        double tail = 0;
        for (int k = n; k >= 0; k--) {
            tail += Math.exp(logChoose[k] + k * logP + (n - k) * logQ);
            if (tail > alpha * SLACK) {
                return k + 1;
            }
        }
        return 0; // only reachable through rounding: P(X ≥ 0) = 1 > alpha
    }

    /**
     * The smallest {@code k} with {@code P(X ≥ k) ≤ alpha} where {@code X} is the number of successes of independent
     * trials with success probabilities {@code p} (Poisson-binomial; here the queries' chances, since pools differ in
     * size). Exact by dynamic programming over the trials, O(n²) time: a few thousand queries take milliseconds.
     * {@code p.length + 1} when even every trial succeeding is more likely than {@code alpha}.
     */
    public static int poissonBinomialUpperBound(double[] p, double alpha) {
        if (p == null) {
            throw new IllegalArgumentException("success probabilities are missing (null)");
        }
        checkAlpha(alpha);
        int n = p.length;
        double[] pmf = new double[n + 1];
        pmf[0] = 1;
        for (int t = 0; t < n; t++) {
            double pt = p[t];
            checkProbability(pt, "success probability of trial " + t);
            for (int k = t + 1; k >= 1; k--) {
                pmf[k] = pmf[k] * (1 - pt) + pmf[k - 1] * pt;
            }
            pmf[0] *= 1 - pt;
        }
        double tail = 0;
        for (int k = n; k >= 0; k--) {
            tail += pmf[k];
            if (tail > alpha * SLACK) {
                return k + 1;
            }
        }
        return 0;
    }

    private static void checkProbability(double p, String what) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(what + " must lie in [0, 1], got " + p);
        }
    }

    private static void checkAlpha(double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must lie in (0, 1), got " + alpha);
        }
    }
}
