package org.neurofusion.inference;

import java.nio.file.Path;

/**
 * The artifact's one error type for files that cannot be used as they are: malformed, truncated, tampered
 * with, or mismatched with what the rest of the artifact says. The message names the file, the byte offset
 * of the problem where there is one, and what was expected, for example
 * {@code model.safetensors at byte 8: tensor 'a' data_offsets [0, 12] hold 12 bytes but F32[2, 2] needs 16}.
 */
public final class ArtifactFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    // Path is not Serializable on every file system; the message keeps the name either way.
    private final transient Path file;
    private final long offset;

    /**
     * @param file the file concerned
     * @param offset byte offset of the problem in the file, or -1 when the problem is not at a byte position
     * @param problem what is wrong and what was expected, in words
     */
    public ArtifactFormatException(Path file, long offset, String problem) {
        this(file, offset, problem, null);
    }

    /**
     * @param file the file concerned
     * @param offset byte offset of the problem in the file, or -1 when the problem is not at a byte position
     * @param problem what is wrong and what was expected, in words
     * @param cause the lower-level error that revealed the problem, or null
     */
    public ArtifactFormatException(Path file, long offset, String problem, Throwable cause) {
        super(format(file, offset, problem), cause);
        this.file = file;
        this.offset = offset;
    }

    private static String format(Path file, long offset, String problem) {
        StringBuilder sb = new StringBuilder(file == null ? "<no file>" : file.toString());
        if (offset >= 0) {
            sb.append(" at byte ").append(offset);
        }
        return sb.append(": ").append(problem).toString();
    }

    /** The file concerned. */
    public Path file() {
        return file;
    }

    /** The byte offset of the problem in the file, or -1 when it is not located by a byte offset. */
    public long offset() {
        return offset;
    }
}
