package org.neurofusion.alignment;

import java.util.SplittableRandom;

/**
 * Draws which patches to hide for masked-patch pre-training, deterministically from a seed: the same
 * (B, C, P, ratio, seed) gives the same mask on every machine and run (SplittableRandom's sequence is fixed
 * by its specification), so a resumed run hides the same patches. Derive the seed from the run's seed and
 * the step.
 */
public final class PatchMasking {
    private PatchMasking() {
    }

    /**
     * Hides {@code k = round(ratio · P)} patches of every (window, channel) row, chosen uniformly without
     * replacement and independently per row. When {@code 0 < ratio < 1} and {@code P ≥ 2}, k is kept within
     * [1, P − 1] so every row both hides something and shows something.
     *
     * @param batch B
     * @param channels C
     * @param patches P
     * @param ratio the fraction of patches hidden, in [0, 1]
     * @param seed the seed
     */
    public static PatchMask sample(int batch, int channels, int patches, double ratio, long seed) {
        if (batch <= 0 || channels <= 0 || patches <= 0) {
            throw new IllegalArgumentException("patch masking needs positive sizes, got (" + batch + ", " + channels
                    + ", " + patches + ")");
        }
        if (!(ratio >= 0 && ratio <= 1)) {
            throw new IllegalArgumentException("the masking ratio must be in [0, 1], got " + ratio);
        }
        long total = (long) batch * channels * patches;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a (" + batch + ", " + channels + ", " + patches
                    + ") patch mask is too large for one array");
        }
        int k = hiddenPerRow(patches, ratio);
        boolean[] hidden = new boolean[(int) total];
        SplittableRandom random = new SplittableRandom(seed);
        int[] order = new int[patches];
        for (int row = 0; row < batch * channels; row++) {
            for (int p = 0; p < patches; p++) {
                order[p] = p;
            }
            // partial Fisher–Yates: the first k entries become a uniform k-subset
            for (int i = 0; i < k; i++) {
                int j = i + random.nextInt(patches - i);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
                hidden[row * patches + order[i]] = true;
            }
        }
        return new PatchMask(batch, channels, patches, hidden);
    }

    /** How many of {@code patches} patches one row hides at {@code ratio}. */
    public static int hiddenPerRow(int patches, double ratio) {
        int k = (int) Math.round(ratio * patches);
        if (ratio > 0 && ratio < 1 && patches >= 2) {
            k = Math.max(1, Math.min(patches - 1, k));
        }
        return k;
    }
}
