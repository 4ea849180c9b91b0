package org.neurofusion.alignment.run;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A training loop's progress on stderr. On a terminal: a bar redrawn in place with steps done, rate and time left
 * ({@code epoch 3/20 [#########.....]  64% 77/120 steps 28.4 steps/s ETA 0:02}); elsewhere (logs, captured
 * output): nothing while an epoch runs and one line when it ends, so that a log gets one line per epoch.
 */
public final class ProgressBar {
    private static final long MIN_REDRAW_NANOS = 200_000_000L;
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean terminal;
    private final LongSupplier nanoClock;
    private int epoch;
    private int epochs;
    private long total;
    private long done;
    private long started;
    private long lastDraw;
    private int drawnLength;

    ProgressBar(PrintWriter err, boolean terminal, LongSupplier nanoClock) {
        this.err = err;
        this.terminal = terminal;
        this.nanoClock = nanoClock;
    }

    /** Progress on {@code err}, drawn as a bar when this process runs on a terminal. */
    public static ProgressBar onStderr(PrintWriter err) {
        return new ProgressBar(err, System.console() != null, System::nanoTime);
    }

    /**
     * Starts epoch {@code epoch} (1-based) of {@code epochs}, which takes {@code steps} steps.
     */
    public void startEpoch(int epoch, int epochs, long steps) {
        if (epoch < 1 || epochs < epoch || steps < 0) {
            throw new IllegalArgumentException("epoch " + epoch + " of " + epochs + " with " + steps + " steps");
        }
        this.epoch = epoch;
        this.epochs = epochs;
        this.total = steps;
        this.done = 0;
        this.started = nanoClock.getAsLong();
        this.lastDraw = Long.MIN_VALUE;
    }

    /** Records {@code n} more steps done; on a terminal, redraws at most five times a second and at the end. */
    public void advance(long n) {
        done += n;
        if (!terminal) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (lastDraw == Long.MIN_VALUE || now - lastDraw >= MIN_REDRAW_NANOS || done >= total) {
            String line = bar(now);
            // Pad over a longer previous line, so no stale characters remain.
            err.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
            err.flush();
            drawnLength = line.length();
            lastDraw = now;
        }
    }

    /**
     * Ends the epoch with one line: steps, time, rate and {@code summary} (e.g. the losses and the validation
     * metric); on a terminal the bar is replaced by it.
     */
    public void endEpoch(String summary) {
        long now = nanoClock.getAsLong();
        double seconds = (now - started) / 1e9;
        String line = String.format(Locale.ROOT, "epoch %d/%d: %d steps in %.1f s (%s)%s", epoch, epochs, done,
                seconds, rate(done, seconds), summary == null || summary.isEmpty() ? "" : "; " + summary);
        if (terminal && drawnLength > 0) {
            err.print("\r" + " ".repeat(drawnLength) + "\r");
            drawnLength = 0;
        }
        err.println(line);
        err.flush();
    }

    /** The bar's text at time {@code now}. */
    String bar(long now) {
        double seconds = (now - started) / 1e9;
        int percent = total == 0 ? 100 : (int) Math.min(100, 100 * done / total);
        // From the steps, not the rounded percentage: 40 of 120 fills exactly a third of the bar.
        int filled = total == 0 ? WIDTH : (int) Math.min(WIDTH, WIDTH * done / total);
        String eta = done == 0 || seconds <= 0 ? "--:--" : clock((total - done) * seconds / done);
        return String.format(Locale.ROOT, "epoch %d/%d [%s%s] %3d%% %d/%d steps %s ETA %s", epoch, epochs,
                "#".repeat(filled), ".".repeat(WIDTH - filled), percent, done, total, rate(done, seconds), eta);
    }

    private static String rate(long steps, double seconds) {
        return seconds <= 0 ? "-- steps/s" : String.format(Locale.ROOT, "%.1f steps/s", steps / seconds);
    }

    /** Seconds as m:ss, or h:mm:ss from an hour on. */
    static String clock(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
