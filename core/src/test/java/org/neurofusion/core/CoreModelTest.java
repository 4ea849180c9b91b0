package org.neurofusion.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoreModelTest {

    private static InMemoryRecording twoRates() {
        return InMemoryRecording.builder()
                .setFormat("test")
                .addChannel(new Channel("Fp1", ChannelType.EEG, "V", 4, 0), new double[] {1, 2, 3, 4, 5, 6, 7, 8})
                .addChannel(new Channel("Fp2", ChannelType.EEG, "V", 4, 0), new double[] {8, 7, 6, 5, 4, 3, 2, 1})
                .addChannel(new Channel("Resp", ChannelType.RESP, "AU", 1, 0), new double[] {0.5, 0.25})
                .addAnnotation(new Annotation(1.5, 0, "b"))
                .addAnnotation(new Annotation(0.5, 0.25, "a"))
                .optStart(LocalDateTime.of(2020, 1, 2, 3, 4, 5, 394_531_000))
                .build();
    }

    @Test
    void channelTypesUseMneNames() {
        assertEquals("ref_meg", ChannelType.REF_MEG.mneName());
        assertEquals(ChannelType.FNIRS_CW_AMPLITUDE, ChannelType.fromMneName("FNIRS_CW_AMPLITUDE"));
        assertEquals(Modality.FNIRS, ChannelType.HBR.modality());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChannelType.fromMneName("x"));
        assertTrue(e.getMessage().contains("hbo"), e.getMessage());
    }

    @Test
    void recordsValidateTheirFields() {
        assertThrows(IllegalArgumentException.class, () -> new Channel("a", ChannelType.EEG, "V", 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Channel("a", ChannelType.EEG, "V", Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new Channel("a", ChannelType.EEG, "V", 1, -1));
        assertThrows(IllegalArgumentException.class, () -> new Annotation(0, -1, "x"));
        assertThrows(IllegalArgumentException.class, () -> new Annotation(Double.NaN, 0, "x"));
        assertThrows(IllegalArgumentException.class, () -> new SignalBlock(List.of("a", "b"), 1, 0, 2, new float[3]));
        assertThrows(IllegalArgumentException.class, () -> new SensorPosition(0, Double.POSITIVE_INFINITY, 0));
        assertEquals(5.0, new SensorPosition(0, 3, 4).distanceTo(new SensorPosition(0, 0, 0)), 1e-15);
    }

    @Test
    void blockReadsRespectRatesAndOrder() {
        try (Recording r = twoRates()) {
            SignalBlock b = r.read(new int[] {1, 0}, 2, 3);
            assertEquals(List.of("Fp2", "Fp1"), b.channelNames());
            assertArrayEquals(new float[] {6, 5, 4}, b.row(0));
            assertArrayEquals(new float[] {3, 4, 5}, b.row(1));
            assertEquals(0.5, b.startSeconds(), 0);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> r.read(new int[] {0, 2}, 0, 1));
            assertTrue(e.getMessage().contains("Resp at 1.0 Hz"), e.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> r.read(new int[] {2}, 1, 2));
            assertEquals(2.0, r.durationSeconds(), 0);
            SignalBlock s = r.readSeconds(new int[] {0}, 0.74, 0.5);
            assertEquals(3, s.firstSample());
            assertArrayEquals(new float[] {4, 5}, s.row(0));
            assertThrows(IllegalArgumentException.class, () -> r.readSeconds(new int[] {0}, 1.5, 1));
            assertThrows(IllegalArgumentException.class, () -> r.readSeconds(new int[] {0}, -1, 1));
            assertEquals(List.of("a", "b"), r.annotations().stream().map(Annotation::description).toList());
            assertEquals(394_531_000, r.start().orElseThrow().getNano());
            assertEquals(2, r.channelIndex("Resp"));
            assertThrows(IllegalArgumentException.class, () -> r.channelIndex("Cz"));
        }
    }

    @Test
    void duplicateNamesAreRejected() {
        InMemoryRecording.Builder b = InMemoryRecording.builder()
                .addChannel(new Channel("A", ChannelType.EEG, "V", 1, 0), new double[1])
                .addChannel(new Channel("A", ChannelType.EEG, "V", 1, 0), new double[1]);
        assertThrows(IllegalArgumentException.class, b::build);
    }

    @Test
    void exceptionMessagesNameFileAndOffset() {
        RecordingException e = new CorruptRecordingException(Path.of("x.edf"), 236, "expected a number");
        assertEquals("x.edf at byte 236: expected a number", e.getMessage());
        assertEquals(236, e.offset());
        assertEquals("y.vhdr: bad", new UnsupportedFormatException(Path.of("y.vhdr"), -1, "bad").getMessage());
    }
}
