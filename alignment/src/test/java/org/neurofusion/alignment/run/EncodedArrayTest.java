package org.neurofusion.alignment.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DJL's NDArray encoding is checked before DJL decodes it: counts against the bytes, data against the shape. */
class EncodedArrayTest {
    private static final Path FILE = Path.of("run", "checkpoints", "step-1.ckpt");

    @TempDir
    Path tmp;

    /** An encoding as DJL 0.36 writes it (version 3), with the given type, dimensions and data length. */
    private static byte[] encoding(String type, long[] dims, int dataLength, int dimCount) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeUTF("NDAR");
        out.writeInt(3);
        out.writeByte(0);
        out.writeUTF("DENSE");
        out.writeUTF(type);
        out.writeInt(dimCount);
        for (long d : dims) {
            out.writeLong(d);
        }
        out.writeInt(0);
        out.writeByte('<');
        out.writeInt(dataLength);
        out.write(new byte[Math.max(0, dataLength)]);
        return bytes.toByteArray();
    }

    private static String refusal(byte[] encoded) {
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class,
                () -> EncodedArray.check(FILE, 100, "parameters/w", encoded));
        assertEquals(FILE, e.file());
        assertEquals("parameters/w", e.array());
        assertTrue(e.offset() >= 100, "the offset is in the file: " + e.offset());
        return e.getMessage();
    }

    @Test
    void djlsOwnEncodingPasses() {
        try (NDManager m = NDManager.newBaseManager()) {
            EncodedArray.check(FILE, 0, "parameters/w", m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3))
                    .encode());
            EncodedArray.check(FILE, 0, "optimizer/step", m.create(7L).encode());
        }
    }

    @Test
    void countsAndLengthsThatTheBytesCannotBackAreRefused() throws IOException {
        String m = refusal(encoding("FLOAT32", new long[0], 0, 8_126_466));
        assertTrue(m.contains("declares 8126466 dimensions"), m);
        m = refusal(encoding("FLOAT32", new long[] {2, 3}, 20, 2));
        assertTrue(m.contains("declares 20 bytes of data for 6 values of FLOAT32 (24 bytes)"), m);
        m = refusal(encoding("FLOAT32", new long[] {-2, 3}, 0, 2));
        assertTrue(m.contains("has dimension 0 of size -2"), m);
        m = refusal(encoding("FLOAT32", new long[] {1L << 40, 1L << 40}, 0, 2));
        assertTrue(m.contains("overflows"), m);
        m = refusal(encoding("STRING", new long[] {1}, 0, 1));
        assertTrue(m.contains("holds no fixed-size values"), m);
        m = refusal(encoding("FLOAT99", new long[] {1}, 4, 1));
        assertTrue(m.contains("'FLOAT99'"), m);
        byte[] whole = encoding("FLOAT64", new long[] {3}, 24, 1);
        m = refusal(java.util.Arrays.copyOf(whole, 30));
        assertTrue(m.contains("ends before") || m.contains("bytes left"), m);
    }

    /**
     * Found by fuzzing: a 265-byte checkpoint whose first array declared 8,126,466 dimensions made DJL reserve 65 MB
     * for them; now the checkpoint is refused naming the file, the byte and the array.
     */
    @Test
    void theFuzzedCheckpointIsRefusedNamingTheArray() throws IOException {
        byte[] input;
        try (InputStream in = getClass().getResourceAsStream(
                "CheckpointFuzzTestInputs/fuzzCheckpoint/regression-eight-million-dimensions")) {
            input = in.readAllBytes();
        }
        Path f = tmp.resolve("fuzzed.ckpt");
        Files.write(f, CheckpointFuzzTest.restamped(input));
        try (NDManager m = NDManager.newBaseManager()) {
            CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class,
                    () -> CheckpointFile.read(f, m));
            assertEquals(f, e.file());
            assertEquals("parameters/encoder.weight", e.array());
            assertTrue(e.getMessage().contains("declares 8126466 dimensions"), e.getMessage());
        }
    }
}
