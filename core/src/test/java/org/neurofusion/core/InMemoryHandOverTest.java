package org.neurofusion.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The two ways samples enter an {@link InMemoryRecording} (copied, or handed over), its direct float read,
 * and the lazy {@link ChannelSubset} view.
 */
class InMemoryHandOverTest {
    private static Channel eeg(String name) {
        return new Channel(name, ChannelType.EEG, "V", 100, 0, Optional.empty(), java.util.Map.of());
    }

    @Test
    void handedOverArrayIsKeptNotCopied() {
        double[] owned = {1, 2, 3};
        double[] copied = {1, 2, 3};
        InMemoryRecording r = InMemoryRecording.builder().addOwnedChannel(eeg("a"), owned)
                .addChannel(eeg("b"), copied).build();
        assertArrayEquals(new double[] {1, 2, 3}, r.readAll(0));
        // The contract of a hand-over: the recording holds this very array, so a (forbidden) later write by the
        // former owner shows through; addChannel took a copy, so the same write does not.
        owned[1] = 20;
        copied[1] = 20;
        assertArrayEquals(new double[] {1, 20, 3}, r.readAll(0));
        assertArrayEquals(new double[] {1, 2, 3}, r.readAll(1));
        assertEquals(3, r.channels().get(0).sampleCount());
    }

    @Test
    void floatReadNarrowsTheStoredValues() {
        double[] v = {0.1, -1e-6, 3.25e-5, 7};
        InMemoryRecording r = InMemoryRecording.builder().addChannel(eeg("a"), v).build();
        float[] f = new float[5];
        r.read(0, 1, f, 1, 3);
        assertArrayEquals(new float[] {0, (float) -1e-6, (float) 3.25e-5, 7, 0}, f);
        assertThrows(IndexOutOfBoundsException.class, () -> r.read(0, 2, new float[5], 0, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> r.read(0, 0, new float[2], 0, 3));
    }

    @Test
    void subsetReadsChosenChannelsLazilyAndLeavesTheRecordingOpen() {
        InMemoryRecording base = InMemoryRecording.builder().addChannel(eeg("a"), new double[] {1, 2})
                .addChannel(eeg("b"), new double[] {3, 4}).addChannel(eeg("c"), new double[] {5, 6}).build();
        int[] reads = new int[1];
        boolean[] closed = new boolean[1];
        Recording watched = new ForwardingRecording(base) {
            @Override
            public void read(int channel, long firstSample, double[] dst, int offset, int count) {
                reads[0]++;
                super.read(channel, firstSample, dst, offset, count);
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        };
        ChannelSubset s = ChannelSubset.of(watched, new int[] {2, 0});
        assertEquals(0, reads[0], "choosing channels reads nothing");
        assertEquals(List.of("c", "a"), s.channels().stream().map(Channel::name).toList());
        assertArrayEquals(new double[] {5, 6}, s.readAll(0));
        assertArrayEquals(new double[] {1, 2}, s.readAll(1));
        assertEquals(2, reads[0]);
        s.close();
        assertFalse(closed[0], "the view does not close what it shows");
        assertThrows(IllegalArgumentException.class, () -> ChannelSubset.of(base, new int[] {1, 1}));
        assertThrows(IndexOutOfBoundsException.class, () -> ChannelSubset.of(base, new int[] {3}));
    }
}
