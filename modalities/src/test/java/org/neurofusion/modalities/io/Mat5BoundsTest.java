package org.neurofusion.modalities.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.RecordingException;
import org.neurofusion.core.UnsupportedFormatException;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.Sinks;
import us.hebi.matlab.mat.types.Struct;

/**
 * The sizes a MAT 5 file declares are checked before MFL allocates from them: each damage below is made in a small
 * file written by MFL (a struct with a 3 × 2 matrix, a 1 × 2 cell of strings and a string), plain and compressed,
 * and must raise a typed error naming the file, the byte and the size that cannot be right.
 */
class Mat5BoundsTest {
    private static final long LIMIT = 4L << 20;

    @TempDir
    Path dir;

    /** The small file: little-endian, one variable {@code v}, uncompressed so that its bytes can be edited. */
    static byte[] plain() {
        Struct v = Mat5.newStruct();
        v.set("index_c", Mat5.newMatrix(3, 2));
        Cell labels = Mat5.newCell(1, 2);
        labels.set(0, 0, Mat5.newString("S1"));
        labels.set(0, 1, Mat5.newString("S2"));
        v.set("labels", labels);
        v.set("headmodel", Mat5.newString("MNI"));
        return write("v", v, Deflater.NO_COMPRESSION);
    }

    private static byte[] write(String name, us.hebi.matlab.mat.types.Array a, int level) {
        Mat5File mat = new Mat5File(", Platform: neurofusion tests") {
        };
        mat.addArray(name, a);
        ByteBuffer out = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        try {
            Mat5.newWriter(Sinks.wrap(out)).setDeflateLevel(level).writeMat(mat);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return Arrays.copyOf(out.array(), out.position());
    }

    /** {@code plain}'s variable deflated into one miCOMPRESSED element, as MATLAB writes variables. */
    static byte[] compress(byte[] plain) {
        Deflater d = new Deflater();
        d.setInput(Arrays.copyOfRange(plain, 128, plain.length));
        d.finish();
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!d.finished()) {
            deflated.write(buf, 0, d.deflate(buf));
        }
        d.end();
        ByteBuffer out = ByteBuffer.allocate(128 + 8 + deflated.size()).order(ByteOrder.LITTLE_ENDIAN);
        out.put(plain, 0, 128).putInt(15).putInt(deflated.size()).put(deflated.toByteArray());
        return out.array();
    }

