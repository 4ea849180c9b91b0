package org.neurofusion.datasets.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.SensorPosition;

class SphericalHeadTest {
    private final SphericalHead head = new SphericalHead(0.09);

    @Test
    void nearTheCentreTheSphereTriplesTheInfiniteMediumPotential() {
        double[] e = SphericalHead.vec(SphericalHead.onSphere(30, 40, 0.09));
        double[] q = {0, 0, 1e-6};
        double[] lf = head.leadField(e, q);
        double[] centre = head.leadField(e, new double[3]);
        for (int i = 0; i < 3; i++) {
            assertEquals(centre[i], lf[i], Math.abs(centre[i]) * 1e-3 + 1e-6);
        }
        // 3 cos(θ) / (4πσR²) for a z-directed unit dipole.
        assertEquals(3 * Math.cos(Math.toRadians(30)) / (4 * Math.PI * SphericalHead.CONDUCTIVITY * 0.09 * 0.09),
                centre[2], 1e-9);
    }

    @Test
    void aRadialDipolePeaksUnderItsElectrode() {
        Map<String, SensorPosition> eeg = head.eegElectrodes();
        double[] c3 = SphericalHead.vec(eeg.get("C3"));
        double[] q = SphericalHead.project(c3, 0.07);
        double[] radial = SphericalHead.project(c3, 1);
        String best = null;
        double max = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, SensorPosition> en : eeg.entrySet()) {
            double v = SphericalHead.dot(head.leadField(SphericalHead.vec(en.getValue()), q), radial);
            if (v > max) {
                max = v;
                best = en.getKey();
            }
        }
        assertEquals("C3", best);
        // 10 nA·m at 2 cm depth gives microvolts to tens of microvolts, not millivolts.
        assertTrue(max * 10e-9 > 1e-6 && max * 10e-9 < 1e-4, "potential " + max * 10e-9);
    }

    @Test
    void probeHas36LongChannelsAt3cmAndShortOnesAt8mm() {
        FnirsProbe p = new FnirsProbe(0.09, 0.03, 0.008, true);
        assertEquals(36, p.longCount());
        assertEquals(15, p.pairs().size() - p.longCount());
        for (FnirsProbe.Pair pair : p.pairs()) {
            // Optodes are laid out by arc length on the sphere, so chords come out a little short of nominal.
            assertEquals(pair.isShort() ? 0.008 : 0.03, pair.distance(), pair.isShort() ? 3e-4 : 1.2e-3,
                    pair.toString());
        }
        assertEquals(30, head.eegElectrodes().size());
        head.eegElectrodes().values().forEach(e -> assertEquals(0.09, Math.sqrt(e.x() * e.x() + e.y() * e.y()
                + e.z() * e.z()), 1e-12));
    }
}
