package org.neurofusion.evaluation;

import java.util.Arrays;

/**
 * Multinomial logistic regression with an L2 penalty, the linear probe of frozen embeddings: it minimises
 * {@code C · Σ_i −log softmax(W x_i + b)_{y_i} + ½‖W‖²} (the intercept is not penalised), as scikit-learn's
 * {@code LogisticRegression(C=C, multi_class='multinomial')} does, on features standardised with the training mean
 * and standard deviation. The problem is convex; it is solved by gradient descent with a backtracking (Armijo) line
 * search until the gradient's largest component falls below a tolerance, deterministically. Binary problems use the
 * same softmax over two classes (an over-parametrised but identical model).
 */
public final class LogisticRegression {
    private static final int MAX_ITERATIONS = 5000;
    private static final double TOLERANCE = 1e-6;
    /** Newton's decrement (-g·d), relative to the objective, below which no step can lower it any more. */
    private static final double NEWTON_DECREMENT_FLOOR = 1e-15;
    /**
     * The largest C accepted: past it C times the loss and its gradient leave the range in which the optimiser's
     * arithmetic means anything (at C = 1e308 the objective overflowed and the probabilities came out NaN).
     */
    static final double MAX_C = 1e10;
    /** Problems with at most this many parameters take Newton steps (the Hessian is built and solved each one). */
    static final int NEWTON_MAX_PARAMETERS = 600;

    private final int[] classes;
    private final double[] mean;
    private final double[] scale;
    private final double[][] w; // k × p on standardised features
    private final double[] b;
    private final int iterations;

    private LogisticRegression(int[] classes, double[] mean, double[] scale, double[][] w, double[] b,
            int iterations) {
        this.classes = classes;
        this.mean = mean;
        this.scale = scale;
        this.w = w;
        this.b = b;
        this.iterations = iterations;
    }

