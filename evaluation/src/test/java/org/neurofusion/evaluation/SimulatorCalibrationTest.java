package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.neurofusion.datasets.simulate.SimulationConfig;

/**
 * The simulator's default configuration against Shin et al. 2017 on seeds the other tests do not use
 * (SIMULATED data): the within-subject accuracies, averaged over 5 seeds of 10 subjects (2 × 5-fold each),
 * within ±5 points of the published ones, and the hybrid above each single modality.
 */
@Tag("slow")
class SimulatorCalibrationTest {
    @Test
    void defaultsReproduceShin2017OnUnseenSeeds() {
        SimulatorCalibration.Result r = SimulatorCalibration.run(SimulationConfig.defaults(),
                List.of(1L, 2L, 3L, 4L, 5L), 2, Demo.CONDITIONS);
        StringBuilder table = new StringBuilder();
        r.seeds().forEach(s -> table.append("seed ").append(s.seed()).append(": ").append(s.accuracy()).append('\n'));
        table.append("mean: ").append(r.mean());
        System.out.println(table);
        Map<String, Double> mean = r.mean();
        AccuracyTable.SHIN_2017_MI.forEach((c, shin) -> assertEquals(shin, 100 * mean.get(c), 5.0, c + "\n" + table));
        for (String single : List.of("eeg-csp", "fnirs-hbr", "fnirs-hbo")) {
            assertTrue(mean.get("hybrid") > mean.get(single), single + "\n" + table);
        }
    }
}
