package org.neurofusion.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Channel;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.SignalBlock;

/**
 * A model trained on windows aligned per subject: the contract records the alignment, a calibration recording of
 * the new subject gives its matrix, and decoding with it is decoding the aligned windows with the same network.
 */
class CalibrationTest {
    private static final double RMS = 1e-5;
    private static final double SHRINKAGE = 0.01;
    /** The calibration windows' stride: 1 s, half the 2 s window. */
    private static final double STRIDE = 1;
    private static final int[] ALL = {0, 1, 2, 3, 4, 5, 6, 7};

    @TempDir
    Path dir;

    /** The fixture student with its contract aligned on {@code reference}, and its unaligned twin. */
    private static Artifact[] twins(String reference) {
        Artifact plain = Fixtures.artifact(Fixtures.student(16), 17);
        InputContract aligned = plain.spec().contract().withAlignment(new InputContract.Alignment(reference, RMS,
                SHRINKAGE, STRIDE));
        ArtifactSpec s = plain.spec();
        Artifact a = new Artifact(new ArtifactSpec(s.formatVersion(), s.kind(), s.encoder(), s.fusion(), s.imputation(),
                aligned), plain.tensors(), null);
        return new Artifact[] {a, plain};
    }

    /** A resting recording at the model's rate whose channels have unequal gains (so the matrix is far from I). */
    private static InMemoryRecording rest(double seconds, long seed) {
        InMemoryRecording r = Fixtures.recording(Fixtures.RATE, seconds, seed);
        InMemoryRecording.Builder b = InMemoryRecording.builder().setFormat("test");
        for (int c = 0; c < r.channels().size(); c++) {
            double[] x = r.readAll(c);
            for (int t = 0; t < x.length; t++) {
                x[t] *= 1 + c;
            }
            b.addChannel(r.channels().get(c), x);
        }
        return b.build();
    }

    /** The product m · x of a C × C matrix and a window, computed here. */
    private static SignalBlock times(float[] m, SignalBlock w) {
        int c = w.channelCount();
        int t = w.sampleCount();
        float[] y = new float[c * t];
        for (int i = 0; i < c; i++) {
            for (int k = 0; k < t; k++) {
                double v = 0;
                for (int j = 0; j < c; j++) {
                    v += m[i * c + j] * (double) w.get(j, k);
                }
                y[i * t + k] = (float) v;
            }
        }
        return new SignalBlock(w.channelNames(), w.samplingRate(), w.firstSample(), t, y);
    }

    @Test
    void theCalibrationWhitensTheRestingWindowsAndDecodingWithItIsDecodingTheAlignedWindows() {
        Artifact[] t = twins("rest");
        InMemoryRecording rest = rest(20, 7);
        InMemoryRecording task = Fixtures.recording(Fixtures.RATE, 12, 5);
        try (BrainDecoder d = BrainDecoder.of(t[0], Device.cpu(), 3);
                BrainDecoder plain = BrainDecoder.of(t[1], Device.cpu(), 1)) {
            Calibration cal = d.calibrate(rest, "rest.edf");
            assertEquals(19, cal.windows(), "20 s in windows of 2 s every second");
            assertEquals(0, cal.skipped());
            assertEquals(List.of("E0", "E1", "E2", "E3", "E4", "E5", "E6", "E7"), cal.channels());
            // the mean covariance of the resting windows, shrunk, computed here: P R P = RMS² I
            int n = Fixtures.SAMPLES;
            double[][] r = new double[8][8];
            for (int w = 0; w < 19; w++) {
                SignalBlock b = rest.read(ALL, w * 50L, n);
                double[] mean = new double[8];
                for (int i = 0; i < 8; i++) {
                    for (int k = 0; k < n; k++) {
                        mean[i] += b.get(i, k) / (double) n;
                    }
                }
                for (int i = 0; i < 8; i++) {
                    for (int j = 0; j < 8; j++) {
                        double v = 0;
                        for (int k = 0; k < n; k++) {
                            v += (b.get(i, k) - mean[i]) * (b.get(j, k) - mean[j]);
                        }
                        r[i][j] += v / n / 19;
                    }
                }
            }
            double trace = 0;
            for (int i = 0; i < 8; i++) {
                trace += r[i][i];
            }
            float[] p = cal.matrix();
            for (int i = 0; i < 8; i++) {
                for (int j = 0; j < 8; j++) {
                    double v = 0;
                    for (int k = 0; k < 8; k++) {
                        for (int m = 0; m < 8; m++) {
                            double rkm = (1 - SHRINKAGE) * r[k][m] + (k == m ? SHRINKAGE * trace / 8 : 0);
                            v += p[i * 8 + k] * rkm * p[m * 8 + j];
                        }
                    }
                    assertEquals(i == j ? 1 : 0, v / (RMS * RMS), 1e-3, "(" + i + ", " + j + ")");
                }
            }
            // decoding with the calibration = the unaligned twin on windows multiplied by the matrix here
            List<Prediction> got = d.decode(task, "task.edf", 1.0, cal).predictions();
            assertEquals(11, got.size(), "windows of 2 s every second in 12 s");
            List<Channel> channels = d.prepare(task, "task.edf").match().channels();
            boolean differs = false;
            for (int w = 0; w < got.size(); w++) {
                SignalBlock raw = task.read(ALL, (long) w * 50, n);
                float[] want = plain.probabilities(List.of(times(p, raw)), channels)[0];
                assertArrayEquals(want, got.get(w).probabilities(), 1e-5f, "window " + w);
                differs |= Math.abs(plain.probabilities(List.of(raw), channels)[0][0] - want[0]) > 1e-4;
            }
            assertTrue(differs, "the alignment changes the outputs, so the equality above checks it");
            // the same calibration from windows already cut
            List<SignalBlock> cut = new ArrayList<>();
            for (int w = 0; w < 19; w++) {
                cut.add(rest.read(ALL, w * 50L, n));
            }
            assertArrayEquals(p, d.calibrate(cut, cal.channels(), "windows").matrix());
        }
    }

