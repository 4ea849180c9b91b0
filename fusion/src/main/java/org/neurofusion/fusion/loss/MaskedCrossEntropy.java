package org.neurofusion.fusion.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The student's supervised term: cross-entropy of its logits against the labels, averaged over the labelled
 * rows only. {@code L = −(1/|L|) Σ_{i∈L} log softmax(z_i)[y_i]} with L the rows whose label is ≥ 0; label −1
 * marks an unlabelled window (most windows of a distillation batch are), which takes part in nothing: its
 * logits, even NaN, change neither the value nor any gradient. With no labelled row the loss is 0, a graph
 * array with zero gradients, so a trainer can add it unconditionally.
 *
 * <p>Computed with {@code logSoftmax} (max-subtracted), so large logits do not overflow. Constants live in
 * the logits' manager; no Java number is an operand of a graph array.
 */
public final class MaskedCrossEntropy {
    private static final String NAME = "masked cross-entropy";

    private MaskedCrossEntropy() {
    }

    /**
     * The mean cross-entropy over labelled rows.
     *
     * @param logits (B, K) floating point, the student's class scores
     * @param labels (B) integer, a class in [0, K) or −1 when unlabelled
     * @return 0-d, in the logits' manager
     * @throws IllegalArgumentException when a label is ≥ K or < −1 (naming the row, the label and K), or when
     *     a shape or type is wrong
     */
    public static NDArray evaluate(NDArray logits, NDArray labels) {
        return evaluate(logits, labels, 0);
    }

    /**
     * The mean cross-entropy over labelled rows against smoothed targets: {@code q = (1 − ε)·one-hot(y) + ε/K}, so
     * {@code L = −(1/|L|) Σ_{i∈L} [(1 − ε) log p_i[y_i] + (ε/K) Σ_k log p_i[k]]}. With ε = 0 this is
     * {@link #evaluate(NDArray, NDArray)}, computed the same way.
     *
     * @param smoothing ε in [0, 1)
     * @throws IllegalArgumentException as {@link #evaluate(NDArray, NDArray)}, or for ε outside [0, 1)
     */
    public static NDArray evaluate(NDArray logits, NDArray labels, double smoothing) {
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw new IllegalArgumentException(NAME + ": label smoothing must lie in [0, 1), got " + smoothing);
        }
        LossArrays.requireFloating(NAME, "the logits", logits, 2);
        if (labels == null) {
            throw new IllegalArgumentException(NAME + ": the labels are missing");
        }
        int rows = Math.toIntExact(logits.getShape().get(0));
        int classes = Math.toIntExact(logits.getShape().get(1));
        if (!labels.getShape().equals(new Shape(rows))) {
            throw new IllegalArgumentException(NAME + ": the labels must be (" + rows + ") like the logits "
                    + logits.getShape() + ", got " + labels.getShape());
        }
        if (labels.getDataType() != DataType.INT32 && labels.getDataType() != DataType.INT64) {
            throw new IllegalArgumentException(NAME + ": the labels must be int32 or int64, got "
                    + labels.getDataType());
        }
        long[] y;
        try (NDArray wide = labels.toType(DataType.INT64, true)) {
            y = wide.toLongArray();
        }
        boolean[] target = new boolean[rows * classes];
        float[] labelled = new float[rows];
        for (int i = 0; i < rows; i++) {
            if (y[i] >= classes || y[i] < -1) {
                throw new IllegalArgumentException(NAME + ": row " + i + " has label " + y[i] + ", expected −1"
                        + " (unlabelled) or a class in [0, " + classes + ")");
            }
            if (y[i] >= 0) {
                target[i * classes + (int) y[i]] = true;
                labelled[i] = 1;
            }
        }
        NDManager m = logits.getManager();
        // the targets are data, built on the host from the labels already read: not part of the graph
        NDArray isTarget = m.create(target, new Shape(rows, classes)).toDevice(logits.getDevice(), false);
        NDArray weight = m.create(labelled).toDevice(logits.getDevice(), false).toType(logits.getDataType(), false);
        NDArray z = LossArrays.keepWeightedRows(logits, weight);
        NDArray zero = LossArrays.scalar(m, 0, logits.getDataType());
        NDArray logSoftmax = z.logSoftmax(1);
        NDArray logProbability = LossArrays.select(isTarget, logSoftmax, zero).sum(new int[] {1});
        if (smoothing > 0) {
            NDArray keep = LossArrays.scalar(m, 1 - smoothing, logits.getDataType());
            NDArray spread = LossArrays.scalar(m, smoothing / classes, logits.getDataType());
            logProbability = logProbability.mul(keep).add(logSoftmax.sum(new int[] {1}).mul(spread));
        }
        return LossArrays.weightedMean(logProbability, weight).neg();
    }
}
