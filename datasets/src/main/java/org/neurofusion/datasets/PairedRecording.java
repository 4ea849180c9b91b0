package org.neurofusion.datasets;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Modality;
import org.neurofusion.core.Recording;

/**
 * The modalities of one subject, session and run, recorded together: one {@link Recording} per modality,
 * each with its {@link ClockMap} to the reference modality's time (EEG when present), and the events
 * (onsets in reference time) that trials are cut around. Closing it closes every recording.
 *
 * @param reference the modality whose clock is the reference
 * @param participant participant metadata (age, sex, ... from participants.tsv), possibly empty
 */
public record PairedRecording(RecordingKey key, Map<Modality, Recording> recordings, Map<Modality, ClockMap> clocks,
        Modality reference, List<Annotation> events, Map<String, String> participant) implements AutoCloseable {
    public PairedRecording {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(reference, "reference");
        if (recordings.isEmpty()) {
            throw new IllegalArgumentException(key + ": a paired recording needs at least one modality");
        }
        recordings = java.util.Collections.unmodifiableMap(new EnumMap<>(recordings));
        clocks = java.util.Collections.unmodifiableMap(new EnumMap<>(clocks));
        if (!recordings.containsKey(reference)) {
            throw new IllegalArgumentException(key + ": the reference modality " + reference + " has no recording");
        }
        for (Modality m : recordings.keySet()) {
            if (!clocks.containsKey(m)) {
                throw new IllegalArgumentException(key + ": no clock map for " + m);
            }
        }
        events = List.copyOf(events);
        participant = Map.copyOf(participant);
    }

    /** The recording of one modality. */
    public Recording recording(Modality m) {
        Recording r = recordings.get(m);
        if (r == null) {
            throw new IllegalArgumentException(key + " has no " + m + " recording (has " + recordings.keySet() + ")");
        }
        return r;
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (Recording r : recordings.values()) {
            try {
                r.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
