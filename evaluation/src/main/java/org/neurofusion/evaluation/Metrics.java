package org.neurofusion.evaluation;

import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeSet;

/**
 * Classification metrics of one test fold, with scikit-learn's definitions. Kappa and ROC-AUC can be
 * undefined (a fold whose test windows are all of one class has no ROC curve; kappa is 0/0 when truth and
 * prediction are one and the same class): they are then empty, never NaN, and summaries count them apart.
 */
public final class Metrics {
    private Metrics() {
    }

    /**
     * The metrics of one fold; {@code kappa} and {@code rocAuc} are empty when undefined.
     *
     * @param n         test windows
     * @param confusion counts by true class (rows) and predicted class (columns), in the order of the model's classes
     *                  (with any test label the model never saw added in its place)
     */
    public record FoldMetrics(int n, double accuracy, double balancedAccuracy, OptionalDouble kappa, double f1Macro,
            OptionalDouble rocAuc, ConfusionMatrix confusion) {
        public FoldMetrics {
            Objects.requireNonNull(kappa, "kappa");
            Objects.requireNonNull(rocAuc, "rocAuc");
            Objects.requireNonNull(confusion, "confusion");
            if (confusion.total() != n) {
                throw new IllegalArgumentException("the confusion matrix counts " + confusion.total()
                        + " windows, the fold has " + n);
            }
        }
    }

    /**
     * All metrics of a fold.
     *
     * @param truth     true labels
     * @param predicted predicted labels
     * @param scores    per window one score per class of {@code classes} (higher means more likely)
     * @param classes   the classes the scores' columns belong to, ascending (the model's classes)
     */
    public static FoldMetrics of(int[] truth, int[] predicted, double[][] scores, int[] classes) {
        return new FoldMetrics(truth.length, accuracy(truth, predicted), balancedAccuracy(truth, predicted),
                kappa(truth, predicted), f1Macro(truth, predicted), rocAuc(truth, scores, classes),
                ConfusionMatrix.of(truth, predicted, classes));
    }

    /** Share of windows predicted right. */
    public static double accuracy(int[] truth, int[] predicted) {
        check(truth, predicted);
        int right = 0;
        for (int i = 0; i < truth.length; i++) {
            right += truth[i] == predicted[i] ? 1 : 0;
        }
        return right / (double) truth.length;
    }

    /** Mean recall over the classes present in {@code truth}. */
    public static double balancedAccuracy(int[] truth, int[] predicted) {
        check(truth, predicted);
        double sum = 0;
        int[] classes = Arrays.stream(truth).distinct().sorted().toArray();
        for (int c : classes) {
            int n = 0;
            int right = 0;
            for (int i = 0; i < truth.length; i++) {
                if (truth[i] == c) {
                    n++;
                    right += predicted[i] == c ? 1 : 0;
                }
            }
            sum += right / (double) n;
        }
        return sum / classes.length;
    }

    /** Cohen's kappa, {@code (p_o − p_e)/(1 − p_e)}; empty when {@code p_e = 1}. */
    public static OptionalDouble kappa(int[] truth, int[] predicted) {
        check(truth, predicted);
        int n = truth.length;
        double po = accuracy(truth, predicted);
        double pe = 0;
        for (int c : union(truth, predicted)) {
            pe += count(truth, c) / (double) n * (count(predicted, c) / (double) n);
        }
        if (pe >= 1) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of((po - pe) / (1 - pe));
    }

    /** Unweighted mean of per-class F1 over the classes in truth or prediction. */
    public static double f1Macro(int[] truth, int[] predicted) {
        check(truth, predicted);
        TreeSet<Integer> classes = union(truth, predicted);
        double sum = 0;
        for (int c : classes) {
            int tp = 0;
            int fp = 0;
            int fn = 0;
            for (int i = 0; i < truth.length; i++) {
                if (predicted[i] == c && truth[i] == c) {
                    tp++;
                } else if (predicted[i] == c) {
                    fp++;
                } else if (truth[i] == c) {
                    fn++;
                }
            }
            sum += 2.0 * tp / (2 * tp + fp + fn);
        }
        return sum / classes.size();
    }

    /**
     * ROC-AUC. Two classes: the AUC of the score difference (class 1 minus class 0, positive = the larger
     * label). More: one-vs-rest on the softmax of the scores (LDA's posteriors), macro-averaged over the
     * classes that have both positives and negatives in the fold. Empty when no class has both.
     */
    public static OptionalDouble rocAuc(int[] truth, double[][] scores, int[] classes) {
        if (truth.length != scores.length) {
            throw new IllegalArgumentException(truth.length + " labels but " + scores.length + " score rows");
        }
        if (classes.length == 2) {
            double[] d = new double[truth.length];
            boolean[] pos = new boolean[truth.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = scores[i][1] - scores[i][0];
                pos[i] = truth[i] == classes[1];
            }
            return binaryAuc(pos, d);
        }
        double[][] post = new double[scores.length][];
        for (int i = 0; i < post.length; i++) {
            post[i] = softmax(scores[i]);
        }
        double sum = 0;
        int defined = 0;
        for (int c = 0; c < classes.length; c++) {
            boolean[] pos = new boolean[truth.length];
            double[] s = new double[truth.length];
            for (int i = 0; i < truth.length; i++) {
                pos[i] = truth[i] == classes[c];
                s[i] = post[i][c];
            }
            OptionalDouble a = binaryAuc(pos, s);
            if (a.isPresent()) {
                sum += a.getAsDouble();
                defined++;
            }
        }
        return defined == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / defined);
    }

    /** Mann–Whitney AUC with ties counted half; empty without both positives and negatives. */
    public static OptionalDouble binaryAuc(boolean[] positive, double[] score) {
        int n = score.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
        // average ranks over ties, then the rank-sum form of the Mann–Whitney statistic
        double[] rank = new double[n];
        for (int i = 0; i < n;) {
            int j = i;
            while (j + 1 < n && score[order[j + 1]] == score[order[i]]) {
                j++;
            }
            double r = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                rank[order[k]] = r;
            }
            i = j + 1;
        }
        long np = 0;
        double rankSum = 0;
        for (int i = 0; i < n; i++) {
            if (positive[i]) {
                np++;
                rankSum += rank[i];
            }
        }
        long nn = n - np;
        if (np == 0 || nn == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of((rankSum - np * (np + 1) / 2.0) / ((double) np * nn));
    }

    private static double[] softmax(double[] s) {
        double max = Arrays.stream(s).max().orElse(0);
        double[] e = new double[s.length];
        double sum = 0;
        for (int i = 0; i < s.length; i++) {
            e[i] = Math.exp(s[i] - max);
            sum += e[i];
        }
        for (int i = 0; i < s.length; i++) {
            e[i] /= sum;
        }
        return e;
    }

    private static void check(int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(truth.length + " labels but " + predicted.length + " predictions");
        }
        if (truth.length == 0) {
            throw new IllegalArgumentException("metrics of an empty fold are undefined");
        }
    }

    private static TreeSet<Integer> union(int[] a, int[] b) {
        TreeSet<Integer> s = new TreeSet<>();
        Arrays.stream(a).forEach(s::add);
        Arrays.stream(b).forEach(s::add);
        return s;
    }

    private static int count(int[] a, int c) {
        int n = 0;
        for (int v : a) {
            n += v == c ? 1 : 0;
        }
        return n;
    }
}
