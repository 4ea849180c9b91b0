package org.neurofusion.modalities.fmri;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Modality;
import org.neurofusion.core.Recording;
import org.neurofusion.core.RecordingException;
import org.neurofusion.core.SensorPosition;

/**
 * Parcel means on a synthetic BOLD image with known region means and a rotated, scaled, shifted affine; the
 * expected means and centroids are computed here voxel by voxel.
 */
class ParcellationTest {
    static final int NX = 6;
    static final int NY = 5;
    static final int NZ = 4;
    static final int NT = 7;
    /** A 30° rotation about z, voxel sizes 2, 2.5 and 3 mm, and a shift: nothing axis-aligned. */
    static final double[][] AFFINE = affine();

    @TempDir
    Path dir;

    private static double[][] affine() {
        double c = Math.cos(Math.PI / 6);
        double s = Math.sin(Math.PI / 6);
        return new double[][] {{2 * c, -2.5 * s, 0, -10}, {2 * s, 2.5 * c, 0, 20}, {0, 0, 3, 5}, {0, 0, 0, 1}};
    }

    private static double f32(double x) {
        return (float) x;
    }

    static int label(int i, int j, int k) {
        if (i == 0) {
            return 0;
        }
        return j < 2 ? 3 : k < 2 ? 7 : 12;
    }

    /** Voxel value: 100 × label + t + a per-voxel offset, NaN at one voxel of parcel 12 at t = 3. */
    static double value(int i, int j, int k, int t) {
        int l = label(i, j, k);
        if (l == 0) {
            return 9999;
        }
        if (l == 12 && i == 5 && j == 4 && k == 3 && t == 3) {
            return Double.NaN;
        }
        return 100 * l + t + ((i * 7 + j * 3 + k * 5) % 11 - 5) * 0.5;
    }

    /** A 4-D float64 BOLD image, TR 2500 ms (so 0.4 Hz), sform code 2. */
    static Path bold(Path dir) {
        NiftiHeader h = NiftiHeader.builder().setDatatype(NiftiDataType.FLOAT64).setShape(NX, NY, NZ, NT)
                .optZooms(2, 2.5, 3, 2500).optXyztUnits(2 + 16).optSform(2, AFFINE).build();
        double[] v = new double[NX * NY * NZ * NT];
        int at = 0;
        for (int t = 0; t < NT; t++) {
            for (int k = 0; k < NZ; k++) {
                for (int j = 0; j < NY; j++) {
                    for (int i = 0; i < NX; i++) {
                        v[at++] = value(i, j, k, t);
                    }
                }
            }
        }
        Path p = dir.resolve("bold.nii.gz");
        NiftiWriter.write(p, h, v);
        return p;
    }

    static Path labels(Path dir) {
        NiftiHeader h = NiftiHeader.builder().setDatatype(NiftiDataType.INT16).setShape(NX, NY, NZ)
                .optZooms(2, 2.5, 3).optSform(2, AFFINE).build();
        double[] v = new double[NX * NY * NZ];
        int at = 0;
        for (int k = 0; k < NZ; k++) {
            for (int j = 0; j < NY; j++) {
                for (int i = 0; i < NX; i++) {
                    v[at++] = label(i, j, k);
                }
            }
        }
        Path p = dir.resolve("labels.nii");
        NiftiWriter.write(p, h, v);
        return p;
    }

    @Test
    void parcelMeansCentroidsRateAndNamesOnTheSameGrid() throws IOException {
        Path table = Files.writeString(dir.resolve("labels.tsv"), "index\tname\n3\tleft motor\n12\tvisual\n");
        Recording r;
        try (NiftiImage b = NiftiReader.open(bold(dir)); NiftiImage l = NiftiReader.open(labels(dir))) {
            r = Parcellation.parcelMeans(b, l, LabelTable.read(table));
        }
        assertEquals(List.of("left motor", "parcel-7", "visual"), r.channels().stream().map(Channel::name).toList());
        int[] labels = {3, 7, 12};
        for (int p = 0; p < 3; p++) {
            Channel c = r.channels().get(p);
            assertEquals(ChannelType.BOLD, c.type());
            assertEquals(Modality.FMRI, c.type().modality());
            assertEquals("bold", c.type().mneName());
            assertEquals(0.4, c.samplingRate(), 1e-12, "1 / 2.5 s");
            assertEquals(NT, c.sampleCount());
            assertEquals(Integer.toString(labels[p]), c.attributes().get("label"));
            double[] expected = new double[NT];
            double[] sx = new double[3];
            int n = 0;
            for (int t = 0; t < NT; t++) {
                double sum = 0;
                int count = 0;
                for (int k = 0; k < NZ; k++) {
                    for (int j = 0; j < NY; j++) {
                        for (int i = 0; i < NX; i++) {
                            if (label(i, j, k) != labels[p]) {
                                continue;
                            }
                            if (!Double.isNaN(value(i, j, k, t))) {
                                sum += value(i, j, k, t);
                                count++;
                            }
                            if (t == 0) {
                                for (int a = 0; a < 3; a++) {
                                    // The sform as NIfTI-1 stores it: float32.
                                    sx[a] += f32(AFFINE[a][0]) * i + f32(AFFINE[a][1]) * j + f32(AFFINE[a][2]) * k
                                            + f32(AFFINE[a][3]);
                                }
                                n++;
                            }
                        }
                    }
                }
                expected[t] = sum / count;
            }
            assertArrayEquals(expected, r.readAll(p), 1e-9, c.name());
            // Means near 100 × label + t: the region's signal, not the background's 9999.
            assertEquals(100.0 * labels[p] + 4, r.readAll(p)[4], 3);
            assertEquals(Integer.toString(n), c.attributes().get("voxels"));
            SensorPosition pos = c.position().orElseThrow();
            assertEquals(sx[0] / n / 1000, pos.x(), 1e-12, "centroid x in metres");
            assertEquals(sx[1] / n / 1000, pos.y(), 1e-12, "centroid y in metres");
            assertEquals(sx[2] / n / 1000, pos.z(), 1e-12, "centroid z in metres");
        }
        assertEquals("no (same grid)", r.header().get("atlas_resampled"));
    }

