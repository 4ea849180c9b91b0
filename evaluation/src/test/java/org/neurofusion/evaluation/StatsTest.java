package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link Stats} against closed forms and numpy's quantile. */
class StatsTest {
    @Test
    void quantileInterpolatesLikeNumpy() {
        double[] s = {0, 10, 20, 30};
        // numpy.quantile([0, 10, 20, 30], [0, 0.1, 1/3, 0.5, 1]) = [0, 3, 10, 15, 30]
        assertEquals(0, Stats.quantile(s, 0), 1e-12);
        assertEquals(3, Stats.quantile(s, 0.1), 1e-12);
        assertEquals(10, Stats.quantile(s, 1.0 / 3), 1e-12);
        assertEquals(15, Stats.quantile(s, 0.5), 1e-12);
        assertEquals(30, Stats.quantile(s, 1), 1e-12);
        assertEquals(7, Stats.quantile(new double[] {7}, 0.3), 1e-12);
    }

    @Test
    void standardDeviationIsUnmovedByAShift() {
        // the sample standard deviation of 0.1, 0.2, 0.3 is 0.1; a shift of 1e9 must leave it (to what the stored
        // values keep: their spacing is exact to about 1e-7); a one-pass sum of squares loses it entirely
        assertEquals(0.1, Stats.std(new double[] {0.1, 0.2, 0.3}), 1e-12);
        assertEquals(0.1, Stats.std(new double[] {1e9 + 0.1, 1e9 + 0.2, 1e9 + 0.3}), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> Stats.std(new double[0]));
    }

    @Test
    void bootstrapIntervalOfTheDigitsFollowsTheNormalApproximation() {
        // resampling 0..9 with replacement: the mean of 10 draws has mean 4.5 and standard deviation
        // sqrt(8.25 / 10) = 0.908 (population variance of the digits 8.25); near normal, so the central 50 % and
        // 90 % intervals are 4.5 ∓ 0.674·0.908 and 4.5 ∓ 1.645·0.908 (means move in steps of 0.1)
        double[] digits = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        double sd = Math.sqrt(8.25 / 10);
        double[] half = Stats.bootstrapMeanInterval(digits, 20000, 0.5, 5);
        assertEquals(4.5 - 0.6745 * sd, half[0], 0.12);
        assertEquals(4.5 + 0.6745 * sd, half[1], 0.12);
        double[] ninety = Stats.bootstrapMeanInterval(digits, 20000, 0.9, 6);
        assertEquals(4.5 - 1.6449 * sd, ninety[0], 0.12);
        assertEquals(4.5 + 1.6449 * sd, ninety[1], 0.12);
        // one resample is an interval too: both ends are its mean
        double[] one = Stats.bootstrapMeanInterval(new double[] {2, 2, 2}, 1, 0.9, 1);
        assertEquals(2, one[0], 1e-12);
        assertEquals(2, one[1], 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Stats.bootstrapMeanInterval(new double[0], 10, 0.9, 1));
        assertThrows(IllegalArgumentException.class, () -> Stats.bootstrapMeanInterval(digits, 0, 0.9, 1));
        assertThrows(IllegalArgumentException.class, () -> Stats.bootstrapMeanInterval(digits, 10, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Stats.bootstrapMeanInterval(digits, 10, 1, 1));
    }

    @Test
    void chanceBoundAtTheEdges() {
        // one trial, two classes: Binomial(1, 1/2) is 1 with probability 1/2, so its 95 % quantile is 1
        assertEquals(1.0, Stats.chanceUpperBound(1, 2, 0.95), 1e-12);
        // three classes, three trials: P(X <= 1) = (8 + 12)/27 = 0.741, P(X <= 2) = 26/27; the 0.9 quantile is 2
        assertEquals(2.0 / 3, Stats.chanceUpperBound(3, 3, 0.9), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Stats.chanceUpperBound(10, 1, 0.95));
        assertThrows(IllegalArgumentException.class, () -> Stats.chanceUpperBound(10, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> Stats.chanceUpperBound(10, 2, 1));
    }
}
