package org.neurofusion.fusion.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The paired t interval against SciPy 1.10.1. Reference numbers were computed with
 * {@code /usr/bin/python3 -c 'import numpy as np, scipy.stats as st; d=np.array([...]);
 * st.t.interval(0.95, len(d)-1, loc=d.mean(), scale=d.std(ddof=1)/np.sqrt(len(d)))'} and {@code st.t.ppf(p, df)}.
 */
class PairedTIntervalTest {
    @Test
    void quantilesMatchScipy() {
        // st.t.ppf(0.975, 1), (0.975, 7), (0.9, 4), (0.975, 35)
        assertEquals(12.706204736174694, PairedTInterval.tQuantile(0.975, 1), 1e-9);
        assertEquals(2.364624251592784, PairedTInterval.tQuantile(0.975, 7), 1e-9);
        assertEquals(1.533206274058944, PairedTInterval.tQuantile(0.9, 4), 1e-9);
        assertEquals(2.030107928250343, PairedTInterval.tQuantile(0.975, 35), 1e-9);
    }

    @Test
    void intervalOfDifferencesMatchesScipy() {
        double[] d = {0.10, -0.05, 0.20, 0.15, 0.00, 0.05};
        PairedTInterval ci = PairedTInterval.ofDifferences(d, 0.95);
        assertEquals(6, ci.n());
        assertEquals(0.075, ci.mean(), 1e-12);
        // d.std(ddof=1)
        assertEquals(0.09354143466934853, ci.sd(), 1e-12);
        assertEquals(-0.023165715349016194, ci.lower(), 1e-9);
        assertEquals(0.1731657153490162, ci.upper(), 1e-9);
        assertFalse(ci.excludesZero());
        // the 90% interval of the same mean with sd 0.1: st.t.interval(0.90, 5, loc=0.075, scale=0.1/np.sqrt(6))
        // build a sample with mean 0.075 and sd 0.1 exactly: two points off the mean, symmetric
        double off = 0.1 * Math.sqrt(5.0 / 2);
        double[] s = {0.075 + off, 0.075 - off, 0.075, 0.075, 0.075, 0.075};
        PairedTInterval ninety = PairedTInterval.ofDifferences(s, 0.90);
        assertEquals(0.1, ninety.sd(), 1e-12);
        assertEquals(-0.0072640053615195405, ninety.lower(), 1e-9);
        assertEquals(0.15726400536151947, ninety.upper(), 1e-9);
    }

    @Test
    void pairsAreSubtractedInOrder() {
        double[] a = {0.7, 0.8, 0.65};
        double[] b = {0.6, 0.55, 0.66};
        PairedTInterval ci = PairedTInterval.of(a, b);
        // a - b = [0.1, 0.25, -0.01]: mean and st.t.interval(0.95, 2, ...)
        assertEquals(0.11333333333333333, ci.mean(), 1e-12);
        assertEquals(-0.2108759831763573, ci.lower(), 1e-9);
        assertEquals(0.437542649843024, ci.upper(), 1e-9);
        PairedTInterval reversed = PairedTInterval.of(b, a);
        assertEquals(-ci.mean(), reversed.mean(), 1e-12);
        assertEquals(-ci.upper(), reversed.lower(), 1e-9);
    }

    @Test
    void aClearEffectExcludesZeroAndOnePairHasNoInterval() {
        PairedTInterval clear = PairedTInterval.ofDifferences(new double[] {0.2, 0.21, 0.19, 0.2}, 0.95);
        assertTrue(clear.excludesZero());
        assertTrue(clear.lower() > 0.18 && clear.upper() < 0.22, clear.toString());
        PairedTInterval one = PairedTInterval.ofDifferences(new double[] {0.3}, 0.95);
        assertEquals(0.3, one.mean());
        assertTrue(Double.isNaN(one.lower()) && Double.isNaN(one.upper()) && Double.isNaN(one.halfWidth()));
        assertFalse(one.excludesZero());
    }

    @Test
    void badInputIsRefusedNamingThePair() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PairedTInterval.of(new double[] {0.5, Double.NaN}, new double[] {0.4, 0.4}));
        assertTrue(e.getMessage().contains("pair 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PairedTInterval.of(new double[2], new double[3]));
        assertThrows(IllegalArgumentException.class, () -> PairedTInterval.of(null, new double[3]));
        assertThrows(IllegalArgumentException.class, () -> PairedTInterval.ofDifferences(new double[0], 0.95));
        assertThrows(IllegalArgumentException.class, () -> PairedTInterval.ofDifferences(new double[] {1, 2}, 1.0));
    }
}
