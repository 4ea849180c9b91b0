package org.neurofusion.datasets.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Recording;
import org.neurofusion.datasets.simulate.realism.Measures;

/**
 * The {@code stateCoupling} knob: the head-wide EEG state reaches the haemodynamics of every source and nothing
 * else; at its default 0 the simulation is what it was.
 */
class StateCouplingTest {
    private static SimulationConfig config(double coupling) {
        return SimulationConfig.builder().optSeed(9).optSubjects(1).optTasks(List.of()).optRestingRunSeconds(90)
                .optStateCoupling(coupling).build();
    }

    @Test
    void theStateReachesEverySourcesHaemodynamicsAndLeavesTheEegAlone() {
        SimulatedRun off = Simulator.subject(config(0), 0).runs().get(0);
        SimulatedRun on = Simulator.subject(config(1), 0).runs().get(0);
        for (int i = 0; i < off.eeg().channels().size(); i++) {
            assertArrayEquals(off.eeg().readAll(i), on.eeg().readAll(i), "EEG channel " + i);
        }
        // the HbO change at each source: one time course for all, scaled by each source's gain
        List<double[]> diffs = new ArrayList<>();
        Recording a = off.groundTruth();
        Recording b = on.groundTruth();
        for (int i = 0; i < a.channels().size(); i++) {
            if (a.channels().get(i).name().endsWith(" hbo")) {
                double[] x = a.readAll(i);
                double[] y = b.readAll(i);
                double[] d = new double[x.length];
                for (int k = 0; k < d.length; k++) {
                    d[k] = y[k] - x[k];
                }
                diffs.add(d);
            }
        }
        assertTrue(diffs.size() >= 2);
        double norm = 0;
        for (double v : diffs.get(0)) {
            norm += v * v;
        }
        assertTrue(Math.sqrt(norm / diffs.get(0).length) > 1e-8, "coupling 1 must move HbO by more than 0.01 uM rms");
        for (double[] d : diffs.subList(1, diffs.size())) {
            assertEquals(1.0, Math.abs(Measures.correlation(diffs.get(0), d)), 1e-9);
        }
        // and the fNIRS recording changes with it
        double[] f0 = off.fnirs().readAll(0);
        double[] f1 = on.fnirs().readAll(0);
        assertTrue(!java.util.Arrays.equals(f0, f1));
    }
}
