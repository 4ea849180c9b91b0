package org.neurofusion.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.modalities.signal.Filter;
import org.neurofusion.modalities.signal.Pipeline;

/** Channel matching, the contract's preprocessing, and decoding a recording window by window. */
class BrainDecoderTest {
    private static final String FILTER = new Pipeline(List.of(new Filter(1, 20, "fir"))).toJson();

    private static Artifact artifact(String pipeline) {
        ArtifactSpec s = Fixtures.student(16);
        ArtifactSpec withPipe = new ArtifactSpec(s.formatVersion(), s.kind(), s.encoder(), s.fusion(), s.imputation(),
                Fixtures.contract(pipeline));
        return Fixtures.artifact(withPipe, 11);
    }

    /** The same recording with channels renamed, reordered, dropped, or given another unit. */
    private static InMemoryRecording remap(Recording r, int[] order, String[] names, String unit) {
        InMemoryRecording.Builder b = InMemoryRecording.builder().setFormat("test");
        for (int k = 0; k < order.length; k++) {
            Channel c = r.channels().get(order[k]);
            Channel n = new Channel(names == null ? c.name() : names[k], c.type(), unit, c.samplingRate(),
                    c.sampleCount(), c.position(), Map.of());
            b.addChannel(n, r.readAll(order[k]));
        }
        return b.build();
    }

    /**
     * A bare EDF of the PhysioNet layout ({@code Fc5.}, {@code T3}, no positions) decodes a model trained on 10-05
     * names: the same site under another spelling stands in before any position is tried.
     */
    @Test
    void eegChannelsMatchTheSameSiteSpeltOtherwise() {
        List<InputContract.ContractChannel> trained = new ArrayList<>();
        for (String n : List.of("FC5", "T7", "Cz", "Oz")) {
            trained.add(InputContract.ContractChannel.of(new Channel(n, ChannelType.EEG, "V", 100, 0,
                    Optional.of(new SensorPosition(0.01 * trained.size(), 0.05, 0.05)), Map.of())));
        }
        InputContract c = new InputContract("eeg", trained, "V", "[]", 100, 1.0, 1.0, List.of("a", "b"), 0.5,
                0.01);
        List<Channel> rec = List.of(new Channel("T3..", ChannelType.EEG, "V", 100, 10),
                new Channel("Fc5.", ChannelType.EEG, "V", 100, 10), new Channel("cz", ChannelType.EEG, "V", 100, 10),
                new Channel("Xyz", ChannelType.EEG, "V", 100, 10));
        ChannelMatch m = ChannelMatch.of(c, rec, "S001R04.edf");
        assertArrayEquals(new int[] {1, 0, 2}, m.recordingIndices());
        assertEquals(List.of("FC5 ← Fc5.", "T7 ← T3.."), m.bySite());
        assertEquals(List.of(), m.byPosition());
        assertEquals(List.of("Oz"), m.missing());
        assertEquals(List.of("Xyz"), m.ignored());
        // without a position of its own, a channel reads the training sensor's
        assertEquals(trained.get(0).toChannel(100).position(), m.channels().get(0).position());
    }

    @Test
    void channelsMatchByNameThenByPositionAndTooManyMissingAreRefusedByName() {
        InputContract c = Fixtures.contract("[]");
        List<Channel> ring = Fixtures.ring(100, 10);
        List<Channel> rec = new ArrayList<>();
        rec.add(ring.get(3));
        rec.add(new Channel("e0", ChannelType.EEG, "V", 100, 10, ring.get(0).position(), Map.of()));
        SensorPosition p5 = ring.get(5).position().orElseThrow();
        rec.add(new Channel("X", ChannelType.EEG, "V", 100, 10,
                Optional.of(new SensorPosition(p5.x() + 0.004, p5.y(), p5.z())), Map.of()));
        SensorPosition p6 = ring.get(6).position().orElseThrow();
        rec.add(new Channel("far", ChannelType.EEG, "V", 100, 10,
                Optional.of(new SensorPosition(p6.x() + 0.03, p6.y(), p6.z())), Map.of()));
        rec.add(ring.get(1));
        rec.add(ring.get(2));
        rec.add(new Channel("ECG", ChannelType.ECG, "V", 100, 10));
        ChannelMatch m = ChannelMatch.of(c, rec, "rec.edf");
        // training order: E0 (by name, other case), E1, E2, E3, E5 (by position)
        assertArrayEquals(new int[] {1, 4, 5, 0, 2}, m.recordingIndices());
        assertEquals(List.of("E5 ← X"), m.byPosition());
        assertEquals(List.of("E4", "E6", "E7"), m.missing());
        assertEquals(List.of("far"), m.ignored());

        IncompatibleInputException e = assertThrows(IncompatibleInputException.class,
                () -> ChannelMatch.of(c, rec.subList(0, 3), "rec.edf"));
        assertTrue(e.getMessage().startsWith("rec.edf: 5 of the model's 8 eeg channels") && e.getMessage()
                .contains("[E1, E2, E4, E6, E7]"), e.getMessage());
        List<Channel> micro = new ArrayList<>(rec);
        micro.set(0, new Channel("E3", ChannelType.EEG, "µV", 100, 10));
        e = assertThrows(IncompatibleInputException.class, () -> ChannelMatch.of(c, micro, "rec.edf"));
        assertTrue(e.getMessage().contains("'E3' is in µV but the model reads V"), e.getMessage());
    }

