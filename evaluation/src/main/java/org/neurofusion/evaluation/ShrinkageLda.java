package org.neurofusion.evaluation;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.NonSymmetricMatrixException;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * Linear discriminant analysis with Ledoit–Wolf shrinkage of the pooled within-class covariance, binary and
 * multi-class alike: one discriminant per class, {@code δ_k(x) = xᵀΣ⁻¹μ_k − ½μ_kᵀΣ⁻¹μ_k + log π_k} with
 * empirical priors (as scikit-learn's LDA). Features are standardised with the training mean and standard
 * deviation first, as scikit-learn does for {@code shrinkage='auto'}, so shrinking toward {@code μ·I} is
 * not dominated by features measured in different units (fNIRS means in mol/L beside slopes in mol/L/s);
 * {@link #coefficients()} are mapped back to the original feature scale.
 */
public final class ShrinkageLda {
    private final int[] classes;
    private final double[][] coef;
    private final double[] intercept;
    private final double shrinkage;

    private ShrinkageLda(int[] classes, double[][] coef, double[] intercept, double shrinkage) {
        this.classes = classes;
        this.coef = coef;
        this.intercept = intercept;
        this.shrinkage = shrinkage;
    }

    /**
     * Fits on rows {@code x} (n × p) with labels {@code y}.
     *
     * @throws IllegalArgumentException when fewer than two classes are present or the shapes disagree
     */
    public static ShrinkageLda fit(double[][] x, int[] y) {
        if (x.length != y.length || x.length == 0) {
            throw new IllegalArgumentException("LDA needs as many labels as rows and at least one row, got " + x.length
                    + " rows and " + y.length + " labels");
        }
        int n = x.length;
        int p = x[0].length;
        int[] classes = Standardisation.classes(y, "LDA");
        Standardisation st = Standardisation.of(x);
        double[] mean = st.mean();
        double[] scale = st.scale();
        int k = classes.length;
        double[][] classMean = new double[k][p];
        double[][] z = new double[n][p];
        int[] ci = new int[n];
        for (int i = 0; i < n; i++) {
            ci[i] = Arrays.binarySearch(classes, y[i]);
            for (int j = 0; j < p; j++) {
                z[i][j] = (x[i][j] - mean[j]) / scale[j];
                classMean[ci[i]][j] += z[i][j];
            }
        }
        int[] counts = new int[k];
        for (int c : ci) {
            counts[c]++;
        }
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < p; j++) {
                classMean[c][j] /= counts[c];
            }
        }
        double[][] centred = new double[n][p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                centred[i][j] = z[i][j] - classMean[ci[i]][j];
            }
        }
        double gamma = LedoitWolf.shrinkage(centred);
        RealMatrix sigmaInv = inverse(LedoitWolf.shrink(LedoitWolf.covariance(centred), gamma));
        double[][] coef = new double[k][p];
        double[] intercept = new double[k];
        for (int c = 0; c < k; c++) {
            double[] w = sigmaInv.operate(classMean[c]);
            double quad = 0;
            for (int j = 0; j < p; j++) {
                quad += w[j] * classMean[c][j];
            }
            // back to raw features: w·(x−m)/s = (w/s)·x − Σ w m/s
            double shift = 0;
            for (int j = 0; j < p; j++) {
                coef[c][j] = w[j] / scale[j];
                shift += coef[c][j] * mean[j];
            }
            intercept[c] = -0.5 * quad + Math.log(counts[c] / (double) n) - shift;
        }
        return new ShrinkageLda(classes, coef, intercept, gamma);
    }

    private static RealMatrix inverse(double[][] sigma) {
        RealMatrix m = new Array2DRowRealMatrix(sigma, false);
        try {
            return new CholeskyDecomposition(m).getSolver().getInverse();
        } catch (NonPositiveDefiniteMatrixException | NonSymmetricMatrixException e) {
            // only reachable with zero shrinkage on a rank-deficient covariance: use the pseudo-inverse
            return new SingularValueDecomposition(m).getSolver().getInverse();
        }
    }

    /** The class labels, ascending; column {@code k} of {@link #scores} belongs to {@code classes()[k]}. */
    public int[] classes() {
        return classes.clone();
    }

    /** The Ledoit–Wolf shrinkage intensity that was used. */
    public double shrinkage() {
        return shrinkage;
    }

    /** One weight vector per class, on the original feature scale. */
    public double[][] coefficients() {
        double[][] c = new double[coef.length][];
        for (int i = 0; i < c.length; i++) {
            c[i] = coef[i].clone();
        }
        return c;
    }

    /** One intercept per class, on the original feature scale. */
    public double[] intercepts() {
        return intercept.clone();
    }

    /** The discriminant of each class for one row (higher is more likely). */
    public double[] scores(double[] x) {
        double[] s = new double[classes.length];
        for (int c = 0; c < classes.length; c++) {
            double v = intercept[c];
            for (int j = 0; j < x.length; j++) {
                v += coef[c][j] * x[j];
            }
            s[c] = v;
        }
        return s;
    }

    /** The discriminants of many rows. */
    public double[][] scores(double[][] x) {
        double[][] s = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            s[i] = scores(x[i]);
        }
        return s;
    }
}
