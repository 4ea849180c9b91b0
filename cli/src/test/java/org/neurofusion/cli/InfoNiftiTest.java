package org.neurofusion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.SharedData;
import org.neurofusion.modalities.Recordings;
import org.neurofusion.modalities.fmri.NiftiDataType;
import org.neurofusion.modalities.fmri.NiftiExtension;
import org.neurofusion.modalities.fmri.NiftiHeader;
import org.neurofusion.modalities.fmri.NiftiWriter;

/** {@code info} on NIfTI images: the header as nibabel names it, recognised by signature whatever the name. */
class InfoNiftiTest {
    @TempDir
    Path dir;

    private static JsonNode json(CliRun r) throws IOException {
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.err());
        return new ObjectMapper().readTree(r.out());
    }

    /** A NIfTI-2 big-endian scaled image with a qform only, under a name that does not say NIfTI. */
    private Path synthetic() {
        NiftiHeader h = NiftiHeader.builder().setDatatype(NiftiDataType.INT16).setShape(3, 4, 5, 6).optVersion(2)
                .optByteOrder(ByteOrder.BIG_ENDIAN).optZooms(2, 2, 3, 1500).optXyztUnits(2 + 16)
                .optScaling(0.5, 10).optQform(1, 0, 0, 1, 1, 2, 3).optDescrip("synthetic run")
                .optExtensions(List.of(new NiftiExtension(6, "hello".getBytes()))).build();
        Path p = dir.resolve("scan.nii.gz");
        NiftiWriter.write(p, h, new double[360]);
        Path renamed = dir.resolve("scan.data");
        try {
            Files.move(p, renamed);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return renamed;
    }

    @Test
    void jsonOfASyntheticImage() throws IOException {
        JsonNode j = json(CliRun.run(Recordings::open, "info", "--json", synthetic().toString()));
        assertEquals("NIfTI-2", j.get("format").asText());
        assertTrue(j.get("compressed").asBoolean(), "gzip found by its magic, not its name");
        assertEquals("[3,4,5,6]", j.get("shape").toString());
        assertEquals("[2.0,2.0,3.0,1500.0]", j.get("zooms").toString());
        assertEquals("int16", j.get("datatype").asText());
        assertEquals("big", j.get("byte_order").asText());
        assertEquals("[\"mm\",\"msec\"]", j.get("xyzt_units").toString());
        assertEquals(1.5, j.get("tr_s").asDouble(), 1e-12);
        assertEquals(0.5, j.get("scl_slope").asDouble());
        assertEquals(10.0, j.get("scl_inter").asDouble());
        assertEquals("synthetic run", j.get("descrip").asText());
        assertEquals(0, j.get("sform_code").asInt());
        assertEquals(1, j.get("qform_code").asInt());
        // qform of a 180° turn about z: x and y flip, offset (1, 2, 3).
        assertEquals("[[-2.0,0.0,0.0,1.0],[0.0,-2.0,0.0,2.0],[0.0,0.0,3.0,3.0],[0.0,0.0,0.0,1.0]]",
                j.get("affine").toString());
        assertEquals(6, j.get("extensions").get(0).get("code").asInt());
        assertEquals("hello", j.get("extensions").get(0).get("text").asText());
        assertEquals(544 + 16, j.get("vox_offset").asLong());
    }

    @Test
    void example4dAsNibabelReportsIt() throws IOException {
        Path p = SharedData.require("fmri/nibabel/tests_data/example4d.nii.gz");
        JsonNode j = json(CliRun.run(Recordings::open, "info", "--json", p.toString()));
        assertEquals("NIfTI-1", j.get("format").asText());
        assertEquals("[128,96,24,2]", j.get("shape").toString());
        assertEquals(2.1999990940093994, j.get("zooms").get(2).asDouble());
        assertEquals(2000.0, j.get("zooms").get(3).asDouble());
        assertEquals("int16", j.get("datatype").asText());
        double[][] nibabel = {{-2.0, 0.0, 0.0, 117.855103}, {-0.0, 1.973711, -0.355528, -35.722942},
            {0.0, 0.323208, 2.171082, -7.248798}, {0, 0, 0, 1}};
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                assertEquals(nibabel[r][c], j.get("affine").get(r).get(c).asDouble(), 1e-5);
            }
        }
        assertEquals("[\"mm\",\"sec\"]", j.get("xyzt_units").toString());
        // The file's header holds slope 1 and intercept 0 (nibabel's get_slope_inter() on it says (1.0, 0.0)).
        assertEquals(1.0, j.get("scl_slope").asDouble());
        assertEquals(0.0, j.get("scl_inter").asDouble());
        assertEquals("FSL3.3", j.get("descrip").asText());
        assertEquals(2, j.get("extensions").size());
        assertEquals("extcomment1", j.get("extensions").get(0).get("text").asText());
    }

    @Test
    void unscaledImagesReportNullScaling() throws IOException {
        NiftiHeader h = NiftiHeader.builder().setDatatype(NiftiDataType.UINT8).setShape(2, 2, 2).build();
        Path p = dir.resolve("u8.nii");
        NiftiWriter.write(p, h, new double[8]);
        JsonNode j = json(CliRun.run(Recordings::open, "info", "--json", p.toString()));
        assertTrue(j.get("scl_slope").isNull(), "NaN slope: unscaled");
        assertTrue(j.get("scl_inter").isNull());
        assertTrue(j.get("tr_s").isNull(), "3-D: no TR");
        assertEquals("[[-1.0,0.0,0.0,0.5],[0.0,1.0,0.0,-0.5],[0.0,0.0,1.0,-0.5],[0.0,0.0,0.0,1.0]]",
                j.get("affine").toString(), "nibabel's fall-back affine");
    }

    @Test
    void textSummaryAndTypedErrors() throws IOException {
        Path p = synthetic();
        CliRun r = CliRun.run(Recordings::open, "info", p.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("NIfTI-2, single file, gzip, big-endian"), r.out());
        assertTrue(r.out().contains("[3, 4, 5, 6] int16"), r.out());
        assertTrue(r.out().contains("qform, code 1"), r.out());
        assertTrue(r.out().contains("TR         1.5 s"), r.out());
        Path bad = dir.resolve("bad.nii");
        byte[] b;
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(p))) {
            b = in.readAllBytes();
        }
        b[16 + 7] = 9; // dim[0] = 9 (big-endian int64 at byte 16)
        Files.write(bad, b);
        CliRun fail = CliRun.run(Recordings::open, "info", "--json", bad.toString());
        assertEquals(1, fail.exitCode());
        assertEquals(1, fail.errLines().length, fail.err());
        assertTrue(fail.err().contains(bad + " at byte 16: dim[0] is 9"), fail.err());
    }
}
