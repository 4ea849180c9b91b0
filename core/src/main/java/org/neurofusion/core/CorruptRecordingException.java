package org.neurofusion.core;

import java.nio.file.Path;

/** A file of a known format whose content contradicts the format: truncated, inconsistent, absurd. */
public class CorruptRecordingException extends RecordingException {
    public CorruptRecordingException(Path file, long offset, String problem) {
        super(file, offset, problem);
    }

    public CorruptRecordingException(Path file, long offset, String problem, Throwable cause) {
        super(file, offset, problem, cause);
    }
}
