package org.neurofusion.modalities.signal;

import java.util.Objects;
import java.util.OptionalInt;
import org.neurofusion.core.SignalBlock;

/**
 * A cut of a recording: the samples, when it starts (seconds from the first sample of the recording, for the
 * block's first column), and for event-locked windows the event it belongs to (onset in seconds, description
 * as annotated, and the label it maps to).
 */
public record Window(SignalBlock block, double startSeconds, double eventOnset, String description,
        OptionalInt label) {
    public Window {
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(label, "label");
    }
}
