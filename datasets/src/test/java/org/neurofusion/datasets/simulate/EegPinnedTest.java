package org.neurofusion.datasets.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Recording;

/**
 * Pins the EEG and fNIRS samples of one small configuration to the values they had before the MEG and fMRI
 * synthesis were added (a hash of every sample's bits), so that refactoring the source series or adding random
 * streams cannot change them silently.
 */
class EegPinnedTest {
    static SimulationConfig small() {
        return SimulationConfig.builder().optSeed(11).optSubjects(1).optTasks(List.of(SimulatedTask.MOTOR_IMAGERY))
                .optSessionsPerTask(1).optTrialsPerSession(2).optPreRestSeconds(5).optPostRestSeconds(5)
                .optRestingRunSeconds(0).build();
    }

    @Test
    void eegAndFnirsSamplesAreUnchanged() {
        SimulatedRun run = Simulator.subject(small(), 0).runs().get(0);
        assertEquals(3249104291303396146L, hash(run.eeg()), "EEG");
        assertEquals(8893170988704961805L, hash(run.fnirs()), "fNIRS");
    }

    static long hash(Recording r) {
        long h = 1125899906842597L;
        for (int c = 0; c < r.channels().size(); c++) {
            for (double v : r.readAll(c)) {
                h = 31 * h + Double.doubleToRawLongBits(v);
            }
        }
        return h;
    }
}
