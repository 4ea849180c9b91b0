package org.neurofusion.fusion.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * The weighted mean cosine distance between matching rows of two embeddings, used to pull the student's
 * imputed embedding of a missing modality towards the real one where the window has it:
 * <pre>
 * L = Σ_i w_i (1 − cos(a_i, b_i)) / Σ_i w_i,   cos(a, b) = a·b / (max(‖a‖, ε) · max(‖b‖, ε)),   ε = 1e-8
 * </pre>
 * and 0 (a graph array, zero gradients) when every weight is 0. The norms are clamped through their squares
 * ({@code max(‖a‖², ε²)}), never {@code sqrt} of 0, so a zero vector gives cos = 0 and finite gradients
 * instead of NaN. Rows of weight 0 take part in nothing, even when they hold NaN. Gradients reach both
 * arguments: a caller whose {@code b} is a fixed target passes {@code b.stopGradient()}.
 */
public final class CosineDistance {
    /** The floor on each norm, as in {@code torch.nn.functional.cosine_similarity}. */
    public static final double EPSILON = 1e-8;
    private static final String NAME = "cosine distance";

    private CosineDistance() {
    }

    /**
     * The weighted mean of 1 − cos(a_i, b_i).
     *
     * @param a (B, D) floating point
     * @param b (B, D) floating point
     * @param weight (B), each row's weight, finite and ≥ 0
     * @return 0-d, in {@code a}'s manager
     * @throws IllegalArgumentException naming the bad shape, type or weight
     */
    public static NDArray evaluate(NDArray a, NDArray b, NDArray weight) {
        LossArrays.requireFloating(NAME, "a", a, 2);
        LossArrays.requireFloating(NAME, "b", b, 2);
        LossArrays.requireSameShape(NAME, "a", a, "b", b);
        NDArray w = LossArrays.rowWeights(NAME, weight, a);
        NDManager m = a.getManager();
        DataType t = a.getDataType();
        NDArray x = LossArrays.keepWeightedRows(a, w);
        NDArray y = LossArrays.keepWeightedRows(b.toType(t, false), w);
        int[] features = {1};
        NDArray floor = LossArrays.scalar(m, EPSILON * EPSILON, t);
        NDArray squaredNorms = x.square().sum(features).maximum(floor).mul(y.square().sum(features).maximum(floor));
        NDArray cosine = x.mul(y).sum(features).div(squaredNorms.sqrt());
        NDArray distance = LossArrays.scalar(m, 1, t).sub(cosine);
        return LossArrays.weightedMean(distance, w);
    }
}
