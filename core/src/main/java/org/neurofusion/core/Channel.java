package org.neurofusion.core;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One channel of a recording: what it measures and how it is sampled. Each channel keeps its native
 * sampling rate; {@code unit} is the SI unit of the values a reader returns for it ("V", "T", "mol/L",
 * "AU" for arbitrary or dimensionless units). {@code attributes} holds format-specific facts a user may
 * want to see (EDF transducer and prefilter, the unit as written in the file, ...).
 */
public record Channel(String name, ChannelType type, String unit, double samplingRate, long sampleCount,
        Optional<SensorPosition> position, Map<String, String> attributes) {
    public Channel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(position, "position");
        attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
        if (!(samplingRate > 0) || !Double.isFinite(samplingRate)) {
            throw new IllegalArgumentException("channel '" + name + "': sampling rate must be positive and finite, got "
                    + samplingRate);
        }
        if (sampleCount < 0) {
            throw new IllegalArgumentException("channel '" + name + "': negative sample count " + sampleCount);
        }
    }

    /** A channel without position or attributes. */
    public Channel(String name, ChannelType type, String unit, double samplingRate, long sampleCount) {
        this(name, type, unit, samplingRate, sampleCount, Optional.empty(), Map.of());
    }

    /** Duration covered by this channel's samples, in seconds. */
    public double durationSeconds() {
        return sampleCount / samplingRate;
    }

    /** This channel with another position. */
    public Channel withPosition(SensorPosition p) {
        return new Channel(name, type, unit, samplingRate, sampleCount, Optional.of(p), attributes);
    }

    /** This channel with another type (e.g. after a user sets channel types). */
    public Channel withType(ChannelType t) {
        return new Channel(name, t, unit, samplingRate, sampleCount, position, attributes);
    }
}
