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
 * comes from, and its onset in reference time (seconds).
 */
public record PairedWindow(Map<Modality, SignalBlock> blocks, Map<Modality, List<Channel>> channels,
        OptionalInt label, RecordingKey key, double onset) {
    public PairedWindow {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(label, "label");
        blocks = java.util.Collections.unmodifiableMap(new EnumMap<>(blocks));
        Map<Modality, List<Channel>> cs = new EnumMap<>(Modality.class);
        channels.forEach((m, l) -> cs.put(m, List.copyOf(l)));
        channels = java.util.Collections.unmodifiableMap(cs);
        for (Map.Entry<Modality, SignalBlock> e : blocks.entrySet()) {
            List<Channel> l = channels.get(e.getKey());
            if (l == null || l.size() != e.getValue().channelCount()) {
                throw new IllegalArgumentException(key + ": channels of " + e.getKey() + " do not match its block");
            }
        }
        if (!Double.isFinite(onset)) {
            throw new IllegalArgumentException("window onset must be finite");
        }
    }

    /** The subject, for splits. */
    public String subject() {
        return key.subject();
    }
}
