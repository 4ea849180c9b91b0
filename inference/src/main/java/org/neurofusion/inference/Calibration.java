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
 * @param skipped how many windows of the calibration data were left out (a value that is not finite, too many flat
 *     channels)
 * @param source what the calibration was computed from, for messages
 */
public record Calibration(List<String> channels, float[] matrix, int windows, int skipped, String source) {
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
        if (windows < 0 || skipped < 0) {
            throw new IllegalArgumentException("a calibration's window counts cannot be negative");
        }
    }

    /** The identity over {@code channels}: windows pass unchanged (a warm-up, a benchmark of the aligned path). */
    public static Calibration identity(List<String> channels, String source) {
        int c = channels.size();
        float[] m = new float[c * c];
        for (int k = 0; k < c; k++) {
            m[k * c + k] = 1;
        }
        return new Calibration(channels, m, 0, 0, source);
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
     * Checks that windows of {@code names} (from {@code where}) can be aligned with this calibration; names compare
     * as channel matching does, ignoring case.
     *
     * @throws IncompatibleInputException naming both sources and both channel lists when they differ
     */
    void check(List<String> names, String where) {
        boolean same = names.size() == channels.size();
        for (int i = 0; same && i < names.size(); i++) {
            same = names.get(i).equalsIgnoreCase(channels.get(i));
        }
        if (!same) {
            throw new IncompatibleInputException(where + ": its channels " + names + " are not those of the"
                    + " calibration (" + source + ") " + channels + "; calibrate on a recording with the same channels");
        }
    }
}
