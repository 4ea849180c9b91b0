package org.neurofusion.evaluation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurofusion.datasets.RecordingKey;
import org.neurofusion.datasets.Splits;
import org.neurofusion.datasets.WindowRef;

/**
 * The last line of defence against optimistic results: fails a fold whose training set holds a test window,
 * or a window of the same recording run that overlaps a test window in time (or comes within a gap of it). Time
 * is each window's whole span on the reference clock ({@link WindowRef#start()} to {@link WindowRef#end()}: every
 * modality's true extent, so a late, long fNIRS block counts as much as the EEG one). Independent of how the fold
 * was made, so a bug in a split cannot pass unnoticed.
 */
public final class LeakageGuard {
    private static final int NAMED = 5;

    private LeakageGuard() {
    }

    /** Raised when a fold leaks; the message names the offending windows. */
    public static final class LeakageException extends IllegalStateException {
        LeakageException(String message) {
            super(message);
        }
    }

    /**
     * Checks one fold.
     *
     * @param windows    the windows the fold's indices point into
     * @param gapSeconds how far apart (seconds) windows of one run must be; 0 forbids overlap only
     * @throws LeakageException naming up to five leaking pairs and the total count
     */
    public static void check(List<WindowRef> windows, Splits.Fold fold, double gapSeconds) {
        Map<RecordingKey, List<Integer>> testByRun = new HashMap<>();
        for (int t : fold.test()) {
            testByRun.computeIfAbsent(windows.get(t).key(), k -> new ArrayList<>()).add(t);
        }
        for (List<Integer> l : testByRun.values()) {
            l.sort(Comparator.comparingDouble(i -> windows.get(i).start()));
        }
        Set<Integer> tested = new HashSet<>();
        for (int t : fold.test()) {
            tested.add(t);
        }
        List<String> leaks = new ArrayList<>();
        int count = 0;
        for (int i : fold.train()) {
            WindowRef w = windows.get(i);
            // checked apart from the sorted scan: its early exit could pass over a zero-length window's own index
            if (tested.contains(i)) {
                if (leaks.size() < NAMED) {
                    leaks.add("window #" + i + " (" + w.key() + " at " + w.onset() + " s) is in both");
                }
                count++;
            }
            List<Integer> tests = testByRun.get(w.key());
            if (tests == null) {
                continue;
            }
            for (int t : tests) {
                WindowRef o = windows.get(t);
                if (o.start() >= w.end() + gapSeconds) {
                    break; // tests are sorted by start: this one and every later one begin past the gap
                }
                if (i != t && w.near(o, gapSeconds)) {
                    if (leaks.size() < NAMED) {
                        leaks.add("training window #" + i + " (" + w.key() + " at " + w.onset() + " s, spanning "
                                + span(w) + ") overlaps test window #" + t + " at " + o.onset() + " s (spanning "
                                + span(o) + ")");
                    }
                    count++;
                }
            }
        }
        if (count > 0) {
            throw new LeakageException("fold '" + fold.name() + "' leaks (" + count + " pair(s), gap " + gapSeconds
                    + " s): " + String.join("; ", leaks));
        }
    }

    private static String span(WindowRef w) {
        return String.format(java.util.Locale.ROOT, "%.3f–%.3f s", w.start(), w.end());
    }
}
