package org.neurofusion.fusion.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Hinton et al.'s (2015) soft-target term: the student matches the teacher's class distribution softened
 * by a temperature T,
 * <pre>
 * L = T² · Σ_i w_i KL(p_t,i ‖ p_s,i) / Σ_i w_i,   p = softmax(z / T),   KL(p_t ‖ p_s) = Σ_k p_t,k (log p_t,k − log p_s,k)
 * </pre>
 * a weighted mean over the rows whose weight is positive, and 0 (a graph array with zero gradients) when
 * every weight is 0.
 *
 * <p><b>Why T².</b> The gradient of KL(softmax(t/T) ‖ softmax(s/T)) with respect to the student's logits is
 * {@code (p_s − p_t)/T}, and for large T it shrinks like 1/T² (Hinton et al., section 2.1); the T² factor
 * keeps the term's gradient magnitudes comparable across temperatures, so its weight against the hard-label
 * cross-entropy need not be retuned when T changes.
 *
 * <p><b>The teacher is a target.</b> Its logits pass through {@code stopGradient} inside, so no gradient
 * ever reaches the teacher, whatever the caller's gradient settings. Rows of weight 0 take part in nothing
 * (their logits, even NaN, change neither the value nor a gradient). Both sides use {@code logSoftmax}, so
 * the term is finite for any finite logits, and exactly 0 when the two sides are equal.
 */
public final class SoftTargetKl {
    private static final String NAME = "soft-target KL";

    private SoftTargetKl() {
    }

    /**
     * The weighted, T²-scaled KL divergence from the teacher's to the student's softened distribution.
     *
     * @param student (B, K) floating point, the student's logits (in the graph)
     * @param teacher (B, K), the teacher's logits (never receives a gradient)
     * @param weight (B), each row's weight, finite and ≥ 0
     * @param temperature T, finite and > 0
     * @return 0-d, in the student's manager
     * @throws IllegalArgumentException naming the bad temperature, shape, type or weight
     */
    public static NDArray evaluate(NDArray student, NDArray teacher, NDArray weight, double temperature) {
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException(NAME + ": the temperature must be finite and > 0, got " + temperature);
        }
        LossArrays.requireFloating(NAME, "the student's logits", student, 2);
        LossArrays.requireFloating(NAME, "the teacher's logits", teacher, 2);
        LossArrays.requireSameShape(NAME, "the student's logits", student, "the teacher's logits", teacher);
        NDArray w = LossArrays.rowWeights(NAME, weight, student);
        NDManager m = student.getManager();
        DataType t = student.getDataType();
        NDArray inverseT = LossArrays.scalar(m, 1 / temperature, t);
        NDArray target = teacher.stopGradient().toType(t, false);
        NDArray logStudent = LossArrays.keepWeightedRows(student, w).mul(inverseT).logSoftmax(1);
        NDArray logTeacher = LossArrays.keepWeightedRows(target, w).mul(inverseT).logSoftmax(1);
        NDArray perRow = logTeacher.exp().mul(logTeacher.sub(logStudent)).sum(new int[] {1});
        return LossArrays.weightedMean(perRow, w).mul(LossArrays.scalar(m, temperature * temperature, t));
    }
}
