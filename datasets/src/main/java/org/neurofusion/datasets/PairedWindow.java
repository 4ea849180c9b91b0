package org.neurofusion.datasets;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import org.neurofusion.core.Channel;
import org.neurofusion.core.Modality;
import org.neurofusion.core.SignalBlock;

/**
 * One training example: for each modality a block of samples (channels × time, float32, SI units) with the
 * channels it holds (type and 3-D position, which montage-agnostic encoders use), an optional label, where it
 * comes from, its onset in reference time (seconds: the event or sliding position it was cut around), and each
 * block's true {@link Extent} on that reference clock.
 *
 * @param extents one per block: where the block lies on the reference clock (its modality's offset, length and
 *        clock map applied); splits and samplers compare these, never the onset alone
 */
public record PairedWindow(Map<Modality, SignalBlock> blocks, Map<Modality, List<Channel>> channels,
        OptionalInt label, RecordingKey key, double onset, Map<Modality, Extent> extents) {
    public PairedWindow {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(extents, "extents");
        blocks = java.util.Collections.unmodifiableMap(new EnumMap<>(blocks));
        Map<Modality, List<Channel>> cs = new EnumMap<>(Modality.class);
        channels.forEach((m, l) -> cs.put(m, List.copyOf(l)));
        channels = java.util.Collections.unmodifiableMap(cs);
        for (Map.Entry<Modality, SignalBlock> e : blocks.entrySet()) {
            List<Channel> l = channels.get(e.getKey());
            if (l == null || l.size() != e.getValue().channelCount()) {
                throw new IllegalArgumentException(key + " at " + onset + " s: channels of " + e.getKey()
                        + " do not match its block (" + (l == null ? "none" : l.size()) + " channels, "
                        + e.getValue().channelCount() + " rows)");
            }
        }
        if (!Double.isFinite(onset)) {
            throw new IllegalArgumentException(key + ": window onset must be finite, got " + onset);
        }
        extents = java.util.Collections.unmodifiableMap(extents.isEmpty() ? new EnumMap<>(Modality.class)
                : new EnumMap<>(extents));
        if (!extents.keySet().equals(blocks.keySet())) {
            throw new IllegalArgumentException(key + " at " + onset + " s: extents are given for "
                    + extents.keySet() + " but the blocks are " + blocks.keySet());
        }
        extents.values().forEach(x -> Objects.requireNonNull(x, "extent"));
    }

    /**
     * A window made without a clock (hand-made, simulated): every block is taken to start at {@code onset} and to
     * last its sample count over its rate. Windows cut from recordings get their true extents from
     * {@link PairedWindows}.
     */
    public PairedWindow(Map<Modality, SignalBlock> blocks, Map<Modality, List<Channel>> channels, OptionalInt label,
            RecordingKey key, double onset) {
        this(blocks, channels, label, key, onset, atOnset(blocks, onset));
    }

    private static Map<Modality, Extent> atOnset(Map<Modality, SignalBlock> blocks, double onset) {
        Map<Modality, Extent> out = new EnumMap<>(Modality.class);
        if (Double.isFinite(onset)) {
            blocks.forEach((m, b) -> out.put(m, Extent.at(onset, b)));
        } else {
            // Left empty: the canonical constructor then names the non-finite onset (or the missing extents).
            return Map.of();
        }
        return out;
    }

    /** The subject, for splits. */
    public String subject() {
        return key.subject();
    }

    /** The earliest start of any block on the reference clock. */
    public double start() {
        return extents.values().stream().mapToDouble(Extent::start).min().orElse(onset);
    }

    /** The latest end of any block on the reference clock. */
    public double end() {
        return extents.values().stream().mapToDouble(Extent::end).max().orElse(onset);
    }
}
