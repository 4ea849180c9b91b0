package org.neurofusion.alignment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Scalar constants for arrays that take part in the autograd graph. DJL turns a Java {@code Number}
 * operand into a temporary tensor over a Java direct buffer and frees it at once; when the garbage
 * collector reclaims the buffer before {@code backward()}, the backward pass reads garbage. Constants made
 * here are attached to the caller's (per-step) manager and so stay alive until that manager closes, which
 * in a training step is after {@code backward()}.
 */
public final class GraphConstants {
    /**
     * What excluded logits are replaced with: large and finite. {@code -inf} turns a fully excluded row
     * into NaN (−inf − (−inf)), and NaN times a zero weight is still NaN.
     */
    static final double EXCLUDED_LOGIT = -1.0e9;
    /** The same for half precision, whose largest finite value is 65504. */
    static final double EXCLUDED_LOGIT_HALF = -3.0e4;

    private GraphConstants() {
    }

    /** A 0-d constant of the given type in {@code manager}; it lives as long as the manager. */
    public static NDArray scalar(NDManager manager, double value, DataType type) {
        switch (type) {
            case FLOAT64:
                return manager.create(value);
            case FLOAT32:
                return manager.create((float) value);
            default:
                NDArray f = manager.create((float) value);
                // the conversion is a native copy: the result owns its storage, f may go with the manager
                return f.toType(type, false);
        }
    }

    /** The excluded-logit constant for {@code type}. */
    static NDArray excludedLogit(NDManager manager, DataType type) {
        double v = type == DataType.FLOAT16 ? EXCLUDED_LOGIT_HALF : EXCLUDED_LOGIT;
        return scalar(manager, v, type);
    }

    /**
     * {@code where(condition, x, y)} with the condition broadcast to {@code x}'s shape (DJL's PyTorch
     * {@code where} refuses a condition of another shape); {@code y} may be a scalar. The result attaches to
     * {@code x}'s manager.
     */
    public static NDArray select(NDArray condition, NDArray x, NDArray y) {
        NDArray c = condition.getShape().equals(x.getShape()) ? condition : condition.broadcast(x.getShape());
        return NDArrays.where(c, x, y);
    }

    /** Requires a floating-point array, naming what it is. */
    static void requireFloating(NDArray x, String what) {
        if (!x.getDataType().isFloating()) {
            throw new IllegalArgumentException(what + " must be floating point, got " + x.getDataType());
        }
    }

    /** A mask of any numeric or boolean type as a boolean array (non-zero is true); not part of the graph. */
    static NDArray asBoolean(NDArray mask) {
        return mask.getDataType() == DataType.BOOLEAN ? mask : mask.toType(DataType.BOOLEAN, false);
    }
}
