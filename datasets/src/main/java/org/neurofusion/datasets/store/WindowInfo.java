package org.neurofusion.datasets.store;

import java.util.Objects;
import java.util.OptionalInt;
import org.neurofusion.datasets.RecordingKey;

/**
 * What a window store knows about window {@code index} without touching its samples: where it comes from, its
 * onset in the recording's reference time (seconds) and its label. Samplers and splits work from these alone.
 */
public record WindowInfo(int index, RecordingKey key, double onset, OptionalInt label) {
    public WindowInfo {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(label, "label");
    }
}
