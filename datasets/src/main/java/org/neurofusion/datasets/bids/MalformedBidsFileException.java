package org.neurofusion.datasets.bids;

import java.nio.file.Path;
import org.neurofusion.core.CorruptRecordingException;

/**
 * A BIDS text file that breaks its own syntax: a TSV row with the wrong number of columns (the message gives
 * the line), a number that does not parse, JSON that is not JSON, a required column missing.
 */
public class MalformedBidsFileException extends CorruptRecordingException {
    public MalformedBidsFileException(Path file, String problem) {
        super(file, -1, problem);
    }

    public MalformedBidsFileException(Path file, String problem, Throwable cause) {
        super(file, -1, problem, cause);
    }
}
