package org.neurofusion.modalities.signal;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.neurofusion.core.SignalBlock;

/**
 * The arithmetic of Euclidean alignment (He and Wu, 2019), shared by training, which aligns every subject of a
 * window store, and the deployed runtime, which aligns a new subject from a calibration recording: windows are
 * multiplied by {@code s · R^(-1/2)}, where {@code R} is the mean spatial covariance of a subject's reference windows,
 * so that aligned reference windows have mean covariance {@code s²·I} whoever recorded them.
 *
 * <p>{@code R} is shrunk towards its mean eigenvalue by {@link #SHRINKAGE} before its inverse square root, so a
 * rank-deficient covariance (a common average reference removes one dimension) gives a bounded matrix. Each window is
 * centred per channel before its covariance is taken; the alignment itself is linear and applied to the window as it
 * is. The matrix is symmetric: an aligned channel stays mostly the channel it was.
 */
public final class EuclideanAlignment {
    /** Shrinkage of the reference covariance towards its mean eigenvalue times the identity. */
    public static final double SHRINKAGE = 0.01;

    private EuclideanAlignment() {
    }

    /** A value of a channels × samples trial, read in place whatever holds it. */
    @FunctionalInterface
    public interface Samples {
        /** The sample {@code sample} of row {@code channel}. */
        double get(int channel, int sample);
    }

    /**
     * Sums of products of the rows with each row's mean removed, channels × channels (the scatter matrix; divide by
     * the samples for the covariance).
     */
    public static double[][] centredScatter(int channels, int samples, Samples x) {
        double[][] centred = new double[channels][samples];
        for (int c = 0; c < channels; c++) {
            double mean = 0;
            for (int s = 0; s < samples; s++) {
                mean += x.get(c, s);
            }
            mean /= samples;
            for (int s = 0; s < samples; s++) {
                centred[c][s] = x.get(c, s) - mean;
            }
        }
        double[][] cov = new double[channels][channels];
        for (int i = 0; i < channels; i++) {
            for (int j = i; j < channels; j++) {
                double v = 0;
                for (int s = 0; s < samples; s++) {
                    v += centred[i][s] * centred[j][s];
                }
                cov[i][j] = v;
                cov[j][i] = v;
            }
        }
        return cov;
    }

    /**
     * The mean covariance of reference windows, added one window at a time; {@link #matrix} gives the aligning
     * matrix. Every window must have the channel count given at construction.
     */
    public static final class Reference {
        private final int channels;
        private final double[] sum;
        private int windows;

        /** An empty reference over {@code channels} channels. */
        public Reference(int channels) {
            if (channels < 1) {
                throw new IllegalArgumentException("an alignment reference needs at least one channel, got "
                        + channels);
            }
            this.channels = channels;
            this.sum = new double[channels * channels];
        }

        /** Adds the covariance of the centred window (its scatter divided by its samples). */
        public void add(SignalBlock window) {
            if (window.channelCount() != channels) {
                throw new IllegalArgumentException("a " + window.channelCount() + "-channel window cannot join a "
                        + channels + "-channel alignment reference");
            }
            int t = window.sampleCount();
            float[] d = window.data();
            double[][] scatter = centredScatter(channels, t, (c, s) -> d[c * t + s]);
            int n = Math.max(1, t);
            for (int i = 0; i < channels; i++) {
                for (int j = 0; j < channels; j++) {
                    sum[i * channels + j] += scatter[i][j] / n;
                }
            }
            windows++;
        }

        /** Windows added. */
        public int windows() {
            return windows;
        }

        /** Channels of every window. */
        public int channels() {
            return channels;
        }

        /**
         * The aligning matrix, C × C row-major, scaled so that aligned reference windows have {@code rms} per channel,
         * the covariance shrunk by {@code shrinkage} ({@link #SHRINKAGE} in training).
         *
         * @throws IllegalStateException when no window was added
         * @throws IllegalArgumentException when the windows have no variance (flat or not finite)
         */
        public float[] matrix(double rms, double shrinkage) {
            if (windows == 0) {
                throw new IllegalStateException("an alignment reference needs at least one window");
            }
            return inverseRoot(sum, channels, windows, rms, shrinkage);
        }
    }

    /**
     * {@code rms · ((1 − λ) R + λ tr(R)/C · I)^(-1/2)} for {@code R = sum / n}, λ = {@code shrinkage}; C × C
     * row-major. An eigenvalue below the ridge {@code λ tr(R)/C} (rounding) is read as the ridge.
     *
     * @throws IllegalArgumentException when the trace of {@code R} is not positive and finite, or {@code shrinkage}
     *     is outside (0, 1)
     */
    public static float[] inverseRoot(double[] sum, int c, int n, double rms, double shrinkage) {
        if (!(shrinkage > 0 && shrinkage < 1)) {
            throw new IllegalArgumentException("alignment shrinkage must lie in (0, 1), got " + shrinkage);
        }
        double[][] r = new double[c][c];
        double trace = 0;
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < c; j++) {
                r[i][j] = sum[i * c + j] / n;
            }
            trace += r[i][i];
        }
        if (!(trace > 0) || !Double.isFinite(trace)) {
            throw new IllegalArgumentException("the reference windows have no variance (trace of their covariance "
                    + trace + "); a flat or non-finite signal cannot be aligned");
        }
        double ridge = shrinkage * trace / c;
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < c; j++) {
                r[i][j] *= 1 - shrinkage;
            }
            r[i][i] += ridge;
        }
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(r, false));
        RealMatrix v = eig.getV();
        double[] values = eig.getRealEigenvalues();
        float[] out = new float[c * c];
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < c; j++) {
                double s = 0;
                for (int k = 0; k < c; k++) {
                    s += v.getEntry(i, k) * v.getEntry(j, k) / Math.sqrt(Math.max(values[k], ridge));
                }
                out[i * c + j] = (float) (rms * s);
            }
        }
        return out;
    }

    /**
     * {@code data} (channels × samples, row-major) multiplied by {@code m}, a C × C aligning matrix.
     *
     * @throws IllegalArgumentException when the sizes do not fit
     */
    public static float[] apply(float[] m, int c, float[] data) {
        float[] out = new float[data.length];
        apply(m, c, data, out, 0);
        return out;
    }

    /**
     * As {@link #apply(float[], int, float[])}, written into {@code out} from {@code offset} (a batch's buffer),
     * without a copy of the product.
     *
     * @throws IllegalArgumentException when the sizes do not fit
     */
    public static void apply(float[] m, int c, float[] data, float[] out, int offset) {
        if (c < 1 || m.length != c * c || data.length % c != 0 || offset < 0 || offset > out.length - data.length) {
            throw new IllegalArgumentException(data.length + " values are not " + c + " channels of equal length"
                    + " for a " + c + "-channel alignment matrix of " + m.length + " entries, or do not fit "
                    + out.length + " values from " + offset);
        }
        int t = data.length / c;
        double[] acc = new double[t];
        for (int i = 0; i < c; i++) {
            java.util.Arrays.fill(acc, 0);
            for (int j = 0; j < c; j++) {
                double a = m[i * c + j];
                int off = j * t;
                for (int k = 0; k < t; k++) {
                    acc[k] += a * data[off + k];
                }
            }
            for (int k = 0; k < t; k++) {
                out[offset + i * t + k] = (float) acc[k];
            }
        }
    }
}
