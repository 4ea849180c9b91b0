package org.neurofusion.datasets;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * What splits need to know of a window: where it comes from, its onset (reference time, seconds; the order
 * chronological splits follow), the time it covers on the reference clock ({@code start} to {@code end}: the
 * earliest start and latest end of any of its modalities' blocks), and its label.
 */
public record WindowRef(RecordingKey key, double onset, double start, double end, OptionalInt label) {
    public WindowRef {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(label, "label");
        if (!Double.isFinite(onset) || !Double.isFinite(start) || !Double.isFinite(end) || !(end >= start)) {
            throw new IllegalArgumentException("window " + key + " needs a finite onset and a finite span with end >="
                    + " start, got onset " + onset + " s, span " + start + " to " + end + " s");
        }
    }

    /** A window covering {@code length} seconds from its onset (every modality starting at the onset). */
    public WindowRef(RecordingKey key, double onset, double length, OptionalInt label) {
        this(key, onset, onset, onset + length, label);
    }

    /** The span of every modality of {@code w}. */
    public static WindowRef of(PairedWindow w) {
        return new WindowRef(w.key(), w.onset(), w.start(), w.end(), w.label());
    }

    /** How long the window covers, all modalities together. */
    public double length() {
        return end - start;
    }

    /**
     * Whether both windows come from one recording run and their spans (every modality's extent) overlap or lie
     * closer than {@code gap} seconds.
     */
    public boolean near(WindowRef o, double gap) {
        return key.equals(o.key) && start < o.end + gap && o.start < end + gap;
    }
}
