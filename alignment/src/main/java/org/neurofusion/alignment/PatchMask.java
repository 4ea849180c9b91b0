package org.neurofusion.alignment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Which patches of a (B, C, P) token grid are hidden from the encoder in masked-patch pre-training; made by
 * {@link PatchMasking#sample}. Immutable.
 *
 * @param batch B
 * @param channels C
 * @param patches P
 * @param hidden B·C·P flags in row-major (b, c, p) order, true where the patch is hidden
 */
public record PatchMask(int batch, int channels, int patches, boolean[] hidden) {
    public PatchMask {
        if (batch <= 0 || channels <= 0 || patches <= 0) {
            throw new IllegalArgumentException("a patch mask needs positive sizes, got (" + batch + ", " + channels
                    + ", " + patches + ")");
        }
        if (hidden == null || hidden.length != (long) batch * channels * patches) {
            throw new IllegalArgumentException("a (" + batch + ", " + channels + ", " + patches + ") patch mask needs "
                    + (long) batch * channels * patches + " flags, got " + (hidden == null ? 0 : hidden.length));
        }
        hidden = hidden.clone();
    }

    /** Whether patch p of channel c in window b is hidden. */
    public boolean isHidden(int b, int c, int p) {
        if (b < 0 || b >= batch || c < 0 || c >= channels || p < 0 || p >= patches) {
            throw new IndexOutOfBoundsException("patch (" + b + ", " + c + ", " + p + ") outside (" + batch + ", "
                    + channels + ", " + patches + ")");
        }
        return hidden[(b * channels + c) * patches + p];
    }

    /** The flags, copied. */
    @Override
    public boolean[] hidden() {
        return hidden.clone();
    }

    /** How many patches are hidden in all. */
    public int hiddenCount() {
        int n = 0;
        for (boolean h : hidden) {
            n += h ? 1 : 0;
        }
        return n;
    }

    /** The mask as a float32 (B, C, P) array of 0 and 1 in {@code manager}. */
    public NDArray toNDArray(NDManager manager) {
        float[] f = new float[hidden.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = hidden[i] ? 1f : 0f;
        }
        return manager.create(f, new Shape(batch, channels, patches));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PatchMask other && batch == other.batch && channels == other.channels
                && patches == other.patches && java.util.Arrays.equals(hidden, other.hidden);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(batch, channels, patches, java.util.Arrays.hashCode(hidden));
    }

    @Override
    public String toString() {
        return "PatchMask(" + batch + ", " + channels + ", " + patches + ", hidden " + hiddenCount() + ")";
    }
}
