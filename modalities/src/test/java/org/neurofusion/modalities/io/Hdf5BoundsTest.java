package org.neurofusion.modalities.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.checksum.ChecksumUtils;
import io.jhdf.filter.Filter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.CorruptRecordingException;

/**
 * The edges of {@link Hdf5Bounds}: each test puts a dataset exactly on one side of a bound, so that moving the bound
 * by one changes the answer. Files are written by jHDF with one dataset {@code /d}; where a size must lie, the
 * dataset's dataspace message is rewritten in the file's bytes (HDF5 File Format Specification 3.0: a version 2
 * object header "OHDR", its messages of type, size and flags, the dataspace message (type 1) holding the rank and
 * 8-byte dimensions, and a Jenkins lookup3 checksum closing the chunk, recomputed after the edit). The expected
 * values are counted by hand:
 *
 * <ul>
 *   <li>a dataset declares dimensions × the datatype's size bytes: 13 doubles are 104 bytes, 129 doubles are 1032;
 *   <li>uncompressed, no more than the file's size is allowed; filtered, 1032 times the file's size (deflate's
 *       greatest ratio), saturating at 2⁶³ − 1. 2⁶³ − 1 = 1032 × 8,937,376,004,704,240 + 127, so a file of
 *       8,937,376,004,704,240 bytes allows 2⁶³ − 1 − 127 bytes and one byte more saturates;
 *   <li>the byte count must not pass 2⁶³ − 1: (2⁶³ − 1) / 8 = 1,152,921,504,606,846,975 doubles take 2⁶³ − 8 bytes,
 *       one more double passes 2⁶³;
 *   <li>a zero dimension is an empty dataset of 0 bytes, not a negative size;
 *   <li>HDF5's scale-offset filter (id 6) carries the chunk's number of values as its third parameter: 4 for a
 *       chunk of 4 values;
 *   <li>one Java buffer maps at most 2³¹ − 1 bytes: a file of exactly that size is memory-mapped (jHDF reads it
 *       "in memory"), one byte more is read from the file.
 * </ul>
 */
class Hdf5BoundsTest {
    /** 2⁶³ − 1 divided by deflate's greatest ratio, 1032 (remainder 127). */
    private static final long SATURATION = 8_937_376_004_704_240L;

    @TempDir
    Path dir;

    /** A stand-in for the scale-offset filter when writing: jHDF writes its id and parameters, the data as given. */
    private static final Filter SCALE_OFFSET_PARAMETERS = new Filter() {
        @Override
        public int getId() {
            return 6;
        }

        @Override
        public String getName() {
            return "scaleoffset";
        }

        @Override
        public byte[] decode(byte[] data, int[] parameters) {
            return data;
        }

        @Override
        public byte[] encode(byte[] data, int[] parameters) {
            return data;
        }
    };

    private Path write(String name, Object data, DatasetCreationOptions options) {
        Path p = dir.resolve(name);
        try (WritableHdfFile h = HdfFile.write(p)) {
            h.putDataset("d", data, options);
        }
        return p;
    }

    private Path write(String name, Object data) {
        return write(name, data, DatasetCreationOptions.DEFAULT);
    }

    /** Runs {@link Hdf5Bounds#checkDataset} on {@code /d} of {@code p}, as if the file were {@code fileSize} bytes. */
    private static void check(Path p, long fileSize) {
        try (HdfFile h = Hdf5Bounds.open(p)) {
            Dataset d = h.getDatasetByPath("/d");
            Hdf5Bounds.checkDataset(p, fileSize, d);
        }
    }

    private static void refused(Path p, long fileSize, String message) {
        CorruptRecordingException e = assertThrows(CorruptRecordingException.class, () -> check(p, fileSize));
        assertEquals(p, e.file());
        assertTrue(e.getMessage().contains(message), "'" + message + "' missing from: " + e.getMessage());
    }

    /**
     * Rewrites the dimensions of {@code /d}'s dataspace message to {@code dims} (same rank) and recomputes the
     * object header's checksum.
     */
    private static Path patchDimensions(Path p, long... dims) throws IOException {
        long address;
        try (HdfFile h = new HdfFile(p)) {
            address = h.getDatasetByPath("/d").getAddress();
        }
        byte[] all = Files.readAllBytes(p);
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int start = Math.toIntExact(address);
        assertEquals(0x5244484f, b.getInt(start), "OHDR signature");
        assertEquals(2, b.get(start + 4), "object header version");
        int flags = b.get(start + 5) & 0xff;
        // optional times (16 bytes) and attribute phase change values (4 bytes), then the size of chunk 0
        int at = start + 6 + ((flags & 0x20) != 0 ? 16 : 0) + ((flags & 0x10) != 0 ? 4 : 0);
        int sizeBytes = 1 << (flags & 3);
        long size = 0;
        for (int k = sizeBytes - 1; k >= 0; k--) {
            size = size << 8 | (all[at + k] & 0xff);
        }
        int end = Math.toIntExact(at + sizeBytes + size);
        int message = at + sizeBytes;
        int header = 4 + ((flags & 0x04) != 0 ? 2 : 0);
        while ((all[message] & 0xff) != 1) {
            message += header + (b.getShort(message + 1) & 0xffff);
            assertTrue(message < end, "no dataspace message");
        }
        int body = message + header;
        int version = all[body];
        assertEquals(dims.length, all[body + 1], "rank");
        // version 1: version, rank, flags, 5 reserved bytes; version 2: version, rank, flags, type
        int first = body + (version == 1 ? 8 : 4);
        for (int i = 0; i < dims.length; i++) {
            b.putLong(first + 8 * i, dims[i]);
        }
        b.putInt(end, ChecksumUtils.checksum(Arrays.copyOfRange(all, start, end)));
        return Files.write(p, all);
    }