    @Test
    void decodingARecordingEqualsTheNetworkOnItsPreparedWindows() {
        Artifact a = artifact(FILTER);
        InMemoryRecording rec = Fixtures.recording(200, 12, 5);
        try (BrainDecoder d = BrainDecoder.of(a, Device.cpu(), 3)) {
            BrainDecoder.Decoded out = d.decode(rec, "rec", 0.5);
            // windows of 2 s every 0.5 s in 12 s: starts 0, 0.5, ..., 10
            assertEquals(21, out.predictions().size());
            assertEquals(List.of(), out.skipped());
            BrainDecoder.Prepared p = d.prepare(rec, "rec");
            assertEquals(Fixtures.RATE, p.recording().channels().get(0).samplingRate());
            // the prepared data is the filtered, resampled recording, not the raw one
            Recording raw = new Pipeline(List.of(new org.neurofusion.modalities.signal.Resample(Fixtures.RATE)))
                    .apply(rec);
            int[] all = {0, 1, 2, 3, 4, 5, 6, 7};
            SignalBlock w = p.recording().read(all, 150, Fixtures.SAMPLES);
            assertTrue(Math.abs(w.get(0, 10) - raw.read(all, 150, Fixtures.SAMPLES).get(0, 10)) > 1e-8,
                    "the contract's filter did not run");
            float[][] direct = d.probabilities(List.of(w), p.match().channels());
            Prediction seventh = out.predictions().get(6);
            assertEquals(3.0, seventh.onsetSeconds(), 1e-12);
            assertEquals(2.0, seventh.durationSeconds(), 1e-12);
            assertArrayEquals(direct[0], seventh.probabilities(), 1e-6f, "batches of 3 and of 1");
        }
    }

    @Test
    void aReorderedRenamedCapGivesTheSameOutputsAsTheTrainingOne() {
        Artifact a = artifact("[]");
        InMemoryRecording rec = Fixtures.recording(50, 6, 9);
        int[] order = {5, 2, 7, 0, 1, 6, 3, 4};
        String[] names = {"a", "b", "c", "d", "e", "f", "g", "h"};
        try (BrainDecoder d = BrainDecoder.of(a, Device.cpu(), 8)) {
            List<Prediction> same = d.decode(rec, "rec", 1).predictions();
            BrainDecoder.Decoded other = d.decode(remap(rec, order, names, "V"), "other", 1);
            assertEquals(8, other.match().byPosition().size());
            assertEquals(same.size(), other.predictions().size());
            for (int i = 0; i < same.size(); i++) {
                assertArrayEquals(same.get(i).probabilities(), other.predictions().get(i).probabilities(), 1e-5f,
                        "window " + i);
            }
        }
    }

