package org.neurofusion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.Recording;
import org.neurofusion.inference.Fixtures;

/** {@code neurofusion predict}, {@code bench inference} and {@code export} on a tiny model with random weights. */
class PredictCommandTest {
    @TempDir
    Path dir;

    private Path model() {
        Path m = dir.resolve("model");
        Fixtures.artifact(Fixtures.student(16), 3).write(m);
        return m;
    }

    @Test
    void predictWritesOneRowPerWindowWithEveryClassProbability() throws Exception {
        Path m = model();
        InMemoryRecording rec = Fixtures.recording(200, 10, 4);
        Path csv = dir.resolve("p.csv");
        CliRun r = CliRun.run(p -> rec, "predict", "--model", m.toString(), "rec.edf", "--out", csv.toString(),
                "--stride", "0.5");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("onset_s,duration_s,label,p_left_hand,p_right_hand", lines.get(0));
        // 2 s windows every 0.5 s over 10 s
        assertEquals(1 + 17, lines.size());
        String[] row = lines.get(3).split(",");
        assertEquals(1.0, Double.parseDouble(row[0]), 1e-9);
        assertEquals(2.0, Double.parseDouble(row[1]), 1e-9);
        double p0 = Double.parseDouble(row[3]);
        double p1 = Double.parseDouble(row[4]);
        assertEquals(1.0, p0 + p1, 1e-5);
        assertEquals(p0 >= p1 ? "left_hand" : "right_hand", row[2]);
        assertTrue(r.err().contains("8 of the model's 8 channels used"), r.err());
        assertNotEquals(lines.get(1).split(",")[3], lines.get(9).split(",")[3], "windows differ, outputs differ");

        CliRun stdout = CliRun.run(p -> rec, "predict", "--model", m.toString(), "rec.edf", "--stride", "0.5");
        assertEquals(String.join("\n", lines) + "\n", stdout.out());
    }

    @Test
    void aRecordingMissingTooManyChannelsOrATamperedModelIsRefusedOnOneLine() throws Exception {
        Path m = model();
        InMemoryRecording rec = Fixtures.recording(200, 10, 4);
        Recording three = org.neurofusion.core.ChannelSubset.of(rec, new int[] {0, 1, 2});
        CliRun r = CliRun.run(p -> three, "predict", "--model", m.toString(), "rec.edf");
        assertNotEquals(0, r.exitCode());
        assertEquals(1, r.errLines().length, r.err());
        assertTrue(r.err().contains("rec.edf: 5 of the model's 8 eeg channels have no stand-in"), r.err());
        assertTrue(!r.err().contains("internal error"), "a refused recording is the user's, not a bug: " + r.err());

        byte[] spec = Files.readAllBytes(m.resolve("spec.json"));
        spec[spec.length / 2] ^= 1;
        Files.write(m.resolve("spec.json"), spec);
        r = CliRun.run(p -> rec, "predict", "--model", m.toString(), "rec.edf");
        assertNotEquals(0, r.exitCode());
        assertTrue(r.err().contains("spec.json") && r.err().contains("SHA-256"), r.err());
    }

    private Path model(String pipeline) {
        var s = Fixtures.student(16);
        Path m = dir.resolve("model-" + Integer.toHexString(pipeline.hashCode()));
        Fixtures.artifact(new org.neurofusion.inference.ArtifactSpec(s.formatVersion(), s.kind(), s.encoder(),
                s.fusion(), s.imputation(), Fixtures.contract(pipeline)), 3).write(m);
        return m;
    }

    /** The fixture student with a contract that aligns each subject on a resting recording. */
    private Path alignedModel() {
        var s = Fixtures.student(16);
        var aligned = Fixtures.contract("[]").withAlignment(
                new org.neurofusion.inference.InputContract.Alignment("rest", 1e-5, 0.01, 2));
        Path m = dir.resolve("model-aligned");
        Fixtures.artifact(new org.neurofusion.inference.ArtifactSpec(s.formatVersion(), s.kind(), s.encoder(),
                s.fusion(), s.imputation(), aligned), 3).write(m);
        return m;
    }

