package org.neurofusion.modalities.fmri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.RecordingException;
import org.neurofusion.core.UnsupportedFormatException;

/**
 * Every malformed header or data section is refused with a typed error that names the file, the byte offset and
 * the problem. The files are written valid, then damaged at the offsets of the two standards' header layouts.
 */
class NiftiBadInputTest {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    @TempDir
    Path dir;

    private static ByteOrder order(String o) {
        return o.equals("LE") ? LE : BE;
    }

    private Path valid(int version, ByteOrder order) {
        return NiftiFixture.write(dir, "v" + version + order + ".nii", NiftiFixture.small(version, order));
    }

    /** Asserts that opening and reading every voxel fails with {@code type} at {@code offset}, naming the file. */
    private static <T extends RecordingException> T refused(Class<T> type, Path file, long offset, String words) {
        Executable openAndRead = () -> {
            try (NiftiImage img = NiftiReader.open(file)) {
                double[] all = new double[(int) img.voxelCount()];
                img.read(0, all, 0, all.length);
            }
        };
        T e = assertThrows(type, openAndRead);
        assertEquals(file, e.file());
        assertEquals(offset, e.offset(), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(words), e.getMessage());
        return e;
    }

    @ParameterizedTest
    @CsvSource({"1, LE", "1, BE", "2, LE", "2, BE"})
    void badSizeofHdrWithAMagicIsCorrupt(int version, String o) throws IOException {
        Path p = valid(version, order(o));
        NiftiFixture.patch(p, order(o), 0, b -> b.putInt(349));
        refused(CorruptRecordingException.class, p, 0, version == 1 ? "needs 348" : "needs 540");
    }

    @Test
    void aFileOfAnotherKindIsUnsupported() throws IOException {
        Path p = dir.resolve("text.nii");
        Files.writeString(p, "not an image at all, but long enough to hold a header ".repeat(20));
        refused(UnsupportedFormatException.class, p, 0, "not a NIfTI file");
        Path empty = Files.write(dir.resolve("empty.nii"), new byte[0]);
        refused(CorruptRecordingException.class, empty, 0, "ends before sizeof_hdr");
    }

    @Test
    void analyzeHeaderWithoutMagicIsUnsupported() throws IOException {
        Path p = valid(1, LE);
        NiftiFixture.patch(p, LE, 344, b -> b.putInt(0));
        refused(UnsupportedFormatException.class, p, 344, "Analyze");
    }

    @ParameterizedTest
    @CsvSource({"1, LE, 200", "2, BE, 300", "1, BE, 4"})
    void truncatedHeaderIsCorrupt(int version, String o, int keep) throws IOException {
        Path p = valid(version, order(o));
        NiftiFixture.truncate(p, keep);
        refused(CorruptRecordingException.class, p, keep, "header");
    }

    @ParameterizedTest
    @CsvSource({"1, LE, 0", "1, BE, 8", "2, LE, -1", "2, BE, 0"})
    void dim0OutsideOneToSevenIsCorrupt(int version, String o, long dim0) throws IOException {
        Path p = valid(version, order(o));
        int at = NiftiLayout.of(version).dim;
        NiftiFixture.patch(p, order(o), at, b -> {
            if (version == 1) {
                b.putShort((short) dim0);
            } else {
                b.putLong(dim0);
            }
        });
        refused(CorruptRecordingException.class, p, at, "dim[0] is " + dim0);
    }

    @ParameterizedTest
    @CsvSource({"1, LE", "2, BE"})
    void negativeDimIsCorrupt(int version, String o) throws IOException {
        Path p = valid(version, order(o));
        NiftiLayout l = NiftiLayout.of(version);
        int at = l.dim + 2 * l.dimWidth;
        NiftiFixture.patch(p, order(o), at, b -> {
            if (version == 1) {
                b.putShort((short) -4);
            } else {
                b.putLong(-4);
            }
        });
        refused(CorruptRecordingException.class, p, at, "dim[2] is negative");
    }

    @Test
    void dimsWhoseProductOverflowsAreCorruptAndNothingIsAllocated() throws IOException {
        Path p = valid(2, LE);
        // 2^31 × 2^31 voxels of 2 bytes: more than 2^63 bytes on the second axis.
        NiftiFixture.patch(p, LE, 16 + 8, b -> b.putLong(1L << 31).putLong(1L << 31));
        refused(CorruptRecordingException.class, p, 16 + 2 * 8, "overflow");
    }

