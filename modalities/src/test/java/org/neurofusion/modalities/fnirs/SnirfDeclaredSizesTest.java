package org.neurofusion.modalities.fnirs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.api.DatasetCreationOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.Recording;

/**
 * Sizes a SNIRF file declares are bounded before jHDF allocates for them (issue 18): object headers that claim more
 * bytes than the file has, datasets whose dataspace claims more values than the file can hold (compressed or not),
 * and a contiguous dataset that claims more values than its own storage (jHDF would read the next object's bytes as
 * values: a silent wrong answer). Each raises a typed error naming the file and the HDF5 path.
 */
class SnirfDeclaredSizesTest {
    @TempDir
    Path dir;

    /** The valid structure of the fuzz target, written with {@code edit} applied, then {@code patch}ed. */
    private Path write(Consumer<Map<String, Object>> edit, java.util.function.UnaryOperator<byte[]> patch)
            throws IOException {
        Path p = dir.resolve("sizes.snirf");
        SnirfFixture.write(p, m -> {
            m.clear();
            m.putAll(SnirfStructureChoices.base());
            edit.accept(m);
        });
        return Files.write(p, patch.apply(Files.readAllBytes(p)));
    }

    private static CorruptRecordingException refused(Path p, String... fragments) {
        CorruptRecordingException e = assertThrows(CorruptRecordingException.class,
                () -> SnirfBadInputTest.readFully(p));
        assertEquals(p, e.file());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + f + "' missing from: " + e.getMessage());
        }
        return e;
    }

    private static byte[] rows(byte[] file, long rows) {
        return SnirfStructureChoices.patchDimension(file, SnirfStructureChoices.ROWS, SnirfStructureChoices.WIDTH, 0,
                rows);
    }

    @Test
    void theUnpatchedStructureReads() throws IOException {
        Path p = write(m -> { }, b -> b);
        try (Recording r = SnirfReader.open(p)) {
            assertEquals(SnirfStructureChoices.ROWS, r.channels().get(0).sampleCount());
            assertEquals(2.5, r.readAll(1)[1]);
        }
    }

    @Test
    void aDataBlockDeclaringMoreRowsThanTheFileHoldsIsRefusedWhenOpened() throws IOException {
        Path p = write(m -> { }, b -> rows(b, 1L << 40));
        CorruptRecordingException e = assertThrows(CorruptRecordingException.class, () -> SnirfReader.open(p));
        assertTrue(e.getMessage().contains("/nirs/data1/dataTimeSeries: declares [1099511627776, 2] values of 8 bytes"
                + " (17592186044416 bytes), more than a file of " + Files.size(p) + " bytes can hold"), e.getMessage());
    }

    @Test
    void aCompressedDataBlockMayHoldMoreThanTheFileButNotWithoutBound() throws IOException {
        DatasetCreationOptions deflate = DatasetCreationOptions.builder().chunkDimensions(4, 2).deflate(6).build();
        Consumer<Map<String, Object>> chunked = m -> m.put("/nirs/data1/dataTimeSeries",
                new SnirfFixture.WithOptions(m.get("/nirs/data1/dataTimeSeries"), deflate));
        Path ok = write(chunked, b -> b);
        try (Recording r = SnirfReader.open(ok)) {
            assertEquals(2.5, r.readAll(1)[1]);
        }
        Path p = write(chunked, b -> rows(b, 1L << 31));
        refused(p, "/nirs/data1/dataTimeSeries: declares [2147483648, 2]", "even compressed 1032 to 1");
    }

    @Test
    void aTimeVectorLongerThanItsStorageIsRefusedInsteadOfReadFromTheNextObject() throws IOException {
        Path p = write(m -> { }, b -> SnirfStructureChoices.patchDimension(b, SnirfStructureChoices.ROWS, -1, 0, 20));
        refused(p, "/nirs/data1/time: declares [20] values of 8 bytes (160 bytes), but its storage holds 104 bytes");
    }

    @Test
    void aNegativeDimensionIsRefused() throws IOException {
        refused(write(m -> { }, b -> rows(b, -1)), "/nirs/data1/dataTimeSeries");
    }

    /**
     * The fuzz finding: an object header whose chunk claims 2,063,597,872 bytes, which jHDF allocated before reading
     * (an OutOfMemoryError under a 256 MB heap).
     */
    @Test
    void anObjectHeaderClaimingGigabytesIsRefusedWithoutAllocatingThem() throws IOException {
        Path p = dir.resolve("header.snirf");
        try (InputStream in = getClass().getResourceAsStream(
                "SnirfFuzzTestInputs/fuzzHdf5Bytes/regression-object-header-chunk-claims-2-GB")) {
            Files.write(p, in.readAllBytes());
        }
        refused(p, "cannot read /nirs", "newLimit > capacity: (2063597872 > 16732)");
    }
    /**
     * A file over 2 GiB is not memory-mapped for jHDF (one Java buffer maps at most 2 GiB), so jHDF reserves what a
     * damaged object header claims before reading it. The same damaged header as above, in a sparse copy grown to
     * 2.5 GiB (the disk holds only the first 17 kB): with the tests' 1 GB heap the 2,063,597,872 bytes cannot be
     * reserved, and the OutOfMemoryError becomes a typed error naming the file and the path; with a heap that can
     * hold them, jHDF reads the zeros and fails on them, again as a typed error.
     */
    @Test
    void aFileOverTwoGibibytesWithAHeaderClaimingGigabytesGivesATypedErrorNotADeadJvm() throws IOException {
        Path p = dir.resolve("header-grown.snirf");
        try (InputStream in = getClass().getResourceAsStream(
                "SnirfFuzzTestInputs/fuzzHdf5Bytes/regression-object-header-chunk-claims-2-GB")) {
            Files.write(p, in.readAllBytes());
        }
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(5L << 29);
        }
        org.neurofusion.core.RecordingException e = assertThrows(org.neurofusion.core.RecordingException.class,
                () -> SnirfBadInputTest.readFully(p));
        assertEquals(p, e.file());
        assertTrue(e.getMessage().contains("cannot read /"), e.getMessage());
        if (Runtime.getRuntime().maxMemory() < 2_063_597_872L) {
            assertTrue(e.getMessage().contains("jHDF asked for more memory than this JVM has (OutOfMemoryError"),
                    e.getMessage());
        }
    }
}
