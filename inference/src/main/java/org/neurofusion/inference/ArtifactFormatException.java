package org.neurofusion.inference;

import java.nio.file.Path;
import org.neurofusion.core.RecordingException;

/**
 * The artifact's one error type for files that cannot be used as they are: malformed, truncated, tampered
 * with, or mismatched with what the rest of the artifact says. Like every file error of the project
 * ({@link RecordingException}), the message names the file, the byte offset of the problem where there is one, and
 * what was expected, for example
 * {@code model.safetensors at byte 8: tensor 'a' data_offsets [0, 12] hold 12 bytes but F32[2, 2] needs 16}.
 */
public final class ArtifactFormatException extends RecordingException {
    private static final long serialVersionUID = 1L;

    /**
     * @param file the file concerned
     * @param offset byte offset of the problem in the file, or -1 when the problem is not at a byte position
     * @param problem what is wrong and what was expected, in words
     */
    public ArtifactFormatException(Path file, long offset, String problem) {
        super(file, offset, problem);
    }

    /**
     * @param file the file concerned
     * @param offset byte offset of the problem in the file, or -1 when the problem is not at a byte position
     * @param problem what is wrong and what was expected, in words
     * @param cause the lower-level error that revealed the problem, or null
     */
    public ArtifactFormatException(Path file, long offset, String problem, Throwable cause) {
        super(file, offset, problem, cause);
    }
}
