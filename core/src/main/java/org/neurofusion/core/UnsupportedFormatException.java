package org.neurofusion.core;

import java.nio.file.Path;

/** A file that is not of a format (or variant of a format) that any reader here understands. */
public class UnsupportedFormatException extends RecordingException {
    public UnsupportedFormatException(Path file, long offset, String problem) {
        super(file, offset, problem);
    }
}
