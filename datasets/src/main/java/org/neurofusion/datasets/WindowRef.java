package org.neurofusion.datasets;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * What splits need to know of a window: where it comes from, when it starts (reference time, seconds), how
 * long it lasts (the longest of its modalities), and its label.
 */
public record WindowRef(RecordingKey key, double onset, double length, OptionalInt label) {
    public WindowRef {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(label, "label");
        if (!Double.isFinite(onset) || !(length >= 0)) {
            throw new IllegalArgumentException("window needs a finite onset and a length >= 0");
        }
    }

    /** The end of the window in reference time. */
    public double end() {
        return onset + length;
    }

    /** Whether both windows come from one recording run and lie closer than {@code gap} seconds. */
    public boolean near(WindowRef o, double gap) {
        return key.equals(o.key) && onset < o.end() + gap && o.onset < end() + gap;
    }
}
