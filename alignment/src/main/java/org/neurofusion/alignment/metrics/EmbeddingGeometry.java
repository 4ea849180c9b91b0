package org.neurofusion.alignment.metrics;

import java.util.SplittableRandom;

/**
 * The two properties of a contrastive embedding that Wang &amp; Isola (2020) showed the InfoNCE loss optimises,
 * measured on L2-normalised rows: <em>alignment</em>, how close the two views of one window land (lower is better;
 * 0 when they coincide, 4 when antipodal), and <em>uniformity</em>, how evenly one modality's embeddings spread
 * over the sphere (lower is better; near 0 when collapsed to a point). A model that maps everything to one point
 * is perfectly aligned and useless; uniformity exposes it.
 */
public final class EmbeddingGeometry {
    /**
     * At most this many rows enter {@link #uniformity(double[][])}: its pairs grow with the square of the rows, and
     * 2048 rows (about two million pairs) estimate it to well under a percent. Larger sets are subsampled without
     * replacement, deterministically from a seed.
     */
    public static final int UNIFORMITY_CAP = 2048;

    /** Seed of the subsample used by {@link #uniformity(double[][])} when there are more rows than the cap. */
    public static final long DEFAULT_SEED = 0;

    private EmbeddingGeometry() {
    }

    /** {@link #alignment(double[][], double[][])} of float embeddings. */
    public static double alignment(float[][] a, float[][] b) {
        return alignment(Rows.widen(a, "embedding A"), Rows.widen(b, "embedding B"));
    }

    /**
     * Mean over positive pairs of {@code ‖a_i − b_i‖²} after scaling each row to unit length, in [0, 4].
     *
     * @throws IllegalArgumentException naming the row for a zero, missing, ragged or non-finite row, or when the
     *     two sets differ in size or width
     */
    public static double alignment(double[][] a, double[][] b) {
        int da = Rows.check(a, "embedding A", 1);
        int db = Rows.check(b, "embedding B", 1);
        if (a.length != b.length || da != db) {
            throw new IllegalArgumentException("alignment pairs row i of A with row i of B in one space; A is "
                    + a.length + " × " + da + ", B is " + b.length + " × " + db);
        }
        double[][] x = Rows.normalised(a, "embedding A", false);
        double[][] y = Rows.normalised(b, "embedding B", false);
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += Rows.squaredDistance(x[i], y[i]);
        }
        return s / x.length;
    }

    /** {@link #uniformity(double[][])} of float embeddings. */
    public static double uniformity(float[][] x) {
        return uniformity(Rows.widen(x, "embedding"));
    }

    /** Uniformity with the documented cap ({@link #UNIFORMITY_CAP}) and seed ({@link #DEFAULT_SEED}). */
    public static double uniformity(double[][] x) {
        return uniformity(x, UNIFORMITY_CAP, DEFAULT_SEED);
    }

    /**
     * {@code log mean exp(−2 ‖x_i − x_j‖²)} over all pairs {@code i < j} of unit-length rows, in [−8, 0]. With more
     * than {@code maxRows} rows, a subsample of {@code maxRows} drawn without replacement from {@code seed} is used.
     *
     * @throws IllegalArgumentException for fewer than two rows, {@code maxRows < 2}, or a bad row (named)
     */
    public static double uniformity(double[][] x, int maxRows, long seed) {
        if (maxRows < 2) {
            throw new IllegalArgumentException("uniformity needs pairs: maxRows must be at least 2, got " + maxRows);
        }
        Rows.check(x, "embedding", 2);
        double[][] u = Rows.normalised(subsample(x, maxRows, seed), "embedding", false);
        // log-mean-exp with the largest exponent factored out; the exponents lie in [-8, 0]
        int m = u.length;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                max = Math.max(max, -2 * Rows.squaredDistance(u[i], u[j]));
            }
        }
        double s = 0;
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                s += Math.exp(-2 * Rows.squaredDistance(u[i], u[j]) - max);
            }
        }
        long pairs = (long) m * (m - 1) / 2;
        return max + Math.log(s / pairs);
    }

    /** The rows themselves when few enough, else {@code k} of them by a seeded partial Fisher–Yates shuffle. */
    private static double[][] subsample(double[][] x, int k, long seed) {
        if (x.length <= k) {
            return x;
        }
        int[] order = new int[x.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[][] out = new double[k][];
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(order.length - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
            out[i] = x[order[i]];
        }
        return out;
    }
}
