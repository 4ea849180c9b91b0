package org.neurofusion.alignment.run;

import java.nio.file.Path;
import org.neurofusion.core.RecordingException;

/**
 * A run folder that cannot be created, opened, resumed or written: the message names the file and the problem.
 * Part of the project's one unchecked file-error hierarchy, so that the command line prints it as it is.
 */
public class RunDirectoryException extends RecordingException {
    /**
     * @param file the file or folder concerned
     * @param offset byte offset of the problem, or -1
     * @param problem what is wrong, in words
     */
    public RunDirectoryException(Path file, long offset, String problem) {
        super(file, offset, problem);
    }

    public RunDirectoryException(Path file, long offset, String problem, Throwable cause) {
        super(file, offset, problem, cause);
    }
}