    @Test
    void aStreamWithTheCalibrationGivesTheFilesAlignedPredictions() {
        Artifact[] t = twins("rest");
        InMemoryRecording task = Fixtures.recording(Fixtures.RATE, 12, 5);
        try (BrainDecoder d = BrainDecoder.of(t[0], Device.cpu(), 1)) {
            Calibration cal = d.calibrate(rest(20, 7), "rest.edf");
            List<Prediction> file = d.decode(task, "task.edf", 0.5, cal).predictions();
            assertEquals(file, StreamDecoderTest.replay(d, task, 37, 0.5, null, cal));
            IncompatibleInputException none = assertThrows(IncompatibleInputException.class,
                    () -> new StreamDecoder(d, task.channels(), "amp", Double.NaN, null));
            assertTrue(none.getMessage().contains("calibration"), none.getMessage());
        }
    }

    @Test
    void missingMismatchedOrUnneededCalibrationsAreRefusedByName() {
        Artifact[] t = twins("rest");
        InMemoryRecording task = Fixtures.recording(Fixtures.RATE, 12, 5);
        try (BrainDecoder d = BrainDecoder.of(t[0], Device.cpu(), 1);
                BrainDecoder plain = BrainDecoder.of(t[1], Device.cpu(), 1)) {
            IncompatibleInputException none = assertThrows(IncompatibleInputException.class,
                    () -> d.decode(task, "task.edf", Double.NaN));
            assertTrue(none.getMessage().startsWith("task.edf: ")
                    && none.getMessage().contains("aligned per subject (reference 'rest')")
                    && none.getMessage().contains("resting-state recording"), none.getMessage());
            assertThrows(IncompatibleInputException.class, () -> d.probabilities(
                    List.of(task.read(ALL, 0, Fixtures.SAMPLES)), Fixtures.ring(Fixtures.RATE, 0)));
            // a calibration recording without E7: seven channels, which the eight of the task cannot use
            int[] seven = {0, 1, 2, 3, 4, 5, 6};
            Calibration partial = d.calibrate(InMemoryRecording.copyOf(rest(20, 7), seven), "rest-7.edf");
            assertEquals(7, partial.channels().size());
            IncompatibleInputException other = assertThrows(IncompatibleInputException.class,
                    () -> d.decode(task, "task.edf", Double.NaN, partial));
            assertTrue(other.getMessage().startsWith("task.edf: ") && other.getMessage().contains("rest-7.edf")
                    && other.getMessage().contains("E7"), other.getMessage());
            Calibration cal = d.calibrate(rest(20, 7), "rest.edf");
            IllegalArgumentException unneeded = assertThrows(IllegalArgumentException.class,
                    () -> plain.decode(task, "task.edf", Double.NaN, cal));
            assertTrue(unneeded.getMessage().contains("does not align"), unneeded.getMessage());
            assertThrows(IllegalArgumentException.class, () -> plain.calibrate(task, "task.edf"));
            IncompatibleInputException shortRest = assertThrows(IncompatibleInputException.class,
                    () -> d.calibrate(Fixtures.recording(Fixtures.RATE, 1.5, 3), "short.edf"));
            assertTrue(shortRest.getMessage().contains("short.edf: no window of 2.000 s"), shortRest.getMessage());
            InMemoryRecording.Builder flat = InMemoryRecording.builder().setFormat("test");
            for (Channel c : Fixtures.ring(Fixtures.RATE, 500)) {
                flat.addChannel(c, new double[500]);
            }
            IncompatibleInputException flatRest = assertThrows(IncompatibleInputException.class,
                    () -> d.calibrate(flat.build(), "flat.edf"));
            assertTrue(flatRest.getMessage().contains("9 windows unusable"), flatRest.getMessage());
            // one channel flat throughout: its row would be amplified tenfold at decoding, so it is refused
            InMemoryRecording r20 = rest(20, 7);
            InMemoryRecording.Builder deadE3 = InMemoryRecording.builder().setFormat("test");
            for (int k = 0; k < 8; k++) {
                deadE3.addChannel(r20.channels().get(k), k == 3 ? new double[1000] : r20.readAll(k));
            }
            IncompatibleInputException dead = assertThrows(IncompatibleInputException.class,
                    () -> d.calibrate(deadE3.build(), "dead.edf"));
            assertTrue(dead.getMessage().contains("dead.edf: channels [E3] are flat in every calibration window"),
                    dead.getMessage());
            // windows with a value that is not finite are left out of a recording's calibration and counted
            InMemoryRecording.Builder gap = InMemoryRecording.builder().setFormat("test");
            for (int k = 0; k < 8; k++) {
                double[] x = r20.readAll(k);
                if (k == 5) {
                    x[10] = Double.NaN;
                }
                gap.addChannel(r20.channels().get(k), x);
            }
            Calibration gapped = d.calibrate(gap.build(), "gap.edf");
            assertEquals(18, gapped.windows());
            assertEquals(1, gapped.skipped(), "the one window over sample 10");
            List<SignalBlock> nan = List.of(gap.build().read(ALL, 0, Fixtures.SAMPLES));
            IncompatibleInputException given = assertThrows(IncompatibleInputException.class,
                    () -> d.calibrate(nan, cal.channels(), "stream"));
            assertTrue(given.getMessage().contains("holds NaN"), given.getMessage());
            assertThrows(IncompatibleInputException.class, () -> d.calibrate(List.of(), cal.channels(), "nothing"));
        }
    }

