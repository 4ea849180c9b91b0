package org.neurofusion.datasets.simulate.realism;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.SharedData;
import org.neurofusion.datasets.simulate.SimulatedRun;
import org.neurofusion.datasets.simulate.SimulatedTask;
import org.neurofusion.datasets.simulate.SimulationConfig;
import org.neurofusion.datasets.simulate.Simulator;

/**
 * The report on a tiny simulated cohort against shared real recordings: every statistic gets finite values on
 * both sides. Whether the flags are clear is not asserted: that waits for the simulator's calibration.
 */
class RealismRunTest {
    /** Needs labelled motor-imagery fNIRS trials, which the shared real fNIRS recording lacks (numeric codes). */
    private static final Set<Statistic> SIMULATED_ONLY = EnumSet.of(Statistic.EVOKED_HBO, Statistic.EVOKED_HBR,
            Statistic.EVOKED_HBO_SPREAD, Statistic.EVOKED_HBR_SPREAD);

    @Test
    void everyStatisticHasFiniteValuesOnBothSides() {
        Path data = SharedData.require();
        RealismReport report = new RealismReport();
        SimulationConfig c = SimulationConfig.builder().optSeed(3).optSubjects(1)
                .optTasks(List.of(SimulatedTask.MOTOR_IMAGERY)).optSessionsPerTask(1).optTrialsPerSession(8)
                .optRestingRunSeconds(0).build();
        for (SimulatedRun run : Simulator.subject(c, 0).runs()) {
            report.add(RealismReport.Side.SIMULATED, RealismReport.measure(run.eeg()));
            report.add(RealismReport.Side.SIMULATED, RealismReport.measure(run.fnirs()));
        }
        List<RealismInputs.Source> real = new ArrayList<>();
        for (String f : List.of("eeg/eegmmidb/S001R04.edf", "eeg/eegmmidb/S002R08.edf",
                "fnirs/finemi_hybrid_study_fnirs_only/subject1_block6")) {
            real.addAll(RealismInputs.find(data.resolve(f)));
        }
        List<String> problems = new ArrayList<>();
        report.addAll(RealismReport.Side.REAL, real, (side, name, done, total, problem) -> {
            if (problem != null) {
                problems.add(name + ": " + problem);
            }
        });
        assertEquals(List.of(), problems);
        assertEquals(3, report.recordings(RealismReport.Side.REAL));
        List<RealismReport.Row> rows = report.rows();
        assertEquals(Statistic.values().length, rows.size(), report.markdown());
        for (RealismReport.Row row : rows) {
            assertTrue(row.simulated().count() > 0, row.statistic() + " has no simulated value");
            assertTrue(Double.isFinite(row.simulated().median()), row.toString());
            if (!SIMULATED_ONLY.contains(row.statistic())) {
                assertTrue(row.real().count() > 0, row.statistic() + " has no real value\n" + report.markdown());
                assertTrue(Double.isFinite(row.real().median()), row.toString());
            }
        }
    }
}
