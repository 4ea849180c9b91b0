package org.neurofusion.datasets.store;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.Extent;
import org.neurofusion.datasets.RecordingKey;
import org.neurofusion.datasets.WindowRef;

/**
 * What a window store knows about window {@code index} without touching its samples: where it comes from, its
 * onset in the recording's reference time (seconds), its label, and where each modality's block really lies on
 * that reference clock. Samplers and splits work from these alone, and compare extents, not onsets.
 *
 * @param extents one per modality the window has, in {@link Modality} order
 */
public record WindowInfo(int index, RecordingKey key, double onset, OptionalInt label, Map<Modality, Extent> extents) {
    public WindowInfo {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(extents, "extents");
        extents = java.util.Collections.unmodifiableMap(extents.isEmpty() ? new EnumMap<>(Modality.class)
                : new EnumMap<>(extents));
    }

    /**
     * The extent of modality {@code m}'s block.
     *
     * @throws IllegalArgumentException naming the window when it has no block of {@code m}
     */
    public Extent extent(Modality m) {
        Extent x = extents.get(m);
        if (x == null) {
            throw new IllegalArgumentException("window " + index + " (" + key + " at " + onset + " s) has no " + m
                    + " block (has " + extents.keySet() + ")");
        }
        return x;
    }

    /** The earliest start of any of its blocks on the reference clock (the onset when it has none). */
    public double start() {
        return extents.values().stream().mapToDouble(Extent::start).min().orElse(onset);
    }

    /** The latest end of any of its blocks on the reference clock (the onset when it has none). */
    public double end() {
        return extents.values().stream().mapToDouble(Extent::end).max().orElse(onset);
    }

    /** The same window under another index (a dataset's index in place of the store's). */
    public WindowInfo withIndex(int newIndex) {
        return new WindowInfo(newIndex, key, onset, label, extents);
    }

    /** What splits and the leakage guard need of it: key, onset, the span of every modality, label. */
    public WindowRef ref() {
        return new WindowRef(key, onset, start(), end(), label);
    }
}