    @Test
    void theAlignmentTravelsInTheArtifactAndAnOldOrUnknownOneIsRefused() throws Exception {
        Artifact a = twins("all")[0];
        a.write(dir.resolve("m"));
        Artifact back = Artifact.read(dir.resolve("m"));
        assertEquals(new InputContract.Alignment("all", RMS, SHRINKAGE, STRIDE), back.spec().contract().alignment());
        assertEquals(2, back.spec().formatVersion());
        String spec = Files.readString(dir.resolve("m").resolve("spec.json"));
        assertEquals("euclidean", new ObjectMapper().readTree(spec).findValue("alignment").path("method").asText(),
                spec);
        ArtifactSpec s = a.spec();
        IllegalArgumentException v1 = assertThrows(IllegalArgumentException.class,
                () -> new ArtifactSpec(1, s.kind(), s.encoder(), s.fusion(), s.imputation(), s.contract()));
        assertTrue(v1.getMessage().contains("version 1 cannot hold a per-subject alignment"), v1.getMessage());
        ObjectNode json = s.contract().toJson();
        ((ObjectNode) json.get("alignment")).put("method", "riemannian");
        IllegalArgumentException method = assertThrows(IllegalArgumentException.class,
                () -> InputContract.fromJson(json));
        assertTrue(method.getMessage().contains("'alignment': method 'riemannian'"), method.getMessage());
        ((ObjectNode) json.get("alignment")).put("method", "euclidean").put("shrinkage", 0.0);
        assertThrows(IllegalArgumentException.class, () -> InputContract.fromJson(json));
        ((ObjectNode) json.get("alignment")).put("shrinkage", 0.01).remove("stride_s");
        IllegalArgumentException stride = assertThrows(IllegalArgumentException.class,
                () -> InputContract.fromJson(json));
        assertTrue(stride.getMessage().contains("input contract: 'alignment': 'stride_s' is missing"),
                stride.getMessage());
        ((ObjectNode) json.get("alignment")).put("stride_s", 1.0);
        ((ObjectNode) json.get("alignment")).put("shrinkage", 0.01).put("reference", "task");
        IllegalArgumentException ref = assertThrows(IllegalArgumentException.class,
                () -> InputContract.fromJson(json));
        assertTrue(ref.getMessage().contains("'task'"), ref.getMessage());
        ObjectNode unaligned = new ObjectMapper().createObjectNode().setAll(s.contract().toJson());
        unaligned.remove("alignment");
        assertEquals(null, InputContract.fromJson(unaligned).alignment(), "a contract without it does not align");
    }
}