    @Test
    void aFlatChannelIsMaskedOutOfItsWindowAsIfItWereAbsent() {
        Artifact a = artifact("[]");
        List<SignalBlock> ws = ArtifactTest.windows(3, 21);
        List<Channel> ring = Fixtures.ring(Fixtures.RATE, 0);
        try (BrainDecoder d = BrainDecoder.of(a, Device.cpu(), 1)) {
            for (SignalBlock w : ws) {
                float[] x = w.data().clone();
                java.util.Arrays.fill(x, 2 * Fixtures.SAMPLES, 3 * Fixtures.SAMPLES, 4e-5f);
                SignalBlock flat = new SignalBlock(w.channelNames(), w.samplingRate(), 0, w.sampleCount(), x);
                assertArrayEquals(new boolean[] {false, false, true, false, false, false, false, false},
                        BrainDecoder.flatChannels(flat));
                float[] y = new float[7 * Fixtures.SAMPLES];
                System.arraycopy(x, 0, y, 0, 2 * Fixtures.SAMPLES);
                System.arraycopy(x, 3 * Fixtures.SAMPLES, y, 2 * Fixtures.SAMPLES, 5 * Fixtures.SAMPLES);
                List<String> names = new ArrayList<>(w.channelNames());
                names.remove(2);
                List<Channel> seven = new ArrayList<>(ring);
                seven.remove(2);
                float[] masked = d.probabilities(List.of(flat), ring)[0];
                float[] absent = d.probabilities(List.of(new SignalBlock(names, w.samplingRate(), 0,
                        w.sampleCount(), y)), seven)[0];
                assertArrayEquals(absent, masked, 1e-5f);
                float[] plain = d.probabilities(List.of(w), ring)[0];
                assertTrue(Math.abs(plain[0] - masked[0]) > 1e-6, "the channel's own samples count when not flat");
            }
        }
    }

    @Test
    void windowsWithMoreFlatChannelsThanMayBeMissingAreSkippedAndReported() {
        Artifact a = artifact("[]");
        InMemoryRecording rec = Fixtures.recording(50, 6, 3);
        InMemoryRecording.Builder one = InMemoryRecording.builder().setFormat("test");
        InMemoryRecording.Builder five = InMemoryRecording.builder().setFormat("test");
        for (int c = 0; c < rec.channels().size(); c++) {
            double[] flat = new double[(int) rec.channels().get(c).sampleCount()];
            java.util.Arrays.fill(flat, 1e-5);
            one.addChannel(rec.channels().get(c), c == 4 ? flat : rec.readAll(c));
            five.addChannel(rec.channels().get(c), c < 5 ? flat : rec.readAll(c));
        }
        try (BrainDecoder d = BrainDecoder.of(a, Device.cpu(), 4)) {
            assertEquals(5, d.decode(one.build(), "one", 1).predictions().size());
            BrainDecoder.Decoded out = d.decode(five.build(), "five", 1);
            assertEquals(0, out.predictions().size());
            assertEquals(5, out.skipped().size());
            assertTrue(out.skipped().get(0).contains("5 channels are flat [E0, E1, E2, E3, E4]")
                    && out.skipped().get(0).contains("at most 4"), out.skipped().get(0));
        }
    }

    @Test
    void aWindowOfAnotherShapeIsRefusedNamingItsIndexAndBothShapes() {
        List<SignalBlock> ws = new ArrayList<>(ArtifactTest.windows(2, 5));
        SignalBlock w = ws.get(1);
        ws.set(1, new SignalBlock(w.channelNames(), w.samplingRate(), 100, w.sampleCount() / 2,
                java.util.Arrays.copyOf(w.data(), w.channelCount() * (w.sampleCount() / 2))));
        try (BrainDecoder d = BrainDecoder.of(artifact("[]"), Device.cpu(), 4)) {
            IncompatibleInputException e = assertThrows(IncompatibleInputException.class,
                    () -> d.probabilities(ws, Fixtures.ring(Fixtures.RATE, 0)));
            assertTrue(e.getMessage().startsWith("window 1 (at 2.000 s) has 8 channels × 50 samples at 50.0 Hz; the"
                    + " model reads 8 channels × 100 samples at 50.0 Hz"), e.getMessage());
        }
    }

    @Test
    void windowsHoldingNaNAreSkippedAndReported() {
        Artifact a = artifact("[]");
        InMemoryRecording rec = Fixtures.recording(50, 8, 2);
        double[] x = rec.readAll(3);
        for (int t = 160; t < 170; t++) {
            x[t] = Double.NaN;
        }
        InMemoryRecording.Builder b = InMemoryRecording.builder().setFormat("test");
        for (int c = 0; c < rec.channels().size(); c++) {
            b.addChannel(rec.channels().get(c), c == 3 ? x : rec.readAll(c));
        }
        try (BrainDecoder d = BrainDecoder.of(a, Device.cpu(), 4)) {
            BrainDecoder.Decoded out = d.decode(b.build(), "rec", 1);
            // 2 s windows every 1 s over 8 s: 7 windows; samples 160-169 (3.2-3.4 s) lie in those starting at 2 and 3
            assertEquals(5, out.predictions().size());
            assertEquals(2, out.skipped().size());
            assertTrue(out.skipped().get(0).startsWith("window at 2.000 s: channel 'E3' holds NaN"),
                    out.skipped().get(0));
        }
    }
}