    @Test
    void anUncompressedDatasetMayDeclareExactlyTheFileSize() {
        Path p = write("exact.h5", new double[13]);
        check(p, 104);
        refused(p, 103, "/d: declares [13] values of 8 bytes (104 bytes), more than a file of 103 bytes can hold");
    }

    @Test
    void aFilteredDatasetAndItsChunksMayDeclareExactly1032TimesTheFileSize() {
        DatasetCreationOptions deflate = DatasetCreationOptions.builder().chunkDimensions(129).deflate().build();
        Path p = write("deflated.h5", new double[129], deflate);
        check(p, 1);
        Path more = write("more.h5", new double[130], DatasetCreationOptions.builder().chunkDimensions(130).deflate()
                .build());
        refused(more, 1, "/d: declares [130] values of 8 bytes (1040 bytes), more than a file of 1 bytes can hold"
                + " even compressed 1032 to 1");
    }

    @Test
    void aChunkMayDeclareExactly1032TimesTheFileSize() throws IOException {
        // written as 129 values in one chunk of 129 (1032 bytes), then declared as 100 values (800 bytes): HDF5
        // allows chunks larger than the dataset (an extendible one that shrank), and only the chunk is at the bound
        Path p = patchDimensions(write("chunk.h5", new double[129], DatasetCreationOptions.builder()
                .chunkDimensions(129).deflate().build()), 100);
        check(p, 1);
        Path more = patchDimensions(write("chunk-more.h5", new double[130], DatasetCreationOptions.builder()
                .chunkDimensions(130).deflate().build()), 100);
        refused(more, 1, "/d: declares chunks of [130] values of 8 bytes (1040 bytes), more than a file of 1 bytes"
                + " can hold even compressed 1032 to 1");
    }

    @Test
    void theFilteredLimitSaturatesOnlyPast2To63Minus1() throws IOException {
        Path p = patchDimensions(write("saturated.h5", new byte[8], DatasetCreationOptions.builder()
                .chunkDimensions(8).deflate().build()), Long.MAX_VALUE);
        // 1032 × SATURATION = 2^63 - 1 - 127 < 2^63 - 1 bytes declared
        refused(p, SATURATION, "/d: declares [9223372036854775807] values of 1 bytes (9223372036854775807 bytes),"
                + " more than a file of 8937376004704240 bytes can hold even compressed 1032 to 1");
        // one byte more of file: 1032 × (SATURATION + 1) passes 2^63 - 1, the limit saturates there and is met
        check(p, SATURATION + 1);
    }

    @Test
    void aZeroDimensionIsAnEmptyDatasetNotANegativeSize() throws IOException {
        Path p = patchDimensions(write("empty.h5", new double[2][3]), 0, 3);
        check(p, Files.size(p));
        patchDimensions(p, 3, 0);
        check(p, Files.size(p));
        patchDimensions(p, -1, 3);
        refused(p, Files.size(p), "/d: its dimensions [-1, 3] include a negative size");
    }

    @Test
    void byteCountsUpTo2To63Minus1AreComparedAndLargerOnesRefusedAsOverflow() throws IOException {
        Path p = patchDimensions(write("big.h5", new double[2]), Long.MAX_VALUE / 8);
        refused(p, Files.size(p), "/d: declares [1152921504606846975] values of 8 bytes (9223372036854775800 bytes),"
                + " more than a file of " + Files.size(p) + " bytes can hold");
        patchDimensions(p, Long.MAX_VALUE / 8 + 1);
        refused(p, Files.size(p), "/d: its dimensions [1152921504606846976] multiply past 2^63 bytes");
    }

    @Test
    void theScaleOffsetFilterMustCountTheChunksValuesInItsThirdParameter() throws IOException {
        // jHDF reads filter id 6 only once neurofusion's decoder is registered (SnirfReader's class initialiser).
        try {
            Class.forName("org.neurofusion.modalities.fnirs.SnirfReader");
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
        Path p = write("so.h5", new double[4], scaleOffset(0, 0, 4));
        check(p, Files.size(p));
        Path wrong = write("so-wrong.h5", new double[4], scaleOffset(0, 0, 5));
        refused(wrong, Files.size(wrong),
                "/d: the scale-offset filter's parameters [0, 0, 5] do not give the chunk's 4 values");
        Path shortList = write("so-short.h5", new double[4], scaleOffset(0, 0));
        refused(shortList, Files.size(shortList),
                "/d: the scale-offset filter's parameters [0, 0] do not give the chunk's 4 values");
    }

    private static DatasetCreationOptions scaleOffset(int... parameters) {
        return DatasetCreationOptions.builder().chunkDimensions(4).filter(SCALE_OFFSET_PARAMETERS, parameters).build();
    }

    @Test
    void filesOfUpTo2To31Minus1BytesAreMemoryMappedLargerOnesAreNot() throws IOException {
        Path p = write("mapped.h5", new double[1]);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(Integer.MAX_VALUE);
        }
        try (HdfFile h = Hdf5Bounds.open(p)) {
            assertTrue(h.inMemory());
        }
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(Integer.MAX_VALUE + 1L);
        }
        try (HdfFile h = Hdf5Bounds.open(p)) {
            assertFalse(h.inMemory());
        }
    }
}
