package org.neurofusion.cli;

import java.io.PrintWriter;

/**
 * A progress bar with its percentage on the terminal while long work runs, redrawn in place on stderr
 * ({@code writing out.npy [#########...........]  45%}); silent when the process does not run on a terminal,
 * so that logs and pipes receive nothing but results (stdout) and errors (stderr).
 */
final class Progress {
    private static final long MIN_INTERVAL_NANOS = 200_000_000L;
    private static final int BAR_WIDTH = 30;

    private final PrintWriter err;
    private final String label;
    private final long total;
    private final boolean enabled;
    private long done;
    private long lastDraw;
    private int lastPercent = -1;

    private Progress(PrintWriter err, String label, long total, boolean enabled) {
        this.err = err;
        this.label = label;
        this.total = total;
        this.enabled = enabled && total > 0;
    }

    /** Progress drawn on {@code err} when the process runs on a terminal. */
    static Progress onTerminal(PrintWriter err, String label, long total) {
        return new Progress(err, label, total, System.console() != null);
    }

    /** Progress that draws nothing. */
    static Progress silent() {
        return new Progress(null, "", 0, false);
    }

    /** Records {@code n} more units done. */
    void advance(long n) {
        done += n;
        if (!enabled) {
            return;
        }
        int percent = (int) (100 * done / total);
        long now = System.nanoTime();
        if (percent != lastPercent && (now - lastDraw >= MIN_INTERVAL_NANOS || percent == 100)) {
            err.print("\r" + line(label, percent));
            err.flush();
            lastPercent = percent;
            lastDraw = now;
        }
    }

    /** Clears the line, so that what follows starts on a clean one. */
    void finish() {
        if (enabled && lastPercent >= 0) {
            err.print("\r" + " ".repeat(line(label, 100).length()) + "\r");
            err.flush();
        }
    }

    /** The text drawn for {@code percent}: the label, a bar of fixed width, the percentage. */
    static String line(String label, int percent) {
        int filled = BAR_WIDTH * Math.max(0, Math.min(100, percent)) / 100;
        return label + " [" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] "
                + String.format(java.util.Locale.ROOT, "%3d%%", percent);
    }
}
