package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CSP on trials whose covariances are diagonal by construction (each channel an amplitude times its own Walsh
 * sequence of four samples: zero mean, mutually orthogonal), so that the class shares, the composite's eigenvalues and
 * the generalised eigenvalues are known by hand: channel i's share of a trial's trace is {@code amp_i²/Σ amp²}, the
 * composite is {@code sA + sB} on the diagonal and the generalised eigenvalue of channel i is {@code sA_i/(sA_i +
 * sB_i)}. Issue 19, the survivors of the fourth round.
 */
class CspSurvivorsTest {
    private static final double[][] WALSH = {{1, 1, -1, -1}, {1, -1, 1, -1}, {1, -1, -1, 1}};

    /** A trial whose channel c is {@code sqrt(share[c])} times Walsh sequence c: its trace share is share[c]. */
    private static double[][] trial(double... share) {
        double[][] x = new double[share.length][4];
        for (int c = 0; c < share.length; c++) {
            for (int s = 0; s < 4; s++) {
                x[c][s] = Math.sqrt(share[c]) * WALSH[c][s];
            }
        }
        return x;
    }

    private static Csp fit(double[] shareA, double[] shareB, int pairs) {
        return Csp.fit(List.<double[][]>of(trial(shareA)), List.<double[][]>of(trial(shareB)), pairs, 0);
    }

    // class a's share of each channel: 0.56/0.8 = 0.7, 0.3/0.6 = 0.5, 0.14/0.6 = 0.2333
    private static final double[] A3 = {0.56, 0.3, 0.14};
    private static final double[] B3 = {0.24, 0.3, 0.46};

    @Test
    void withMoreChannelsThanTwicePairsTheLastFilterIsTheSmallestEigenvalueNotTheNext() {
        Csp csp = fit(A3, B3, 1);
        assertArrayEquals(new double[] {0.7, 0.14 / 0.6}, csp.eigenvalues(), 1e-12);
        double[][] w = csp.filters();
        assertEquals(2, w.length);
        // the composite's diagonal is (0.8, 0.6, 0.6): filters e0/sqrt(0.8) and e2/sqrt(0.6), up to sign
        assertArrayEquals(new double[] {1 / Math.sqrt(0.8), 0, 0}, abs(w[0]), 1e-12);
        assertArrayEquals(new double[] {0, 0, 1 / Math.sqrt(0.6)}, abs(w[1]), 1e-12);
    }

    @Test
    void pairsAboveHalfTheRankGiveOnePairOnly() {
        // three channels: rank 3, at most one pair although two are asked for
        Csp csp = fit(A3, B3, 2);
        assertEquals(2, csp.filters().length);
        assertArrayEquals(new double[] {0.7, 0.14 / 0.6}, csp.eigenvalues(), 1e-12);
    }

    @Test
    void aCompositeEigenvalueBelowTheRankToleranceTimesTheLargestIsDropped() {
        // composite diagonal (1.5, 0.5 - 1e-10, 1e-10): 1e-10 is below 1e-10 · 1.5, so channel 2 is not whitened
        double[] a = {0.9, 0.1 - 5e-11, 5e-11};
        double[] b = {0.6, 0.4 - 5e-11, 5e-11};
        Csp csp = fit(a, b, 1);
        assertArrayEquals(new double[] {0.9 / 1.5, (0.1 - 5e-11) / (0.5 - 1e-10)}, csp.eigenvalues(), 1e-12);
        double[][] w = csp.filters();
        assertArrayEquals(new double[] {1 / Math.sqrt(1.5), 0, 0}, abs(w[0]), 1e-9);
        assertArrayEquals(new double[] {0, 1 / Math.sqrt(0.5 - 1e-10), 0}, abs(w[1]), 1e-9);
    }

    @Test
    void aCompositeEigenvalueExactlyAtTheRankToleranceIsDropped() {
        // shares chosen so that the composite's smallest eigenvalue is exactly 1e-10 times its largest
        double tiny = 7.5e-11;
        double[][] ta = trial(0.9, 0.1, tiny);
        double[][] tb = trial(0.6, 0.4, tiny);
        double[][] ca = LedoitWolf.shrink(Csp.averageCovariance(List.of(Trial.of(ta))), 0);
        double[][] cb = LedoitWolf.shrink(Csp.averageCovariance(List.of(Trial.of(tb))), 0);
        double largest = ca[0][0] + cb[0][0];
        assertEquals(1e-10 * largest, ca[2][2] + cb[2][2], 0, "the fixture's premise: at the tolerance exactly");

        Csp csp = Csp.fit(List.<double[][]>of(ta), List.<double[][]>of(tb), 1, 0);
        assertArrayEquals(new double[] {0.6, 0.2}, csp.eigenvalues(), 1e-9);
        assertEquals(0, csp.filters()[0][2], 0, "channel 2 is not whitened");
        assertEquals(0, csp.filters()[1][2], 0, "channel 2 is not whitened");
    }

    @Test
    void aFilterWithoutVarianceGetsTheSmallestNormalOverTheTotalVariance() {
        Csp csp = fit(A3, B3, 1);
        // channel 0 flat, channel 2 ±1: filter 0 (on channel 0) sees nothing; filter 1 = e2/sqrt(0.6) sees
        // Σ y² / (t − 1) = (4/0.6) / 3
        double[] f = csp.features(new double[][] {{0, 0, 0, 0}, {0, 0, 0, 0}, {1, -1, 1, -1}});
        double total = 4 / 0.6 / 3;
        assertArrayEquals(new double[] {Math.log(Double.MIN_NORMAL / total), 0}, f, 1e-9);
    }

    @Test
    void aFlatTrialHasEqualShares() {
        Csp csp = fit(A3, B3, 1);
        double[] f = csp.features(new double[3][4]);
        assertArrayEquals(new double[] {Math.log(0.5), Math.log(0.5)}, f, 0);
    }

    @Test
    void aFlatTrialAveragesAsTheIdentityOverTheChannels() {
        double[][] c = Csp.averageCovariance(List.of(Trial.of(new double[3][4])));
        assertArrayEquals(new double[] {1.0 / 3, 0, 0}, c[0], 0);
        assertArrayEquals(new double[] {0, 1.0 / 3, 0}, c[1], 0);
        assertArrayEquals(new double[] {0, 0, 1.0 / 3}, c[2], 0);
    }

    @Test
    void eachTrialIsDividedByItsTraceAndTheSumByTheTrialCount() {
        // covariances diag(16, 4) and diag(1, 9): shares (0.8, 0.2) and (0.1, 0.9), averaged (0.45, 0.55)
        double[][] one = {{2, 2, -2, -2}, {1, -1, 1, -1}};
        double[][] two = {{0.5, 0.5, -0.5, -0.5}, {1.5, -1.5, 1.5, -1.5}};
        double[][] single = Csp.averageCovariance(List.of(Trial.of(one)));
        assertArrayEquals(new double[] {0.8, 0}, single[0], 1e-15);
        assertArrayEquals(new double[] {0, 0.2}, single[1], 1e-15);
        double[][] both = Csp.averageCovariance(List.of(Trial.of(one), Trial.of(two)));
        assertArrayEquals(new double[] {0.45, 0}, both[0], 1e-15);
        assertArrayEquals(new double[] {0, 0.55}, both[1], 1e-15);
    }

    private static double[] abs(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.abs(v[i]);
        }
        return out;
    }
}