    /**
     * Fits on rows {@code x} (n × p) with labels {@code y} and inverse regularisation strength {@code c}.
     *
     * @throws IllegalArgumentException when fewer than two classes are present, the shapes disagree, a value is
     *     not finite, or {@code c} is not positive or exceeds {@link #MAX_C} (1e10)
     */
    public static LogisticRegression fit(double[][] x, int[] y, double c) {
        if (x.length != y.length || x.length == 0) {
            throw new IllegalArgumentException("logistic regression needs as many labels as rows and at least one row,"
                    + " got " + x.length + " rows and " + y.length + " labels");
        }
        if (!(c > 0) || !(c <= MAX_C)) {
            throw new IllegalArgumentException("C must be positive and at most " + MAX_C + ", got " + c);
        }
        int n = x.length;
        int p = x[0].length;
        int[] classes = Standardisation.classes(y, "logistic regression");
        for (double[] row : x) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("a feature is not finite: " + v);
                }
            }
        }
        Standardisation st = Standardisation.of(x);
        double[] mean = st.mean();
        double[] scale = st.scale();
        double[][] z = new double[n][p];
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                z[i][j] = (x[i][j] - mean[j]) / scale[j];
            }
            t[i] = Arrays.binarySearch(classes, y[i]);
        }
        int k = classes.length;
        double[] theta = new double[k * p + k]; // W row-major, then b
        double[] grad = new double[theta.length];
        double f = objective(theta, z, t, k, p, c, grad);
        int it = 0;
        double step = 1;
        boolean newton = theta.length <= NEWTON_MAX_PARAMETERS;
        while (it < MAX_ITERATIONS && maxAbs(grad) > TOLERANCE) {
            double[] dir = newton ? newtonDirection(theta, z, t, k, p, c, grad) : null;
            double slope = dir == null ? 0 : dot(grad, dir);
            double[] next = new double[theta.length];
            double[] nextGrad = new double[theta.length];
            double fn;
            if (dir != null && slope < 0 && -slope <= NEWTON_DECREMENT_FLOOR * Math.max(1, Math.abs(f))) {
                // the decrease Newton's step promises (half of -slope) is below what f can show in double precision:
                // converged as far as the arithmetic can tell, though the gradient may stay above TOLERANCE when C
                // is large (f ~ 1e4 at C = 1000); going on would take empty steps up to MAX_ITERATIONS
                break;
            }
            if (dir != null && slope < 0) {
                // a damped Newton step: the full step first, halved until the Armijo condition holds
                double s = 1;
                while (true) {
                    for (int q = 0; q < theta.length; q++) {
                        next[q] = theta[q] + s * dir[q];
                    }
                    fn = objective(next, z, t, k, p, c, nextGrad);
                    if (fn <= f + 1e-4 * s * slope || s < 1e-12) {
                        break;
                    }
                    s /= 2;
                }
                if (!(fn < f) && s < 1e-12) {
                    newton = false; // no progress along Newton's direction: fall back to gradient steps
                    continue;
                }
            } else {
                double g2 = dot(grad, grad);
                // backtracking: halve until the Armijo condition holds, then try a longer step next time
                while (true) {
                    for (int q = 0; q < theta.length; q++) {
                        next[q] = theta[q] - step * grad[q];
                    }
                    fn = objective(next, z, t, k, p, c, nextGrad);
                    if (fn <= f - 0.5 * step * g2 || step < 1e-20) {
                        break;
                    }
                    step /= 2;
                }
                step *= 2;
            }
            theta = next;
            grad = nextGrad;
            f = fn;
            it++;
        }
        double[][] wOut = new double[k][p];
        double[] bOut = new double[k];
        for (int r = 0; r < k; r++) {
            System.arraycopy(theta, r * p, wOut[r], 0, p);
            bOut[r] = theta[k * p + r];
        }
        return new LogisticRegression(classes, mean, scale, wOut, bOut, it);
    }

    /**
     * Newton's direction {@code −(H + λI)⁻¹ g} of the objective at {@code theta}: {@code H = C Σ_i (diag(π_i) −
     * π_i π_iᵀ) ⊗ x̃_i x̃_iᵀ} plus the identity on the weights ({@code x̃_i} the standardised row with a 1 for the
     * intercept, {@code π_i} the softmax). {@code λ} is tiny: it only removes the flat direction of the
     * over-parametrised softmax (one constant added to every intercept), in which the gradient is zero. Null when the
     * system cannot be solved.
     */
    static double[] newtonDirection(double[] theta, double[][] z, int[] t, int k, int p, double c, double[] grad) {
        int d = theta.length;
        int q1 = p + 1;
        double[][] h = new double[d][d];
        double[] logits = new double[k];
        double[] pi = new double[k];
        double[] xt = new double[q1];
        for (double[] row : z) {
            double max = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < k; r++) {
                double v = theta[k * p + r];
                for (int j = 0; j < p; j++) {
                    v += theta[r * p + j] * row[j];
                }
                logits[r] = v;
                max = Math.max(max, v);
            }
            double sum = 0;
            for (int r = 0; r < k; r++) {
                pi[r] = Math.exp(logits[r] - max);
                sum += pi[r];
            }
            for (int r = 0; r < k; r++) {
                pi[r] /= sum;
            }
            System.arraycopy(row, 0, xt, 0, p);
            xt[p] = 1;
            for (int a = 0; a < k; a++) {
                for (int b = a; b < k; b++) {
                    double wab = c * (a == b ? pi[a] * (1 - pi[a]) : -pi[a] * pi[b]);
                    if (wab == 0) {
                        continue;
                    }
                    // wab · (x_u · x_v): the product commutes exactly, so the diagonal blocks are symmetric to the
                    // last bit; (wab · x_u) · x_v rounds differently from its mirror and, where the sum over rows
                    // cancels, fails the Cholesky symmetry check.
                    for (int u = 0; u < q1; u++) {
                        int iu = u < p ? a * p + u : k * p + a;
                        double xu = xt[u];
                        for (int v = 0; v < q1; v++) {
                            int iv = v < p ? b * p + v : k * p + b;
                            h[iu][iv] += wab * (xu * xt[v]);
                        }
                    }
                }
            }
        }
        // the blocks b > a by symmetry, then the penalty on the weights
        double maxDiag = 0;
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
                for (int u = 0; u < q1; u++) {
                    int iu = u < p ? a * p + u : k * p + a;
                    for (int v = 0; v < q1; v++) {
                        int iv = v < p ? b * p + v : k * p + b;
                        h[iv][iu] = h[iu][iv];
                    }
                }
            }
        }
        for (int q = 0; q < k * p; q++) {
            h[q][q] += 1;
        }
        for (int q = 0; q < d; q++) {
            maxDiag = Math.max(maxDiag, h[q][q]);
        }
        double lambda = 1e-10 * (1 + maxDiag);
        for (int q = 0; q < d; q++) {
            h[q][q] += lambda;
        }
        try {
            var solver = new org.apache.commons.math3.linear.CholeskyDecomposition(
                    new org.apache.commons.math3.linear.Array2DRowRealMatrix(h, false), 1e-9, 0).getSolver();
            double[] step = solver.solve(new org.apache.commons.math3.linear.ArrayRealVector(grad, true)).toArray();
            for (int q = 0; q < d; q++) {
                step[q] = -step[q];
                if (!Double.isFinite(step[q])) {
                    return null;
                }
            }
            return step;
        } catch (org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException
                | org.apache.commons.math3.linear.SingularMatrixException e) {
            return null;
        }
    }

    /**
     * The objective {@code C · Σ CE + ½‖W‖²} at {@code theta}, and its gradient into {@code grad}. Package-private for
     * the finite-difference test.
     */
    static double objective(double[] theta, double[][] z, int[] t, int k, int p, double c, double[] grad) {
        Arrays.fill(grad, 0);
        double loss = 0;
        double[] logits = new double[k];
        for (int i = 0; i < z.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < k; r++) {
                double v = theta[k * p + r];
                for (int j = 0; j < p; j++) {
                    v += theta[r * p + j] * z[i][j];
                }
                logits[r] = v;
                max = Math.max(max, v);
            }
            double sum = 0;
            for (int r = 0; r < k; r++) {
                sum += Math.exp(logits[r] - max);
            }
            double logZ = max + Math.log(sum);
            loss += logZ - logits[t[i]];
            for (int r = 0; r < k; r++) {
                double d = Math.exp(logits[r] - logZ) - (r == t[i] ? 1 : 0);
                for (int j = 0; j < p; j++) {
                    grad[r * p + j] += c * d * z[i][j];
                }
                grad[k * p + r] += c * d;
            }
        }
        double penalty = 0;
        for (int q = 0; q < k * p; q++) {
            penalty += theta[q] * theta[q];
            grad[q] += theta[q];
        }
        return c * loss + 0.5 * penalty;
    }

    /**
     * A regularisation chosen by cross-validation inside the training set.
     *
     * @param model the probe refitted on every training row with {@link #c}
     * @param c the chosen inverse regularisation strength
     * @param cvAccuracy the mean held-out accuracy of each candidate, by candidate (in the order given)
     */
    public record Selection(LogisticRegression model, double c, java.util.LinkedHashMap<Double, Double> cvAccuracy) {
    }

    /**
     * Chooses {@code C} among {@code cs} by group k-fold cross-validation on the rows given (the caller passes
     * training rows only: the held-out subject never enters the choice), each group (subject) wholly in one fold,
     * then refits on every row. The highest mean held-out accuracy wins; a tie goes to the smaller {@code C}
     * (stronger regularisation).
     *
     * @param groups one group name per row (the subject)
     * @param folds inner folds, at most the number of groups
     * @throws IllegalArgumentException when there are fewer than two groups or no candidate
     */
    public static Selection fitWithInnerCv(double[][] x, int[] y, String[] groups, double[] cs, int folds) {
        if (groups.length != x.length) {
            throw new IllegalArgumentException(groups.length + " groups for " + x.length + " rows");
        }
        if (cs.length == 0) {
            throw new IllegalArgumentException("no regularisation candidate");
        }
        int[] fold = foldOf(groups, folds);
        int k = Arrays.stream(fold).max().orElse(0) + 1;
        if (k < 2) {
            throw new IllegalArgumentException("inner cross-validation needs two or more groups, got "
                    + new java.util.TreeSet<>(Arrays.asList(groups)));
        }
        java.util.LinkedHashMap<Double, Double> acc = new java.util.LinkedHashMap<>();
        double[] sorted = cs.clone();
        Arrays.sort(sorted);
        double best = Double.NaN;
        double bestAcc = Double.NEGATIVE_INFINITY;
        for (double c : sorted) {
            int right = 0;
            int seen = 0;
            for (int f = 0; f < k; f++) {
                java.util.List<Integer> tr = new java.util.ArrayList<>();
                java.util.List<Integer> te = new java.util.ArrayList<>();
                for (int i = 0; i < x.length; i++) {
                    (fold[i] == f ? te : tr).add(i);
                }
                int[] ytr = tr.stream().mapToInt(i -> y[i]).toArray();
                if (Arrays.stream(ytr).distinct().count() < 2) {
                    continue; // a fold whose complement holds one class cannot train a probe
                }
                LogisticRegression m = fit(tr.stream().map(i -> x[i]).toArray(double[][]::new), ytr, c);
                int[] pred = m.predict(te.stream().map(i -> x[i]).toArray(double[][]::new));
                for (int j = 0; j < pred.length; j++) {
                    right += pred[j] == y[te.get(j)] ? 1 : 0;
                }
                seen += pred.length;
            }
            double a = seen == 0 ? Double.NaN : right / (double) seen;
            acc.put(c, a);
            if (a > bestAcc) {
                bestAcc = a;
                best = c;
            }
        }
        if (Double.isNaN(best)) {
            throw new IllegalArgumentException("no inner fold could be scored: every fold's training part holds one"
                    + " class");
        }
        java.util.LinkedHashMap<Double, Double> ordered = new java.util.LinkedHashMap<>();
        for (double c : cs) {
            ordered.put(c, acc.get(c));
        }
        return new Selection(fit(x, y, best), best, ordered);
    }

    /** The inner fold of each row: the sorted distinct groups dealt round-robin into {@code folds} folds. */
    static int[] foldOf(String[] groups, int folds) {
        if (folds < 2) {
            throw new IllegalArgumentException("inner cross-validation needs two or more folds, got " + folds);
        }
        java.util.List<String> distinct = new java.util.ArrayList<>(new java.util.TreeSet<>(Arrays.asList(groups)));
        int k = Math.min(folds, distinct.size());
        int[] out = new int[groups.length];
        for (int i = 0; i < groups.length; i++) {
            out[i] = distinct.indexOf(groups[i]) % k;
        }
        return out;
    }

    /** The classes seen in training, ascending; column r of {@link #probabilities} belongs to class r. */
    public int[] classes() {
        return classes.clone();
    }

    /** Gradient steps taken until convergence. */
    public int iterations() {
        return iterations;
    }

    /** Class probabilities per row. */
    public double[][] probabilities(double[][] x) {
        int k = classes.length;
        int p = mean.length;
        double[][] out = new double[x.length][k];
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != p) {
                throw new IllegalArgumentException("row " + i + " has " + x[i].length + " features, the model " + p);
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < k; r++) {
                double v = b[r];
                for (int j = 0; j < p; j++) {
                    v += w[r][j] * (x[i][j] - mean[j]) / scale[j];
                }
                out[i][r] = v;
                max = Math.max(max, v);
            }
            double sum = 0;
            for (int r = 0; r < k; r++) {
                out[i][r] = Math.exp(out[i][r] - max);
                sum += out[i][r];
            }
            for (int r = 0; r < k; r++) {
                out[i][r] /= sum;
            }
        }
        return out;
    }

    /** The most probable class of each row, as {@link #classes} names them. */
    public int[] predict(double[][] x) {
        double[][] s = probabilities(x);
        return WindowClassifier.argmax(s, classes);
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
