package org.neurofusion.alignment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Map;

/**
 * Stops training at the first NaN or infinite loss, naming the step and the term (see
 * {@link NonFiniteLossException}). Call it after the forward pass and before {@code backward()}; it reads
 * the loss back to the host, which waits for the device.
 */
public final class LossGuard {
    private LossGuard() {
    }

    /**
     * Checks every element of {@code loss}; the term is named by the array's name, or "loss" when it has none.
     *
     * @throws NonFiniteLossException at the first non-finite element
     */
    public static void check(NDArray loss, int step) {
        if (loss == null) {
            throw new IllegalArgumentException("step " + step + ": no loss to check");
        }
        String name = loss.getName();
        check(name == null || name.isEmpty() ? "loss" : name, loss, step);
    }

    /**
     * Checks every element of {@code loss} as term {@code term}.
     *
     * @throws NonFiniteLossException at the first non-finite element
     */
    public static void check(String term, NDArray loss, int step) {
        if (loss == null) {
            throw new IllegalArgumentException("step " + step + ": no value for loss term '" + term + "'");
        }
        double[] values;
        if (loss.getDataType() == DataType.FLOAT64) {
            values = loss.toDoubleArray();
        } else {
            try (NDArray d = loss.toType(DataType.FLOAT64, true)) {
                values = d.toDoubleArray();
            }
        }
        for (double v : values) {
            check(term, v, step);
        }
    }

    /**
     * Checks one value.
     *
     * @throws NonFiniteLossException when it is NaN or infinite
     */
    public static void check(String term, double value, int step) {
        if (!Double.isFinite(value)) {
            throw new NonFiniteLossException(step, term, value);
        }
    }

    /**
     * Checks each term of an objective's result (in its order), then the total.
     *
     * @throws NonFiniteLossException naming the first non-finite term
     */
    public static void check(ObjectiveResult result, int step) {
        if (result == null) {
            throw new IllegalArgumentException("step " + step + ": no objective result to check");
        }
        for (Map.Entry<String, Double> e : result.terms().entrySet()) {
            check(e.getKey(), e.getValue(), step);
        }
        check(AlignmentObjective.TOTAL, result.total(), step);
    }
}
