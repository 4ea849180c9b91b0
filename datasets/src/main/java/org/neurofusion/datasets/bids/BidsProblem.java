package org.neurofusion.datasets.bids;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.neurofusion.core.RecordingException;

/**
 * One thing wrong (or doubtful) in a dataset, found by {@link BidsDataset#check()}: how bad, the file it
 * concerns, what is wrong, and for errors the exception that reading the file raised.
 */
public record BidsProblem(Severity severity, Path file, String message, Optional<RecordingException> error) {
    /** Errors make a dataset unusable as it is; warnings say something was guessed or left out. */
    public enum Severity { ERROR, WARNING }

    public BidsProblem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(error, "error");
    }

    /** An error from the exception reading a file raised (its message already names the file). */
    static BidsProblem of(Path fallback, RecordingException e) {
        return new BidsProblem(Severity.ERROR, e.file() == null ? fallback : e.file(), e.getMessage(), Optional.of(e));
    }

    /** A warning about a file. */
    static BidsProblem warning(Path file, String message) {
        return new BidsProblem(Severity.WARNING, file, file + ": " + message, Optional.empty());
    }
}