    @Test
    void anAtlasOnAnotherGridIsResampledByNearestNeighbour() {
        // Label voxel L sits at BOLD voxel 2L + 0.5: each covers BOLD voxels 2L and 2L + 1 along every axis.
        double[][] half = new double[4][4];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                half[r][c] = 2 * AFFINE[r][c];
            }
            half[r][3] = AFFINE[r][3] + 0.5 * (AFFINE[r][0] + AFFINE[r][1] + AFFINE[r][2]);
        }
        int[] lx = {3, 3, 2};
        double[] low = new double[18];
        for (int v = 0; v < low.length; v++) {
            low[v] = new int[] {0, 4, 9, 4}[v % 4];
        }
        NiftiWriter.write(dir.resolve("low.nii"), NiftiHeader.builder().setDatatype(NiftiDataType.UINT8)
                .setShape(3, 3, 2).optZooms(4, 5, 6).optSform(2, half).build(), low);
        double[] up = new double[NX * NY * NZ];
        int at = 0;
        for (int k = 0; k < NZ; k++) {
            for (int j = 0; j < NY; j++) {
                for (int i = 0; i < NX; i++) {
                    up[at++] = low[i / 2 + lx[0] * (j / 2 + lx[1] * (k / 2))];
                }
            }
        }
        NiftiWriter.write(dir.resolve("up.nii"), NiftiHeader.builder().setDatatype(NiftiDataType.UINT8)
                .setShape(NX, NY, NZ).optSform(2, AFFINE).build(), up);
        try (NiftiImage b = NiftiReader.open(bold(dir)); NiftiImage lo = NiftiReader.open(dir.resolve("low.nii"));
                NiftiImage hi = NiftiReader.open(dir.resolve("up.nii"))) {
            Recording resampled = Parcellation.parcelMeans(b, lo, Map.of());
            Recording direct = Parcellation.parcelMeans(b, hi, Map.of());
            assertEquals("nearest neighbour", resampled.header().get("atlas_resampled"));
            assertEquals(List.of("parcel-4", "parcel-9"), resampled.channels().stream().map(Channel::name).toList());
            assertEquals(direct.channels(), resampled.channels(), "same voxels, so same counts and centroids");
            for (int p = 0; p < 2; p++) {
                assertArrayEquals(direct.readAll(p), resampled.readAll(p), 0);
            }
        }
    }

    @Test
    void refusesWhatItCannotParcellate() throws IOException {
        Path labels = labels(dir);
        try (NiftiImage l = NiftiReader.open(labels)) {
            RecordingException e = assertThrows(RecordingException.class, () -> Parcellation.parcelMeans(l, l,
                    Map.of()));
            assertTrue(e.getMessage().contains("4-D BOLD"), e.getMessage());
        }
        NiftiHeader noTr = NiftiHeader.builder().setDatatype(NiftiDataType.INT16).setShape(NX, NY, NZ, 2)
                .optZooms(2, 2.5, 3, 0).optSform(2, AFFINE).build();
        Path b0 = dir.resolve("notr.nii");
        NiftiWriter.write(b0, noTr, new double[NX * NY * NZ * 2]);
        try (NiftiImage b = NiftiReader.open(b0); NiftiImage l = NiftiReader.open(labels)) {
            RecordingException e = assertThrows(RecordingException.class, () -> Parcellation.parcelMeans(b, l,
                    Map.of()));
            assertEquals(76 + 4 * 4, e.offset(), "pixdim[4] of NIfTI-1");
        }
        Path fractional = dir.resolve("frac.nii");
        double[] v = new double[NX * NY * NZ];
        v[7] = 2.5;
        NiftiWriter.write(fractional, NiftiHeader.builder().setDatatype(NiftiDataType.FLOAT32).setShape(NX, NY, NZ)
                .optSform(2, AFFINE).build(), v);
        try (NiftiImage b = NiftiReader.open(bold(dir)); NiftiImage l = NiftiReader.open(fractional)) {
            RecordingException e = assertThrows(RecordingException.class, () -> Parcellation.parcelMeans(b, l,
                    Map.of()));
            assertTrue(e.getMessage().contains("voxel 7 holds 2.5"), e.getMessage());
        }
        Path bad = Files.writeString(dir.resolve("bad.tsv"), "1\tA\n1\tB\n");
        RecordingException e = assertThrows(RecordingException.class, () -> LabelTable.read(bad));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        Path noName = Files.writeString(dir.resolve("noname.tsv"), "1\tA\n2\n");
        assertThrows(RecordingException.class, () -> LabelTable.read(noName));
    }
}
