package org.neurofusion.modalities.fmri;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.modalities.FuzzRules;

/**
 * Fuzz targets for NIfTI-1 and NIfTI-2 images through {@link NiftiReader}: single files, plain or gzip (the reader
 * decides by the magic, not the name), and either half of a {@code .hdr}/{@code .img} pair; open, the affine, every
 * voxel read twice.
 */
class NiftiFuzzTest {
    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "nifti.dict")
    void fuzzNifti(byte[] data) {
        FuzzRules.nifti("input.nii", data);
    }

    /**
     * The header of a {@code .hdr}/{@code .img} pair, its image file valid (the fixture's NIfTI-1 little-endian image
     * as a pair: the header's 348 bytes with magic {@code ni1}, the image file the whole {@code .nii}, whose data lie
     * at {@code vox_offset} 352 of it); the pair is opened by its {@code .hdr}.
     */
    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "nifti.dict")
    void fuzzPairHeader(byte[] header) {
        FuzzRules.nifti(Map.of("pair.hdr", header, "pair.img", PAIR_IMAGE), "pair.hdr", "pair.hdr");
    }

    /** The image file of a pair whose header is valid (as above); the pair is opened by its {@code .img}. */
    @FuzzTest(maxDuration = "5m")
    void fuzzPairImage(byte[] image) {
        FuzzRules.nifti(Map.of("pair.hdr", PAIR_HEADER, "pair.img", image), "pair.img", "pair.img");
    }

    private static final byte[] PAIR_IMAGE = single();
    private static final byte[] PAIR_HEADER = pairHeader(PAIR_IMAGE);

    private static byte[] single() {
        try {
            Path dir = Files.createTempDirectory("neurofusion-nifti-pair");
            try {
                Path one = NiftiFixture.write(dir, "one.nii", NiftiFixture.small(1, ByteOrder.LITTLE_ENDIAN));
                byte[] b = Files.readAllBytes(one);
                Files.delete(one);
                return b;
            } finally {
                Files.delete(dir);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The first 348 bytes of a NIfTI-1 single file with its magic {@code n+1} made {@code ni1}. */
    private static byte[] pairHeader(byte[] nii) {
        byte[] h = Arrays.copyOf(nii, 348);
        h[345] = 'i';
        return h;
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
        FuzzRules.writeSeed(NiftiFuzzTest.class, "fuzzPairHeader", "seed-nifti1-le-pair-header", PAIR_HEADER);
        FuzzRules.writeSeed(NiftiFuzzTest.class, "fuzzPairImage", "seed-nifti1-le-pair-image", PAIR_IMAGE);
    }
}
