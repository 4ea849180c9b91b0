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

/**
 * The edges of {@link Mat5Bounds}: each test puts a MAT 5 file exactly on one side of a bound (the last accepted
 * value and the first refused one), so that moving a bound by one, or dropping a step of the walk, changes the
 * answer. The files are written byte by byte here (not by MFL), after the MAT-file format reference (MathWorks,
 * "MAT-File Format", version 5 chapter), so that every offset below can be counted by hand:
 *
 * <ul>
 *   <li>the header is 128 bytes: 116 bytes of text, the subsystem offset (8 bytes, here spaces), the version
 *       (2 bytes) and the byte-order mark, the characters {@code IM} in a little-endian file and {@code MI} in a
 *       big-endian one;
 *   <li>a data element is an 8-byte tag (data type, byte count) and its data padded to 8 bytes; a small element
 *       (at most 4 bytes) packs the byte count into the upper half of the tag's first word and its data into the
 *       second; a miMATRIX (14) element holds no padding of its own, its parts are each 8-aligned;
 *   <li>an array's parts are: the flags (miUINT32, 8 bytes: class in the low byte, 0x800 for complex; then nzmax),
 *       16 bytes with the tag; the dimensions (miINT32, 4 bytes each, padded: 16 bytes for two, 24 for three); the
 *       name (miINT8; the one-letter name {@code v} and the empty name of a cell both take 8 bytes, small); then the
 *       class's parts. A 1 × 1 double array is therefore 16 + 16 + 8 + 16 (miDOUBLE tag and one value) = 56 bytes
 *       after its own tag, and a cell's parts start 40 bytes after its tag ends;
 *   <li>so the first variable's tag stands at byte 128 and its parts start at 136 (flags 136, dimensions 152, name
 *       168, first data element 176);
 *   <li>a compressed variable (miCOMPRESSED, 15) is a tag and a zlib stream of the variable's element (tag and
 *       parts); it counts 8 + the variable's byte count against the inflation limit.
 * </ul>
 */
class Mat5BoundsEdgesTest {
    private static final int MI_INT8 = 1;
    private static final int MI_UINT8 = 2;
    private static final int MI_UINT16 = 4;
    private static final int MI_INT32 = 5;
    private static final int MI_UINT32 = 6;
    private static final int MI_DOUBLE = 9;
    private static final int MI_UINT64 = 13;
    private static final int MI_MATRIX = 14;
    private static final int MI_COMPRESSED = 15;
    private static final int MI_UTF8 = 16;
    private static final int MI_UTF16 = 17;
    private static final int MI_UTF32 = 18;
    private static final int CELL = 1;
    private static final int STRUCT = 2;
    private static final int CHAR = 4;
    private static final int DOUBLE = 6;
    private static final int INT8 = 8;
    private static final int UINT64 = 15;
    private static final long LIMIT = 1 << 20;

    @TempDir
    Path dir;

    /** Writes MAT 5 elements in one byte order. */
    private static final class Mat {
        private final ByteOrder order;

        Mat(ByteOrder order) {
            this.order = order;
        }

        private ByteBuffer buffer(int n) {
            return ByteBuffer.allocate(n).order(order);
        }

        /** The 128-byte header: text, subsystem offset of spaces, version 0x0100, byte-order mark. */
        byte[] header() {
            ByteBuffer b = buffer(128);
            byte[] text = new byte[124];
            Arrays.fill(text, (byte) ' ');
            byte[] words = "MATLAB 5.0 MAT-file, written by hand for a test".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(words, 0, text, 0, words.length);
            b.put(text).putShort((short) 0x0100).putShort((short) ('M' << 8 | 'I'));
            return b.array();
        }

        /** A full element: tag, data, zero padding to 8 bytes (none for miMATRIX and miCOMPRESSED). */
        byte[] element(int type, byte[] data) {
            int padded = type == MI_MATRIX || type == MI_COMPRESSED ? data.length : (data.length + 7) & ~7;
            return buffer(8 + padded).putInt(type).putInt(data.length).put(data).array();
        }

        /** A tag alone, claiming {@code bytes}: the caller supplies (or withholds) the data. */
        byte[] tag(int type, long bytes) {
            return buffer(8).putInt(type).putInt((int) bytes).array();
        }

        /** A small element: byte count and type in one word, then up to 4 bytes of data padded to 4. */
        byte[] small(int type, byte[] data) {
            return buffer(8).putInt(data.length << 16 | type).put(data).array();
        }