    @Test
    void hugeButRepresentableDimsAreTruncatedDataNotAnAllocation() throws IOException {
        Path p = valid(2, LE);
        NiftiFixture.patch(p, LE, 16 + 8, b -> b.putLong(1L << 40));
        refused(CorruptRecordingException.class, p, Files.size(p), "data truncated");
    }

    @ParameterizedTest
    @CsvSource({"1, LE", "1, BE", "2, LE"})
    void voxOffsetPastTheEndIsCorrupt(int version, String o) throws IOException {
        Path p = valid(version, order(o));
        int at = NiftiLayout.of(version).voxOffset;
        NiftiFixture.patch(p, order(o), at, b -> {
            if (version == 1) {
                b.putFloat(1e6f);
            } else {
                b.putLong(1_000_000);
            }
        });
        refused(CorruptRecordingException.class, p, at, "past the end");
    }

    @Test
    void voxOffsetInsideTheHeaderOrNegativeIsCorrupt() throws IOException {
        Path p = valid(1, LE);
        NiftiFixture.patch(p, LE, 108, b -> b.putFloat(100));
        refused(CorruptRecordingException.class, p, 108, "inside the header");
        NiftiFixture.patch(p, LE, 108, b -> b.putFloat(-352));
        refused(CorruptRecordingException.class, p, 108, "vox_offset is -352");
        Path q = valid(2, BE);
        NiftiFixture.patch(q, BE, 168, b -> b.putLong(-1));
        refused(CorruptRecordingException.class, q, 168, "negative");
    }

    @ParameterizedTest
    @CsvSource({"1, LE", "2, BE"})
    void truncatedDataIsCorruptAtTheEndOfTheFile(int version, String o) throws IOException {
        Path p = valid(version, order(o));
        long size = Files.size(p);
        NiftiFixture.truncate(p, size - 3);
        refused(CorruptRecordingException.class, p, size - 3, "data truncated");
    }

    @Test
    void truncatedCompressedDataFailsOnTheFirstReadNamingTheFile() throws IOException {
        Path nii = valid(1, BE);
        Path gz = dir.resolve("short.nii.gz");
        NiftiFixture.truncate(nii, Files.size(nii) - 10);
        NiftiFixture.gzip(nii, gz);
        try (NiftiImage img = NiftiReader.open(gz)) {
            CorruptRecordingException e = assertThrows(CorruptRecordingException.class, () -> img.voxel(0, 0, 0, 0));
            assertEquals(gz, e.file());
            assertTrue(e.getMessage().contains("data truncated"), e.getMessage());
            // The failure is kept: no second decompression.
            assertThrows(CorruptRecordingException.class, () -> img.voxel(1, 0, 0, 0));
            assertEquals(1, img.decompressions());
        }
    }

