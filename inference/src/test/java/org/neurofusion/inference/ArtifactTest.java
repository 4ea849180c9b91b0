package org.neurofusion.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.SignalBlock;

/** Save, load and predict; and the artifacts that must be refused, each naming the file and what differs. */
class ArtifactTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static List<SignalBlock> windows(int count, long seed) {
        List<SignalBlock> out = new ArrayList<>();
        var r = new java.util.SplittableRandom(seed);
        for (int w = 0; w < count; w++) {
            float[] x = new float[Fixtures.CHANNELS * Fixtures.SAMPLES];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (1e-5 * r.nextGaussian());
            }
            List<String> names = Fixtures.ring(Fixtures.RATE, 0).stream().map(c -> c.name()).toList();
            out.add(new SignalBlock(names, Fixtures.RATE, 0, Fixtures.SAMPLES, x));
        }
        return out;
    }

    @Test
    void savedLoadedAndPredictedGivesTheSameOutputsAndTensors() throws Exception {
        Artifact a = Fixtures.artifact(Fixtures.student(16), 7);
        Path out = dir.resolve("model");
        a.write(out);
        assertEquals(List.of("checksums.sha256", "parameters.safetensors", "provenance.json", "spec.json"),
                list(out));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary directory is left beside the artifact");
        }
        Artifact back = Artifact.read(out);
        assertEquals(a.spec(), back.spec());
        assertEquals(a.tensors(), back.tensors());
        SafeTensors.Contents raw = SafeTensors.read(out.resolve("parameters.safetensors"));
        assertEquals(a.tensors(), raw.tensors());
        assertEquals("neurofusion-model", raw.metadata().get("format"));

        List<SignalBlock> w = windows(5, 3);
        float[][] before;
        float[][] after;
        float[][] batched;
        try (BrainDecoder d = BrainDecoder.of(a, Device.cpu(), 2)) {
            before = d.probabilities(w, Fixtures.ring(Fixtures.RATE, 0));
        }
        try (BrainDecoder d = BrainDecoder.load(out, Device.cpu(), 2)) {
            after = d.probabilities(w, Fixtures.ring(Fixtures.RATE, 0));
        }
        try (BrainDecoder d = BrainDecoder.load(out, Device.cpu(), 64)) {
            d.warmUp(3); // keeps nothing: a warmed-up decoder gives the same outputs
            batched = d.probabilities(w, Fixtures.ring(Fixtures.RATE, 0));
        }
        for (int i = 0; i < w.size(); i++) {
            assertArrayEquals(before[i], after[i], "window " + i + ": a save and a load must not change outputs");
            assertArrayEquals(before[i], batched[i], 1e-6f, "window " + i + ": batches of 2 and of 64");
            assertEquals(1.0, before[i][0] + before[i][1], 1e-6);
        }
        assertNotEquals(before[0][0], before[1][0], "different windows, different outputs");
    }

    @Test
    void anArtifactIsWrittenIntoAFreshDirectoryOnly() throws Exception {
        Artifact a = Fixtures.artifact(Fixtures.student(16), 7);
        Path out = dir.resolve("model");
        Files.createDirectories(out);
        Files.writeString(out.resolve("notes.txt"), "mine");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.write(out));
        assertTrue(e.getMessage().contains("not an empty directory"), e.getMessage());
        assertEquals("mine", Files.readString(out.resolve("notes.txt")));
        Path empty = dir.resolve("empty");
        Files.createDirectories(empty);
        a.write(empty);
        assertEquals(a.tensors(), Artifact.read(empty).tensors());
    }

    @Test
    void aTamperedFileIsRefusedByItsChecksum() throws Exception {
        Path out = dir.resolve("model");
        Fixtures.artifact(Fixtures.student(16), 7).write(out);
        Path p = out.resolve("parameters.safetensors");
        byte[] b = Files.readAllBytes(p);
        b[b.length - 3] ^= 0x10;
        Files.write(p, b);
        ArtifactFormatException e = assertThrows(ArtifactFormatException.class, () -> Artifact.read(out));
        assertTrue(e.getMessage().contains("parameters.safetensors") && e.getMessage().contains("SHA-256"),
                e.getMessage());

        Path out2 = dir.resolve("model2");
        Fixtures.artifact(Fixtures.student(16), 7).write(out2);
        Files.delete(out2.resolve("checksums.sha256"));
        e = assertThrows(ArtifactFormatException.class, () -> Artifact.read(out2));
        assertTrue(e.getMessage().contains("checksums.sha256") && e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void aSpecWithAnotherWidthIsRefusedNamingTheParameterAndBothShapes() throws Exception {
        Path out = dir.resolve("model");
        Fixtures.artifact(Fixtures.student(16), 7).write(out);
        // a spec.json whose encoder is wider than the tensors, with the checksums redone: only the width differs
        ObjectNode spec = (ObjectNode) JSON.readTree(out.resolve("spec.json").toFile());
        ((ObjectNode) spec.get("encoder")).put("width", 32);
        ((ObjectNode) spec.get("fusion").get("inputs").get(0)).put("width", 32);
        ((ObjectNode) spec.get("imputation")).put("keptWidth", 32);
        rewrite(out, "spec.json", JSON.writeValueAsBytes(spec));
        ArtifactFormatException e = assertThrows(ArtifactFormatException.class,
                () -> BrainDecoder.load(out, Device.cpu(), 4).close());
        assertTrue(e.getMessage().contains("parameters.safetensors") && e.getMessage().contains("encoder.eeg/")
                && e.getMessage().contains("16") && e.getMessage().contains("32"), e.getMessage());
    }

    @Test
    void anArtifactFromANewerFormatIsRefused() throws Exception {
        Path out = dir.resolve("model");
        Fixtures.artifact(Fixtures.student(16), 7).write(out);
        ObjectNode spec = (ObjectNode) JSON.readTree(out.resolve("spec.json").toFile());
        spec.put("format_version", ArtifactSpec.FORMAT_VERSION + 1);
        rewrite(out, "spec.json", JSON.writeValueAsBytes(spec));
        ArtifactFormatException e = assertThrows(ArtifactFormatException.class, () -> Artifact.read(out));
        assertTrue(e.getMessage().contains("spec.json") && e.getMessage().contains("newer"), e.getMessage());
    }

    @Test
    void aTensorTheSpecDoesNotListIsRefused() throws Exception {
        Path out = dir.resolve("model");
        Artifact a = Fixtures.artifact(Fixtures.student(16), 7);
        a.write(out);
        Map<String, SafeTensors.Tensor> more = new java.util.LinkedHashMap<>(a.tensors());
        more.put("extra", new SafeTensors.Tensor(new long[] {2}, new float[] {1, 2}));
        Path p = out.resolve("parameters.safetensors");
        SafeTensors.write(p, more, Map.of());
        rewrite(out, "parameters.safetensors", Files.readAllBytes(p));
        ArtifactFormatException e = assertThrows(ArtifactFormatException.class, () -> Artifact.read(out));
        assertTrue(e.getMessage().contains("'extra'"), e.getMessage());
    }

    @Test
    void specsThatDoNotFitTogetherAreRefused() {
        ArtifactSpec s = Fixtures.student(16);
        ArtifactSpec wide = Fixtures.student(32);
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class, () -> new ArtifactSpec(1,
                ArtifactSpec.STUDENT, wide.encoder(), s.fusion(), s.imputation(), s.contract()));
        assertTrue(w.getMessage().contains("16 wide") && w.getMessage().contains("32 wide"), w.getMessage());
        InputContract three = new InputContract("eeg", s.contract().channels(), "V", "[]", Fixtures.RATE,
                Fixtures.SAMPLES / Fixtures.RATE, 1, List.of("a", "b", "c"), 0.5, 0.01);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ArtifactSpec(1,
                ArtifactSpec.STUDENT, s.encoder(), s.fusion(), s.imputation(), three));
        assertTrue(e.getMessage().contains("3 classes"), e.getMessage());
        InputContract slow = new InputContract("eeg", s.contract().channels(), "V", "[]", 100,
                Fixtures.SAMPLES / Fixtures.RATE, 1, List.of("a", "b"), 0.5, 0.01);
        e = assertThrows(IllegalArgumentException.class, () -> new ArtifactSpec(1, ArtifactSpec.STUDENT, s.encoder(),
                s.fusion(), s.imputation(), slow));
        assertTrue(e.getMessage().contains("100.0 Hz"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ArtifactSpec(1, ArtifactSpec.SINGLE_MODALITY,
                s.encoder(), s.fusion(), null, s.contract()));
        assertTrue(e.getMessage().contains("2 inputs"), e.getMessage());
    }

    private static void rewrite(Path out, String file, byte[] content) throws Exception {
        Files.write(out.resolve(file), content);
        StringBuilder sums = new StringBuilder();
        for (String f : Artifact.FILES) {
            sums.append(Artifact.sha256(out.resolve(f))).append("  ").append(f).append('\n');
        }
        Files.writeString(out.resolve(Artifact.CHECKSUMS), sums, StandardCharsets.US_ASCII);
    }

    private static List<String> list(Path d) {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theChecksumListReadsWithSha256sum() throws Exception {
        Path out = dir.resolve("model");
        Fixtures.artifact(Fixtures.student(16), 7).write(out);
        List<String> lines = Files.readAllLines(out.resolve("checksums.sha256"));
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).matches("[0-9a-f]{64}  spec\\.json"), lines.get(0));
        assertFalse(lines.get(1).equals(lines.get(2)));
    }
}
