package org.neurofusion.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Some channels of an open recording, in a chosen order, read lazily from it: selecting channels before
 * preprocessing costs nothing, and the first step reads straight from the file. Everything but the channel
 * list (source, format, start, annotations, header, segments, history) is the recording's own. Closing the
 * view does not close the recording: whoever opened it closes it, after the last read of the view.
 */
public final class ChannelSubset extends ForwardingRecording {
    private final int[] indices;
    private final List<Channel> channels;

    private ChannelSubset(Recording in, int[] indices) {
        super(in);
        this.indices = indices;
        List<Channel> all = in.channels();
        List<Channel> chosen = new ArrayList<>(indices.length);
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i : indices) {
            Objects.checkIndex(i, all.size());
            if (!seen.add(i)) {
                throw new IllegalArgumentException("channel '" + all.get(i).name() + "' is selected twice");
            }
            chosen.add(all.get(i));
        }
        this.channels = List.copyOf(chosen);
    }

    /**
     * The channels {@code indices} of {@code in}, in that order.
     *
     * @throws IndexOutOfBoundsException for an index outside the recording
     * @throws IllegalArgumentException when a channel is selected twice (names must stay unique)
     */
    public static ChannelSubset of(Recording in, int[] indices) {
        return new ChannelSubset(Objects.requireNonNull(in, "in"), indices.clone());
    }

    @Override
    public List<Channel> channels() {
        return channels;
    }

    @Override
    public void read(int channel, long firstSample, double[] dst, int offset, int count) {
        delegate().read(indices[Objects.checkIndex(channel, indices.length)], firstSample, dst, offset, count);
    }

    @Override
    public void read(int channel, long firstSample, float[] dst, int offset, int count) {
        delegate().read(indices[Objects.checkIndex(channel, indices.length)], firstSample, dst, offset, count);
    }

    /** Leaves the underlying recording open: its opener closes it. */
    @Override
    public void close() {
        // nothing of its own to release
    }
}
