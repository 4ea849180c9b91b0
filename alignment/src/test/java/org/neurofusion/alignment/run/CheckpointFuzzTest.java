package org.neurofusion.alignment.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.neurofusion.modalities.DeepValue;
import org.neurofusion.modalities.FuzzRules;

/**
 * Fuzz target for a training checkpoint ({@link CheckpointFile}): the training state alone
 * ({@link CheckpointFile#readState}), then the whole file with its arrays decoded by DJL's PyTorch engine, twice,
 * compared (state, and each array's name, type, shape and bytes). Every block of the file carries a CRC-32; the target
 * writes each block's true CRC over the mutated bytes wherever the framing can be followed, so that mutations reach
 * the state parser and the array decoder instead of stopping at the checksum. Only typed errors naming the file may
 * escape.
 */
class CheckpointFuzzTest {
    private static final NDManager MANAGER = NDManager.newBaseManager();

    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "checkpoint.dict")
    void fuzzCheckpoint(byte[] data) {
        check(restamped(data));
    }

    static void check(byte[] file) {
        FuzzRules.files(Map.of("model.ckpt", file), "model.ckpt", FuzzRules.READER_REFUSALS, dir -> {
            Path f = dir.resolve("model.ckpt");
            FuzzRules.sameTwice(f.toString(), read(f), read(f));
        });
    }

    private static List<Object> read(Path f) {
        List<Object> out = new ArrayList<>();
        Object state = FuzzRules.outcome(FuzzRules.READER_REFUSALS, () -> FuzzRules.timed("state",
                () -> CheckpointFile.readState(f)));
        out.add(state);
        try (NDManager m = MANAGER.newSubManager()) {
            Checkpoint c = FuzzRules.timed("read", () -> CheckpointFile.read(f, m));
            if (DeepValue.hash(c.state()) != DeepValue.hash(state)) {
                throw new AssertionError(f + ": the state read alone differs from the state read with the arrays");
            }
            for (Map<String, NDArray> group : List.of(c.parameters(), c.optimizerState())) {
                for (Map.Entry<String, NDArray> e : group.entrySet()) {
                    NDArray a = e.getValue();
                    out.add(List.of(e.getKey(), a.getDataType().name(), a.getShape().getShape(), a.toByteArray()));
                }
            }
        }
        return out;
    }

    /** {@code in} with every block's CRC-32 set to that of its bytes, as far as the framing can be followed. */
    static byte[] restamped(byte[] in) {
        byte[] b = in.clone();
        int pos = stamp(b, 8); // magic (6) and version (2), then the state block
        if (pos < 0 || pos + 4 > b.length) {
            return b;
        }
        int count = ByteBuffer.wrap(b).getInt(pos);
        pos += 4;
        for (int i = 0; i < count && pos >= 0 && pos + 3 <= b.length; i++) {
            int nameLength = Short.toUnsignedInt(ByteBuffer.wrap(b).getShort(pos + 1));
            pos = stamp(b, pos + 3 + nameLength);
        }
        return b;
    }

    /** Writes the CRC-32 after the length-prefixed block at {@code pos}; the position after it, or -1. */
    private static int stamp(byte[] b, int pos) {
        if (pos < 0 || pos + 4 > b.length) {
            return -1;
        }
        int length = ByteBuffer.wrap(b).getInt(pos);
        long end = (long) pos + 8 + length;
        if (length < 0 || end > b.length) {
            return -1;
        }
        CRC32 crc = new CRC32();
        crc.update(b, pos + 4, length);
        ByteBuffer.wrap(b).putInt(pos + 4 + length, (int) crc.getValue());
        return (int) end;
    }

    /**
     * Checkpoints of {@link CheckpointFile#write}: float32, int64 and float64 arrays with awkward values and a state
     * with extras; and one of a state alone (no arrays, no best metric yet).
     */
    @Test
    @EnabledIfSystemProperty(named = FuzzRules.SEEDS_PROPERTY, matches = ".+")
    void writeSeeds() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> params = new LinkedHashMap<>();
            params.put("encoder.weight", m.create(new float[] {0.1f, -0f, Float.NaN, Float.MIN_VALUE, Float.MAX_VALUE,
                -1.17549435e-38f}, new Shape(2, 3)));
            params.put("encoder.steps", m.create(new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE}, new Shape(4)));
            Map<String, NDArray> optimizer = new LinkedHashMap<>();
            optimizer.put("adam.m.encoder.weight", m.create(new double[] {Math.PI, -Double.MIN_VALUE, 1e308, 1.0 / 3},
                    new Shape(2, 2)));
            TrainingState state = new TrainingState(3, 120, 0.8123456789012345, 1,
                    JsonNodeFactory.instance.objectNode().put("lrScheduleStep", 17).put("note", "x"));
            seed("seed-three-arrays", Checkpoint.of(params, optimizer, state));
            seed("seed-state-only", Checkpoint.of(Map.of(), Map.of(), new TrainingState(0, 0, Double.NaN, 0)));
        }
    }

    private static void seed(String name, Checkpoint c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CheckpointFile.write(out, c);
        FuzzRules.writeSeed(CheckpointFuzzTest.class, "fuzzCheckpoint", name, out.toByteArray());
    }
}
