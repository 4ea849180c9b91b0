package org.neurofusion.datasets.simulate.realism;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.SharedData;
import org.neurofusion.datasets.simulate.SimulatedRun;
import org.neurofusion.datasets.simulate.SimulatedSubject;
import org.neurofusion.datasets.simulate.SimulatedTask;
import org.neurofusion.datasets.simulate.SimulationConfig;
import org.neurofusion.datasets.simulate.Simulator;

/**
 * The default simulator against every shared real recording the report can use (all 30 eegmmidb runs, the
 * FineMI and NIRSport2 fNIRS runs): no statistic with values on both sides is flagged. The evoked fNIRS rows
 * have no real values (the shared fNIRS recordings carry numeric trigger codes without a key) and are not judged.
 */
@Tag("slow")
class RealismFlagsTest {
    @Test
    void theDefaultsRaiseNoFlagAgainstTheSharedRecordings() {
        Path data = SharedData.require();
        RealismReport report = new RealismReport();
        SimulationConfig c = SimulationConfig.builder().optSubjects(2).optTasks(List.of(SimulatedTask.MOTOR_IMAGERY))
                .optSessionsPerTask(1).optRestingRunSeconds(0).build();
        for (int i = 0; i < c.subjects(); i++) {
            SimulatedSubject s = Simulator.subject(c, i);
            for (SimulatedRun run : s.runs()) {
                report.add(RealismReport.Side.SIMULATED, RealismReport.measure(run.eeg()));
                report.add(RealismReport.Side.SIMULATED, RealismReport.measure(run.fnirs()));
            }
        }
        List<RealismInputs.Source> real = new ArrayList<>();
        for (String f : List.of("eeg/eegmmidb", "fnirs/finemi_hybrid_study_fnirs_only",
                "fnirs/mne_testing_data/SNIRF_NIRx_NIRSport2_2021.9")) {
            real.addAll(RealismInputs.find(data.resolve(f)));
        }
        report.addAll(RealismReport.Side.REAL, real, (side, name, done, total, problem) -> { });
        List<String> flagged = new ArrayList<>();
        for (RealismReport.Row row : report.rows()) {
            if (row.real().count() > 0 && !row.flag().isEmpty()) {
                flagged.add(row.statistic() + ": " + row.flag());
            }
        }
        assertEquals(List.of(), flagged, report.markdown());
    }
}
