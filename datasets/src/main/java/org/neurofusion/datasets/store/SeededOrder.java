package org.neurofusion.datasets.store;

import java.util.Random;

/**
 * The seeded randomness behind the samplers' orders, kept apart from the DJL sampler classes so that both samplers
 * share one definition. {@link Random}'s algorithm is fixed by its specification, so an order is the same on every
 * JVM.
 */
final class SeededOrder {
    private SeededOrder() {
    }

    /** The random source of one epoch; seed and epoch are mixed so that neighbouring seeds give unrelated orders. */
    static Random forEpoch(long seed, int epoch) {
        long z = seed + 0x9E3779B97F4A7C15L * (epoch + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new Random(z ^ (z >>> 31));
    }

    /** Fisher–Yates shuffle in place. */
    static void shuffle(long[] a, Random rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            long t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