    @Test
    void aCompressedStreamCutShortIsCorrupt() throws IOException {
        // Random float64 voxels do not compress: cutting the end cuts the data, not the header.
        NiftiHeader h = NiftiHeader.builder().setDatatype(NiftiDataType.FLOAT64).setShape(10, 10, 40).build();
        Path gz = dir.resolve("cut.nii.gz");
        NiftiWriter.write(gz, h, NiftiFixture.randomValues(NiftiDataType.FLOAT64, 4000, 7));
        NiftiFixture.truncate(gz, Files.size(gz) - 20);
        try (NiftiImage img = NiftiReader.open(gz)) {
            CorruptRecordingException e = assertThrows(CorruptRecordingException.class, () -> img.voxel(0, 0, 0));
            assertEquals(gz, e.file());
            assertTrue(e.getMessage().contains("compressed stream is corrupt or truncated"), e.getMessage());
        }
        NiftiFixture.truncate(gz, 100);
        CorruptRecordingException e = assertThrows(CorruptRecordingException.class, () -> NiftiReader.open(gz));
        assertEquals(gz, e.file());
        assertTrue(e.getMessage().contains("compressed stream is corrupt or truncated after"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"1, LE, 3", "2, BE, 3", "1, BE, 0", "2, LE, 4096"})
    void unknownDatatypeIsCorrupt(int version, String o, short code) throws IOException {
        Path p = valid(version, order(o));
        int at = NiftiLayout.of(version).datatype;
        NiftiFixture.patch(p, order(o), at, b -> b.putShort(code));
        refused(CorruptRecordingException.class, p, at, "unknown NIfTI datatype code " + code);
    }

    @ParameterizedTest
    @CsvSource({"32, complex64", "1792, complex128", "128, RGB24", "2304, RGBA32", "1536, float128", "1, binary"})
    void complexAndRgbAreRefusedByName(short code, String name) throws IOException {
        Path p = valid(1, BE);
        NiftiFixture.patch(p, BE, 70, b -> b.putShort(code));
        refused(UnsupportedFormatException.class, p, 70, name);
    }

    @Test
    void extensionRunningPastVoxOffsetIsCorrupt() throws IOException {
        NiftiHeader h = NiftiFixture.small(1, LE).toBuilder()
                .optExtensions(java.util.List.of(new NiftiExtension(6, "note".getBytes()))).build();
        Path p = NiftiFixture.write(dir, "ext.nii", h);
        NiftiFixture.patch(p, LE, 352, b -> b.putInt(4000));
        refused(CorruptRecordingException.class, p, 352, "runs past vox_offset 368");
        NiftiFixture.patch(p, LE, 352, b -> b.putInt(4));
        refused(CorruptRecordingException.class, p, 352, "at least 8");
    }

    @Test
    void mangledNifti2LineEndCheckIsCorrupt() throws IOException {
        Path p = valid(2, LE);
        NiftiFixture.patch(p, LE, 8, b -> b.put((byte) '\n').put((byte) '\n'));
        refused(CorruptRecordingException.class, p, 8, "end-of-line");
    }

    @Test
    void quaternionLongerThanOneIsCorruptWhenItIsTheAffine() throws IOException {
        NiftiHeader h = NiftiFixture.small(1, BE).toBuilder().optQform(1, 0.9, 0.9, 0, 0, 0, 0).build();
        Path p = NiftiFixture.write(dir, "q.nii", h);
        refused(CorruptRecordingException.class, p, 256, "unit quaternion");
        // With an sform in charge the qform is not used, as in nibabel: the file opens.
        Path s = NiftiFixture.write(dir, "qs.nii", h.toBuilder().optSform(1, new double[][] {{1, 0, 0, 0},
            {0, 1, 0, 0}, {0, 0, 1, 0}}).build());
        try (NiftiImage img = NiftiReader.open(s)) {
            assertEquals(1.0, img.affine()[0][0]);
        }
    }

    @Test
    void slopeWithoutAFiniteInterceptIsCorrupt() throws IOException {
        Path p = NiftiFixture.write(dir, "s.nii", NiftiFixture.small(2, LE).toBuilder().optScaling(2, Double.NaN)
                .build());
        refused(CorruptRecordingException.class, p, 184, "scl_inter");
    }

    @Test
    void aPairWithoutItsImageFileShowsItsHeaderAndRefusesToRead() throws IOException {
        Path nii = valid(1, LE);
        byte[] b = Files.readAllBytes(nii);
        byte[] header = java.util.Arrays.copyOf(b, 348);
        header[345] = 'i';
        Path hdr = Files.write(dir.resolve("pair.hdr"), header);
        try (NiftiImage img = NiftiReader.open(hdr)) {
            assertEquals(120, img.voxelCount());
            RecordingException e = assertThrows(RecordingException.class, () -> img.voxel(0, 0, 0, 0));
            assertTrue(e.getMessage().contains("pair.img"), e.getMessage());
        }
        // With the image file present (data at vox_offset 352 of it), the pair reads.
        Files.write(dir.resolve("pair.img"), b);
        try (NiftiImage img = NiftiReader.open(dir.resolve("pair.img"))) {
            assertEquals(59.0, img.voxel(2, 3, 4, 0), "voxel 59 of the ramp");
            assertEquals(false, img.isSingleFile());
        }
        Path lonely = Files.write(dir.resolve("lonely.img"), b);
        RecordingException e = assertThrows(RecordingException.class, () -> NiftiReader.open(lonely));
        assertTrue(e.getMessage().contains("no header file"), e.getMessage());
    }
}
