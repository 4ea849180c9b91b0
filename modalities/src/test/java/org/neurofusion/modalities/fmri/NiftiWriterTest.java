package org.neurofusion.modalities.fmri;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.SharedData;

/** Round trips through the writer: exact in every datatype, both versions, both byte orders, plain and gzip. */
class NiftiWriterTest {
    private static final ByteOrder[] ORDERS = {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN};
    private static final String[] SUFFIXES = {".nii", ".nii.gz"};

    @TempDir
    Path dir;

    /** The header as a reader sees it after writing: the writer places the data right after the extensions. */
    private static NiftiHeader asWritten(NiftiHeader h) {
        return h.toBuilder().optVoxOffset(NiftiHeaderEncoder.voxOffset(h)).build();
    }

    /** A header with every field set to something other than its default. */
    private static NiftiHeader everyField(NiftiDataType t, int version, ByteOrder order) {
        return NiftiHeader.builder().setDatatype(t).setShape(5, 4, 3, 2).optVersion(version).optByteOrder(order)
                .optZooms(2.5, 3.25, 4, 1.5).optQfac(-1).optScaling(0.5, -3).optCalibration(-1, 1000)
                .optQform(2, 0.25, -0.5, 0.125, 10.5, -20.25, 30)
                .optSform(4, new double[][] {{-2.5, 0.125, 0, 90}, {0, 3.25, -0.5, -126}, {0.25, 0, 4, -72}})
                .optXyztUnits(2 + 16).optIntent(3, 1.5, 2.5, 0, "ttest").optSliceTiming(0x39, 3, 1, 2, 0.0625)
                .optToffset(4.5).optDescrip("neurofusion round trip é").optAuxFile("aux.txt")
                .optExtensions(List.of(new NiftiExtension(6, "comment".getBytes()),
                        new NiftiExtension(40, new byte[] {1, 2, 3, 0, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17})))
                .build();
    }

    @TestFactory
    Stream<DynamicTest> everyDatatypeVersionOrderAndCompressionRoundTripsExactly() {
        List<DynamicTest> tests = new ArrayList<>();
        for (NiftiDataType t : NiftiDataType.values()) {
            for (int version = 1; version <= 2; version++) {
                for (ByteOrder order : ORDERS) {
                    for (String suffix : SUFFIXES) {
                        int v = version;
                        String name = t.numpyName() + "-v" + v + "-" + order + suffix;
                        tests.add(DynamicTest.dynamicTest(name, () -> roundTrip(t, v, order, dir.resolve(name))));
                    }
                }
            }
        }
        return tests.stream();
    }

    private static void roundTrip(NiftiDataType t, int version, ByteOrder order, Path file) {
        NiftiHeader h = everyField(t, version, order);
        double[] values = NiftiFixture.randomValues(t, (int) h.voxelCount(), t.ordinal() * 10L + version);
        NiftiWriter.write(file, h, values);
        try (NiftiImage img = NiftiReader.open(file)) {
            assertEquals(asWritten(h), img.header(), "every header field, extensions included");
            double[] back = new double[values.length];
            img.readStored(0, back, 0, back.length);
            for (int i = 0; i < values.length; i++) {
                assertEquals(Double.doubleToLongBits(values[i]), Double.doubleToLongBits(back[i]), "voxel " + i);
            }
            // Scaled read: stored * 0.5 - 3.
            double[] scaled = new double[3];
            img.read(2, scaled, 0, 3);
            for (int i = 0; i < 3; i++) {
                assertEquals(values[2 + i] * 0.5 - 3, scaled[i], 0);
            }
            assertEquals(file.toString().endsWith(".gz"), img.isCompressed());
        }
    }

    @Test
    void sixtyFourBitIntegersCopyExactlyBeyondDoublePrecision() throws IOException {
        NiftiHeader h = NiftiHeader.builder().setDatatype(NiftiDataType.INT64).setShape(4).build();
        Path p = dir.resolve("i64.nii");
        NiftiWriter.write(p, h, new double[4]);
        long[] exact = {Long.MAX_VALUE, Long.MIN_VALUE, (1L << 53) + 1, -((1L << 60) + 7)};
        NiftiFixture.patch(p, ByteOrder.LITTLE_ENDIAN, 352, b -> {
            for (long x : exact) {
                b.putLong(x);
            }
        });
        Path q = dir.resolve("i64-v2-be.nii.gz");
        try (NiftiImage img = NiftiReader.open(p)) {
            NiftiWriter.copy(img, NiftiWriter.convert(img.header(), 2, ByteOrder.BIG_ENDIAN), q);
        }
        try (NiftiImage img = NiftiReader.open(q)) {
            long[] back = new long[4];
            img.readLongs(0, back, 0, 4);
            assertArrayEquals(exact, back);
            assertEquals(ByteOrder.BIG_ENDIAN, img.header().byteOrder());
            assertEquals(2, img.header().version());
        }
    }

    @Test
    void unsignedSixtyFourBitValuesAboveTwoToThe63Survive() {
        NiftiHeader h = NiftiHeader.builder().setDatatype(NiftiDataType.UINT64).setShape(2).build();
        Path p = dir.resolve("u64.nii");
        NiftiWriter.write(p, h, new double[] {0x1p64 - 0x1p11, 0x1p63});
        try (NiftiImage img = NiftiReader.open(p)) {
            long[] bits = new long[2];
            img.readLongs(0, bits, 0, 2);
            assertEquals("18446744073709549568", Long.toUnsignedString(bits[0]));
            assertEquals(Long.MIN_VALUE, bits[1]);
            assertEquals(0x1p64 - 0x1p11, img.voxel(0));
        }
    }

