package org.neurofusion.modalities.signal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.Recording;

class PercentSignalChangeTest {
    @Test
    void changesArePercentOfEachChannelsOwnMean() {
        InMemoryRecording in = InMemoryRecording.builder().setFormat("test")
                .addChannel(new Channel("a", ChannelType.BOLD, "AU", 0.5, 4), new double[] {990, 1010, 1000, 1000})
                .addChannel(new Channel("b", ChannelType.BOLD, "AU", 0.5, 4), new double[] {196, 204, 200, 200})
                .addChannel(new Channel("flat", ChannelType.BOLD, "AU", 0.5, 4), new double[] {0, 0, 0, 0}).build();
        Recording out = new PercentSignalChange().apply(in);
        assertArrayEquals(new double[] {-1, 1, 0, 0}, out.readAll(0), 1e-12);
        assertArrayEquals(new double[] {-2, 2, 0, 0}, out.readAll(1), 1e-12);
        assertArrayEquals(new double[] {0, 0, 0, 0}, out.readAll(2), 0);
        assertEquals("%", out.channels().get(0).unit());
        assertEquals("percent_signal_change", out.history().get(out.history().size() - 1).operation());
        Recording again = Preprocessors.create("percent_signal_change", Map.of()).apply(in);
        assertArrayEquals(out.readAll(1), again.readAll(1), 0);
    }
}
