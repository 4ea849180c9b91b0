package org.neurofusion.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.modalities.signal.CausalFilter;
import org.neurofusion.modalities.signal.Decimate;
import org.neurofusion.modalities.signal.Filter;
import org.neurofusion.modalities.signal.Pipeline;

/** A stream of a recording, in chunks of any size, gives the predictions of the whole file. */
class StreamDecoderTest {
    private static final String STREAMABLE = new Pipeline(List.of(new CausalFilter(1, 20, 4), new Decimate(4)))
            .toJson();

    private static Artifact artifact(String pipeline) {
        ArtifactSpec s = Fixtures.student(16);
        return Fixtures.artifact(new ArtifactSpec(s.formatVersion(), s.kind(), s.encoder(), s.fusion(),
                s.imputation(), Fixtures.contract(pipeline)), 13);
    }

    /** The recording replayed through a stream in chunks of {@code chunk} samples. */
    static List<Prediction> replay(BrainDecoder d, Recording r, int chunk, double stride, long[] starts) {
        return replay(d, r, chunk, stride, starts, null);
    }

    /** As {@link #replay(BrainDecoder, Recording, int, double, long[])}, aligned with {@code calibration}. */
    static List<Prediction> replay(BrainDecoder d, Recording r, int chunk, double stride, long[] starts,
            Calibration calibration) {
        StreamDecoder s = new StreamDecoder(d, r.channels(), "replay", stride, starts, calibration);
        long total = r.channels().get(0).sampleCount();
        List<Prediction> out = new ArrayList<>();
        for (long t = 0; t < total; t += chunk) {
            int len = (int) Math.min(chunk, total - t);
            double[][] rows = new double[r.channels().size()][len];
            for (int c = 0; c < rows.length; c++) {
                r.read(c, t, rows[c], 0, len);
            }
            s.push(rows).forEach(x -> out.add(x.prediction()));
        }
        return out;
    }

    @Test
    void aStreamInChunksOfAnySizeGivesTheWholeFilesPredictions() {
        InMemoryRecording rec = Fixtures.recording(200, 12, 5);
        try (BrainDecoder d = BrainDecoder.of(artifact(STREAMABLE), Device.cpu(), 1)) {
            List<Prediction> file = d.decode(rec, "rec", 0.5).predictions();
            assertEquals(21, file.size());
            for (int chunk : new int[] {1, 37, 600, 2400}) {
                assertEquals(file, replay(d, rec, chunk, 0.5, null), "chunks of " + chunk + " samples");
            }
        }
    }

    @Test
    void windowsLockedToGivenStartsAreThePreparedRecordingsWindows() {
        InMemoryRecording rec = Fixtures.recording(200, 12, 6);
        try (BrainDecoder d = BrainDecoder.of(artifact(STREAMABLE), Device.cpu(), 1)) {
            BrainDecoder.Prepared p = d.prepare(rec, "rec");
            long[] starts = {13, 250, 251};
            List<Prediction> got = replay(d, rec, 50, Double.NaN, starts);
            assertEquals(3, got.size());
            int[] all = {0, 1, 2, 3, 4, 5, 6, 7};
            for (int i = 0; i < starts.length; i++) {
                SignalBlock w = p.recording().read(all, starts[i], Fixtures.SAMPLES);
                assertArrayEquals(d.probabilities(List.of(w), p.match().channels())[0], got.get(i).probabilities());
                assertEquals(starts[i] / Fixtures.RATE, got.get(i).onsetSeconds(), 1e-12);
            }
        }
    }

    @Test
    void aPipelineThatReadsTheFutureOrADeviceOfAnotherRateIsRefused() {
        InMemoryRecording rec = Fixtures.recording(200, 4, 7);
        String zeroPhase = new Pipeline(List.of(new Filter(1, 20, "fir"), new Decimate(4))).toJson();
        try (BrainDecoder d = BrainDecoder.of(artifact(zeroPhase), Device.cpu(), 1)) {
            IncompatibleInputException e = assertThrows(IncompatibleInputException.class,
                    () -> new StreamDecoder(d, rec.channels(), "amp", Double.NaN, null));
            assertTrue(e.getMessage().contains("'filter'") && e.getMessage().contains("reads the future"),
                    e.getMessage());
        }
        InMemoryRecording slow = Fixtures.recording(100, 4, 7);
        try (BrainDecoder d = BrainDecoder.of(artifact(STREAMABLE), Device.cpu(), 1)) {
            IncompatibleInputException e = assertThrows(IncompatibleInputException.class,
                    () -> new StreamDecoder(d, slow.channels(), "amp", Double.NaN, null));
            assertTrue(e.getMessage().contains("100.0 Hz become 25.0 Hz") && e.getMessage().contains("50.0 Hz"),
                    e.getMessage());
        }
    }
}