    @Test
    void aModelTrainedOnAlignedEegDecodesAfterACalibrationRecordingAndOnlyThen() {
        Path m = alignedModel();
        InMemoryRecording rec = Fixtures.recording(50, 10, 4);
        InMemoryRecording rest = Fixtures.recording(50, 30, 8);
        InMemoryRecording other = Fixtures.recording(50, 30, 9);
        java.util.function.Function<Path, Recording> open = p -> p.toString().equals("rest.edf") ? rest
                : p.toString().equals("other.edf") ? other : rec;
        CliRun none = CliRun.run(open, "predict", "--model", m.toString(), "rec.edf");
        assertEquals(2, none.exitCode(), none.err());
        assertTrue(none.err().contains("pass --calibration FILE, a resting-state recording"), none.err());
        CliRun cal = CliRun.run(open, "predict", "--model", m.toString(), "rec.edf", "--calibration", "rest.edf",
                "--batch", "1");
        assertEquals(0, cal.exitCode(), cal.err());
        assertTrue(cal.err().contains("rest.edf: calibrated on 15 windows of 8 channels (reference 'rest')"),
                cal.err());
        CliRun otherCal = CliRun.run(open, "predict", "--model", m.toString(), "rec.edf", "--calibration",
                "other.edf");
        assertEquals(0, otherCal.exitCode(), otherCal.err());
        assertNotEquals(cal.out(), otherCal.out(), "another calibration, other aligned windows, other outputs");
        CliRun live = CliRun.run(open, "stream", "--model", m.toString(), "--replay", "rec.edf", "--speed", "0",
                "--calibration", "rest.edf", "--warmup", "3");
        assertEquals(0, live.exitCode(), live.err());
        assertEquals(cal.out(), live.out());
        CliRun unneeded = CliRun.run(open, "predict", "--model", model().toString(), "rec.edf", "--calibration",
                "rest.edf");
        assertEquals(2, unneeded.exitCode(), unneeded.err());
        assertTrue(unneeded.err().contains("does not align its input"), unneeded.err());
    }

    @Test
    void aStreamedReplayPrintsPredictsRowsAndItsLatencies() {
        String streamable = new org.neurofusion.modalities.signal.Pipeline(List.of(
                new org.neurofusion.modalities.signal.CausalFilter(1, 20, 4),
                new org.neurofusion.modalities.signal.Decimate(4))).toJson();
        Path m = model(streamable);
        InMemoryRecording rec = Fixtures.recording(200, 10, 4);
        CliRun file = CliRun.run(p -> rec, "predict", "--model", m.toString(), "rec.edf", "--stride", "0.5",
                "--batch", "1");
        CliRun live = CliRun.run(p -> rec, "stream", "--model", m.toString(), "--replay", "rec.edf", "--speed", "0",
                "--chunk", "0.013", "--stride", "0.5");
        assertEquals(0, live.exitCode(), live.err());
        assertEquals(file.out(), live.out());
        assertTrue(live.err().contains("17 windows in chunks of 3 samples") && live.err().contains("p99"),
                live.err());

        String zeroPhase = new org.neurofusion.modalities.signal.Pipeline(List.of(
                new org.neurofusion.modalities.signal.Filter(1, 20, "fir"),
                new org.neurofusion.modalities.signal.Decimate(4))).toJson();
        CliRun refused = CliRun.run(p -> rec, "stream", "--model", model(zeroPhase).toString(), "--replay", "rec.edf");
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.err().contains("reads the future"), refused.err());
    }

    @Test
    void benchInferencePrintsItsFigures() throws Exception {
        CliRun r = CliRun.run("bench", "inference", "--model", model().toString(), "--windows", "20", "--batches",
                "1");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode o = new ObjectMapper().readTree(r.out());
        for (String k : List.of("load_ms", "p50_ms", "p99_ms", "batch64_windows_per_s")) {
            assertTrue(o.get(k).asDouble() > 0, k + " in " + o);
        }
        assertTrue(o.get("p99_ms").asDouble() >= o.get("p50_ms").asDouble());
        assertEquals("cpu()", o.get("device").asText());
        assertEquals(8, o.get("channels").asInt());
        assertTrue(o.get("parameters").asLong() > 10_000, o.toString());
        // a model that aligns its input is timed through the aligned path (an identity calibration), not refused
        CliRun aligned = CliRun.run("bench", "inference", "--model", alignedModel().toString(), "--windows", "5",
                "--batches", "1", "--warmup", "2");
        assertEquals(0, aligned.exitCode(), aligned.err());
        assertTrue(new ObjectMapper().readTree(aligned.out()).get("p50_ms").asDouble() > 0, aligned.out());
    }

    @Test
    void exportRefusesAFolderThatHoldsNoRun() {
        CliRun r = CliRun.run("export", "--run", dir.toString(), "--out", dir.resolve("m").toString());
        assertNotEquals(0, r.exitCode());
        assertTrue(r.err().contains(dir.toString()), r.err());
        assertTrue(Files.notExists(dir.resolve("m")));
    }
}
