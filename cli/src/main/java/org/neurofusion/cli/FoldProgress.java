package org.neurofusion.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.neurofusion.evaluation.ProgressListener;

/**
 * Fitted folds on stderr: a percentage redrawn in place on a terminal, one line per tenth otherwise (logs and
 * captured output), so that stdout carries only results.
 */
final class FoldProgress implements ProgressListener {
    private final PrintWriter err;
    private final String label;
    private final boolean terminal = System.console() != null;
    private Progress bar;

    FoldProgress(PrintWriter err, String label) {
        this.err = err;
        this.label = label;
    }

    @Override
    public void progress(int done, int total, String what) {
        if (terminal) {
            if (bar == null) {
                bar = Progress.onTerminal(err, label, total);
            }
            bar.advance(1);
            if (done == total) {
                bar.finish();
                bar = null;
            }
        } else if (done == total || done % Math.max(1, total / 10) == 0) {
            err.printf(Locale.ROOT, "%s: %d/%d folds%n", label, done, total);
            err.flush();
        }
    }
}