    /** Every shared file with data, copied into each version, order and compression, reads back the same. */
    @TestFactory
    Stream<DynamicTest> sharedFilesCopyLosslesslyIntoEveryVariant() throws IOException {
        Path data = SharedData.require();
        List<DynamicTest> tests = new ArrayList<>();
        for (Path src : NiftiSharedDataTest.niftiFiles(data)) {
            if (src.toString().endsWith(".hdr")) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(data.relativize(src).toString(), () -> copyEveryWay(src)));
        }
        return tests.stream();
    }

    private void copyEveryWay(Path src) throws IOException {
        try (NiftiImage in = NiftiReader.open(src)) {
            double[] original = new double[(int) in.voxelCount()];
            in.read(0, original, 0, original.length);
            byte[] firstCopy = null;
            for (int version = 1; version <= 2; version++) {
                for (ByteOrder order : ORDERS) {
                    for (String suffix : SUFFIXES) {
                        NiftiHeader h = NiftiWriter.convert(in.header(), version, order);
                        Path out = dir.resolve("copy-v" + version + order + suffix);
                        NiftiWriter.copy(in, h, out);
                        try (NiftiImage back = NiftiReader.open(out)) {
                            assertEquals(asWritten(h), back.header());
                            double[] v = new double[original.length];
                            back.read(0, v, 0, v.length);
                            assertArrayEquals(original, v, out.toString());
                            assertArrayEquals(in.affine()[1], back.affine()[1], 0);
                            // Writing the copy again gives the same bytes: nothing drifts.
                            Path again = dir.resolve("again" + suffix);
                            NiftiWriter.copy(back, back.header(), again);
                            byte[] a = suffix.endsWith(".gz") ? NiftiFixture.gunzip(out) : Files.readAllBytes(out);
                            byte[] b = suffix.endsWith(".gz") ? NiftiFixture.gunzip(again) : Files.readAllBytes(again);
                            assertArrayEquals(a, b);
                            if (version == 1 && order == ByteOrder.LITTLE_ENDIAN && suffix.equals(".nii")) {
                                firstCopy = a;
                            }
                        }
                    }
                }
            }
            assertTrue(firstCopy.length > 352);
        }
    }

    @Test
    void refusesWhatItCannotWriteAndLeavesNoFile() throws IOException {
        NiftiHeader u8 = NiftiHeader.builder().setDatatype(NiftiDataType.UINT8).setShape(3).build();
        Path p = dir.resolve("bad.nii");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NiftiWriter.write(p, u8, new double[] {1, 256, 2}));
        assertTrue(e.getMessage().contains("voxel 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NiftiWriter.write(p, u8, new double[] {1, 2.5, 2}));
        assertThrows(IllegalArgumentException.class, () -> NiftiWriter.write(p, u8, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> NiftiWriter.write(dir.resolve("x.img"), u8, new double[3]));
        NiftiHeader wide = NiftiHeader.builder().setDatatype(NiftiDataType.UINT8).setShape(40_000, 1).build();
        e = assertThrows(IllegalArgumentException.class, () -> NiftiWriter.write(p, wide, new double[40_000]));
        assertTrue(e.getMessage().contains("NIfTI-2"), e.getMessage());
        NiftiWriter.write(p, wide.toBuilder().optVersion(2).build(), new double[40_000]);
        try (NiftiImage img = NiftiReader.open(p)) {
            assertEquals(40_000, img.shape()[0]);
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(p), s.toList(), "no temporary file is left behind");
        }
        assertFalse(Files.exists(dir.resolve("x.img")));
    }

    @Test
    void headerBytesSitAtTheStandardsOffsets() throws IOException {
        NiftiHeader h = NiftiFixture.small(1, ByteOrder.BIG_ENDIAN);
        Path p = NiftiFixture.write(dir, "layout.nii", h);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.BIG_ENDIAN);
        assertEquals(348, b.getInt(0));
        assertEquals(4, b.getShort(70), "datatype int16");
        assertEquals(16, b.getShort(72), "bitpix");
        assertEquals(4, b.getShort(40), "dim[0]");
        assertEquals(5, b.getShort(46), "dim[3]");
        assertEquals(352f, b.getFloat(108), "vox_offset");
        assertEquals(10, b.get(123), "xyzt_units");
        assertEquals("n+1\0", new String(Files.readAllBytes(p), 344, 4, java.nio.charset.StandardCharsets.US_ASCII));
        Path p2 = NiftiFixture.write(dir, "layout2.nii", NiftiFixture.small(2, ByteOrder.LITTLE_ENDIAN));
        java.nio.ByteBuffer c = java.nio.ByteBuffer.wrap(Files.readAllBytes(p2)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(540, c.getInt(0));
        assertEquals(544, c.getLong(168), "vox_offset");
        assertEquals(2, c.getLong(16 + 4 * 8), "dim[4]");
        assertEquals(10, c.getInt(500), "xyzt_units");
    }
}
