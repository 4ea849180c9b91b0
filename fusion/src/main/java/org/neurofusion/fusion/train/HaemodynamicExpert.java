package org.neurofusion.fusion.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.index.NDIndex;
import java.util.Arrays;
import org.neurofusion.evaluation.ShrinkageLda;

/**
 * A closed-form expert for a teacher's slow (haemodynamic) input: shrinkage LDA on two within-window differences
 * per channel, fitted once on the labelled training windows and never trained. Where a network path memorises
 * a few dozen windows, this expert generalises from them (docs/fusion.md, "Late fusion"), and its discriminants,
 * added to the fusion block's logits, are log-odds under its Gaussian model.
 *
 * <p>Features of a window x (C channels × T samples), integer bounds: for each channel c,
 * {@code mean(x[c, T/3 : 2T/3]) − mean(x[c, 0 : T/6])} (the response's rise to mid-window), then for each channel
 * {@code mean(x[c, T/2 : T]) − mean(x[c, 0 : T/2])} (second half against first): 2C values, channel-major within
 * each half of the vector, zero for a padded channel (mask 0). The LDA is {@link ShrinkageLda} (Ledoit–Wolf
 * shrinkage on standardised features, empirical priors). In a teacher its discriminants are weighted against the
 * network's logits by {@link Stacking}: an LDA on many correlated features from few windows separates its own windows
 * perfectly, and its raw discriminants are far more confident than it is right on a new subject.
 */
public final class HaemodynamicExpert {
    /** The name of the feature definition above, written into a model's specs. */
    public static final String FEATURES = "haemodynamic-differences";
    /** The shortest window the features are defined on (T/6 ≥ 1). */
    public static final int MIN_SAMPLES = 6;

    private HaemodynamicExpert() {
    }

    /**
     * A fitted expert: {@code weight} (2C × K, row-major) and {@code bias} (K) as float32, the shrinkage used and
     * the accuracy on the windows it was fitted on.
     */
    public record Fit(float[] weight, float[] bias, double shrinkage, double trainingAccuracy) {
    }

    /** The number of features of a window of {@code channels} channels. */
    public static int featureCount(int channels) {
        return 2 * channels;
    }

    /**
     * The features (B, 2C) of windows {@code data} (B, C, T) with channel {@code mask} (B, C), in the data's type.
     *
     * @throws IllegalArgumentException when the windows are shorter than {@link #MIN_SAMPLES} or the shapes disagree
     */
    public static NDArray features(NDArray data, NDArray mask) {
        if (data.getShape().dimension() != 3 || mask.getShape().dimension() != 2
                || data.getShape().get(0) != mask.getShape().get(0)
                || data.getShape().get(1) != mask.getShape().get(1)) {
            throw new IllegalArgumentException("the expert's features need windows (B, C, T) and a mask (B, C), got "
                    + data.getShape() + " and " + mask.getShape());
        }
        long t = data.getShape().get(2);
        if (t < MIN_SAMPLES) {
            throw new IllegalArgumentException("the expert's features need windows of at least " + MIN_SAMPLES
                    + " samples, got " + t);
        }
        NDArray rise = mean(data, t / 3, 2 * t / 3).sub(mean(data, 0, t / 6));
        NDArray half = mean(data, t / 2, t).sub(mean(data, 0, t / 2));
        NDArray on = mask.toType(data.getDataType(), false);
        return NDArrays.concat(new ai.djl.ndarray.NDList(rise.mul(on), half.mul(on)), 1);
    }

    private static NDArray mean(NDArray data, long from, long to) {
        return data.get(new NDIndex(":, :, {}:{}", from, to)).mean(new int[] {2});
    }

    /**
     * Out-of-fold log-odds: each row's under an expert fitted on the rows of every other group (subject) alone.
     *
     * @param groups each row's group; at least two distinct groups
     * @return (n × K) log-odds, row by row
     * @throws FusionSetupException when there are fewer than two groups, or the rows outside a group lack a class
     */
    public static float[][] crossFit(double[][] x, int[] y, String[] groups, int classes) {
        java.util.Set<String> distinct = new java.util.LinkedHashSet<>(Arrays.asList(groups));
        if (distinct.size() < 2) {
            throw new FusionSetupException("out-of-fold log-odds need windows of at least two subjects, got "
                    + distinct);
        }
        float[][] out = new float[x.length][];
        for (String g : distinct) {
            java.util.List<double[]> ox = new java.util.ArrayList<>();
            java.util.List<Integer> oy = new java.util.ArrayList<>();
            for (int i = 0; i < x.length; i++) {
                if (!groups[i].equals(g)) {
                    ox.add(x[i]);
                    oy.add(y[i]);
                }
            }
            Fit fold = fit(ox.toArray(new double[0][]), oy.stream().mapToInt(Integer::intValue).toArray(), classes);
            for (int i = 0; i < x.length; i++) {
                if (groups[i].equals(g)) {
                    out[i] = logits(fold, x[i]);
                }
            }
        }
        return out;
    }

    /** A fit with its weights, bias and (unchanged) statistics multiplied by {@code scale}. */
    public static Fit scaled(Fit fit, double scale) {
        float[] w = fit.weight().clone();
        float[] b = fit.bias().clone();
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (w[i] * scale);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) (b[i] * scale);
        }
        return new Fit(w, b, fit.shrinkage(), fit.trainingAccuracy());
    }

    /** The log-odds (K) of one feature row under a fit, computed in double and rounded to float. */
    public static float[] logits(Fit fit, double[] x) {
        int k = fit.bias().length;
        float[] out = new float[k];
        for (int c = 0; c < k; c++) {
            double v = fit.bias()[c];
            for (int j = 0; j < x.length; j++) {
                v += x[j] * fit.weight()[j * k + c];
            }
            out[c] = (float) v;
        }
        return out;
    }

    /**
     * Fits the expert on feature rows (n × 2C) and labels in [0, classes).
     *
     * @throws FusionSetupException when a class has no row or fewer than two rows are given
     */
    public static Fit fit(double[][] x, int[] y, int classes) {
        if (x.length < 2 || x.length != y.length) {
            throw new FusionSetupException("the expert needs at least two labelled windows, got " + x.length);
        }
        int[] counts = new int[classes];
        for (int label : y) {
            if (label < 0 || label >= classes) {
                throw new FusionSetupException("the expert's labels must lie in [0, " + classes + "), got " + label);
            }
            counts[label]++;
        }
        for (int k = 0; k < classes; k++) {
            if (counts[k] == 0) {
                throw new FusionSetupException("the expert's labelled windows hold no window of class " + k
                        + " (counts " + Arrays.toString(counts) + "); it needs every class");
            }
        }
        ShrinkageLda lda = ShrinkageLda.fit(x, y);
        double[][] coef = lda.coefficients();
        double[] intercept = lda.intercepts();
        int p = x[0].length;
        float[] w = new float[p * classes];
        float[] b = new float[classes];
        for (int k = 0; k < classes; k++) {
            for (int j = 0; j < p; j++) {
                w[j * classes + k] = (float) coef[k][j];
            }
            b[k] = (float) intercept[k];
        }
        int right = 0;
        for (int i = 0; i < x.length; i++) {
            double[] s = lda.scores(x[i]);
            int best = 0;
            for (int k = 1; k < classes; k++) {
                if (s[k] > s[best]) {
                    best = k;
                }
            }
            right += best == y[i] ? 1 : 0;
        }
        return new Fit(w, b, lda.shrinkage(), right / (double) x.length);
    }
}
