package org.neurofusion.alignment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * The losses written again in plain Java double, loop by loop from their definitions, without any DJL
 * call, plus central finite differences: what the DJL implementations are checked against.
 */
public final class Reference {
    private Reference() {
    }

    public static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    static double logSumExp(List<Double> xs) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : xs) {
            max = Math.max(max, x);
        }
        double s = 0;
        for (double x : xs) {
            s += Math.exp(x - max);
        }
        return max + Math.log(s);
    }

    /** Symmetric InfoNCE over the rows present, scale exp(min(logScale, log maxScale)); 0 with no row. */
    static double infoNce(double[][] a, double[][] b, boolean[] rows, double logScale, double maxScale) {
        double s = Math.exp(Math.min(logScale, Math.log(maxScale)));
        List<Integer> valid = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            if (rows[i]) {
                valid.add(i);
            }
        }
        if (valid.isEmpty()) {
            return 0;
        }
        double ab = 0;
        double ba = 0;
        for (int i : valid) {
            List<Double> rowAb = new ArrayList<>();
            List<Double> rowBa = new ArrayList<>();
            for (int j : valid) {
                rowAb.add(s * dot(a[i], b[j]));
                rowBa.add(s * dot(b[i], a[j]));
            }
            ab += logSumExp(rowAb) - s * dot(a[i], b[i]);
            ba += logSumExp(rowBa) - s * dot(b[i], a[i]);
        }
        return 0.5 * (ab / valid.size() + ba / valid.size());
    }

    /** Mean over modality pairs (name order) sharing at least two rows. */
    static double multiModalInfoNce(List<double[][]> views, List<boolean[]> present, double logScale,
            double maxScale) {
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < views.size(); i++) {
            for (int j = i + 1; j < views.size(); j++) {
                boolean[] both = new boolean[present.get(i).length];
                int n = 0;
                for (int r = 0; r < both.length; r++) {
                    both[r] = present.get(i)[r] && present.get(j)[r];
                    n += both[r] ? 1 : 0;
                }
                if (n >= 2) {
                    sum += infoNce(views.get(i), views.get(j), both, logScale, maxScale);
                    pairs++;
                }
            }
        }
        return pairs == 0 ? 0 : sum / pairs;
    }

    /** Khosla et al.'s L_out over all modalities' present rows; labels < 0 neither anchor nor positive. */
    static double supCon(List<double[][]> views, List<boolean[]> present, int[] labels, double tau) {
        List<double[]> z = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        for (int v = 0; v < views.size(); v++) {
            for (int r = 0; r < labels.length; r++) {
                if (present.get(v)[r]) {
                    z.add(views.get(v)[r]);
                    y.add(labels[r]);
                }
            }
        }
        double total = 0;
        int anchors = 0;
        for (int i = 0; i < z.size(); i++) {
            if (y.get(i) < 0) {
                continue;
            }
            List<Double> all = new ArrayList<>();
            List<Double> positives = new ArrayList<>();
            for (int a = 0; a < z.size(); a++) {
                if (a == i) {
                    continue;
                }
                double s = dot(z.get(i), z.get(a)) / tau;
                all.add(s);
                if (y.get(a).equals(y.get(i))) {
                    positives.add(s);
                }
            }
            if (positives.isEmpty()) {
                continue;
            }
            double lse = logSumExp(all);
            double l = 0;
            for (double p : positives) {
                l -= p - lse;
            }
            total += l / positives.size();
            anchors++;
        }
        return anchors == 0 ? 0 : total / anchors;
    }

    /** Mean squared error over hidden patches of real channels; arrays flat in (b, c, p, l) order. */
    static double maskedPatch(double[] pred, double[] target, int b, int c, int p, int l, boolean[] hidden,
            boolean[] channels) {
        double sum = 0;
        int patches = 0;
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < c; j++) {
                if (!channels[i * c + j]) {
                    continue;
                }
                for (int k = 0; k < p; k++) {
                    if (!hidden[(i * c + j) * p + k]) {
                        continue;
                    }
                    patches++;
                    for (int t = 0; t < l; t++) {
                        int at = ((i * c + j) * p + k) * l + t;
                        double d = pred[at] - target[at];
                        sum += d * d;
                    }
                }
            }
        }
        return patches == 0 ? 0 : sum / (patches * (double) l);
    }

    /** Central differences of f at x, step h. */
    public static double[] gradient(ToDoubleFunction<double[]> f, double[] x, double h) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double[] up = x.clone();
            double[] down = x.clone();
            up[i] += h;
            down[i] -= h;
            g[i] = (f.applyAsDouble(up) - f.applyAsDouble(down)) / (2 * h);
        }
        return g;
    }

    // ---- small helpers shared by the tests ----

    static double[][] random(Random r, int rows, int cols, boolean normalise) {
        double[][] x = new double[rows][cols];
        for (double[] row : x) {
            double n = 0;
            for (int j = 0; j < cols; j++) {
                row[j] = r.nextGaussian();
                n += row[j] * row[j];
            }
            if (normalise) {
                for (int j = 0; j < cols; j++) {
                    row[j] /= Math.sqrt(n);
                }
            }
        }
        return x;
    }

    public static double[] flat(double[][] x) {
        double[] f = new double[x.length * x[0].length];
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(x[i], 0, f, i * x[0].length, x[0].length);
        }
        return f;
    }

    public static double[][] unflat(double[] f, int offset, int rows, int cols) {
        double[][] x = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(f, offset + i * cols, x[i], 0, cols);
        }
        return x;
    }

    public static double[] concat(double[]... parts) {
        int n = 0;
        for (double[] p : parts) {
            n += p.length;
        }
        double[] out = new double[n];
        int at = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** A float64 array that records gradients. */
    static NDArray variable(NDManager m, double[][] x) {
        NDArray a = m.create(flat(x), new Shape(x.length, x[0].length));
        a.setRequiresGradient(true);
        return a;
    }

    /** A float32 copy. */
    static NDArray float32(NDManager m, double[][] x) {
        return m.create(flat(x), new Shape(x.length, x[0].length)).toType(DataType.FLOAT32, false);
    }

    static NDArray mask(NDManager m, boolean[] rows) {
        return m.create(rows);
    }

    static double value(NDArray scalar) {
        return scalar.toType(DataType.FLOAT64, true).getDouble();
    }

    /** Asserts |actual − expected| ≤ rel·|expected| + abs for every element, naming the first that is not. */
    public static void assertClose(double[] expected, double[] actual, double rel, double abs, String what) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": " + expected.length + " values expected, got " + actual.length);
        }
        for (int i = 0; i < expected.length; i++) {
            double tol = rel * Math.abs(expected[i]) + abs;
            if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
                throw new AssertionError(what + "[" + i + "]: expected " + expected[i] + ", got " + actual[i]
                        + " (tolerance " + tol + ")");
            }
        }
    }
}
