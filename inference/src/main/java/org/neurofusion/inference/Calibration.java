package org.neurofusion.inference;

import java.util.List;

/**
 * One subject's alignment for a model whose {@link InputContract#alignment() contract} aligns its input: the
 * matrix that multiplies each preprocessed window, fitted by {@link BrainDecoder#calibrate} from the subject's own
 * data (a resting-state recording, or the recording itself, as the contract's reference says), for the channels the
 * calibration data offered in the training order. Windows decoded with it must have exactly these channels.
 *
 * @param channels the names of the channels the matrix mixes, in the order of the windows' rows
 * @param matrix C × C, row-major
 * @param windows how many windows the covariance was averaged over
 * @param source what the calibration was computed from, for messages
 */
public record Calibration(List<String> channels, float[] matrix, int windows, String source) {
    /** Validates the shapes and values. */
    public Calibration {
        if (channels == null || channels.isEmpty()) {
            throw new IllegalArgumentException("a calibration needs its channels");
        }
        channels = List.copyOf(channels);
        int c = channels.size();
        if (matrix == null || matrix.length != c * c) {
            throw new IllegalArgumentException("a calibration of " + c + " channels needs a " + c + " × " + c
                    + " matrix, got " + (matrix == null ? "none" : matrix.length + " values"));
        }
        for (float v : matrix) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("a calibration matrix holds " + v);
            }
        }
        matrix = matrix.clone();
        if (windows < 0) {
            throw new IllegalArgumentException("a calibration's window count cannot be negative");
        }
    }

    @Override
    public float[] matrix() {
        return matrix.clone();
    }

    /** The matrix, not copied: for the decoder, which never writes to it. */
    float[] shared() {
        return matrix;
    }

    /**
     * Checks that windows of {@code names} can be aligned with this calibration.
     *
     * @throws IncompatibleInputException naming both channel lists when they differ
     */
    void check(List<String> names) {
        if (!names.equals(channels)) {
            throw new IncompatibleInputException("the calibration (" + source + ") is of channels " + channels
                    + " but the windows have " + names + "; calibrate on a recording with the same channels");
        }
    }
}
