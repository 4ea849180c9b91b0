package org.neurofusion.fusion.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * What the distillation losses share: scalar constants made as arrays in the step's manager (a Java number
 * used as an operand of a graph array becomes a temporary tensor that the garbage collector may free before
 * {@code backward()}), row weights checked and converted, and the weighted mean over rows.
 */
final class LossArrays {
    private LossArrays() {
    }

    /** A 0-d constant of {@code type} in {@code manager}; it lives as long as the manager. */
    static NDArray scalar(NDManager manager, double value, DataType type) {
        return org.neurofusion.alignment.GraphConstants.scalar(manager, value, type);
    }

    /** {@code where(condition, x, y)} with the condition broadcast to {@code x}'s shape; y may be 0-d. */
    static NDArray select(NDArray condition, NDArray x, NDArray y) {
        return org.neurofusion.alignment.GraphConstants.select(condition, x, y);
    }

    /** Requires a non-null floating-point array of {@code dims} dimensions (any when dims < 0), naming it. */
    static void requireFloating(String loss, String what, NDArray x, int dims) {
        if (x == null) {
            throw new IllegalArgumentException(loss + ": " + what + " is missing");
        }
        if (!x.getDataType().isFloating()) {
            throw new IllegalArgumentException(loss + ": " + what + " must be floating point, got " + x.getDataType());
        }
        if (dims >= 0 && x.getShape().dimension() != dims) {
            throw new IllegalArgumentException(loss + ": " + what + " must have " + dims + " dimensions, got "
                    + x.getShape());
        }
        if (x.getShape().dimension() >= 1 && x.getShape().get(0) == 0) {
            throw new IllegalArgumentException(loss + ": " + what + " has no rows");
        }
    }

    /** Requires {@code y} to have {@code x}'s shape, naming both. */
    static void requireSameShape(String loss, String xName, NDArray x, String yName, NDArray y) {
        if (!x.getShape().equals(y.getShape())) {
            throw new IllegalArgumentException(loss + ": " + xName + " " + x.getShape() + " and " + yName + " "
                    + y.getShape() + " must have one shape");
        }
    }

    /**
     * Checks the row weights, (B), every one finite and ≥ 0, and returns a copy of them as {@code like}'s type,
     * on its device and in its manager (outside the graph: weights are data, and derived arrays must not pile
     * up in a longer-lived manager of the batch). Reading them back is cheap (B values) and turns a bad weight
     * into an error that names the row instead of a silently wrong loss.
     */
    static NDArray rowWeights(String loss, NDArray weight, NDArray like) {
        if (weight == null) {
            throw new IllegalArgumentException(loss + ": the row weights are missing");
        }
        long rows = like.getShape().get(0);
        if (!weight.getShape().equals(new Shape(rows))) {
            throw new IllegalArgumentException(loss + ": the row weights must be (" + rows + "), got "
                    + weight.getShape());
        }
        NDArray w;
        try (NDArray typed = weight.toType(like.getDataType(), true)) {
            w = typed.toDevice(like.getDevice(), true);
        }
        w.attach(like.getManager());
        double[] values;
        try (NDArray d = w.toType(DataType.FLOAT64, true)) {
            values = d.toDoubleArray();
        }
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] >= 0) || !Double.isFinite(values[i])) {
                throw new IllegalArgumentException(loss + ": row " + i + " has weight " + values[i]
                        + "; weights must be finite and >= 0");
            }
        }
        return w;
    }

    /**
     * Zeroes the rows of {@code x} (B, ...) whose weight is 0, so that whatever they hold (even NaN) reaches
     * neither the value nor a gradient: {@code where} passes a zero gradient, and the computation downstream
     * sees only finite zeros.
     */
    static NDArray keepWeightedRows(NDArray x, NDArray weight) {
        NDArray present = weight.gt(scalar(weight.getManager(), 0, weight.getDataType()));
        Shape rowShape = new Shape(x.getShape().get(0));
        for (int i = 1; i < x.getShape().dimension(); i++) {
            rowShape = rowShape.add(1);
        }
        return select(present.reshape(rowShape), x, scalar(x.getManager(), 0, x.getDataType()));
    }

    /**
     * {@code Σ w_i l_i / Σ w_i} over rows, or 0 (still a graph array, zero gradient) when every weight is 0.
     * {@code perRow} (B) must already be finite on zero-weight rows (see {@link #keepWeightedRows}).
     */
    static NDArray weightedMean(NDArray perRow, NDArray weight) {
        NDManager m = perRow.getManager();
        DataType t = perRow.getDataType();
        NDArray total = weight.sum();
        // Σw = 0 gives 0/1 = 0, not 0/0
        NDArray denominator = NDArrays.where(total.gt(scalar(m, 0, t)), total, scalar(m, 1, t));
        return perRow.mul(weight).sum().div(denominator);
    }

    /** A 0-d array's value as a double. */
    static double valueOf(NDArray scalar) {
        if (scalar.getDataType() == DataType.FLOAT64) {
            return scalar.getDouble();
        }
        try (NDArray d = scalar.toType(DataType.FLOAT64, true)) {
            return d.getDouble();
        }
    }
}
