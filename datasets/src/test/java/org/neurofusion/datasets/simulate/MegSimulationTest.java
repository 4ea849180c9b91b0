package org.neurofusion.datasets.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Modality;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SensorFeatures;
import org.neurofusion.modalities.meg.FifReader;
import org.neurofusion.modalities.meg.FifWriter;

/** The MEG synthesis: Sarvas's field against independent computations, amplitudes, determinism, FIF round trip. */
class MegSimulationTest {
    private static final double K = SarvasField.MU0 / (4 * Math.PI);

    @Test
    void radialAndCentralDipolesGiveNoFieldOutsideTheSphere() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int trial = 0; trial < 50; trial++) {
            double[] r0 = SphericalHead.scale(unit(rnd), 0.02 + 0.05 * rnd.nextDouble());
            double[] r = SphericalHead.scale(unit(rnd), 0.11 + 0.01 * rnd.nextDouble());
            double[] radial = SphericalHead.scale(SphericalHead.project(r0, 1), 1e-8);
            double[] tangential = SphericalHead.scale(SphericalHead.tangents(r0)[0], 1e-8);
            double reference = SphericalHead.norm(SarvasField.field(r0, tangential, r));
            assertTrue(reference > 1e-15, "a tangential dipole of 10 nA·m gives a field");
            assertTrue(SphericalHead.norm(SarvasField.field(r0, radial, r)) < 1e-12 * reference);
            assertEquals(0, SphericalHead.norm(SarvasField.field(new double[3], tangential, r)), 0);
        }
    }

    /**
     * The radial component of the field outside a spherically symmetric conductor is that of the primary current
     * alone (the volume currents' contribution to it vanishes): Biot–Savart, μ0/4π · q × (r − r0) / |r − r0|³ · r̂.
     */
    @Test
    void radialComponentEqualsBiotSavartOfThePrimaryCurrent() {
        SplittableRandom rnd = new SplittableRandom(2);
        for (int trial = 0; trial < 50; trial++) {
            double[] r0 = SphericalHead.scale(unit(rnd), 0.07 * rnd.nextDouble());
            double[] q = SphericalHead.scale(unit(rnd), 2e-8);
            double[] r = SphericalHead.scale(unit(rnd), 0.1 + 0.03 * rnd.nextDouble());
            double[] d = SphericalHead.sub(r, r0);
            double dn = SphericalHead.norm(d);
            double[] biotSavart = SphericalHead.scale(SphericalHead.cross(q, d), K / (dn * dn * dn));
            double[] n = SphericalHead.project(r, 1);
            double expected = SphericalHead.dot(biotSavart, n);
            assertEquals(expected, SphericalHead.dot(SarvasField.field(r0, q, r), n), 1e-9 * Math.abs(expected)
                    + 1e-24);
        }
    }

    /**
     * Outside the conductor B = −μ0∇U with the scalar potential U = −(1/4π) (q × r0 · r) / F (Sarvas 1987, eq. 24):
     * the closed-form gradient matches central differences of U, independently of the ∇F formula.
     */
    @Test
    void fieldIsTheGradientOfTheMagneticScalarPotential() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int trial = 0; trial < 30; trial++) {
            double[] r0 = SphericalHead.scale(unit(rnd), 0.07 * rnd.nextDouble());
            double[] q = SphericalHead.scale(unit(rnd), 1e-8);
            double[] r = SphericalHead.scale(unit(rnd), 0.1 + 0.03 * rnd.nextDouble());
            double[] b = SarvasField.field(r0, q, r);
            double h = 1e-6;
            for (int axis = 0; axis < 3; axis++) {
                double[] plus = r.clone();
                double[] minus = r.clone();
                plus[axis] += h;
                minus[axis] -= h;
                double grad = (potential(r0, q, plus) - potential(r0, q, minus)) / (2 * h);
                assertEquals(-SarvasField.MU0 * grad, b[axis], 1e-6 * SphericalHead.norm(b));
            }
        }
    }

    private static double potential(double[] r0, double[] q, double[] r) {
        double[] a = SphericalHead.sub(r, r0);
        double an = SphericalHead.norm(a);
        double rn = SphericalHead.norm(r);
        double f = an * (rn * an + rn * rn - SphericalHead.dot(r0, r));
        return -SphericalHead.dot(SphericalHead.cross(q, r0), r) / (4 * Math.PI * f);
    }

    @Test
    void sensorsAreRadialMagnetometersAroundTheUpperHead() {
        Recording meg = Simulator.subject(EegPinnedTest.small(), 0, EnumSet.of(Modality.MEG)).runs().get(0).meg()
                .orElseThrow();
        assertEquals(MegHelmet.SENSORS, meg.channels().size());
        for (Channel c : meg.channels()) {
            assertEquals(ChannelType.MAG, c.type());
            assertEquals("T", c.unit());
            float[] f = SensorFeatures.of(c);
            double[] p = {f[SensorFeatures.POSITION], f[SensorFeatures.POSITION + 1], f[SensorFeatures.POSITION + 2]};
            double[] o = {f[SensorFeatures.ORIENTATION], f[SensorFeatures.ORIENTATION + 1],
                f[SensorFeatures.ORIENTATION + 2]};
            assertEquals(0.115, SphericalHead.norm(p), 1e-6, c.name());
            assertArrayEquals(SphericalHead.project(p, 1), o, 1e-6, c.name());
            assertTrue(p[2] / 0.115 >= Math.cos(Math.toRadians(MegHelmet.LOWEST_THETA_DEG)) - 1e-6, c.name());
        }
    }

    @Test
    void amplitudesAreThoseOfCorticalMeg() {
        Recording meg = Simulator.subject(EegPinnedTest.small(), 0, EnumSet.of(Modality.MEG)).runs().get(0).meg()
                .orElseThrow();
        double[] rms = new double[meg.channels().size()];
        for (int c = 0; c < rms.length; c++) {
            double[] x = meg.readAll(c);
            double mean = Arrays.stream(x).average().orElseThrow();
            rms[c] = Math.sqrt(Arrays.stream(x).map(v -> (v - mean) * (v - mean)).average().orElseThrow());
        }
        Arrays.sort(rms);
        System.out.printf("MEG RMS fT: min %.0f median %.0f max %.0f%n", rms[0] * 1e15, rms[rms.length / 2] * 1e15,
                rms[rms.length - 1] * 1e15);
        assertTrue(rms[0] > 50e-15, "quietest sensor " + rms[0]);
        assertTrue(rms[rms.length - 1] < 1000e-15, "loudest sensor " + rms[rms.length - 1]);
        assertTrue(rms[rms.length / 2] > 100e-15 && rms[rms.length / 2] < 500e-15, "median " + rms[rms.length / 2]);
    }

    @Test
    void megIsDeterministicAndLeavesTheEegAndFnirsUnchanged() {
        SimulationConfig c = EegPinnedTest.small();
        SimulatedRun a = Simulator.subject(c, 0, EnumSet.allOf(Modality.class)).runs().get(0);
        SimulatedRun b = Simulator.subject(c, 0, EnumSet.of(Modality.MEG)).runs().get(0);
        EegPinnedTest.assertPinned(EegPinnedTest.EEG, a.eeg(), "EEG");
        EegPinnedTest.assertPinned(EegPinnedTest.FNIRS, a.fnirs(), "fNIRS");
        assertArrayEquals(EegPinnedTest.fingerprint(a.meg().orElseThrow()),
                EegPinnedTest.fingerprint(b.meg().orElseThrow()));
        for (int ch = 0; ch < a.meg().orElseThrow().channels().size(); ch++) {
            assertArrayEquals(a.meg().orElseThrow().readAll(ch), b.meg().orElseThrow().readAll(ch), "MEG channel " + ch);
        }
        assertEquals(a.eeg().annotations(), a.meg().orElseThrow().annotations());
        assertEquals(a.eeg().channels().get(0).samplingRate(), a.meg().orElseThrow().channels().get(0).samplingRate());
        assertEquals(a.eeg().channels().get(0).sampleCount(), a.meg().orElseThrow().channels().get(0).sampleCount());
        Recording other = Simulator.subject(c.toBuilder().optSeed(12).build(), 0, EnumSet.of(Modality.MEG)).runs()
                .get(0).meg().orElseThrow();
        assertFalse(Arrays.equals(a.meg().orElseThrow().readAll(0), other.readAll(0)));
        assertTrue(Simulator.subject(c, 0).runs().get(0).meg().isEmpty());
    }

    @Test
    void fifRoundTripKeepsSamplesPositionsAndOrientations(@TempDir Path dir) {
        Recording meg = Simulator.subject(EegPinnedTest.small(), 0, EnumSet.of(Modality.MEG)).runs().get(0).meg()
                .orElseThrow();
        Path file = dir.resolve("sub-01_task-mi_run-1_meg.fif");
        FifWriter.writeFile(meg, file);
        try (Recording back = FifReader.open(file)) {
            assertEquals(meg.channels().size(), back.channels().size());
            for (int c = 0; c < meg.channels().size(); c++) {
                float[] want = SensorFeatures.of(meg.channels().get(c));
                float[] got = SensorFeatures.of(back.channels().get(c));
                assertArrayEquals(Arrays.copyOf(want, SensorFeatures.SOURCE), Arrays.copyOf(got, SensorFeatures.SOURCE),
                        1e-6f, meg.channels().get(c).name());
                assertEquals(ChannelType.MAG, back.channels().get(c).type());
            }
            double[] x = meg.readAll(7);
            double[] y = back.readAll(7);
            for (int i = 0; i < x.length; i++) {
                assertEquals((float) x[i], y[i], 0);
            }
            assertEquals(meg.annotations().size(), back.annotations().size());
            assertEquals(meg.annotations().get(0).onset(), back.annotations().get(0).onset(), 1e-6);
        }
    }

    private static double[] unit(SplittableRandom rnd) {
        return SphericalHead.project(new double[] {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()}, 1);
    }

    static List<String> names(Recording r) {
        return r.channels().stream().map(Channel::name).toList();
    }
}
