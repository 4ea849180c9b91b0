package org.neurofusion.evaluation;

import java.nio.file.Path;

/**
 * A file given to {@link HtmlReport} (a training run's {@code metrics.jsonl}, a distillation {@code map.csv})
 * that cannot be read or does not say what it should. The message names the file, the line (1-based; 0 when the
 * problem is the whole file) and what was wrong.
 */
public class ReportInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;

    public ReportInputException(Path file, int line, String problem) {
        this(file, line, problem, null);
    }

    public ReportInputException(Path file, int line, String problem, Throwable cause) {
        super(file + (line > 0 ? " line " + line : "") + ": " + problem, cause);
        this.file = file;
        this.line = line;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }

    /** The 1-based line at fault, or 0 when the problem is the file as a whole. */
    public int line() {
        return line;
    }
}
