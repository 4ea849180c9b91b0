package org.neurofusion.datasets.shin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.RecordingException;

/**
 * The MAT files the fuzzer found making MFL or jHDF allocate what a damaged size claims (up to 1.8 GB from a file
 * of 642 bytes): each is now refused by {@link MatFiles#read}, through the MAT 5 and HDF5 bounds of
 * {@code modalities.io}, with a typed error naming the file and the size that cannot be right, before the library
 * reserves anything. Before the bounds the first four threw OutOfMemoryError (heap or direct buffer) with 256 MB of
 * heap, and the v7.3 object headers made jHDF allocate 336 MB or fail with OutOfMemoryError.
 */
class MatFilesDamageTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "fuzzMat5/regression-v5-char-data-claims-1.8gb-direct-buffer|cnt|byte",
        "fuzzMat5/regression-v5-compressed-variable-inflates-to-77mb-claim|cnt|byte",
        "fuzzMat5/regression-v5-numeric-data-claims-1.2gb-direct-buffer|cnt|byte",
        "fuzzMat5/regression-v5-struct-field-names-claim-gigabytes|cnt|byte",
        "fuzzMat73/regression-v73-object-header-v1-size-out-of-memory|cnt|newLimit > capacity",
        "fuzzMat73/regression-v73-object-header-v2-size-336mb|cnt|newLimit > capacity",
    })
    void aSizeTheFileCannotHoldIsRefusedBeforeTheLibraryAllocatesIt(String input, String variable, String fragment)
            throws IOException {
        Path f = dir.resolve("input.mat");
        try (InputStream in = getClass().getResourceAsStream("MatFuzzTestInputs/" + input)) {
            Files.write(f, in.readAllBytes());
        }
        RecordingException e = assertThrows(RecordingException.class,
                () -> MatFiles.read(f, variable, n -> Bbci.cnt(n)));
        assertInstanceOf(CorruptRecordingException.class, e, e.getMessage());
        assertEquals(f, e.file());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
    /**
     * A v7.3 file over 2 GiB is not memory-mapped for jHDF, so jHDF reserves what a damaged object header claims
     * before reading it: the first v7.3 input above, in a sparse copy grown to 2.5 GiB (the disk holds its few kB).
     * Whatever jHDF then does, reserving more than the heap has or reading the zeros, the caller gets a typed error
     * naming the file, never an OutOfMemoryError.
     */
    @Test
    void aV73FileOverTwoGibibytesWithADamagedHeaderGivesATypedError() throws IOException {
        Path f = dir.resolve("grown.mat");
        try (InputStream in = getClass().getResourceAsStream(
                "MatFuzzTestInputs/fuzzMat73/regression-v73-object-header-v1-size-out-of-memory")) {
            Files.write(f, in.readAllBytes());
        }
        try (java.io.RandomAccessFile r = new java.io.RandomAccessFile(f.toFile(), "rw")) {
            r.setLength(5L << 29);
        }
        RecordingException e = assertThrows(RecordingException.class,
                () -> MatFiles.read(f, "cnt", n -> Bbci.cnt(n)));
        assertEquals(f, e.file());
        // with the tests' 1 GB heap (measured): "cannot read variable 'cnt': jHDF asked for more memory than this JVM
        // has (OutOfMemoryError: Java heap space): ..."
        assertTrue(e.getMessage().contains("cannot read variable 'cnt': jHDF asked for more memory than this JVM has")
                || e instanceof CorruptRecordingException, e.getMessage());
    }
}
