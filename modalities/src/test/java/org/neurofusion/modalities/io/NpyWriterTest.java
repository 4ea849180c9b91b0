package org.neurofusion.modalities.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.RecordingException;
import org.neurofusion.core.UnsupportedFormatException;

class NpyWriterTest {
    @TempDir
    Path dir;

    /** The header numpy 2.4 writes for {@code numpy.save(f, numpy.zeros((3, 4)))}, byte for byte. */
    @Test
    void headerMatchesNumpyByteForByte() {
        byte[] h = NpyWriter.header(3, 4);
        assertEquals(128, h.length);
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}, Arrays.copyOf(h, 8));
        assertEquals(118, ByteBuffer.wrap(h, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort());
        String dict = new String(h, 10, h.length - 10, StandardCharsets.US_ASCII);
        assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }" + " ".repeat(58) + "\n", dict);
    }

    /** What numpy 1.24 writes for {@code numpy.save(f, numpy.zeros(shape, order='F'))}, dictionary and padding. */
    @Test
    void fortranOrderHeaderMatchesNumpy() {
        byte[] h = NpyWriter.header(new long[] {128, 96, 24, 2}, true);
        assertEquals(128, h.length);
        String dict = new String(h, 10, h.length - 10, StandardCharsets.US_ASCII);
        assertEquals("{'descr': '<f8', 'fortran_order': True, 'shape': (128, 96, 24, 2), }" + " ".repeat(49) + "\n",
                dict);
        String one = new String(NpyWriter.header(new long[] {5}, false), 10, 118, StandardCharsets.US_ASCII);
        assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (5,), }" + " ".repeat(60) + "\n", one);
    }

    @Test
    void fortranOrderArrayKeepsFileOrder() throws IOException {
        Path out = dir.resolve("f.npy");
        new NpyWriter(3).writeFortranOrder(out, new long[] {2, 3, 2}, (first, dst, count) -> {
            for (int i = 0; i < count; i++) {
                dst[i] = first + i;
            }
        });
        byte[] b = Files.readAllBytes(out);
        assertEquals(128 + 12 * 8, b.length);
        ByteBuffer data = ByteBuffer.wrap(b, 128, 96).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 12; i++) {
            assertEquals(i, data.getDouble(), "value at file position " + i);
        }
        assertTrue(new String(b, 10, 118, StandardCharsets.US_ASCII).contains("'fortran_order': True, 'shape': (2, 3, 2)"));
    }

    @Test
    void headerIsAlignedForLargeShapes() {
        for (long[] shape : new long[][] {{0, 5}, {11, 120000}, {123456789, 1}, {Integer.MAX_VALUE, Long.MAX_VALUE}}) {
            byte[] h = NpyWriter.header((int) shape[0], shape[1]);
            assertEquals(0, h.length % 64, Arrays.toString(shape));
            int len = ByteBuffer.wrap(h, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
            assertEquals(h.length - 10, len);
            String dict = new String(h, 10, len, StandardCharsets.US_ASCII);
            assertTrue(dict.contains("'shape': (" + shape[0] + ", " + shape[1] + "), }"), dict);
            assertTrue(dict.endsWith(" \n"), dict);
        }
        // numpy writes 128 bytes for (11, 120000) and (123456789, 1) too.
        assertEquals(128, NpyWriter.header(11, 120000).length);
        assertEquals(128, NpyWriter.header(123456789, 1).length);
    }

    @Test
    void valuesRoundTripInRowMajorOrderAcrossChunks() throws IOException {
        Path out = dir.resolve("x.npy");
        int rows = 3;
        long cols = 10;
        List<Integer> counts = new ArrayList<>();
        new NpyWriter(4).write(out, rows, cols, (r, c0, dst, n) -> {
            counts.add(n);
            for (int i = 0; i < n; i++) {
                dst[i] = r * 100 + c0 + i + 0.25;
            }
        });
        assertEquals(List.of(4, 4, 2, 4, 4, 2, 4, 4, 2), counts, "rows are pulled in chunks of at most 4");
        assertEquals(128 + rows * cols * 8, Files.size(out));
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
        b.position(128);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                assertEquals(r * 100 + c + 0.25, b.getDouble());
            }
        }
        try (NpyReader in = NpyReader.open(out)) {
            assertEquals(rows, in.rows());
            assertEquals(cols, in.columns());
            assertEquals(205.25, in.readRow(2)[5]);
            double[] part = new double[3];
            in.read(1, 7, part, 0, 3);
            assertArrayEquals(new double[] {107.25, 108.25, 109.25}, part);
        }
        assertNoTemporaryFiles();
    }

    @Test
    void specialValuesAreKept() {
        Path out = dir.resolve("special.npy");
        double[] v = {Double.NaN, Double.POSITIVE_INFINITY, -0.0, Double.MIN_VALUE, -1e300};
        new NpyWriter().write(out, 1, v.length, (r, c0, dst, n) -> System.arraycopy(v, (int) c0, dst, 0, n));
        try (NpyReader in = NpyReader.open(out)) {
            assertArrayEquals(v, in.readRow(0));
        }
    }

    @Test
    void emptyArraysAreWritten() {
        Path out = dir.resolve("empty.npy");
        new NpyWriter().write(out, 0, 7, (r, c0, dst, n) -> {
            throw new AssertionError("no rows to fill");
        });
        try (NpyReader in = NpyReader.open(out)) {
            assertEquals(0, in.rows());
            assertEquals(7, in.columns());
        }
    }

    @Test
    void failureMidwayLeavesNoOutputAndNoTemporaryFile() {
        Path out = dir.resolve("fail.npy");
        RecordingException e = assertThrows(RecordingException.class, () -> new NpyWriter(4).write(out, 2, 10,
                (r, c0, dst, n) -> {
                    if (r == 1) {
                        throw new RecordingException(Path.of("in.edf"), 512, "truncated");
                    }
                    Arrays.fill(dst, 0, n, 1.0);
                }));
        assertEquals("in.edf at byte 512: truncated", e.getMessage());
        assertFalse(Files.exists(out));
        assertNoTemporaryFiles();
    }

    @Test
    void failureKeepsTheFileItWouldHaveReplaced() throws IOException {
        Path out = dir.resolve("keep.npy");
        Files.writeString(out, "previous");
        assertThrows(IllegalStateException.class, () -> new NpyWriter().write(out, 1, 3, (r, c0, dst, n) -> {
            throw new IllegalStateException("source broke");
        }));
        assertEquals("previous", Files.readString(out));
        assertNoTemporaryFiles();
    }

    @Test
    void checkedExceptionsFromTheSourceBecomeRecordingExceptions() {
        Path out = dir.resolve("io.npy");
        RecordingException e = assertThrows(RecordingException.class, () -> new NpyWriter().write(out, 1, 3,
                (r, c0, dst, n) -> {
                    throw new IOException("disk on fire");
                }));
        assertTrue(e.getMessage().startsWith(out + ": cannot be written"), e.getMessage());
        assertTrue(e.getMessage().contains("disk on fire"), e.getMessage());
        assertFalse(Files.exists(out));
        assertNoTemporaryFiles();
    }

    @Test
    void aMissingFolderIsNamed() {
        Path out = dir.resolve("no/such/folder/x.npy");
        RecordingException e = assertThrows(RecordingException.class,
                () -> new NpyWriter().write(out, 1, 1, (r, c0, dst, n) -> dst[0] = 1));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void existingFileIsReplacedWhenWritingSucceeds() throws IOException {
        Path out = dir.resolve("replace.npy");
        Files.writeString(out, "previous");
        new NpyWriter().write(out, 1, 2, (r, c0, dst, n) -> Arrays.fill(dst, 0, n, 3.0));
        try (NpyReader in = NpyReader.open(out)) {
            assertArrayEquals(new double[] {3.0, 3.0}, in.readRow(0));
        }
    }

    @Test
    void readerRefusesWhatItCannotRead() throws IOException {
        Path text = dir.resolve("text.npy");
        Files.writeString(text, "hello, this is not numpy");
        assertThrows(UnsupportedFormatException.class, () -> NpyReader.open(text));

        Path good = dir.resolve("good.npy");
        new NpyWriter().write(good, 2, 3, (r, c0, dst, n) -> Arrays.fill(dst, 0, n, 1.0));
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = dir.resolve("truncated.npy");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 8));
        CorruptRecordingException e = assertThrows(CorruptRecordingException.class, () -> NpyReader.open(truncated));
        assertTrue(e.getMessage().contains("needs 176 bytes but the file has 168"), e.getMessage());

        Path float32 = dir.resolve("f4.npy");
        Files.write(float32, new String(bytes, StandardCharsets.ISO_8859_1).replace("<f8", "<f4")
                .getBytes(StandardCharsets.ISO_8859_1));
        assertThrows(UnsupportedFormatException.class, () -> NpyReader.open(float32));
    }

    private void assertNoTemporaryFiles() {
        try (Stream<Path> s = Files.list(dir)) {
            List<String> leftovers = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".part")).toList();
            assertEquals(List.of(), leftovers);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
