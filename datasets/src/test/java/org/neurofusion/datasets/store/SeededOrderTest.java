package org.neurofusion.datasets.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The samplers' seeded orders against the JDK: an epoch's source is seeded with SplitMix64's output, which
 * {@link SplittableRandom} computes by its specification (Steele, Lea and Flood 2014: state advanced by the golden
 * gamma, then the mix64 finaliser); and the shuffle draws exactly one bounded integer per position but the first.
 */
class SeededOrderTest {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    @Test
    void anEpochsSourceIsSeededBySplitMix64() {
        for (long seed : new long[] {0, 1, 42, -7, Long.MAX_VALUE}) {
            for (int epoch : new int[] {0, 1, 2, 17}) {
                // new SplittableRandom(s).nextLong() is mix64(s + γ): with s = seed + γ·epoch that is mix64(seed + γ·(epoch + 1))
                Random expected = new Random(new SplittableRandom(seed + GOLDEN_GAMMA * epoch).nextLong());
                Random actual = SeededOrder.forEpoch(seed, epoch);
                for (int i = 0; i < 4; i++) {
                    assertEquals(expected.nextLong(), actual.nextLong(), "seed " + seed + ", epoch " + epoch);
                }
            }
        }
    }

    @Test
    void theShuffleIsAPermutationAndDrawsOncePerPositionButTheFirst() {
        for (int n : new int[] {1, 2, 5, 64}) {
            long[] a = new long[n];
            for (int i = 0; i < n; i++) {
                a[i] = 100 + i;
            }
            Random rnd = new Random(9);
            SeededOrder.shuffle(a, rnd);
            long[] sorted = a.clone();
            Arrays.sort(sorted);
            long[] identity = new long[n];
            Arrays.setAll(identity, i -> 100 + i);
            assertArrayEquals(identity, sorted, "not a permutation of " + n);
            // the same source advanced by nextInt(i + 1) for i = n − 1 .. 1 is where the shuffle left it
            Random ref = new Random(9);
            for (int i = n - 1; i > 0; i--) {
                ref.nextInt(i + 1);
            }
            assertEquals(ref.nextLong(), rnd.nextLong(), "draws of a shuffle of " + n);
        }
    }
}
