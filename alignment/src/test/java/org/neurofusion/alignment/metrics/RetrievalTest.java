package org.neurofusion.alignment.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetrievalTest {
    private static double[][] identity(int n) {
        double[][] x = new double[n][n];
        for (int i = 0; i < n; i++) {
            x[i][i] = 1;
        }
        return x;
    }

    @Test
    void identityEmbeddingsFindEveryPartnerFirst() {
        Retrieval.Result r = Retrieval.evaluate(identity(6), identity(6), Collections.nCopies(6, "g"),
                Retrieval.Ties.PESSIMISTIC);
        for (RetrievalResult d : List.of(r.aToB(), r.bToA())) {
            assertEquals(1.0, d.top1());
            assertEquals(1.0, d.top5());
            assertEquals(1.0, d.medianRank());
            assertEquals(6.0, d.meanPoolSize());
            assertEquals(1 / 6.0, d.chanceTop1(), 1e-15);
            assertEquals(5 / 6.0, d.chanceTop5(), 1e-15);
            assertEquals(6, d.queries());
        }
    }

    @Test
    void oneBetterCandidateGivesRankTwo() {
        // Query i = e_i; candidate j = 0.5·e_j + e_{j+1} (indices wrap): query i scores 0.5/√1.25 with its partner
        // and 1/√1.25 with candidate i − 1, 0 with the rest, so every partner ranks second.
        int n = 4;
        double[][] q = identity(n);
        double[][] c = new double[n][n];
        for (int j = 0; j < n; j++) {
            c[j][j] = 0.5;
            c[j][(j + 1) % n] = 1;
        }
        RetrievalResult r = Retrieval.oneWay(q, c, Collections.nCopies(n, 0), Retrieval.Ties.PESSIMISTIC);
        assertArrayEquals(new int[] {1, 1, 1, 1}, r.ahead());
        assertArrayEquals(new int[] {0, 0, 0, 0}, r.tied());
        assertEquals(0.0, r.top1());
        assertEquals(1.0, r.topK(2));
        assertEquals(2.0, r.medianRank());
    }

    @Test
    void reversedEmbeddingsGiveHandCountedRanks() {
        // Query i at angle 20·i degrees, candidate i at 20·(4 − i): query i scores cos(20°·(i + j − 4)) with
        // candidate j, its partner lies 20°·|2i − 4| away, and the candidates strictly closer in angle are ahead.
        int n = 5;
        double[][] q = new double[n][];
        double[][] c = new double[n][];
        for (int i = 0; i < n; i++) {
            double t = Math.toRadians(20 * i);
            q[i] = new double[] {Math.cos(t), Math.sin(t)};
            double u = Math.toRadians(20 * (n - 1 - i));
            c[i] = new double[] {Math.cos(u), Math.sin(u)};
        }
        RetrievalResult r = Retrieval.oneWay(q, c, Collections.nCopies(n, "s"), Retrieval.Ties.PESSIMISTIC);
        assertArrayEquals(new int[] {4, 3, 0, 3, 4}, r.ahead());
        assertArrayEquals(new int[] {0, 0, 0, 0, 0}, r.tied());
        // ranks 5, 4, 1, 4, 5
        assertEquals(4.0, r.medianRank());
        assertEquals(0.2, r.top1(), 1e-15);
        assertEquals(0.6, r.topK(4), 1e-15);
        assertEquals(1.0, r.top5());
    }

    @Test
    void tiesArePessimisticOrExpected() {
        // query 0 = (1, 0): candidate 2 = (1, 0) beats the partner (1, 1), and candidate 1 = (1, −1) ties with it
        double[][] q = {{1, 0}, {0, 1}, {1, 0}};
        double[][] c = {{1, 1}, {1, -1}, {1, 0}};
        RetrievalResult p = Retrieval.oneWay(q, c, List.of(0, 0, 0), Retrieval.Ties.PESSIMISTIC);
        RetrievalResult r = Retrieval.oneWay(q, c, List.of(0, 0, 0), Retrieval.Ties.RANDOM);
        assertEquals(1, p.ahead()[0]);
        assertEquals(1, p.tied()[0]);
        assertEquals(3.0, p.rank(0));
        assertEquals(2.5, r.rank(0));
        // top-2 credit: query 0 gets 0 pessimistic, ½ at random; query 1 = (0, 1) ranks its partner (1, −1) third
        // (−0.71 below 0.71 and 0) and query 2 its partner first, either way
        assertEquals(1.0, p.hits(2));
        assertEquals(1.5, r.hits(2));
    }

    @Test
    void constantEmbeddingsSitAtChanceNeverAbove() {
        int n = 12;
        double[][] a = new double[n][];
        double[][] b = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = new double[] {0.3, -1.2, 2.0};
            b[i] = new double[] {0, 0, 0}; // zero rows: cosine 0 with everything
        }
        // pools of 3, 4 and 5 windows
        List<String> groups = List.of("x", "x", "x", "y", "y", "y", "y", "z", "z", "z", "z", "z");
        Retrieval.Result pessimistic = Retrieval.evaluate(a, b, groups, Retrieval.Ties.PESSIMISTIC);
        Retrieval.Result random = Retrieval.evaluate(a, b, groups, Retrieval.Ties.RANDOM);
        double chance1 = (3 * (1 / 3.0) + 4 * (1 / 4.0) + 5 * (1 / 5.0)) / 12;
        double chance5 = (3 + 4 + 5) / 12.0;
        for (RetrievalResult d : List.of(random.aToB(), random.bToA())) {
            assertEquals(chance1, d.chanceTop1(), 1e-15);
            assertEquals(chance1, d.top1(), 1e-12);
            assertEquals(chance5, d.chanceTop5(), 1e-15);
            assertEquals(chance5, d.top5(), 1e-12);
            assertEquals(2.5, d.medianRank()); // expected ranks 2 (×3), 2.5 (×4), 3 (×5)
        }
        for (RetrievalResult d : List.of(pessimistic.aToB(), pessimistic.bToA())) {
            assertEquals(0.0, d.top1());
            assertEquals(1.0, d.top5()); // every pool has at most 5 windows
            assertEquals(4.0, d.medianRank()); // ranks = pool sizes 3, 4, 5
            assertTrue(d.withinChance(1, 0.05));
        }
    }

    @Test
    void poolsRespectGroups() {
        // Window 0's perfect partner is candidate 0, in its own session; window 1's is candidate 1... but query 0 is
        // made identical to candidate 2 of ANOTHER session: that must not count against it nor for it.
        double[][] q = {{1, 0}, {0, 1}, {1, 0}, {0, 1}};
        double[][] c = {{0.8, 0.6}, {0, 1}, {1, 0}, {0.6, 0.8}};
        List<Integer> sessions = List.of(1, 1, 2, 2);
        RetrievalResult r = Retrieval.oneWay(q, c, sessions, Retrieval.Ties.PESSIMISTIC);
        // query 0 (1,0): own pool {c0 (0.8), c1 (0)} → rank 1, though c2 scores 1 in session 2
        // query 2 (1,0): pool {c2 (1), c3 (0.6)} → rank 1; query 3 (0,1): {c2 0, c3 0.8} → rank 1
        // query 1 (0,1): pool {c0 0.6, c1 1} → rank 1
        assertEquals(1.0, r.top1());
        assertArrayEquals(new int[] {2, 2, 2, 2}, r.poolSizes());
        // the same rows pooled together: query 0 now loses to c2
        RetrievalResult all = Retrieval.oneWay(q, c, List.of(0, 0, 0, 0), Retrieval.Ties.PESSIMISTIC);
        assertEquals(1, all.ahead()[0]);
    }

    @Test
    void floatOverloadMatchesDouble() {
        float[][] a = {{1f, 2f}, {3f, -1f}, {0.5f, 0.5f}};
        float[][] b = {{1f, 1f}, {2f, -2f}, {-1f, 0.5f}};
        double[][] ad = {{1, 2}, {3, -1}, {0.5, 0.5}};
        double[][] bd = {{1, 1}, {2, -2}, {-1, 0.5}};
        assertEquals(Retrieval.evaluate(ad, bd, List.of(0, 0, 0), Retrieval.Ties.PESSIMISTIC),
                Retrieval.evaluate(a, b, List.of(0, 0, 0)));
    }

    @Test
    void badInputIsNamed() {
        double[][] ok = identity(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Retrieval.evaluate(ok,
                new double[][] {{1, 0, 0}, {0, Double.NaN, 0}, {0, 0, 1}}, List.of(0, 0, 0), Retrieval.Ties.RANDOM));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Retrieval.evaluate(ok, ok,
                java.util.Arrays.asList(0, null, 0), Retrieval.Ties.RANDOM));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Retrieval.evaluate(ok, identity(2), List.of(0, 0, 0),
                Retrieval.Ties.RANDOM));
        assertThrows(IllegalArgumentException.class, () -> Retrieval.evaluate(ok, ok, List.of(0, 0),
                Retrieval.Ties.RANDOM));
    }

    /** P(X ≥ k) for X ~ Binomial(n, p), summed term by term in 40-digit decimal arithmetic. */
    private static double binomialTail(int n, double p, int k) {
        MathContext mc = new MathContext(40);
        BigDecimal bp = new BigDecimal(p);
        BigDecimal bq = BigDecimal.ONE.subtract(bp);
        BigDecimal s = BigDecimal.ZERO;
        BigInteger choose = BigInteger.ONE; // C(n, j), updated as j grows
        for (int j = 0; j <= n; j++) {
            if (j > 0) {
                choose = choose.multiply(BigInteger.valueOf(n - j + 1)).divide(BigInteger.valueOf(j));
            }
            if (j >= k) {
                s = s.add(new BigDecimal(choose).multiply(bp.pow(j, mc), mc).multiply(bq.pow(n - j, mc), mc), mc);
            }
        }
        return s.round(MathContext.DECIMAL64).doubleValue();
    }

    @Test
    void binomialBoundAgreesWithDirectSum() {
        for (int n : new int[] {1, 7, 40, 150}) {
            for (double p : new double[] {0.01, 0.1, 0.2, 0.5, 0.9}) {
                for (double alpha : new double[] {0.05, 0.01}) {
                    int k = Retrieval.binomialUpperBound(n, p, alpha);
                    // smallest k with P(X ≥ k) ≤ alpha: the tail at k is small enough, at k − 1 it is not
                    assertTrue(k > n || binomialTail(n, p, k) <= alpha, n + " " + p + " " + alpha + " → " + k);
                    assertTrue(k >= 1 && binomialTail(n, p, k - 1) > alpha, n + " " + p + " " + alpha + " → " + k);
                }
            }
        }
        assertEquals(1, Retrieval.binomialUpperBound(10, 0, 0.05));
        assertEquals(11, Retrieval.binomialUpperBound(10, 1, 0.05));
    }

    @Test
    void poissonBinomialBoundMatchesBinomialAndBruteForce() {
        for (int n : new int[] {5, 60, 300}) {
            for (double p : new double[] {0.02, 0.25, 0.7}) {
                double[] ps = new double[n];
                java.util.Arrays.fill(ps, p);
                assertEquals(Retrieval.binomialUpperBound(n, p, 0.05), Retrieval.poissonBinomialUpperBound(ps, 0.05),
                        n + " " + p);
            }
        }
        // unequal chances, against enumeration of all 2^12 outcomes
        SplittableRandom random = new SplittableRandom(5);
        double[] ps = new double[12];
        for (int i = 0; i < ps.length; i++) {
            ps[i] = random.nextDouble(0.02, 0.6);
        }
        double[] tail = new double[ps.length + 2];
        for (int mask = 0; mask < 1 << ps.length; mask++) {
            double pr = 1;
            for (int i = 0; i < ps.length; i++) {
                pr *= (mask >> i & 1) == 1 ? ps[i] : 1 - ps[i];
            }
            for (int k = 0; k <= Integer.bitCount(mask); k++) {
                tail[k] += pr;
            }
        }
        for (double alpha : new double[] {0.2, 0.05, 0.01, 0.001}) {
            int k = Retrieval.poissonBinomialUpperBound(ps, alpha);
            assertTrue(tail[k] <= alpha && tail[k - 1] > alpha, alpha + " → " + k);
        }
    }

    @Test
    void chanceBoundOfAResultUsesItsPools() {
        RetrievalResult r = new RetrievalResult(new int[] {0, 1, 2, 0}, new int[] {0, 0, 0, 0},
                new int[] {2, 3, 4, 5}, Retrieval.Ties.PESSIMISTIC);
        assertEquals(Retrieval.poissonBinomialUpperBound(new double[] {1 / 2.0, 1 / 3.0, 1 / 4.0, 1 / 5.0}, 0.05),
                r.chanceBound(1, 0.05));
        assertEquals(2.0, r.hits(1));
        assertFalse(r.equals(new RetrievalResult(new int[] {0, 1, 2, 0}, new int[] {0, 0, 0, 0},
                new int[] {2, 3, 4, 5}, Retrieval.Ties.RANDOM)));
        assertThrows(IllegalArgumentException.class, () -> new RetrievalResult(new int[] {2}, new int[] {0},
                new int[] {2}, Retrieval.Ties.RANDOM));
    }
}
