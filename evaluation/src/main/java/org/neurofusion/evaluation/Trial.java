package org.neurofusion.evaluation;

import org.neurofusion.core.SignalBlock;

/**
 * Channels × samples of one trial as a classifier reads them, in double precision whatever the storage. A view
 * over a window's float32 block reads the stored samples in place, so a classifier fitted on every fold of a
 * repeated cross-validation never copies them into double arrays.
 */
public interface Trial {
    /** Channels (rows). */
    int channels();

    /** Samples per channel. */
    int samples();

    /** The sample {@code sample} of row {@code channel}. */
    double get(int channel, int sample);

    /**
     * Sums of products of the rows with each row's mean removed, channels × channels (the scatter matrix; divide by
     * the samples for the covariance, by its trace for CSP's normalised one).
     */
    default double[][] centredScatter() {
        return org.neurofusion.modalities.signal.EuclideanAlignment.centredScatter(channels(), samples(), this::get);
    }

    /** A trial over double rows (all of one length), not copied. */
    static Trial of(double[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("a trial needs at least one channel");
        }
        for (double[] r : rows) {
            if (r.length != rows[0].length) {
                throw new IllegalArgumentException("trial rows differ in length: " + r.length + " vs "
                        + rows[0].length);
            }
        }
        return new DoubleRows(rows);
    }

    /** The rows {@code rows} (indices into the block's channels) of a float32 block, read in place. */
    static Trial of(SignalBlock block, int[] rows) {
        int t = block.sampleCount();
        int[] offsets = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= block.channelCount()) {
                throw new IllegalArgumentException("row " + rows[i] + " is outside the block's "
                        + block.channelCount() + " channels");
            }
            offsets[i] = rows[i] * t;
        }
        return new BlockRows(block.data(), offsets, t);
    }

    /** Rows held as doubles. */
    record DoubleRows(double[][] rows) implements Trial {
        @Override
        public int channels() {
            return rows.length;
        }

        @Override
        public int samples() {
            return rows[0].length;
        }

        @Override
        public double get(int channel, int sample) {
            return rows[channel][sample];
        }
    }

    /** Rows of a channels × samples float32 array, each starting at its offset. */
    record BlockRows(float[] data, int[] offsets, int samples) implements Trial {
        @Override
        public int channels() {
            return offsets.length;
        }

        @Override
        public double get(int channel, int sample) {
            return data[offsets[channel] + sample];
        }
    }
}
