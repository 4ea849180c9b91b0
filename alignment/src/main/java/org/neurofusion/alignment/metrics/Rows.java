package org.neurofusion.alignment.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Shared checks and conversions of row matrices (one embedding per row) for the metrics of this package. */
final class Rows {
    private Rows() {
    }

    /** Widens float rows to double after checking the shape; {@code what} names the matrix in messages. */
    static double[][] widen(float[][] x, String what) {
        if (x == null) {
            throw new IllegalArgumentException(what + " is missing (null)");
        }
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            if (x[i] == null) {
                throw new IllegalArgumentException(what + " row " + i + " is missing (null)");
            }
            out[i] = new double[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                out[i][j] = x[i][j];
            }
        }
        return out;
    }

    /**
     * Checks that {@code x} has at least {@code minRows} rows of one common positive width, all finite.
     *
     * @return the width
     */
    static int check(double[][] x, String what, int minRows) {
        if (x == null) {
            throw new IllegalArgumentException(what + " is missing (null)");
        }
        if (x.length < minRows) {
            throw new IllegalArgumentException(what + " needs at least " + minRows + " rows, got " + x.length);
        }
        int d = -1;
        for (int i = 0; i < x.length; i++) {
            if (x[i] == null) {
                throw new IllegalArgumentException(what + " row " + i + " is missing (null)");
            }
            if (d < 0) {
                d = x[i].length;
                if (d == 0) {
                    throw new IllegalArgumentException(what + " rows are empty (width 0)");
                }
            } else if (x[i].length != d) {
                throw new IllegalArgumentException(what + " row " + i + " has " + x[i].length + " values, row 0 has "
                        + d);
            }
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(x[i][j])) {
                    throw new IllegalArgumentException(what + " row " + i + " column " + j + " is " + x[i][j]);
                }
            }
        }
        return Math.max(d, 0);
    }

    /**
     * Copies of the rows scaled to unit length. A zero row stays zero when {@code zeroAllowed} (its cosine with
     * anything is then 0, a tie with every other zero score), and is refused otherwise.
     */
    static double[][] normalised(double[][] x, String what, boolean zeroAllowed) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            double norm = Math.sqrt(dot(x[i], x[i]));
            out[i] = x[i].clone();
            if (norm > 0) {
                for (int j = 0; j < out[i].length; j++) {
                    out[i][j] /= norm;
                }
            } else if (!zeroAllowed) {
                throw new IllegalArgumentException(what + " row " + i + " is the zero vector, which has no direction"
                        + " on the unit sphere");
            }
        }
        return out;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }

    static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double e = a[j] - b[j];
            s += e * e;
        }
        return s;
    }

    /**
     * Members of each distinct id, ids compared with {@code equals}, in order of first appearance; members in row
     * order. {@code what} names the list in messages.
     */
    static List<int[]> members(List<?> ids, int n, String what) {
        if (ids == null) {
            throw new IllegalArgumentException(what + " are missing (null)");
        }
        if (ids.size() != n) {
            throw new IllegalArgumentException(what + " name " + ids.size() + " rows but there are " + n);
        }
        Map<Object, Integer> index = new HashMap<>();
        List<List<Integer>> lists = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Object id = ids.get(i);
            if (id == null) {
                throw new IllegalArgumentException(what + " of row " + i + " is missing (null)");
            }
            int g = index.computeIfAbsent(id, k -> {
                lists.add(new ArrayList<>());
                return lists.size() - 1;
            });
            lists.get(g).add(i);
        }
        List<int[]> out = new ArrayList<>(lists.size());
        for (List<Integer> l : lists) {
            out.add(l.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }
}
