package org.neurofusion.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SharedData;
import org.neurofusion.modalities.Recordings;
import org.neurofusion.modalities.fmri.NiftiDataType;
import org.neurofusion.modalities.fmri.NiftiHeader;
import org.neurofusion.modalities.fmri.NiftiImage;
import org.neurofusion.modalities.fmri.NiftiReader;
import org.neurofusion.modalities.fmri.NiftiWriter;
import org.neurofusion.modalities.fmri.Parcellation;
import org.neurofusion.modalities.io.NpyReader;

/** {@code convert} on NIfTI images: the voxels as NumPy reads them, and parcel time series under an atlas. */
class ConvertNiftiTest {
    private static final double[][] AFFINE = {{0, -3, 0, 40}, {2, 0, 0, -20}, {0, 0, 2.5, 7}};

    @TempDir
    Path dir;

    /** A scaled 4 × 3 × 2 × 5 int16 BOLD image, TR 2 s, whose stored value is its file position. */
    private Path bold() {
        NiftiHeader h = NiftiHeader.builder().setDatatype(NiftiDataType.INT16).setShape(4, 3, 2, 5)
                .optZooms(2, 3, 2.5, 2).optXyztUnits(2 + 8).optScaling(0.5, 100).optSform(1, AFFINE).build();
        double[] v = new double[120];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        Path p = dir.resolve("bold.nii.gz");
        NiftiWriter.write(p, h, v);
        return p;
    }

    /** The dictionary of a .npy header and the float64 data after it. */
    private static String npyHeader(byte[] b) {
        int len = ByteBuffer.wrap(b, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
        return new String(b, 10, len, StandardCharsets.US_ASCII);
    }

    private static double[] npyData(byte[] b) {
        int start = 10 + npyHeader(b).length();
        double[] v = new double[(b.length - start) / 8];
        ByteBuffer.wrap(b, start, b.length - start).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(v);
        return v;
    }

    @Test
    void voxelsAreWrittenScaledInFortranOrderWithTheImagesShape() throws IOException {
        Path out = dir.resolve("bold.npy");
        CliRun r = CliRun.run(Recordings::open, "convert", bold().toString(), out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("(4, 3, 2, 5) float64 (Fortran order)"), r.out());
        byte[] b = Files.readAllBytes(out);
        assertTrue(npyHeader(b).startsWith("{'descr': '<f8', 'fortran_order': True, 'shape': (4, 3, 2, 5), }"),
                npyHeader(b));
        double[] v = npyData(b);
        assertEquals(120, v.length);
        for (int i = 0; i < 120; i++) {
            // numpy's a[x, y, z, t] sits at file position x + 4 * (y + 3 * (z + 2 * t)): the stored value.
            assertEquals(i * 0.5 + 100, v[i], 0, "position " + i);
        }
    }

    @Test
    void example4dConvertsToNibabelsArray() throws IOException {
        Path p = SharedData.require("fmri/nibabel/tests_data/example4d.nii.gz");
        Path out = dir.resolve("ex.npy");
        CliRun r = CliRun.run(Recordings::open, "convert", p.toString(), out.toString());
        assertEquals(0, r.exitCode(), r.err());
        byte[] b = Files.readAllBytes(out);
        assertTrue(npyHeader(b).contains("'fortran_order': True, 'shape': (128, 96, 24, 2)"), npyHeader(b));
        double sum = 0;
        double max = 0;
        long nonzero = 0;
        for (double x : npyData(b)) {
            sum += x;
            max = Math.max(max, x);
            nonzero += x != 0 ? 1 : 0;
        }
        // nibabel 5.0.0 (expected/fmri/nibabel/tests_data/example4d.nii.gz.json).
        assertEquals(101985356.0, sum, 0);
        assertEquals(1162.0, max);
        assertEquals(229725, nonzero);
    }

    @Test
    void atlasGivesParcelsByVolumes() throws IOException {
        Path bold = bold();
        Path atlas = dir.resolve("atlas.nii");
        double[] labels = new double[24];
        for (int i = 0; i < 24; i++) {
            labels[i] = i % 4 == 0 ? 0 : i < 12 ? 5 : 2;
        }
        NiftiWriter.write(atlas, NiftiHeader.builder().setDatatype(NiftiDataType.UINT8).setShape(4, 3, 2)
                .optSform(1, AFFINE).build(), labels);
        Path out = dir.resolve("parcels.npy");
        CliRun r = CliRun.run(Recordings::open, "convert", bold.toString(), "--atlas", atlas.toString(),
                out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("2 parcels × 5 volumes at 0.5 Hz (no (same grid))"), r.out());
        try (NpyReader npy = NpyReader.open(out); NiftiImage b = NiftiReader.open(bold);
                NiftiImage l = NiftiReader.open(atlas)) {
            assertEquals(2, npy.rows());
            assertEquals(5, npy.columns());
            Recording expected = Parcellation.parcelMeans(b, l, Map.of());
            for (int row = 0; row < 2; row++) {
                assertArrayEquals(expected.readAll(row), npy.readRow(row), 0);
            }
            // Label 2 (row 0) covers positions 13-15, 17-19, 21-23 of each volume: stored mean 18 + 24 t.
            for (int t = 0; t < 5; t++) {
                assertEquals((18 + 24 * t) * 0.5 + 100, npy.readRow(0)[t], 1e-12);
            }
        }
    }

    @Test
    void refusesOptionsThatDoNotApply() throws IOException {
        Path bold = bold();
        CliRun snirf = CliRun.run(Recordings::open, "convert", bold.toString(), dir.resolve("x.snirf").toString());
        assertEquals(2, snirf.exitCode());
        assertTrue(snirf.err().contains("converts to .npy only"), snirf.err());
        CliRun channels = CliRun.run(Recordings::open, "convert", bold.toString(), dir.resolve("x.npy").toString(),
                "--channels", "A");
        assertEquals(2, channels.exitCode());
        assertTrue(channels.err().contains("do not apply to a NIfTI image"), channels.err());
        assertFalse(Files.exists(dir.resolve("x.npy")));
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
        CliRun atlasOnText = CliRun.run(p -> {
            throw new AssertionError("not opened");
        }, "convert", text.toString(), dir.resolve("y.npy").toString(), "--atlas", bold.toString());
        assertEquals(2, atlasOnText.exitCode());
        assertTrue(atlasOnText.err().contains("--atlas applies to NIfTI images"), atlasOnText.err());
        CliRun notAnImage = CliRun.run(Recordings::open, "info", "--json", text.toString());
        assertEquals(1, notAnImage.exitCode());
    }
}