        byte[] ints(int... v) {
            ByteBuffer b = buffer(4 * v.length);
            for (int x : v) {
                b.putInt(x);
            }
            return b.array();
        }

        byte[] doubles(double... v) {
            ByteBuffer b = buffer(8 * v.length);
            for (double x : v) {
                b.putDouble(x);
            }
            return b.array();
        }

        /** Flags, dimensions and name of an array: 16 + (8 + 4 × dims padded) + 8 bytes. */
        byte[] head(int arrayClass, boolean complex, String name, int... dims) {
            return cat(element(MI_UINT32, ints(arrayClass | (complex ? 0x800 : 0), 0)), element(MI_INT32, ints(dims)),
                    small(MI_INT8, name.getBytes(StandardCharsets.US_ASCII)));
        }

        /** A miMATRIX element around {@code parts}. */
        byte[] matrix(byte[]... parts) {
            return element(MI_MATRIX, cat(parts));
        }

        /** The 1 × 1 double array {@code x} named {@code name}: 8 + 56 bytes. */
        byte[] scalar(String name, double x) {
            return matrix(head(DOUBLE, false, name, 1, 1), element(MI_DOUBLE, doubles(x)));
        }

        /** A file: the header and {@code elements}. */
        byte[] file(byte[]... elements) {
            return cat(header(), cat(elements));
        }
    }

    private static final Mat LE = new Mat(ByteOrder.LITTLE_ENDIAN);

