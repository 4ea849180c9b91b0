package org.neurofusion.modalities.montage;

/**
 * A montage table that cannot be read: names the table (a resource or a file), the 1-based line and what was
 * wrong with it.
 */
public class MontageFormatException extends RuntimeException {
    private final String source;
    private final int line;

    /** A problem on {@code line} (1-based; 0 for the table as a whole) of {@code source}. */
    public MontageFormatException(String source, int line, String problem) {
        super(source + (line > 0 ? ", line " + line : "") + ": " + problem);
        this.source = source;
        this.line = line;
    }

    /** The table the problem is in. */
    public String source() {
        return source;
    }

    /** The 1-based line of the problem, 0 when it concerns the whole table. */
    public int line() {
        return line;
    }
}
