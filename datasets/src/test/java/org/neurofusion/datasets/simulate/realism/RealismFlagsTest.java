package org.neurofusion.datasets.simulate.realism;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * FineMI and NIRSport2 fNIRS runs): no statistic with values on both sides is flagged, the evoked fNIRS rows
 * included (FineMI's trigger codes counted as task onsets).
 */
@Tag("slow")
class RealismFlagsTest {
    @Test
    void theDefaultsRaiseNoFlagAgainstTheSharedRecordings() {
        Path data = SharedData.require();
        // FineMI's trigger codes 3, 5, 6 and 8 are its motor-imagery trials: counted as task onsets, so that the
        // evoked rows are judged too.
        RealismReport report = new RealismReport(java.util.Set.of("3", "5", "6", "8"));
        SimulationConfig c = SimulationConfig.builder().optSubjects(2).optTasks(List.of(SimulatedTask.MOTOR_IMAGERY))
                .optSessionsPerTask(1).optRestingRunSeconds(0).build();
        int evokedSimulated = 0;
        for (int i = 0; i < c.subjects(); i++) {
            SimulatedSubject s = Simulator.subject(c, i);
            for (SimulatedRun run : s.runs()) {
                report.add(RealismReport.Side.SIMULATED, RealismReport.measure(run.eeg()));
                report.add(RealismReport.Side.SIMULATED, RealismReport.measure(run.fnirs()));
                evokedSimulated += run.events().size();
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
        for (RealismReport.Row row : report.rows()) {
            if (row.statistic() == Statistic.EVOKED_HBO || row.statistic() == Statistic.EVOKED_HBR) {
                assertTrue(row.real().count() > 0 && row.simulated().count() == evokedSimulated, row.toString());
            }
        }
    }
}
