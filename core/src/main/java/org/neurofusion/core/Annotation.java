package org.neurofusion.core;

import java.util.Objects;

/**
 * A labelled event or period: {@code onset} and {@code duration} in seconds, the onset counted from the
 * recording's first sample (as MNE counts it); {@code channel} is empty when the annotation concerns the
 * whole recording.
 */
public record Annotation(double onset, double duration, String description, String channel) {
    public Annotation {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(channel, "channel");
        if (!Double.isFinite(onset)) {
            throw new IllegalArgumentException("annotation onset must be finite, got " + onset);
        }
        if (!Double.isFinite(duration) || duration < 0) {
            throw new IllegalArgumentException("annotation duration must be finite and >= 0, got " + duration);
        }
    }

    /** An annotation of the whole recording. */
    public Annotation(double onset, double duration, String description) {
        this(onset, duration, description, "");
    }
}
