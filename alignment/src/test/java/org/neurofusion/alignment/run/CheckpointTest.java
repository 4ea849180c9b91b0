package org.neurofusion.alignment.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Provenance;

/** Checkpoints through the PyTorch engine: exact round trips, atomic replacement, and named errors. */
class CheckpointTest {
    @TempDir
    Path tmp;

    private NDManager manager;
    private RunDirectory run;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
        ObjectNode config = JsonNodeFactory.instance.objectNode().put("lr", 1e-3);
        run = RunDirectory.create(tmp.resolve("run"), config, 7, Provenance.ofKey("test"));
    }

    @AfterEach
    void close() {
        run.close();
        manager.close();
    }

    private Checkpoint sample(long step, float offset) {
        Map<String, NDArray> params = new LinkedHashMap<>();
        // Values whose bits a lossy path would change: -0, NaN, subnormals, extremes, non-round decimals.
        params.put("encoder.weight", manager.create(new float[] {0.1f + offset, -0f, Float.NaN, Float.MIN_VALUE,
            Float.MAX_VALUE, -1.17549435e-38f}, new Shape(2, 3)));
        params.put("encoder.steps", manager.create(new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE}, new Shape(4)));
        Map<String, NDArray> optimizer = new LinkedHashMap<>();
        optimizer.put("adam.m.encoder.weight", manager.create(new double[] {Math.PI, -Double.MIN_VALUE, 1e308, 1.0 / 3},
                new Shape(2, 2)));
        ObjectNode extra = JsonNodeFactory.instance.objectNode().put("lrScheduleStep", 17).put("note", "x");
        return Checkpoint.of(params, optimizer, new TrainingState(3, step, 0.8123456789012345, 1, extra));
    }

    private static void assertSameBits(NDArray expected, NDArray actual) {
        assertEquals(expected.getDataType(), actual.getDataType());
        assertEquals(expected.getShape(), actual.getShape());
        assertArrayEquals(expected.toByteArray(), actual.toByteArray());
    }

    @Test
    void roundTripIsBitIdenticalForFloat32Int64Float64AndState() {
        Checkpoint saved = sample(120, 0);
        run.saveCheckpoint(saved, false);
        Checkpoint loaded = run.latest(manager).orElseThrow();
        assertEquals(DataType.FLOAT32, loaded.parameters().get("encoder.weight").getDataType());
        assertEquals(DataType.INT64, loaded.parameters().get("encoder.steps").getDataType());
        assertEquals(DataType.FLOAT64, loaded.optimizerState().get("adam.m.encoder.weight").getDataType());
        for (String name : saved.parameters().keySet()) {
            assertSameBits(saved.parameters().get(name), loaded.parameter(name, saved.parameters().get(name).getShape()));
        }
        assertSameBits(saved.optimizerState().get("adam.m.encoder.weight"),
                loaded.optimizerArray("adam.m.encoder.weight", new Shape(2, 2)));
        assertEquals(saved.state(), loaded.state());
        assertEquals(0.8123456789012345, loaded.state().bestMetric());
        assertEquals(17, loaded.state().extra().get("lrScheduleStep").asInt());
        assertTrue(run.best(manager).isEmpty(), "not saved as best");
    }

    @Test
    void bestIsKeptApartFromLast() {
        run.saveCheckpoint(sample(10, 0), true);
        run.saveCheckpoint(sample(20, 5), false);
        assertEquals(20, run.latest(manager).orElseThrow().state().step());
        Checkpoint best = run.best(manager).orElseThrow();
        assertEquals(10, best.state().step());
        assertEquals(0.1f, best.parameters().get("encoder.weight").toFloatArray()[0]);
    }

    @Test
    void aCrashAfterTheTemporaryWriteLeavesThePreviousCheckpoint() throws IOException {
        run.saveCheckpoint(sample(10, 0), true);
        RuntimeException crash = new RuntimeException("simulated crash after the temporary file was written");
        RuntimeException thrown = assertThrows(RuntimeException.class,
                () -> run.saveCheckpoint(sample(20, 5), true, () -> {
                    throw crash;
                }));
        assertEquals(crash, thrown);
        Checkpoint latest = run.latest(manager).orElseThrow();
        assertEquals(10, latest.state().step());
        assertEquals(0.1f, latest.parameters().get("encoder.weight").toFloatArray()[0]);
        try (var files = Files.list(run.directory().resolve(RunDirectory.CHECKPOINTS))) {
            assertEquals(2, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void aCrashMidWriteLeavesThePreviousCheckpoint() {
        run.saveCheckpoint(sample(10, 0), false);
        Checkpoint next = sample(20, 5);
        next.optimizerState().get("adam.m.encoder.weight").close(); // its encoding fails half-way through the file
        assertThrows(RuntimeException.class, () -> run.saveCheckpoint(next, false));
        assertEquals(10, run.latest(manager).orElseThrow().state().step());
    }

    /**
     * The campaign's checkpoint finding (2026-12-06): an array whose name is blanks reached {@code Checkpoint}'s
     * argument check and escaped as an IllegalArgumentException; it is a corrupt file, named as such.
     */
    @Test
    void anArrayWithABlankNameIsACorruptCheckpoint() throws IOException {
        run.saveCheckpoint(sample(10, 0), false);
        Path file = run.directory().resolve("checkpoints/last.ckpt");
        byte[] bytes = Files.readAllBytes(file);
        int at = indexOf(bytes, "encoder.weight");
        java.util.Arrays.fill(bytes, at, at + "encoder.weight".length(), (byte) ' ');
        Files.write(file, bytes);
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> run.latest(manager));
        assertEquals("#0", e.array());
        assertTrue(e.getMessage().contains("blank name") && e.getMessage().contains("last.ckpt"), e.getMessage());
    }

    @Test
    void damagedBytesNameTheFileAndTheArray() throws IOException {
        run.saveCheckpoint(sample(10, 0), false);
        Path file = run.directory().resolve("checkpoints/last.ckpt");
        byte[] bytes = Files.readAllBytes(file);
        // The last bytes of the double array's data, just before its checksum and the end marker.
        int at = bytes.length - 5 - 4 - 3;
        bytes[at] ^= 0x10;
        Files.write(file, bytes);
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> run.latest(manager));
        assertEquals("optimizer/adam.m.encoder.weight", e.array());
        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    }

    @Test
    void truncationAnywhereIsATypedErrorNamingTheFile() throws IOException {
        run.saveCheckpoint(sample(10, 0), false);
        Path file = run.directory().resolve("checkpoints/last.ckpt");
        byte[] whole = Files.readAllBytes(file);
        for (int length = 0; length < whole.length; length++) {
            Files.write(file, java.util.Arrays.copyOf(whole, length));
            CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> run.latest(manager),
                    "truncated to " + length + " bytes");
            assertEquals(file, e.file());
        }
        // Cut inside the int64 array's bytes: the error names that array.
        Files.write(file, java.util.Arrays.copyOf(whole, indexOf(whole, "encoder.steps") + 40));
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> run.latest(manager));
        assertEquals("parameters/encoder.steps", e.array());
    }

    @Test
    void aMissingArrayOrAnotherShapeIsNamed() {
        run.saveCheckpoint(sample(10, 0), false);
        Checkpoint loaded = run.latest(manager).orElseThrow();
        CorruptCheckpointException missing = assertThrows(CorruptCheckpointException.class,
                () -> loaded.parameter("decoder.weight", new Shape(2, 3)));
        assertEquals("parameters/decoder.weight", missing.array());
        assertTrue(missing.getMessage().contains("last.ckpt"), missing.getMessage());
        CorruptCheckpointException shape = assertThrows(CorruptCheckpointException.class,
                () -> loaded.requireShapes(Map.of("encoder.weight", new Shape(2, 3)),
                        Map.of("adam.m.encoder.weight", new Shape(4))));
        assertEquals("optimizer/adam.m.encoder.weight", shape.array());
        assertTrue(shape.getMessage().contains("(2, 2)"), shape.getMessage());
    }

    @Test
    void notACheckpointIsRefusedBeforeAnythingIsAllocated() throws IOException {
        Path file = run.directory().resolve("checkpoints/last.ckpt");
        Files.writeString(file, "PK\u0003\u0004 a zip, not a checkpoint");
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> run.latest(manager));
        assertEquals(0, e.offset());
        assertTrue(e.getMessage().contains("not a neurofusion checkpoint"), e.getMessage());
    }

    private static int indexOf(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(needle + " not found");
    }
}
