package org.neurofusion.modalities.fmri;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.modalities.FuzzRules;

/**
 * Fuzz target for single-file NIfTI-1 and NIfTI-2 images, plain or gzip (the reader decides by the magic, not the
 * name), through {@link NiftiReader}: open, the affine, every voxel read twice.
 */
class NiftiFuzzTest {
    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "nifti.dict")
    void fuzzNifti(byte[] data) {
        FuzzRules.nifti("input.nii", data);
    }

    /** The fixture's 3 × 4 × 5 × 2 int16 image as NIfTI-1 little-endian, NIfTI-2 big-endian, and gzip. */
    @Test
    @EnabledIfSystemProperty(named = FuzzRules.SEEDS_PROPERTY, matches = ".+")
    void writeSeeds(@TempDir Path dir) throws IOException {
        Path one = NiftiFixture.write(dir, "one.nii", NiftiFixture.small(1, ByteOrder.LITTLE_ENDIAN));
        Path two = NiftiFixture.write(dir, "two.nii", NiftiFixture.small(2, ByteOrder.BIG_ENDIAN));
        Path gz = dir.resolve("one.nii.gz");
        NiftiFixture.gzip(one, gz);
        FuzzRules.writeSeed(NiftiFuzzTest.class, "fuzzNifti", "seed-nifti1-le", Files.readAllBytes(one));
        FuzzRules.writeSeed(NiftiFuzzTest.class, "fuzzNifti", "seed-nifti2-be", Files.readAllBytes(two));
        FuzzRules.writeSeed(NiftiFuzzTest.class, "fuzzNifti", "seed-nifti1-gzip", Files.readAllBytes(gz));
    }
}
