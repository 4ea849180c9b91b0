package org.neurofusion.fusion.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The weighted mean over rows of each row's mean squared difference, for matching the student's features to
 * the teacher's: the fused class tokens (B, W) and the imputed latent tokens (B, N, W).
 * <pre>
 * L = Σ_i w_i · mean_j (a_ij − b_ij)² / Σ_i w_i   (j runs over every element of row i)
 * </pre>
 * and 0 (a graph array, zero gradients) when every weight is 0. Rows of weight 0 take part in nothing, even
 * when they hold NaN. Gradients reach both arguments: a caller whose {@code b} is a fixed target passes
 * {@code b.stopGradient()}.
 */
public final class FeatureMatch {
    private static final String NAME = "feature match";

    private FeatureMatch() {
    }

    /**
     * The weighted mean of the per-row mean squared difference.
     *
     * @param a (B, ...) floating point, at least 2 dimensions
     * @param b {@code a}'s shape
     * @param weight (B), each row's weight, finite and ≥ 0
     * @return 0-d, in {@code a}'s manager
     * @throws IllegalArgumentException naming the bad shape, type or weight
     */
    public static NDArray evaluate(NDArray a, NDArray b, NDArray weight) {
        LossArrays.requireFloating(NAME, "a", a, -1);
        LossArrays.requireFloating(NAME, "b", b, -1);
        if (a.getShape().dimension() < 2) {
            throw new IllegalArgumentException(NAME + ": a must be (batch, ...) with at least 2 dimensions, got "
                    + a.getShape());
        }
        LossArrays.requireSameShape(NAME, "a", a, "b", b);
        NDArray w = LossArrays.rowWeights(NAME, weight, a);
        DataType t = a.getDataType();
        NDArray difference = LossArrays.keepWeightedRows(a, w).sub(LossArrays.keepWeightedRows(b.toType(t, false), w));
        // PyTorch's DJL mean takes one axis: flatten each row first
        NDArray rows = difference.reshape(new Shape(a.getShape().get(0), -1));
        return LossArrays.weightedMean(rows.square().mean(new int[] {1}), w);
    }
}
