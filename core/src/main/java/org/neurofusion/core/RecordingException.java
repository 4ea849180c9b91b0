package org.neurofusion.core;

import java.nio.file.Path;

/**
 * The root of every error raised while reading or writing a recording. The message always names the
 * file, the place in it (a byte offset, a line, a field) and what was expected, so a user can find the
 * problem without a debugger.
 */
public class RecordingException extends RuntimeException {
    private final transient Path file;
    private final long offset;

    /**
     * @param file the file concerned (may be null when there is no file, e.g. an in-memory recording)
     * @param offset byte offset of the problem, or -1 when the place is not a byte offset
     * @param problem what is wrong, in words
     */
    public RecordingException(Path file, long offset, String problem) {
        this(file, offset, problem, null);
    }

    public RecordingException(Path file, long offset, String problem, Throwable cause) {
        super(format(file, offset, problem), cause);
        this.file = file;
        this.offset = offset;
    }

    private static String format(Path file, long offset, String problem) {
        StringBuilder sb = new StringBuilder();
        sb.append(file == null ? "<no file>" : file.toString());
        if (offset >= 0) {
            sb.append(" at byte ").append(offset);
        }
        return sb.append(": ").append(problem).toString();
    }

    /** The file concerned, or null. */
    public Path file() {
        return file;
    }

    /** The byte offset of the problem, or -1 when it is not located by a byte offset. */
    public long offset() {
        return offset;
    }
}
