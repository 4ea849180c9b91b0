package org.neurofusion.alignment;

/**
 * A loss term came out NaN or infinite at a training step: raised by {@link LossGuard} so that a run stops
 * at the step where it broke, naming the step and the term, instead of training on garbage.
 */
public final class NonFiniteLossException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int step;
    private final String term;
    private final double value;

    /** An exception for {@code term} at {@code step}, whose value was {@code value}. */
    public NonFiniteLossException(int step, String term, double value) {
        super("step " + step + ": loss term '" + term + "' is " + describe(value));
        this.step = step;
        this.term = term;
        this.value = value;
    }

    private static String describe(double v) {
        return Double.isNaN(v) ? "NaN" : (v > 0 ? "+Infinity" : "-Infinity");
    }

    /** The training step. */
    public int step() {
        return step;
    }

    /** The loss term's name. */
    public String term() {
        return term;
    }

    /** The non-finite value (NaN or ±infinity). */
    public double value() {
        return value;
    }
}
