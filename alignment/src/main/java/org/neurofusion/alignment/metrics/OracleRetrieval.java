package org.neurofusion.alignment.metrics;

import java.util.List;

/**
 * The retrieval that the simulator's ground truth allows: how well a window's haemodynamics can be picked out from
 * its neural (8–30 Hz) activity when both are known exactly. A ridge regression maps EEG-side truth features to
 * fNIRS-side ones (both standardised with the training windows' means and standard deviations), then held-out
 * windows retrieve among their pool (same group ids as {@link Retrieval}) by cosine between predicted and true
 * standardised fNIRS-side features. A learnt embedding is judged against this ceiling, not against 1.
 *
 * <p>{@code A} of the result is the prediction and {@code B} the true features: {@code aToB} finds the true
 * haemodynamics of a window from its neural activity.
 */
public final class OracleRetrieval {
    private final double ridge;
    private final Retrieval.Ties ties;

    private OracleRetrieval(Builder b) {
        this.ridge = b.ridge;
        this.ties = b.ties;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Fits on {@code train}, retrieves on {@code test}.
     *
     * @param testGroups one pool id per test window
     * @throws IllegalArgumentException when the two sets name different sources or the groups do not match
     */
    public Retrieval.Result evaluate(TruthFeatures train, TruthFeatures test, List<?> testGroups) {
        if (train == null || test == null) {
            throw new IllegalArgumentException("the oracle needs training and test truth features, got null");
        }
        if (!train.sources().equals(test.sources())) {
            throw new IllegalArgumentException("training windows name sources " + train.sources()
                    + " but test windows " + test.sources());
        }
        if (train.size() < 2) {
            throw new IllegalArgumentException("the oracle needs at least two training windows, got " + train.size());
        }
        return evaluate(train.eeg(), train.fnirs(), test.eeg(), test.fnirs(), testGroups);
    }

    /**
     * The same ridge retrieval from any paired features: row {@code i} of {@code x} and {@code y} is window
     * {@code i}; a ridge regression fitted on the training rows (both sides standardised on them) predicts the
     * test rows' {@code y} from their {@code x}, and each prediction retrieves its window among the true {@code y}
     * of its pool. The classical-feature baseline of pre-training uses it with measured features.
     */
    public Retrieval.Result evaluate(double[][] trainX, double[][] trainY, double[][] testX, double[][] testY,
            List<?> testGroups) {
        int px = Rows.check(trainX, "ridge retrieval's training x", 2);
        int py = Rows.check(trainY, "ridge retrieval's training y", 2);
        int qx = Rows.check(testX, "ridge retrieval's test x", 1);
        int qy = Rows.check(testY, "ridge retrieval's test y", 1);
        if (trainX.length != trainY.length || testX.length != testY.length) {
            throw new IllegalArgumentException("ridge retrieval needs paired rows: training x has " + trainX.length
                    + " and y " + trainY.length + ", test x " + testX.length + " and y " + testY.length);
        }
        if (px != qx || py != qy) {
            throw new IllegalArgumentException("ridge retrieval: training and test columns differ: x " + px + " vs "
                    + qx + ", y " + py + " vs " + qy);
        }
        Standardiser sx = new Standardiser(trainX);
        Standardiser sy = new Standardiser(trainY);
        double[][] w = fit(sx.apply(trainX), sy.apply(trainY), ridge);
        double[][] predicted = multiply(sx.apply(testX), w);
        return Retrieval.evaluate(predicted, sy.apply(testY), testGroups, ties);
    }

    /** Ridge weights (p × q) of centred data: (XᵀX + λI)⁻¹ XᵀY, by Cholesky. */
    static double[][] fit(double[][] x, double[][] y, double lambda) {
        int p = x[0].length;
        int q = y[0].length;
        double[][] a = new double[p][p];
        double[][] b = new double[p][q];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < p; j++) {
                for (int k = 0; k < p; k++) {
                    a[j][k] += x[i][j] * x[i][k];
                }
                for (int k = 0; k < q; k++) {
                    b[j][k] += x[i][j] * y[i][k];
                }
            }
        }
        for (int j = 0; j < p; j++) {
            a[j][j] += lambda;
        }
        // Cholesky a = L Lᵀ; λ > 0 makes it positive definite
        double[][] l = new double[p][p];
        for (int j = 0; j < p; j++) {
            for (int k = 0; k <= j; k++) {
                double s = a[j][k];
                for (int m = 0; m < k; m++) {
                    s -= l[j][m] * l[k][m];
                }
                l[j][k] = j == k ? Math.sqrt(s) : s / l[k][k];
            }
        }
        double[][] w = new double[p][q];
        for (int c = 0; c < q; c++) {
            double[] z = new double[p];
            for (int j = 0; j < p; j++) {
                double s = b[j][c];
                for (int m = 0; m < j; m++) {
                    s -= l[j][m] * z[m];
                }
                z[j] = s / l[j][j];
            }
            for (int j = p - 1; j >= 0; j--) {
                double s = z[j];
                for (int m = j + 1; m < p; m++) {
                    s -= l[m][j] * w[m][c];
                }
                w[j][c] = s / l[j][j];
            }
        }
        return w;
    }

    private static double[][] multiply(double[][] x, double[][] w) {
        double[][] out = new double[x.length][w[0].length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < w.length; j++) {
                for (int k = 0; k < w[0].length; k++) {
                    out[i][k] += x[i][j] * w[j][k];
                }
            }
        }
        return out;
    }

    /** Per-column mean and standard deviation of training rows; a constant column keeps scale 1. */
    private static final class Standardiser {
        final double[] mean;
        final double[] scale;

        Standardiser(double[][] x) {
            int p = x[0].length;
            mean = new double[p];
            scale = new double[p];
            for (double[] row : x) {
                for (int j = 0; j < p; j++) {
                    mean[j] += row[j] / x.length;
                }
            }
            for (double[] row : x) {
                for (int j = 0; j < p; j++) {
                    scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / x.length;
                }
            }
            for (int j = 0; j < p; j++) {
                scale[j] = scale[j] > 0 ? Math.sqrt(scale[j]) : 1;
            }
        }

        double[][] apply(double[][] x) {
            double[][] out = new double[x.length][mean.length];
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < mean.length; j++) {
                    out[i][j] = (x[i][j] - mean[j]) / scale[j];
                }
            }
            return out;
        }
    }

    /** Options of an {@link OracleRetrieval}. */
    public static final class Builder {
        private double ridge = 1.0;
        private Retrieval.Ties ties = Retrieval.Ties.PESSIMISTIC;

        private Builder() {
        }

        /** Ridge penalty λ on standardised features (default 1); positive. */
        public Builder optRidge(double lambda) {
            if (!(lambda > 0 && Double.isFinite(lambda))) {
                throw new IllegalArgumentException("ridge penalty must be positive and finite, got " + lambda);
            }
            this.ridge = lambda;
            return this;
        }

        /** How ties are counted (default {@link Retrieval.Ties#PESSIMISTIC}). */
        public Builder optTies(Retrieval.Ties ties) {
            if (ties == null) {
                throw new IllegalArgumentException("ties rule is missing (null)");
            }
            this.ties = ties;
            return this;
        }

        public OracleRetrieval build() {
            return new OracleRetrieval(this);
        }
    }
}