    private static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] zlib(byte[] data) {
        Deflater d = new Deflater();
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    private Path write(byte[] bytes) throws IOException {
        return Files.write(dir.resolve("edge.mat"), bytes);
    }

    private void passes(byte[] bytes) throws IOException {
        Mat5Bounds.check(write(bytes), LIMIT);
    }

    private void refused(byte[] bytes, long limit, long offset, String... fragments) throws IOException {
        Path p = write(bytes);
        RecordingException e = assertThrows(CorruptRecordingException.class, () -> Mat5Bounds.check(p, limit));
        assertEquals(p, e.file());
        assertEquals(offset, e.offset(), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + f + "' missing from: " + e.getMessage());
        }
    }

    private void refused(byte[] bytes, long offset, String... fragments) throws IOException {
        refused(bytes, LIMIT, offset, fragments);
    }

    @Test
    void theHandWrittenScalarPasses() throws IOException {
        passes(LE.file(LE.scalar("v", 1.5)));
    }

    @Test
    void aBigEndianFileIsReadInItsOwnByteOrderAndOnlyImOrMiAreMarks() throws IOException {
        Mat be = new Mat(ByteOrder.BIG_ENDIAN);
        byte[] file = be.file(be.scalar("v", 1.5));
        assertEquals('M', file[126]);
        assertEquals('I', file[127]);
        passes(file);
        byte[] xi = file.clone();
        xi[126] = 'X';
        refused(xi, 126, "byte-order mark IM or MI", "found 0x5849");
        byte[] mx = file.clone();
        mx[127] = 'X';
        refused(mx, 126, "found 0x4d58");
        byte[] xy = LE.file(LE.scalar("v", 1.5));
        xy[126] = 'X';
        xy[127] = 'Y';
        refused(xy, 126, "found 0x5859");
    }

    @Test
    void exactlyEightBytesAfterTheLastVariableAreReadAsATagButSevenAreNot() throws IOException {
        byte[] scalar = LE.scalar("v", 1.5);
        // 8 + 56 bytes of variable: the trailing tag stands at 128 + 64 = 192.
        refused(LE.file(scalar, LE.tag(MI_DOUBLE, 0)), 192, "found data type 9");
        passes(LE.file(scalar, new byte[7]));
    }

    @Test
    void nestingIsAcceptedUpToMaxDepthLevelsBelowTheVariable() throws IOException {
        passes(LE.file(nested(Mat5Bounds.MAX_DEPTH)));
        // 33 cells: each cell's tag and parts take 8 + 40 bytes before its child's tag, so the scalar at depth 33
        // has its parts at 136 + 48 × 33 = 1720, where the walk stops.
        refused(LE.file(nested(Mat5Bounds.MAX_DEPTH + 1)), 136 + 48 * 33, "nested deeper than 32 levels");
    }

    /** A scalar inside {@code cells} 1 × 1 cells: the scalar sits at depth {@code cells}, the variable at 0. */
    private static byte[] nested(int cells) {
        byte[] a = LE.scalar("", 2);
        for (int i = 0; i < cells; i++) {
            a = LE.matrix(LE.head(CELL, false, i == cells - 1 ? "v" : "", 1, 1), a);
        }
        return a;
    }

    @Test
    void doubleAndUint64AreTheEndsOfTheNumericClassesAccepted() throws IOException {
        passes(LE.file(LE.scalar("v", 1.5)));
        passes(LE.file(LE.matrix(LE.head(UINT64, false, "v", 1, 1), LE.element(MI_UINT64, new byte[8]))));
        Path p = write(LE.file(LE.matrix(LE.head(16, false, "v", 1, 1), LE.element(MI_UINT64, new byte[8]))));
        RecordingException e = assertThrows(RecordingException.class, () -> Mat5Bounds.check(p, LIMIT));
        assertTrue(e.getMessage().contains("a function handle (array class 16)"), e.getMessage());
    }

    @Test
    void aZeroDimensionIsAnEmptyArrayNotANegativeOne() throws IOException {
        // MATLAB's [] is a 0 × 0 double whose real part is an empty miDOUBLE element.
        passes(LE.file(LE.matrix(LE.head(DOUBLE, false, "v", 0, 0), LE.tag(MI_DOUBLE, 0))));
        refused(LE.file(LE.matrix(LE.head(DOUBLE, false, "v", 0, -1), LE.tag(MI_DOUBLE, 0))), 152,
                "dimension 2 is -1");
    }

    @Test
    void dimensionsOfExactlyTwoToThe31MinusOneElementsPassTheDimensionCheck() throws IOException {
        // 2^31 - 1 int8 values: the dimensions are allowed, the data element (at 176) cannot hold them.
        byte[] variable = LE.matrix(LE.head(INT8, false, "v", Integer.MAX_VALUE, 1), LE.tag(MI_INT8,
                Integer.MAX_VALUE));
        refused(LE.file(variable), 176, "an element of data type 1 claims 2147483647 bytes");
        // Twice as many: refused at the dimensions (at 152).
        variable = LE.matrix(LE.head(INT8, false, "v", Integer.MAX_VALUE, 2), LE.tag(MI_INT8, 0));
        refused(LE.file(variable), 152, "more than 2^31 - 1 elements");
    }

    @Test
    void threeDimensionsArePaddedToEightBytesAndThePaddingIsSkipped() throws IOException {
        // 12 bytes of dimensions take 8 + 16 bytes with their 4 bytes of padding.
        passes(LE.file(LE.matrix(LE.head(DOUBLE, false, "v", 1, 1, 1), LE.element(MI_DOUBLE, LE.doubles(1)))));
        passes(LE.file(LE.matrix(LE.head(DOUBLE, false, "v", 1, 2, 1), LE.element(MI_DOUBLE, LE.doubles(1, 2)))));
    }

    @Test
    void charactersMayBeInAnyOfTheSixCharacterTypesButNotInDoubles() throws IOException {
        int[][] typeAndBytes = {{MI_UTF8, 1}, {MI_UTF16, 2}, {MI_UTF32, 4}, {MI_UINT16, 2}, {MI_UINT8, 1},
            {MI_INT8, 1}};
        for (int[] t : typeAndBytes) {
            byte[] chars = new byte[t[1]];
            chars[0] = 'a';
            passes(LE.file(LE.matrix(LE.head(CHAR, false, "v", 1, 1), LE.element(t[0], chars))));
        }
        refused(LE.file(LE.matrix(LE.head(CHAR, false, "v", 1, 1), LE.element(MI_DOUBLE, LE.doubles('a')))), 176,
                "expected characters, found data type 9");
    }

    @Test
    void aComplexArrayHasAnImaginaryPartCheckedLikeItsRealPart() throws IOException {
        byte[] head = LE.head(DOUBLE, true, "v", 1, 1);
        passes(LE.file(LE.matrix(head, LE.element(MI_DOUBLE, LE.doubles(1)), LE.element(MI_DOUBLE, LE.doubles(2)))));
        // real part at 176 (16 bytes), imaginary part at 192 holding two values for one
        refused(LE.file(LE.matrix(head, LE.element(MI_DOUBLE, LE.doubles(1)),
                LE.element(MI_DOUBLE, LE.doubles(2, 3)))), 192,
                "the imaginary part holds 16 bytes of 8-byte values; the dimensions declare 1 values");
    }

    @Test
    void aStructWithNoFieldsMayHaveFieldNameLengthZeroButNamesThenNeedALength() throws IOException {
        byte[] head = LE.head(STRUCT, false, "v", 1, 1);
        passes(LE.file(LE.matrix(head, LE.small(MI_INT32, LE.ints(0)), LE.tag(MI_INT8, 0))));
        // the field name length element at 176
        refused(LE.file(LE.matrix(head, LE.small(MI_INT32, LE.ints(0)), LE.element(MI_INT8, new byte[8]))), 176,
                "field name length 0 for 8 bytes of names");
        refused(LE.file(LE.matrix(head, LE.small(MI_INT32, LE.ints(-1)), LE.tag(MI_INT8, 0))), 176,
                "field name length -1 for 0 bytes of names");
    }

    @Test
    void aFieldNameLengthInAFullElementHasItsPaddingSkipped() throws IOException {
        // MATLAB writes the length as a small element; a full one (tag, 4 bytes, 4 of padding) is as valid.
        byte[] names = new byte[32];
        names[0] = 'a';
        byte[] struct = LE.matrix(LE.head(STRUCT, false, "v", 1, 1), LE.element(MI_INT32, LE.ints(32)),
                LE.element(MI_INT8, names), LE.scalar("", 4));
        passes(LE.file(struct));
    }

    @Test
    void cellsAreRefusedOnlyWhenTheirTagsCannotFit() throws IOException {
        byte[] empty = LE.tag(MI_MATRIX, 0);
        // two bare tags fill the 16 bytes left exactly
        passes(LE.file(LE.matrix(LE.head(CELL, false, "v", 1, 2), empty, empty)));
        // three cells in those 16 bytes: refused before the first cell, at 176
        refused(LE.file(LE.matrix(LE.head(CELL, false, "v", 1, 3), empty, empty)), 176,
                "3 cells or field values cannot fit in the 16 bytes left of this array");
    }

    @Test
    void aCellWhosePartsEndBeforeItsDeclaredEndIsRefused() throws IOException {
        // the scalar's 56 bytes of parts, declared as 64: its tag at 176, parts from 184 to 240, 8 bytes unused
        byte[] loose = LE.element(MI_MATRIX, cat(Arrays.copyOfRange(LE.scalar("", 2), 8, 64), new byte[8]));
        refused(LE.file(LE.matrix(LE.head(CELL, false, "v", 1, 1), loose)), 240,
                "the array's parts end 8 bytes before its declared end");
    }

    @Test
    void aVariableWhosePartsEndBeforeItsDeclaredEndIsRefused() throws IOException {
        // parts from 136 to 192, declared to 200
        byte[] loose = LE.element(MI_MATRIX, cat(Arrays.copyOfRange(LE.scalar("v", 2), 8, 64), new byte[8]));
        refused(LE.file(loose), 192, "the array's parts end 8 bytes before its declared end");
    }

    @Test
    void compressedVariablesMayInflateToExactlyTheLimitTogether() throws IOException {
        // each inflates to its 8-byte tag and 56 bytes of parts: 64 bytes
        byte[] first = LE.element(MI_COMPRESSED, zlib(LE.scalar("v", 1)));
        byte[] second = LE.element(MI_COMPRESSED, zlib(LE.scalar("w", 2)));
        Path one = write(LE.file(first));
        Mat5Bounds.check(one, 64);
        refused(LE.file(first), 63, 128, "claims 56 bytes when inflated, more than the 63 bytes allowed");
        Path two = write(LE.file(first, second));
        Mat5Bounds.check(two, 128);
        // the second compressed variable's tag follows the first element (no padding after miCOMPRESSED)
        refused(LE.file(first, second), 127, 128 + first.length, "claims 56 bytes when inflated",
                "more than the 127 bytes allowed");
    }

    @Test
    void bytesAfterTheZlibStreamOfACompressedVariableAreSkippedToTheNextVariable() throws IOException {
        // the 8 kB after the stream are more than the inflater reads ahead (4 kB), so they must be skipped
        byte[] compressed = LE.element(MI_COMPRESSED, cat(zlib(LE.scalar("v", 1)), new byte[8192]));
        passes(LE.file(compressed, LE.scalar("w", 2)));
        // and the next variable is walked: damaged, it is refused at its own tag (its parts at 136 + the element)
        byte[] loose = LE.element(MI_MATRIX, cat(Arrays.copyOfRange(LE.scalar("w", 2), 8, 64), new byte[8]));
        refused(LE.file(compressed, loose), 128 + compressed.length + 8 + 56,
                "the array's parts end 8 bytes before its declared end");
    }
}
