package org.neurofusion.fusion.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.neurofusion.alignment.Reference;

/**
 * The distillation losses written again in plain Java double, loop by loop from their definitions, without
 * any DJL call, plus central finite differences and small array helpers: what the DJL code is checked against.
 */
final class Ref {
    private Ref() {
    }

    static double[] logSoftmax(double[] z, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v / temperature);
        }
        double s = 0;
        for (double v : z) {
            s += Math.exp(v / temperature - max);
        }
        double lse = max + Math.log(s);
        double[] out = new double[z.length];
        for (int k = 0; k < z.length; k++) {
            out[k] = z[k] / temperature - lse;
        }
        return out;
    }

    /** Mean of −log p[y] over rows with y ≥ 0; 0 when none. */
    static double crossEntropy(double[][] logits, int[] labels) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < logits.length; i++) {
            if (labels[i] >= 0) {
                sum -= logSoftmax(logits[i], 1)[labels[i]];
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    static double kl(double[] teacher, double[] student, double temperature) {
        double[] lt = logSoftmax(teacher, temperature);
        double[] ls = logSoftmax(student, temperature);
        double s = 0;
        for (int k = 0; k < lt.length; k++) {
            s += Math.exp(lt[k]) * (lt[k] - ls[k]);
        }
        return s;
    }

    /** T² Σ w KL / Σ w over rows, 0 when Σ w = 0. */
    static double softTargetKl(double[][] student, double[][] teacher, double[] w, double temperature) {
        double[] perRow = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            perRow[i] = w[i] > 0 ? kl(teacher[i], student[i], temperature) : 0;
        }
        return temperature * temperature * weightedMean(perRow, w);
    }

    static double weightedMean(double[] perRow, double[] w) {
        double s = 0;
        double total = 0;
        for (int i = 0; i < w.length; i++) {
            if (w[i] > 0) {
                s += w[i] * perRow[i];
                total += w[i];
            }
        }
        return total == 0 ? 0 : s / total;
    }

    static double cosineDistance(double[][] a, double[][] b, double[] w) {
        double[] perRow = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            if (w[i] > 0) {
                double na = Math.max(Math.sqrt(dot(a[i], a[i])), 1e-8);
                double nb = Math.max(Math.sqrt(dot(b[i], b[i])), 1e-8);
                perRow[i] = 1 - dot(a[i], b[i]) / (na * nb);
            }
        }
        return weightedMean(perRow, w);
    }

    /** Rows given flat: row i is a[i] (any number of elements). */
    static double featureMatch(double[][] a, double[][] b, double[] w) {
        double[] perRow = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            if (w[i] > 0) {
                double s = 0;
                for (int j = 0; j < a[i].length; j++) {
                    s += (a[i][j] - b[i][j]) * (a[i][j] - b[i][j]);
                }
                perRow[i] = s / a[i].length;
            }
        }
        return weightedMean(perRow, w);
    }

    /** Symmetric InfoNCE of L2-normalised rows at scale exp(logScale) over rows with w > 0; 0 with fewer than 2. */
    static double infoNce(double[][] a, double[][] b, double[] w, double logScale) {
        double s = Math.exp(logScale);
        java.util.List<double[]> x = new java.util.ArrayList<>();
        java.util.List<double[]> y = new java.util.ArrayList<>();
        for (int i = 0; i < w.length; i++) {
            if (w[i] > 0) {
                x.add(normalise(a[i]));
                y.add(normalise(b[i]));
            }
        }
        int n = x.size();
        if (n < 2) {
            return 0;
        }
        double total = 0;
        for (int i = 0; i < n; i++) {
            double[] ab = new double[n];
            double[] ba = new double[n];
            for (int j = 0; j < n; j++) {
                ab[j] = s * dot(x.get(i), y.get(j));
                ba[j] = s * dot(y.get(i), x.get(j));
            }
            total -= logSoftmax(ab, 1)[i] + logSoftmax(ba, 1)[i];
        }
        return total / (2.0 * n);
    }

    static double[] normalise(double[] v) {
        double n = Math.sqrt(dot(v, v));
        double[] out = new double[v.length];
        for (int j = 0; j < v.length; j++) {
            out[j] = v[j] / n;
        }
        return out;
    }

    static double dot(double[] x, double[] y) {
        return Reference.dot(x, y);
    }

    static double[] gradient(ToDoubleFunction<double[]> f, double[] x, double h) {
        return Reference.gradient(f, x, h);
    }

    static double[][] random(Random r, int rows, int cols, double scale) {
        double[][] x = new double[rows][cols];
        for (double[] row : x) {
            for (int j = 0; j < cols; j++) {
                row[j] = scale * r.nextGaussian();
            }
        }
        return x;
    }

    static double[] flat(double[][] x) {
        return Reference.flat(x);
    }

    static double[][] unflat(double[] f, int offset, int rows, int cols) {
        return Reference.unflat(f, offset, rows, cols);
    }

    static double[] concat(double[]... parts) {
        return Reference.concat(parts);
    }

    static double[][] copy(double[][] x) {
        double[][] c = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            c[i] = x[i].clone();
        }
        return c;
    }

    /** A float64 (rows, cols) array that records gradients. */
    static NDArray variable(NDManager m, double[][] x) {
        NDArray a = constant(m, x);
        a.setRequiresGradient(true);
        return a;
    }

    /** A float64 (rows, cols) array. */
    static NDArray constant(NDManager m, double[][] x) {
        return m.create(flat(x), new Shape(x.length, x[0].length));
    }

    static void assertClose(double[] expected, double[] actual, double rel, double abs, String what) {
        Reference.assertClose(expected, actual, rel, abs, what);
    }
}
