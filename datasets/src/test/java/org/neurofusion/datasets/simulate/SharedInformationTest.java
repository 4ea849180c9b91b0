package org.neurofusion.datasets.simulate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Recording;

/** The shared-information knob: at 0 the EEG keeps no trace of the task the fNIRS still shows. */
class SharedInformationTest {

    @Test
    void withNothingSharedTheErdVanishesWhileHboStillResponds() {
        double[] full = lateralisationAndHbo(1.0);
        double[] none = lateralisationAndHbo(0.0);
        assertTrue(full[0] > 0.3, "fully shared: contralateral ERD contrast " + full[0]);
        assertTrue(Math.abs(none[0]) < 0.15, "nothing shared: contralateral ERD contrast " + none[0]);
        assertTrue(none[1] > 0.2e-6 && none[1] > 0.5 * full[1], "HbO responds either way: " + none[1] + " vs "
                + full[1]);
    }

    /** {ERD lateralisation contrast of C3/C4 between left- and right-hand trials, HbO response over motor_left}. */
    private static double[] lateralisationAndHbo(double shared) {
        // 80 trials: at the realistic background the Laplacian power ratio of a trial scatters widely, and 30 trials
        // left the contrast of the unshared case within chance reach of the threshold.
        SimulationConfig c = SimulationConfig.builder().optSeed(11).optSubjects(1)
                .optTasks(List.of(SimulatedTask.MOTOR_IMAGERY)).optSessionsPerTask(1).optTrialsPerSession(80)
                .optPreRestSeconds(10).optPostRestSeconds(10).optRestingRunSeconds(0).optSharedFraction(shared)
                .optErdDepth(0.5).optHboAmplitude(5e-7).optHbrRatio(0.33).build();
        SimulatedSubject s = Simulator.subject(c, 0);
        SimulatedRun run = s.run("mi", 1);
        double contrast = (ratio(run, "C3", "left_hand") - ratio(run, "C4", "left_hand"))
                - (ratio(run, "C3", "right_hand") - ratio(run, "C4", "right_hand"));
        Recording hb = Measures.haemoglobin(run.fnirs());
        String over = s.sensitivity().entrySet().stream().max((a, b) -> Double.compare(a.getValue().get("motor_left"),
                b.getValue().get("motor_left"))).orElseThrow().getKey();
        double[] hbo = Measures.channel(hb, over + " hbo");
        double dHbo = Measures.mean(Measures.epochMeans(hbo, 10, run.fnirs().annotations(), "right_hand", 5, 8))
                - Measures.mean(Measures.epochMeans(hbo, 10, run.fnirs().annotations(), "right_hand", -2, 0));
        return new double[] {contrast, dHbo};
    }

    private static double ratio(SimulatedRun run, String channel, String condition) {
        double[] p = Measures.bandPowerSeries(Measures.laplacian(run.eeg(), channel), 200, 8, 30);
        return Measures.mean(Measures.epochMeans(p, 200, run.events(), condition, 1, 9))
                / Measures.mean(Measures.epochMeans(p, 200, run.events(), condition, -9, -3));
    }
}
