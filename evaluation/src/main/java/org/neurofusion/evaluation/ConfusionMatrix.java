package org.neurofusion.evaluation;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * Counts of test windows by true class (rows) and predicted class (columns), both in the ascending order of
 * {@link #classes()}. Immutable; {@link #plus} sums two matrices over the union of their classes, so that folds whose
 * models or test windows saw different classes add up with zeros where a class was absent.
 */
public final class ConfusionMatrix {
    private final int[] classes;
    private final long[][] counts;

    /**
     * A matrix of these counts.
     *
     * @param classes the labels of the rows and columns, strictly ascending
     * @param counts  {@code counts[i][j]}: windows of class {@code classes[i]} predicted as {@code classes[j]}
     * @throws IllegalArgumentException when the classes are not strictly ascending, the counts are not square in
     *                                  their number, or a count is negative
     */
    public ConfusionMatrix(int[] classes, long[][] counts) {
        for (int i = 1; i < classes.length; i++) {
            if (classes[i] <= classes[i - 1]) {
                throw new IllegalArgumentException("confusion matrix classes must be strictly ascending, got "
                        + Arrays.toString(classes));
            }
        }
        if (counts.length != classes.length) {
            throw new IllegalArgumentException("confusion matrix of " + classes.length + " classes has "
                    + counts.length + " rows");
        }
        this.classes = classes.clone();
        this.counts = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            if (counts[i].length != classes.length) {
                throw new IllegalArgumentException("confusion matrix row " + i + " has " + counts[i].length
                        + " columns, expected " + classes.length);
            }
            for (long c : counts[i]) {
                if (c < 0) {
                    throw new IllegalArgumentException("confusion matrix row " + i + " holds a negative count " + c);
                }
            }
            this.counts[i] = counts[i].clone();
        }
    }

    /**
     * The matrix of one fold. Its classes are the model's {@code classes} joined by any label of {@code truth} the
     * model never saw in training (such windows are counted in their own row, never predicted right).
     *
     * @throws IllegalArgumentException when truth and prediction differ in length, or a prediction is not one of
     *                                  {@code classes}
     */
    public static ConfusionMatrix of(int[] truth, int[] predicted, int[] classes) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(truth.length + " labels but " + predicted.length + " predictions");
        }
        TreeSet<Integer> labels = new TreeSet<>();
        Arrays.stream(classes).forEach(labels::add);
        for (int p : predicted) {
            if (!labels.contains(p)) {
                throw new IllegalArgumentException("prediction " + p + " is not one of the model's classes "
                        + Arrays.toString(classes));
            }
        }
        Arrays.stream(truth).forEach(labels::add);
        int[] all = labels.stream().mapToInt(Integer::intValue).toArray();
        long[][] counts = new long[all.length][all.length];
        for (int i = 0; i < truth.length; i++) {
            counts[Arrays.binarySearch(all, truth[i])][Arrays.binarySearch(all, predicted[i])]++;
        }
        return new ConfusionMatrix(all, counts);
    }

    /** The labels of rows and columns, ascending (a copy). */
    public int[] classes() {
        return classes.clone();
    }

    /** The counts, rows = true class, columns = predicted class (a copy). */
    public long[][] counts() {
        long[][] out = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            out[i] = counts[i].clone();
        }
        return out;
    }

    /** Windows of true class {@code truth} predicted as {@code predicted}; 0 when either class is not in the matrix. */
    public long count(int truth, int predicted) {
        int i = Arrays.binarySearch(classes, truth);
        int j = Arrays.binarySearch(classes, predicted);
        return i < 0 || j < 0 ? 0 : counts[i][j];
    }

    /** All windows counted. */
    public long total() {
        long t = 0;
        for (long[] row : counts) {
            for (long c : row) {
                t += c;
            }
        }
        return t;
    }

    /** The sum of this matrix and {@code other}, over the union of their classes (zeros where one lacks a class). */
    public ConfusionMatrix plus(ConfusionMatrix other) {
        TreeSet<Integer> labels = new TreeSet<>();
        Arrays.stream(classes).forEach(labels::add);
        Arrays.stream(other.classes).forEach(labels::add);
        int[] all = labels.stream().mapToInt(Integer::intValue).toArray();
        long[][] sum = new long[all.length][all.length];
        for (int i = 0; i < all.length; i++) {
            for (int j = 0; j < all.length; j++) {
                sum[i][j] = count(all[i], all[j]) + other.count(all[i], all[j]);
            }
        }
        return new ConfusionMatrix(all, sum);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix m && Arrays.equals(classes, m.classes)
                && Arrays.deepEquals(counts, m.counts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(classes) + Arrays.deepHashCode(counts);
    }

    @Override
    public String toString() {
        return "ConfusionMatrix" + Arrays.toString(classes) + Arrays.deepToString(counts);
    }
}
