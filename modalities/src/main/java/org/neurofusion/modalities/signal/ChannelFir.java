package org.neurofusion.modalities.signal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.neurofusion.core.Channel;
import org.neurofusion.core.Recording;

/**
 * Zero-phase FIR filtering of whole channels of a recording, for the steps that do it (filter, notch): each
 * channel is read straight into its padded buffer and checked there, and the FFT plan of each filter and
 * signal length is made once and shared by the step's threads. One instance serves one application of a step.
 */
final class ChannelFir {
    /** A filter design (by identity: one array per design) and a signal length. */
    private record Key(double[] taps, int length) {
    }

    private final Map<Key, Optional<OverlapAddFir>> plans = new ConcurrentHashMap<>();
    /** Samples read and checked at a time: 256 KiB of doubles. */
    private static final int CHECK_STRETCH = 1 << 15;

    private final WorkArrays work = new WorkArrays(1);

    /** Channel {@code index} of {@code in} filtered with {@code taps}: a fresh array of its length. */
    double[] filter(Recording in, int index, Channel c, double[] taps) {
        int n = length(c);
        OverlapAddFir fft = plans.computeIfAbsent(new Key(taps, n), k -> ZeroPhaseFir.prefersFft(taps.length, n)
                ? Optional.of(OverlapAddFir.forSignalLength(taps, n)) : Optional.empty()).orElse(null);
        int edge = ZeroPhaseFir.edge(taps.length, n);
        return ZeroPhaseFir.apply(taps, n, (dst, offset) -> readFinite(in, index, c, dst, offset), fft,
                work.get(0, n + 2 * edge));
    }

    /** Reads all of a channel into {@code dst[offset ..]}, refusing a non-finite sample by channel and index. */
    static void readFinite(Recording in, int index, Channel c, double[] dst, int offset) {
        int n = length(c);
        // In stretches that fit the cache, so the check reads what was just written instead of memory.
        for (int done = 0; done < n; done += CHECK_STRETCH) {
            int len = Math.min(CHECK_STRETCH, n - done);
            in.read(index, done, dst, offset + done, len);
            Filter.checkFinite(c, dst, offset + done, len, done);
        }
    }

    /** The channel's sample count as an array length, or why it cannot be one. */
    static int length(Channel c) {
        if (c.sampleCount() > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("channel " + c.name() + " has " + c.sampleCount()
                    + " samples, too many to filter as one array; filter it in windows");
        }
        return (int) c.sampleCount();
    }
}
