package org.neurofusion.alignment.run;

import java.nio.file.Path;

/**
 * A checkpoint that cannot be used: unreadable or truncated bytes, a failed checksum, a missing array, or an
 * array whose shape differs from what the model expects. Names the file, the byte offset where known, and the
 * array.
 */
public final class CorruptCheckpointException extends RunDirectoryException {
    private final String array;

    /**
     * @param file the checkpoint file
     * @param offset byte offset of the problem, or -1
     * @param array the array concerned ({@code parameters/NAME} or {@code optimizer/NAME}), or null for the header
     * @param problem what is wrong
     */
    public CorruptCheckpointException(Path file, long offset, String array, String problem) {
        this(file, offset, array, problem, null);
    }

    public CorruptCheckpointException(Path file, long offset, String array, String problem, Throwable cause) {
        super(file, offset, (array == null ? "" : "array '" + array + "': ") + problem, cause);
        this.array = array;
    }

    /** The array concerned ({@code parameters/NAME} or {@code optimizer/NAME}), or null for the header or state. */
    public String array() {
        return array;
    }
}
