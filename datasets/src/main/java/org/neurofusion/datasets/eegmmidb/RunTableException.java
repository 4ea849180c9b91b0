package org.neurofusion.datasets.eegmmidb;

/** A run table that cannot be used: names the table, the 1-based line (0 for the whole table) and the problem. */
public class RunTableException extends IllegalArgumentException {
    private final String source;
    private final int line;

    public RunTableException(String source, int line, String problem) {
        super(source + (line > 0 ? ", line " + line : "") + ": " + problem);
        this.source = source;
        this.line = line;
    }

    /** The table. */
    public String source() {
        return source;
    }

    /** The line, 1-based; 0 when the problem is the whole table's. */
    public int line() {
        return line;
    }
}
