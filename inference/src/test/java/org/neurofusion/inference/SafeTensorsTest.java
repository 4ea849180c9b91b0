package org.neurofusion.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.inference.SafeTensors.Contents;
import org.neurofusion.inference.SafeTensors.Tensor;

class SafeTensorsTest {
    @TempDir
    Path dir;

    // ---- round trips and layout ----

    @Test
    void roundTripKeepsValuesShapesAndOrder() {
        Map<String, Tensor> tensors = sample();
        Path file = dir.resolve("model.safetensors");
        SafeTensors.write(file, tensors, Map.of());
        Contents read = SafeTensors.read(file);
        assertEquals(tensors, read.tensors());
        assertEquals(List.copyOf(tensors.keySet()), List.copyOf(read.tensors().keySet()));
        assertEquals(Map.of(), read.metadata());
        assertArrayEquals(new long[0], read.tensors().get("scale").shape());
        assertArrayEquals(new float[0], read.tensors().get("empty").values());
    }

    @Test
    void orderIsTheCallersEvenWhenNotAlphabetical() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (String name : new String[] {"z", "b", "y", "a"}) {
            tensors.put(name, new Tensor(new long[] {1}, new float[] {name.charAt(0)}));
        }
        Path file = dir.resolve("order.safetensors");
        SafeTensors.write(file, tensors, Map.of());
        assertEquals(List.of("z", "b", "y", "a"), List.copyOf(SafeTensors.read(file).tensors().keySet()));
    }

    @Test
    void metadataRoundTripsInOrder() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("spec", "{\"width\": 64}");
        metadata.put("ünïcode", "ß \"quoted\" \n newline");
        Path file = dir.resolve("meta.safetensors");
        SafeTensors.write(file, sample(), metadata);
        Contents read = SafeTensors.read(file);
        assertEquals(metadata, read.metadata());
        assertEquals(List.copyOf(metadata.keySet()), List.copyOf(read.metadata().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> read.metadata().put("x", "y"));
        assertThrows(UnsupportedOperationException.class, () -> read.tensors().clear());
    }

    @Test
    void headerIsPaddedToAMultipleOfEight() throws IOException {
        for (int len = 1; len <= 9; len++) {
            Path file = dir.resolve("pad" + len + ".safetensors");
            SafeTensors.write(file, Map.of("n".repeat(len), new Tensor(new long[] {1}, new float[] {1})), Map.of());
            byte[] bytes = Files.readAllBytes(file);
            long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertEquals(0, n % 8, "header size " + n);
            assertEquals(8 + n + 4, bytes.length);
            String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
            assertTrue(header.endsWith("}") || header.endsWith(" "), header);
            assertTrue(header.length() - header.stripTrailing().length() < 8, header); // padding only, at most 7
        }
    }

    @Test
    void tinyFileHasTheHandComputedBytes() throws IOException {
        Path file = dir.resolve("tiny.safetensors");
        SafeTensors.write(file, Map.of("a", new Tensor(new long[] {2}, new float[] {1.0f, -2.0f})), Map.of());
        // 54 bytes of JSON, padded with 2 spaces to 56 = 0x38.
        String json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}  ";
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(new byte[] {0x38, 0, 0, 0, 0, 0, 0, 0});
        expected.writeBytes(json.getBytes(StandardCharsets.US_ASCII));
        expected.writeBytes(new byte[] {0, 0, (byte) 0x80, 0x3F}); // 1.0f = 0x3F800000, little-endian
        expected.writeBytes(new byte[] {0, 0, 0, (byte) 0xC0}); // -2.0f = 0xC0000000
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(file));
    }

    @Test
    void readsAHeaderWithoutPaddingAndEmptyTensorsAnywhere() throws IOException {
        // Not from our writer: unpadded, keys out of data order, an empty tensor sharing an offset.
        Path file = raw("other.safetensors", "{\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
                + "\"e\":{\"shape\":[0,3],\"data_offsets\":[4,4],\"dtype\":\"F32\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}", floats(5f, 6f));
        Contents read = SafeTensors.read(file);
        assertEquals(List.of("a", "e", "b"), List.copyOf(read.tensors().keySet()));
        assertArrayEquals(new float[] {5f}, read.tensors().get("a").values());
        assertArrayEquals(new float[] {6f}, read.tensors().get("b").values());
        assertArrayEquals(new long[] {0, 3}, read.tensors().get("e").shape());
    }

    @Test
    void writeReplacesAtomicallyAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("model.safetensors");
        SafeTensors.write(file, Map.of("old", new Tensor(new long[] {1}, new float[] {1})), Map.of());
        SafeTensors.write(file, sample(), Map.of("v", "2"));
        assertEquals(sample(), SafeTensors.read(file).tensors());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void tensorCopiesItsArraysAndComparesByContent() {
        long[] shape = {2};
        float[] values = {1, 2};
        Tensor t = new Tensor(shape, values);
        shape[0] = 9;
        values[0] = 9;
        t.values()[1] = 9;
        t.shape()[0] = 9;
        assertEquals(new Tensor(new long[] {2}, new float[] {1, 2}), t);
        assertEquals(new Tensor(new long[] {2}, new float[] {1, 2}).hashCode(), t.hashCode());
        assertNotEquals(new Tensor(new long[] {1, 2}, new float[] {1, 2}), t);
        assertEquals("Tensor[shape=[2], values=[1.0, 2.0]]", t.toString());
        assertTrue(new Tensor(new long[] {100}, new float[100]).toString().contains("... (100 values)"));
        assertThrows(IllegalArgumentException.class, () -> new Tensor(new long[] {2, 2}, new float[3]));
        assertThrows(IllegalArgumentException.class, () -> new Tensor(new long[] {-1}, new float[0]));
        assertThrows(IllegalArgumentException.class, () -> new Tensor(new long[] {1 << 16, 1 << 16}, new float[0]));
        assertEquals(0, new Tensor(new long[] {Long.MAX_VALUE, 0}, new float[0]).values().length);
    }

    // ---- refusals on write ----

    @Test
    void writeRefusesTheMetadataKeyAsATensorName() {
        Path file = dir.resolve("bad.safetensors");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(file,
                Map.of("__metadata__", new Tensor(new long[] {1}, new float[] {1})), Map.of()));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("'__metadata__' is reserved"), e.getMessage());
        assertFalse(Files.exists(file));
    }

    @Test
    void writeRefusesAnEmptyName() {
        Path file = dir.resolve("bad.safetensors");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(file,
                Map.of("", new Tensor(new long[] {1}, new float[] {1})), Map.of()));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("empty"), e.getMessage());
    }

    // ---- refusals on read: sizes ----

    @Test
    void refusesAFileShorterThanTheSizeField() throws IOException {
        Path file = write("short.safetensors", new byte[] {8, 0, 0});
        assertRejected(file, 0, "file is 3 bytes", "shorter than the 8-byte header size");
    }

    @Test
    void refusesAHeaderSizePastTheEnd() throws IOException {
        Path file = write("past.safetensors", concat(size(100), "{}".getBytes(StandardCharsets.US_ASCII)));
        assertRejected(file, 0, "header size 100 runs past the end", "only 2 bytes follow");
    }

    @Test
    void refusesAHugeHeaderSizeBeforeAllocating() throws IOException {
        assertRejected(write("huge.safetensors", concat(size(200_000_000), new byte[16])), 0,
                "header size 200000000 exceeds the limit of 100000000 bytes");
        // An unsigned size above 2^63 must not read as negative.
        assertRejected(write("neg.safetensors", concat(size(-1), new byte[16])), 0,
                "header size 18446744073709551615 exceeds the limit");
    }

    @Test
    void refusesDataShorterThanTheHeaderSays() throws IOException {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        Path file = raw("cut.safetensors", header, floats(1f));
        assertRejected(file, 8 + header.length(), "tensor 'a' data_offsets [0, 8] end at byte "
                + (8 + header.length() + 8), "truncated");
    }

    // ---- refusals on read: the header ----

    @Test
    void refusesAHeaderThatIsNotJson() throws IOException {
        assertRejected(raw("nojson.safetensors", "{not json}", new byte[0]), -1, "header is not valid JSON");
    }

    @Test
    void refusesAHeaderThatIsNotAnObject() throws IOException {
        assertRejected(raw("array.safetensors", "[1, 2]", new byte[0]), 8, "not a JSON object",
                "must begin with '{'");
    }

    @Test
    void refusesInvalidUtf8AtItsByte() throws IOException {
        byte[] header = concat("{\"a\u00e9".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3, 0x28});
        Path file = write("utf8.safetensors", concat(size(header.length), header));
        assertRejected(file, 8 + 5, "header is not valid UTF-8");
    }

    @Test
    void refusesContentAfterTheObject() throws IOException {
        assertRejected(raw("after.safetensors", "{} {}", new byte[0]), 8 + 3, "content after its JSON object");
    }

    @Test
    void refusesAnOtherDtypeNamingIt() throws IOException {
        assertRejected(raw("f16.safetensors", "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}",
                new byte[4]), -1, "tensor 'h' has dtype F16", "only F32 is supported");
    }

    @Test
    void refusesANegativeDimension() throws IOException {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2,-1],\"data_offsets\":[0,0]}}";
        assertRejected(raw("neg.safetensors", header, new byte[0]), 8 + header.indexOf("-1"),
                "tensor 'a' shape holds the negative number -1");
    }

    @Test
    void refusesShapesAndOffsetsOfTheWrongKind() throws IOException {
        String[][] cases = {
            {"\"shape\":[2.0]", "tensor 'a' shape must be an array of non-negative integers but holds a non-integer"},
            {"\"shape\":\"2\"", "tensor 'a' shape must be an array of non-negative integers but is a string"},
            {"\"shape\":[99999999999999999999]", "larger than " + Long.MAX_VALUE},
            {"\"shape\":[[2]]", "but holds an array"},
            {"\"shape\":[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,"
                    + "1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,2]", "more than 64 elements"},
            {"\"shape\":[65536,65536]", "more than 2147483647 values"},
            {"\"shape\":[1],\"data_offsets\":[0]", "data_offsets has 1 elements; expected an array of 2"},
            {"\"shape\":[1],\"data_offsets\":[4,0]", "data_offsets [4, 0] begin after they end"},
            {"\"shape\":[1],\"data_offsets\":null", "data_offsets must be an array of 2 non-negative integers but is null"},
        };
        for (String[] c : cases) {
            String fields = c[0].contains("data_offsets") ? c[0] : c[0] + ",\"data_offsets\":[0,4]";
            Path file = raw("kind.safetensors", "{\"a\":{\"dtype\":\"F32\"," + fields + "}}", new byte[4]);
            assertRejected(file, -1, c[1]);
        }
    }

    @Test
    void refusesMissingUnexpectedAndNonObjectEntries() throws IOException {
        assertRejected(raw("m.safetensors", "{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,0]}}", new byte[0]), 9,
                "tensor 'a' lacks shape");
        assertRejected(raw("u.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4],\"x\":1}}",
                new byte[4]), -1, "tensor 'a' has the unexpected field 'x'");
        assertRejected(raw("n.safetensors", "{\"a\":null}", new byte[0]), 9, "tensor 'a' must be a JSON object",
                "but is null");
        assertRejected(raw("e.safetensors", "{\"\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}",
                new byte[0]), 9, "empty name");
    }

    @Test
    void refusesAByteCountThatDoesNotMatchTheShape() throws IOException {
        String header = "{\"x\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[4,16]}}";
        assertRejected(raw("count.safetensors", header, new byte[16]), 8 + header.indexOf("\"a\""),
                "tensor 'a' data_offsets [4, 16] hold 12 bytes but F32[2, 2] needs 16");
    }

    @Test
    void refusesADuplicateKey() throws IOException {
        String entry = "{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";
        assertRejected(raw("dup.safetensors", "{\"a\":" + entry + ",\"a\":" + entry + "}", new byte[4]), -1,
                "repeats a key", "'a'", "keys must be unique");
        assertRejected(raw("dupfield.safetensors", "{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[1],"
                + "\"data_offsets\":[0,4]}}", new byte[4]), -1, "repeats a key", "'dtype'");
    }

    @Test
    void refusesNonStringMetadata() throws IOException {
        assertRejected(raw("meta.safetensors", "{\"__metadata__\":{\"ok\":\"yes\",\"n\":3}}", new byte[0]), -1,
                "metadata 'n' is an integer", "metadata values must be strings");
        assertRejected(raw("meta2.safetensors", "{\"__metadata__\":[\"x\"]}", new byte[0]), 9,
                "__metadata__ must be a JSON object of strings but is an array");
    }

    // ---- refusals on read: the data layout ----

    @Test
    void refusesOverlappingTensors() throws IOException {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        assertRejected(raw("overlap.safetensors", header, new byte[12]), 8 + header.length() + 4,
                "tensor 'b' data_offsets [4, 12] overlap tensor 'a' data_offsets [0, 8]");
    }

    @Test
    void refusesAHoleBetweenTensors() throws IOException {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        assertRejected(raw("hole.safetensors", header, new byte[12]), 8 + header.length() + 4,
                "data bytes [4, 8) belong to no tensor", "hole before tensor 'b'");
    }

    @Test
    void refusesTrailingBytes() throws IOException {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        assertRejected(raw("trail.safetensors", header, new byte[7]), 8 + header.length() + 4,
                "3 trailing bytes follow the last tensor's data");
    }

    @Test
    void corruptedFilesFailOnlyWithTheFormatError() throws IOException {
        Map<String, String> metadata = Map.of("k", "v");
        Path good = dir.resolve("good.safetensors");
        SafeTensors.write(good, sample(), metadata);
        byte[] bytes = Files.readAllBytes(good);
        Random random = new Random(7);
        Path bad = dir.resolve("fuzzed.safetensors");
        for (int i = 0; i < 3000; i++) {
            byte[] mutated = i % 3 == 0 ? java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length)) : bytes.clone();
            for (int k = 0; i % 3 != 0 && k < 1 + random.nextInt(3); k++) {
                int at = random.nextInt(Math.min(mutated.length, 8 + 200));
                mutated[at] = (byte) random.nextInt(256);
            }
            Files.write(bad, mutated);
            try {
                SafeTensors.read(bad); // a harmless change (a digit of a value, a padding byte) may still read
            } catch (ArtifactFormatException e) {
                assertEquals(bad, e.file());
                assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
            }
        }
    }

    // ---- helpers ----

    /** Several tensors of different ranks, a scalar and an empty one, in a deliberate order. */
    static Map<String, Tensor> sample() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        float[] w = new float[12];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i - 5) / 3f;
        }
        tensors.put("encoder.weight", new Tensor(new long[] {3, 4}, w));
        tensors.put("scale", new Tensor(new long[0], new float[] {0.125f}));
        tensors.put("empty", new Tensor(new long[] {0}, new float[0]));
        tensors.put("bias", new Tensor(new long[] {2, 1, 2},
                new float[] {Float.NaN, Float.NEGATIVE_INFINITY, -0.0f, Float.MIN_VALUE}));
        return tensors;
    }

    private static ArtifactFormatException assertRejected(Path file, long offset, String... fragments) {
        ArtifactFormatException e = assertThrows(ArtifactFormatException.class, () -> SafeTensors.read(file));
        String message = e.getMessage();
        assertEquals(file, e.file());
        assertTrue(message.startsWith(file.toString()), message);
        if (offset >= 0) {
            assertEquals(offset, e.offset(), message);
            assertTrue(message.contains(" at byte " + offset + ": "), message);
        }
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), () -> "expected '" + fragment + "' in: " + message);
        }
        return e;
    }

    /** A file of the given header text (not padded) and data bytes. */
    private Path raw(String name, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return write(name, concat(concat(size(h.length), h), data));
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] size(long n) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(n).array();
    }

    static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
