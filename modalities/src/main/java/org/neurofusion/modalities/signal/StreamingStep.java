package org.neurofusion.modalities.signal;

/**
 * A preprocessing step that a live stream can compute: each output sample depends only on the input samples up to
 * it, through state carried from chunk to chunk. Applied to a whole recording ({@link Preprocessor#apply}) it runs
 * the very same per-channel kernel from the first sample, so a stream fed the recording in chunks of any size
 * produces the same samples, value for value. Zero-phase filters and FFT resampling read the future and are not
 * streaming steps; a model whose preprocessing is made of streaming steps only can be decoded live.
 */
public interface StreamingStep extends Preprocessor {
    /** The processing of one channel of rate {@code rate}, from its first sample. */
    Kernel kernel(double rate);

    /** The rate of the output of a channel of rate {@code rate}. */
    double outputRate(double rate);

    /** One channel's state: takes input samples in order, returns the output samples they complete. */
    interface Kernel {
        /**
         * Processes {@code n} samples of {@code x} from {@code from}.
         *
         * @return the output samples (possibly none)
         * @throws IllegalArgumentException when a sample is not finite (a filter would smear it over the rest)
         */
        double[] push(double[] x, int from, int n);
    }
}
