package org.neurofusion.modalities.fmri;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.neurofusion.core.RecordingException;
import org.neurofusion.core.SharedData;

/**
 * Every NIfTI file of the shared data against what nibabel 5.0.0 reports ({@code expected/fmri/**.json}), and the
 * facts nibabel's own tests assert about {@code example4d.nii.gz}.
 */
class NiftiSharedDataTest {
    static final String EXAMPLE4D = "fmri/nibabel/tests_data/example4d.nii.gz";

    /**
     * The scaling in each file's header as nibabel reads it before loading
     * ({@code Nifti1Header.from_fileobj(f).get_slope_inter()}, equal to {@code img.dataobj.slope, .inter}).
     * The expected JSON holds null for every file because nibabel clears scl_slope and scl_inter in the header
     * of an image it has loaded; these are the values in the files.
     */
    static final Map<String, double[]> SCALING = Map.of(
            "someones_anatomy.nii.gz", new double[] {0.35245904326438904, 6.678363800048828},
            "someones_epi.nii.gz", new double[] {0.37656497955322266, 7.742551803588867},
            "functional.nii", new double[] {0.07540696859359741, 3100.76171875});

    static List<Path> niftiFiles(Path data) throws IOException {
        try (Stream<Path> s = Files.walk(data.resolve("fmri"))) {
            return s.filter(Files::isRegularFile).filter(p -> p.toString().matches(".*\\.(nii|nii\\.gz|hdr)$"))
                    .sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyFileMatchesNibabel() throws IOException {
        Path data = SharedData.require();
        List<Path> files = niftiFiles(data);
        assertEquals(11, files.size(), "NIfTI files in the shared data");
        return files.stream().map(p -> DynamicTest.dynamicTest(data.relativize(p).toString(), () -> {
            Path json = data.resolve("expected").resolve(data.relativize(p) + ".json");
            check(p, new ObjectMapper().readTree(json.toFile()));
        }));
    }

    private static void check(Path file, JsonNode e) {
        try (NiftiImage img = NiftiReader.open(file)) {
            NiftiHeader h = img.header();
            String format = e.get("format").asText();
            assertEquals(format.startsWith("Nifti2") ? 2 : 1, h.version(), "version");
            assertEquals(!format.endsWith("Pair"), img.isSingleFile(), "single file or pair");
            assertArrayEquals(longs(e.get("shape")), img.shape(), "shape");
            double[] zooms = h.zooms();
            assertEquals(e.get("zooms").size(), zooms.length);
            for (int i = 0; i < zooms.length; i++) {
                assertEquals(e.get("zooms").get(i).asDouble(), zooms[i], 1e-12, "zoom " + i);
            }
            assertEquals(e.get("datatype").asText(), h.datatype().numpyTypeString(h.byteOrder()), "datatype");
            double[][] affine = img.affine();
            for (int r = 0; r < 4; r++) {
                for (int c = 0; c < 4; c++) {
                    assertEquals(e.get("affine").get(r).get(c).asDouble(), affine[r][c], 1e-5, "affine " + r + c);
                }
            }
            assertEquals(e.get("xyzt_units").get(0).asText(), h.spatialUnit());
            assertEquals(e.get("xyzt_units").get(1).asText(), h.timeUnit());
            assertEquals(e.get("descrip").asText(), h.descrip());
            assertEquals(e.get("qform_code").asInt(), h.qformCode());
            assertEquals(e.get("sform_code").asInt(), h.sformCode());
            checkScaling(file, e, h);
            JsonNode d = e.get("data");
            if (d == null || d.isNull()) {
                // A header-only pair: the header reads, the missing image file is a typed error on first read.
                RecordingException x = assertThrows(RecordingException.class, () -> img.voxel(0, 0, 0));
                assertTrue(x.getMessage().contains(".img"), x.getMessage());
                return;
            }
            checkData(img, d);
        }
    }

    private static void checkScaling(Path file, JsonNode e, NiftiHeader h) {
        assertTrue(e.get("scl_slope").isNull() && e.get("scl_inter").isNull(), "nibabel reports null after load");
        double[] s = SCALING.getOrDefault(file.getFileName().toString(), new double[] {1.0, 0.0});
        assertEquals(s[0], h.slope().orElseThrow(), 1e-15, "scl_slope in the file");
        assertEquals(s[1], h.intercept().orElseThrow(), 1e-12, "scl_inter in the file");
    }

    /** Sum, min, max, non-zero and NaN counts of the scaled data, read in stretches as a caller would. */
    private static void checkData(NiftiImage img, JsonNode d) {
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        long nonzero = 0;
        long nan = 0;
        double[] buf = new double[10_000];
        for (long at = 0; at < img.voxelCount(); at += buf.length) {
            int n = (int) Math.min(buf.length, img.voxelCount() - at);
            img.read(at, buf, 0, n);
            for (int i = 0; i < n; i++) {
                double v = buf[i];
                if (Double.isNaN(v)) {
                    nan++;
                    continue;
                }
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
                nonzero += v != 0 ? 1 : 0;
            }
        }
        assertEquals(d.get("sum").asDouble(), sum, Math.abs(sum) * 1e-12 + 1e-9, "sum");
        assertEquals(d.get("min").asDouble(), min, 0, "min");
        assertEquals(d.get("max").asDouble(), max, 0, "max");
        assertEquals(d.get("nonzero").asLong(), nonzero, "non-zero voxels");
        assertEquals(d.get("nan").asLong(), nan, "NaN voxels");
    }

    private static long[] longs(JsonNode a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asLong();
        }
        return out;
    }

    @Test
    void example4dFactsFromNibabelsTests() {
        try (NiftiImage img = NiftiReader.open(SharedData.require(EXAMPLE4D))) {
            NiftiHeader h = img.header();
            assertEquals(NiftiDataType.INT16, h.datatype());
            assertArrayEquals(new long[] {128, 96, 24, 2}, img.shape());
            assertEquals(2000.0, h.zooms()[3]);
            assertEquals("sec", h.timeUnit());
            assertEquals(2000.0, h.repetitionTimeSeconds().orElseThrow(), "zooms[3] in the file's unit, as nibabel");
            assertEquals(1, h.qformCode());
            assertEquals(1, h.sformCode());
            assertEquals("FSL3.3", h.descrip(), "cut at the NUL that follows FSL3.3");
            assertEquals(2, h.extensions().size());
            assertEquals(6, h.extensions().get(0).code());
            assertEquals("extcomment1", h.extensions().get(0).text());
            assertEquals(6, h.extensions().get(1).code());
            assertEquals("extlongcomment2", h.extensions().get(1).text());
            assertEquals(416, h.voxOffset());
            assertEquals(ByteOrder.LITTLE_ENDIAN, h.byteOrder());
            assertTrue(img.isCompressed());
        }
    }

    @Test
    void anatomicalIsBigEndian() {
        try (NiftiImage img = NiftiReader.open(SharedData.require("fmri/nibabel/tests_data/anatomical.nii"))) {
            assertEquals(ByteOrder.BIG_ENDIAN, img.header().byteOrder());
            assertEquals(NiftiDataType.INT16, img.header().datatype());
            assertFalse(img.isCompressed());
        }
    }

    @Test
    void example4dDecompressesOnceWhateverIsRead() {
        Path tmp;
        try (NiftiImage img = NiftiReader.open(SharedData.require(EXAMPLE4D))) {
            assertEquals(0, img.decompressions(), "opening reads the header only");
            double[] ts = img.timeSeries(64, 48, 12);
            double[] region = img.readRegion(new long[] {60, 40, 10, 0}, new long[] {5, 4, 3, 2});
            double v = img.voxel(64, 48, 12, 1);
            assertEquals(1, img.decompressions());
            tmp = img.temporaryFile();
            assertNotNull(tmp);
            assertTrue(Files.exists(tmp));
            long volume = 128L * 96 * 24;
            long linear = 64 + 128L * (48 + 96L * 12);
            double[] one = new double[1];
            for (int t = 0; t < 2; t++) {
                img.read(linear + t * volume, one, 0, 1);
                assertEquals(one[0], ts[t], 0, "time series point " + t);
            }
            assertEquals(ts[1], v, 0);
            assertTrue(ts[0] > 0, "a voxel inside the brain");
            int at = 0;
            for (int t = 0; t < 2; t++) {
                for (int k = 10; k < 13; k++) {
                    for (int j = 40; j < 44; j++) {
                        for (int i = 60; i < 65; i++) {
                            assertEquals(img.voxel(i, j, k, t), region[at++], 0, "region voxel " + i + "," + j + "," + k);
                        }
                    }
                }
            }
            assertEquals(1, img.decompressions(), "every read used the one decompressed copy");
        }
        assertFalse(Files.exists(tmp), "the temporary copy is deleted on close");
    }

    @Test
    void readingAfterCloseIsRefused() {
        NiftiImage img = NiftiReader.open(SharedData.require("fmri/nibabel/tests_data/functional.nii"));
        img.close();
        img.close();
        assertThrows(IllegalStateException.class, () -> img.voxel(0, 0, 0, 0));
    }

    @Test
    void recognisesNiftiBySignatureOnly() throws IOException {
        Path data = SharedData.require();
        for (Path p : niftiFiles(data)) {
            assertTrue(NiftiReader.recognizes(p), p.toString());
        }
        assertFalse(NiftiReader.recognizes(data.resolve("README.md")));
        assertFalse(NiftiReader.recognizes(data.resolve("fmri")));
    }
}