    /** Offset of the first occurrence of {@code pattern}. */
    static int find(byte[] b, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= b.length; i++) {
            for (int k = 0; k < pattern.length; k++) {
                if (b[i + k] != pattern[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found");
    }

    static byte[] ints(int... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) {
            b.putInt(x);
        }
        return b.array();
    }

    static void putInt(byte[] b, int at, int v) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, v);
    }

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private <T extends RecordingException> T refused(Class<T> type, String name, byte[] bytes, long offset,
            String... fragments) throws IOException {
        Path p = file(name, bytes);
        T e = assertThrows(type, () -> Mat5Bounds.check(p, LIMIT));
        assertEquals(p, e.file());
        assertEquals(offset, e.offset(), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + f + "' missing from: " + e.getMessage());
        }
        return e;
    }

    @Test
    void filesMflWritesPassAndMflReadsThem() throws IOException {
        byte[][] files = {plain(), compress(plain()), write("v", Mat5.newScalar(2), Deflater.DEFAULT_COMPRESSION)};
        for (byte[] b : files) {
            Path p = file("ok.mat", b);
            Mat5Bounds.check(p, LIMIT);
            try (Mat5File m = Mat5.readFromFile(p.toFile())) {
                assertEquals("v", m.getEntries().iterator().next().getName());
            }
        }
    }

    @Test
    void fieldNamesClaimingHundredsOfMegabytesAreRefusedPlainAndCompressed() throws IOException {
        byte[] b = plain();
        // The field names are one miINT8 element: its byte count sits 4 bytes before the first name.
        int names = find(b, "index_c".getBytes(StandardCharsets.US_ASCII)) - 8;
        putInt(b, names + 4, 336_860_180);
        refused(CorruptRecordingException.class, "plain.mat", b, names, "data type 1 claims 336860180 bytes",
                "left in the array");
        refused(CorruptRecordingException.class, "deflated.mat", compress(b), 128, "inflated byte " + (names - 128),
                "claims 336860180 bytes");
    }

    @Test
    void aCompressedVariableClaimingMoreThanTheLimitIsRefusedBeforeItIsInflated() throws IOException {
        byte[] b = plain();
        putInt(b, 132, 692_060_160);
        refused(CorruptRecordingException.class, "big.mat", compress(b), 128, "claims 692060160 bytes when inflated",
                "more than the " + LIMIT + " bytes");
    }

    @Test
    void aVariableClaimingMoreThanItHoldsIsRefused() throws IOException {
        byte[] b = plain();
        int declared = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(132);
        putInt(b, 132, declared + 4096);
        refused(CorruptRecordingException.class, "plain.mat", b, 128, "claims " + (declared + 4096) + " bytes",
                "left in the file");
        refused(CorruptRecordingException.class, "deflated.mat", compress(b), 128, "before its declared end");
        byte[] cut = compress(plain());
        putInt(cut, 132, cut.length);
        refused(CorruptRecordingException.class, "cut.mat", cut, 128, "data type 15 claims", "left in the file");
    }

    @Test
    void impossibleDimensionsAreRefused() throws IOException {
        byte[] b = plain();
        int dims = find(b, ints(5, 8, 3, 2));
        putInt(b, dims + 8, -1);
        refused(CorruptRecordingException.class, "negative.mat", b, dims, "dimension 1 is -1");
        b = plain();
        putInt(b, dims + 8, 65536);
        putInt(b, dims + 12, 65536);
        refused(CorruptRecordingException.class, "huge.mat", b, dims, "more than 2^31 - 1 elements");
        b = plain();
        putInt(b, dims + 8, 4);
        refused(CorruptRecordingException.class, "mismatch.mat", b, dims + 16 + 8,
                "holds 48 bytes of 8-byte values; the dimensions declare 8 values");
    }

    @Test
    void moreCellsThanTheBytesLeftCouldHoldAreRefused() throws IOException {
        byte[] b = plain();
        int dims = find(b, ints(5, 8, 1, 2));
        putInt(b, dims + 12, 1_000_000);
        // The error stands after the cell's dimensions (16 bytes) and its empty name (8 bytes).
        refused(CorruptRecordingException.class, "cells.mat", b, dims + 24, "1000000 cells or field values cannot fit");
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() throws IOException {
        us.hebi.matlab.mat.types.Array a = Mat5.newScalar(1);
        for (int i = 0; i < Mat5Bounds.MAX_DEPTH + 2; i++) {
            Cell c = Mat5.newCell(1, 1);
            c.set(0, 0, a);
            a = c;
        }
        Path p = file("deep.mat", write("v", a, Deflater.NO_COMPRESSION));
        CorruptRecordingException e = assertThrows(CorruptRecordingException.class, () -> Mat5Bounds.check(p, LIMIT));
        assertTrue(e.getMessage().contains("nested deeper than " + Mat5Bounds.MAX_DEPTH), e.getMessage());
    }

    @Test
    void sparseArraysObjectsAndTheSubsystemAreNotRead() throws IOException {
        byte[] b = plain();
        int flags = find(b, ints(5, 8, 3, 2)) - 16;
        b[flags + 8] = 5;
        refused(UnsupportedFormatException.class, "sparse.mat", b, flags, "a sparse array (array class 5)");
        b[flags + 8] = 17;
        refused(UnsupportedFormatException.class, "opaque.mat", b, flags, "an opaque MATLAB object");
        b = plain();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(116, 128);
        refused(UnsupportedFormatException.class, "subsystem.mat", b, 128, "subsystem");
    }

    @Test
    void aFileThatIsNoMat5FileIsNamed() throws IOException {
        byte[] b = plain();
        b[126] = 'X';
        refused(CorruptRecordingException.class, "mark.mat", b, 126, "byte-order mark");
        refused(CorruptRecordingException.class, "short.mat", Arrays.copyOf(plain(), 100), 0,
                "shorter than the 128-byte MAT 5 header");
    }
}
