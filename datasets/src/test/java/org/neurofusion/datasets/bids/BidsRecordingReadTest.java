package org.neurofusion.datasets.bids;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.ForwardingRecording;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.Recording;

/** A BIDS recording passes both reads to its data file's reader, the float32 one included. */
class BidsRecordingReadTest {
    @Test
    void floatReadGoesToTheReadersOwnFloatRead() {
        Channel c = new Channel("Cz", ChannelType.EEG, "V", 100, 0, Optional.empty(), Map.of());
        Recording values = InMemoryRecording.builder().addChannel(c, new double[] {1e-6, 2e-6, 3e-6, 4e-6}).build();
        int[] doubleReads = new int[1];
        int[] floatReads = new int[1];
        Recording reader = new ForwardingRecording(values) {
            @Override
            public void read(int channel, long firstSample, double[] dst, int offset, int count) {
                doubleReads[0]++;
                super.read(channel, firstSample, dst, offset, count);
            }

            @Override
            public void read(int channel, long firstSample, float[] dst, int offset, int count) {
                floatReads[0]++;
                values.read(channel, firstSample, dst, offset, count);
            }
        };
        BidsFile file = new BidsFile(Path.of("sub-01_task-x_eeg.edf"), "eeg", Map.of("sub", "01", "task", "x"),
                "eeg", ".edf");
        try (BidsRecording r = new BidsRecording(file, reader, values.channels(), List.of(), List.of(), Set.of(),
                Map.of())) {
            float[] f = new float[3];
            r.read(0, 1, f, 0, 3);
            assertArrayEquals(new float[] {2e-6f, 3e-6f, 4e-6f}, f);
            assertEquals(1, floatReads[0], "the float read reaches the reader's float read");
            assertEquals(0, doubleReads[0], "no detour through float64");
            double[] d = new double[2];
            r.read(0, 0, d, 0, 2);
            assertArrayEquals(new double[] {1e-6, 2e-6}, d);
            assertEquals(1, doubleReads[0]);
        }
    }
}
