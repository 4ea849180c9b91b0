package org.neurofusion.datasets;

import java.util.Objects;
import org.neurofusion.core.Modality;
import org.neurofusion.modalities.signal.Pipeline;

/**
 * How one modality is cut: {@code length} seconds starting {@code offset} seconds after the event (or the
 * sliding window's start), at {@code rate} Hz (NaN: the native rate), after {@code pipeline}. A haemodynamic
 * window is typically longer and later than the neural one (e.g. EEG 0–4 s, fNIRS 2–12 s).
 */
public record ModalityWindow(Modality modality, double length, double offset, double rate, Pipeline pipeline) {
    public ModalityWindow {
        Objects.requireNonNull(modality, "modality");
        Objects.requireNonNull(pipeline, "pipeline");
        if (!(length > 0) || !Double.isFinite(length)) {
            throw new IllegalArgumentException(modality + ": window length must be positive, got " + length);
        }
        if (!Double.isFinite(offset)) {
            throw new IllegalArgumentException(modality + ": window offset must be finite, got " + offset);
        }
        if (!Double.isNaN(rate) && !(rate > 0)) {
            throw new IllegalArgumentException(modality + ": rate must be positive or NaN (native), got " + rate);
        }
    }
}
