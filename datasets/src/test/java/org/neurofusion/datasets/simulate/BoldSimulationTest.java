package org.neurofusion.datasets.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Modality;
import org.neurofusion.core.Recording;
import org.neurofusion.datasets.bids.BidsImageWriter;
import org.neurofusion.modalities.fmri.LabelTable;
import org.neurofusion.modalities.fmri.NiftiAffine;
import org.neurofusion.modalities.fmri.NiftiHeader;
import org.neurofusion.modalities.fmri.NiftiImage;
import org.neurofusion.modalities.fmri.NiftiReader;
import org.neurofusion.modalities.fmri.Parcellation;

/** The fMRI synthesis: grid and affine, atlas, parcel means of the written images against the truth, knobs. */
class BoldSimulationTest {
    private static final SimulationConfig CONFIG = EegPinnedTest.small();

    @Test
    void gridAffineAndAtlasAreConsistent() {
        SimulatedSubject s = Simulator.subject(CONFIG, 0, EnumSet.of(Modality.FMRI));
        SimulatedAtlas atlas = s.atlas().orElseThrow();
        NiftiHeader h = atlas.header();
        assertArrayEquals(new long[] {21, 21, 21}, h.shape());
        // Radiological storage: voxel (0,0,0) at x = +80, y = -80, z = -80 mm; the centre voxel at the origin.
        assertArrayEquals(new double[] {80, -80, -80}, NiftiAffine.apply(h.affine(), 0, 0, 0), 1e-9);
        assertArrayEquals(new double[] {72, -72, -72}, NiftiAffine.apply(h.affine(), 1, 1, 1), 1e-9);
        assertArrayEquals(new double[] {0, 0, 0}, NiftiAffine.apply(h.affine(), 10, 10, 10), 1e-9);
        double[][] q = NiftiAffine.qform(h);
        double[][] f = NiftiAffine.sform(h);
        for (int r = 0; r < 4; r++) {
            assertArrayEquals(f[r], q[r], 1e-6, "qform row " + r);
        }
        assertEquals("mm", h.spatialUnit());
        int parcels = atlas.names().size();
        assertTrue(parcels >= 40 && parcels <= 60, parcels + " parcels");
        assertEquals("motor_left", atlas.names().get(1));
        int[] voxels = new int[parcels + 1];
        for (int v = 0; v < atlas.labels().length; v++) {
            int label = atlas.labels()[v];
            double[] w = NiftiAffine.apply(h.affine(), v % 21, (v / 21) % 21, v / 441);
            double r = Math.sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]);
            assertEquals(r <= 80 + 1e-9, label != 0, "voxel " + v + " at " + r + " mm");
            voxels[label]++;
        }
        for (int p = 1; p <= parcels; p++) {
            assertTrue(voxels[p] > 0, "parcel " + p + " has no voxel");
        }
        // The source's parcel holds the voxel nearest the source.
        // by name: the map of source positions has no defined order
        var pp = s.sourcePositions().get("motor_left");
        double[] motor = {pp.x(), pp.y(), pp.z()};
        double[] ijk = NiftiAffine.apply(NiftiAffine.invert(h.affine()), motor[0] * 1000, motor[1] * 1000,
                motor[2] * 1000);
        int v = (int) Math.round(ijk[0]) + 21 * (int) Math.round(ijk[1]) + 441 * (int) Math.round(ijk[2]);
        assertEquals(1, atlas.labels()[v]);
    }

    @Test
    void parcelMeansOfTheWrittenImageFollowTheSimulatedSignal(@TempDir Path dir) {
        SimulatedSubject s = Simulator.subject(CONFIG, 0, EnumSet.of(Modality.FMRI));
        SimulatedRun run = s.runs().get(0);
        SimulatedBold bold = run.bold().orElseThrow();
        SimulatedAtlas atlas = s.atlas().orElseThrow();
        BidsImageWriter.writeBold(dir, run.key(), bold.header(), (first, dst, count) -> {
            for (int i = 0; i < count; i++) {
                dst[i] = bold.values()[(int) first + i];
            }
        }, run.events(), Map.of());
        BidsImageWriter.writeAtlas(dir, CohortWriter.ATLAS, s.id(), atlas.header(), atlas.labels(), atlas.names(),
                "atlas");
        Path image = dir.resolve("sub-01/func/sub-01_task-mi_run-1_bold.nii.gz");
        Path labels = dir.resolve("derivatives/neurofusion-atlas/sub-01/sub-01_dseg.nii.gz");
        Map<Integer, String> names = LabelTable.read(dir.resolve("derivatives/neurofusion-atlas/sub-01/sub-01_dseg.tsv"));
        assertEquals(atlas.names(), names);
        try (NiftiImage b = NiftiReader.open(image); NiftiImage l = NiftiReader.open(labels)) {
            assertEquals(1.0, b.header().repetitionTimeSeconds().orElseThrow(), 0);
            Recording means = Parcellation.parcelMeans(b, l, names);
            assertEquals(bold.parcels().size(), means.channels().size());
            double peak = 0;
            for (int p = 0; p < means.channels().size(); p++) {
                assertEquals(bold.parcels().get(p), means.channels().get(p).name());
                double[] measured = detrend(percent(means.readAll(p)));
                double[] truth = detrend(bold.percentChange()[p]);
                double err = 0;
                for (int j = 0; j < truth.length; j++) {
                    err += (measured[j] - truth[j]) * (measured[j] - truth[j]);
                }
                err = Math.sqrt(err / truth.length);
                assertTrue(err < 0.25, bold.parcels().get(p) + ": RMS error " + err + " %");
                if (p < 2) {
                    assertTrue(correlation(measured, truth) > 0.95, bold.parcels().get(p) + " correlation "
                            + correlation(measured, truth));
                }
                for (double v : bold.percentChange()[p]) {
                    peak = Math.max(peak, v);
                }
            }
            assertTrue(peak > 0.8 && peak < 3, "largest parcel change " + peak + " %");
        }
    }

    @Test
    void boldIsDeterministicAndTheTrIsAKnob() {
        SimulatedBold a = Simulator.subject(CONFIG, 0, EnumSet.of(Modality.FMRI)).runs().get(0).bold().orElseThrow();
        SimulatedBold b = Simulator.subject(CONFIG, 0, EnumSet.of(Modality.FMRI)).runs().get(0).bold().orElseThrow();
        assertArrayEquals(a.values(), b.values());
        SimulatedBold slow = Simulator.subject(CONFIG.toBuilder().optFmriTr(2).build(), 0, EnumSet.of(Modality.FMRI))
                .runs().get(0).bold().orElseThrow();
        assertEquals(2.0, slow.header().repetitionTimeSeconds().orElseThrow(), 0);
        assertEquals(a.volumes() / 2, slow.volumes(), 1);
        for (double bad : List.of(0.0, -1.0, Double.NaN, 11.0)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SimulationConfig.builder().optFmriTr(bad).build());
            assertTrue(e.getMessage().contains("fmriTr"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> SimulationConfig.builder().optFmriVoxelSize(1).build());
    }

    private static double[] percent(double[] x) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = 100 * (x[i] / mean - 1);
        }
        return out;
    }

    /** Removes the least-squares line (drifts are linear in time). */
    private static double[] detrend(double[] x) {
        int n = x.length;
        double tm = (n - 1) / 2.0;
        double xm = 0;
        for (double v : x) {
            xm += v;
        }
        xm /= n;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (i - tm) * (x[i] - xm);
            sxx += (i - tm) * (i - tm);
        }
        double slope = sxy / sxx;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = x[i] - xm - slope * (i - tm);
        }
        return out;
    }

    private static double correlation(double[] a, double[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }
}
