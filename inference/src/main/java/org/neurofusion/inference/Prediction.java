package org.neurofusion.inference;

import java.util.Arrays;

/**
 * The model's output for one window: where the window lies in the recording, the most probable class and every
 * class's probability (in the contract's label order).
 *
 * @param onsetSeconds start of the window, seconds from the recording's first sample
 * @param durationSeconds window length, seconds
 * @param label index of the most probable class (the first on a tie)
 * @param probabilities one per class, summing to 1
 */
public record Prediction(double onsetSeconds, double durationSeconds, int label, float[] probabilities) {
    public Prediction {
        if (probabilities == null || probabilities.length == 0) {
            throw new IllegalArgumentException("a prediction needs class probabilities");
        }
        if (label < 0 || label >= probabilities.length) {
            throw new IllegalArgumentException("label " + label + " outside the " + probabilities.length + " classes");
        }
        probabilities = probabilities.clone();
    }

    /** The prediction of a probability vector: its arg-max is the label. */
    public static Prediction of(double onsetSeconds, double durationSeconds, float[] probabilities) {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return new Prediction(onsetSeconds, durationSeconds, best, probabilities);
    }

    @Override
    public float[] probabilities() {
        return probabilities.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Prediction p && Double.compare(onsetSeconds, p.onsetSeconds) == 0
                && Double.compare(durationSeconds, p.durationSeconds) == 0 && label == p.label
                && Arrays.equals(probabilities, p.probabilities);
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(onsetSeconds) + Arrays.hashCode(probabilities);
    }

    @Override
    public String toString() {
        return "Prediction[" + onsetSeconds + " s, " + durationSeconds + " s, label " + label + ", "
                + Arrays.toString(probabilities) + "]";
    }
}
