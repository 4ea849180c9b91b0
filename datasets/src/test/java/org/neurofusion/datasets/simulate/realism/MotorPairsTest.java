package org.neurofusion.datasets.simulate.realism;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.datasets.simulate.FnirsProbe;
import org.neurofusion.modalities.fnirs.OpticalChannel;

/** The evoked rows average the pairs over the motor cortex only, in any head-centred frame. */
class MotorPairsTest {
    private static final double FS = 10;
    private static final double SECONDS = 300;

    @Test
    void motorDirectionsHoldInMneMniAndSimulatorFrames() {
        // MNE head frame, standard 10-20 (m)
        assertTrue(FnirsStatistics.isMotor(new SensorPosition(-0.0654, -0.0116, 0.0644)));
        assertTrue(FnirsStatistics.isMotor(new SensorPosition(0.0671, -0.0109, 0.0636)));
        // MNI coordinates of C3 (mm): the criterion is an angle, so the unit does not matter
        assertTrue(FnirsStatistics.isMotor(new SensorPosition(-52, -19, 50)));
        // Fz, Cz, Oz, T7 are not over the hand areas
        assertFalse(FnirsStatistics.isMotor(new SensorPosition(0.0003, 0.0586, 0.0844)));
        assertFalse(FnirsStatistics.isMotor(new SensorPosition(0.0004, -0.0092, 0.1002)));
        assertFalse(FnirsStatistics.isMotor(new SensorPosition(0.0002, -0.1071, 0.0080)));
        assertFalse(FnirsStatistics.isMotor(new SensorPosition(-0.0842, -0.0160, -0.0090)));
        assertFalse(FnirsStatistics.isMotor(new SensorPosition(0, 0, 0)));
    }

    @Test
    void everySimulatedMotorPatchPairIsMotorAndNoFrontalOneIs() {
        for (FnirsProbe.Pair p : new FnirsProbe(0.09, 0.03, 0.008, false).pairs()) {
            double[] m = p.midpoint();
            assertEquals(p.area() < 2, FnirsStatistics.isMotor(new SensorPosition(m[0], m[1], m[2])),
                    "pair S" + p.source() + "_D" + p.detector() + " of area " + p.area());
        }
    }

    @Test
    void onlyTheMotorPairsResponseReachesTheEvokedRows() {
        // a flat pair at C3 and a responding one at Fz: the frontal response must not show
        assertEquals(0, evokedHbo(false), 1e-3);
        // the same response at C4 with the flat pair at Fz: it shows, whole
        assertTrue(evokedHbo(true) > 0.05, "evoked at C4 " + evokedHbo(true));
    }

    /** Mean evoked HbO (µM) of a recording with a flat pair and a responding pair, at C3/Fz or Fz/C4. */
    private static double evokedHbo(boolean respondingAtMotor) {
        int n = (int) (SECONDS * FS);
        InMemoryRecording.Builder b = InMemoryRecording.builder();
        double[][] where = respondingAtMotor ? new double[][] {{0.0003, 0.0586, 0.0844}, {0.0671, -0.0109, 0.0636}}
                : new double[][] {{-0.0654, -0.0116, 0.0644}, {0.0003, 0.0586, 0.0844}};
        double[] onsets = new double[12];
        for (int k = 0; k < onsets.length; k++) {
            onsets[k] = 20 + 20 * k;
            b.addAnnotation(new Annotation(onsets[k], 10, k % 2 == 0 ? "left" : "right"));
        }
        for (int pair = 0; pair < 2; pair++) {
            SensorPosition s = new SensorPosition(where[pair][0] - 0.015, where[pair][1], where[pair][2]);
            SensorPosition d = new SensorPosition(where[pair][0] + 0.015, where[pair][1], where[pair][2]);
            for (double wl : FnirsProbe.WAVELENGTHS) {
                OpticalChannel o = new OpticalChannel(pair + 1, pair + 1, OptionalDouble.of(wl),
                        Optional.of(s), Optional.of(d));
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    double t = i / FS;
                    double od = 0;
                    if (pair == 1) {
                        for (double on : onsets) {
                            // a slow bump peaking about 6 s after each onset: intensity falls as HbO rises
                            double u = t - on;
                            od += u > 0 ? 0.02 * (u / 6) * Math.exp(1 - u / 6) : 0;
                        }
                    }
                    v[i] = Math.exp(-od) + 1e-5 * Math.sin(2 * Math.PI * 0.037 * t + pair);
                }
                b.addChannel(o.toChannel(ChannelType.FNIRS_CW_AMPLITUDE, "V", FS, n, Map.of()), v);
            }
        }
        Map<Statistic, List<Double>> stats = FnirsStatistics.compute(b.build(), Set.of());
        return stats.get(Statistic.EVOKED_HBO).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}
