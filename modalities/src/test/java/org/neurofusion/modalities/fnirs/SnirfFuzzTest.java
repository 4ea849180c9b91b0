package org.neurofusion.modalities.fnirs;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.modalities.FuzzRules;

/**
 * Fuzz targets for SNIRF: the HDF5 bytes themselves mutated (superblock, object headers, heaps, B-trees, data), and
 * valid HDF5 files whose SNIRF structure the fuzzer chooses ({@link SnirfStructureChoices}), both opened through
 * {@code Recordings.open} under {@link FuzzRules}.
 */
class SnirfFuzzTest {
    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "snirf.dict")
    void fuzzHdf5Bytes(byte[] data) {
        FuzzRules.recording("input.snirf", data);
    }

    @FuzzTest(maxDuration = "5m")
    void fuzzStructure(FuzzedDataProvider data) {
        Path dir;
        try {
            dir = Files.createTempDirectory("neurofusion-snirf-structure");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Optional<byte[]> file = SnirfStructureChoices.file(data, dir);
            file.ifPresent(bytes -> FuzzRules.recording("structure.snirf", bytes));
        } finally {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * For the bytes target: the fixture (raw CW, 2 channels, a stimulus) and a file of our writer (6 raw channels,
     * stimuli, an auxiliary series at its own rate). For the structure target: eight fixed pseudo-random inputs (the
     * empty input, which Jazzer always adds, is the valid file).
     */
    @Test
    @EnabledIfSystemProperty(named = FuzzRules.SEEDS_PROPERTY, matches = ".+")
    void writeSeeds(@TempDir Path dir) throws IOException {
        Path fixture = SnirfFixture.write(dir.resolve("fixture.snirf"), m -> { });
        FuzzRules.writeSeed(SnirfFuzzTest.class, "fuzzHdf5Bytes", "seed-fixture-raw-cw", Files.readAllBytes(fixture));
        Path written = dir.resolve("writer.snirf");
        SnirfWriter.write(SnirfWriterTest.raw(), written);
        FuzzRules.writeSeed(SnirfFuzzTest.class, "fuzzHdf5Bytes", "seed-writer-raw-aux", Files.readAllBytes(written));
        for (int i = 0; i < 8; i++) {
            // Fuzzer bytes are choices, hard to write by hand: fixed pseudo-random ones start the search.
            byte[] b = new byte[64];
            new Random(i).nextBytes(b);
            FuzzRules.writeSeed(SnirfFuzzTest.class, "fuzzStructure", "seed-choices-" + i, b);
        }
    }
}
