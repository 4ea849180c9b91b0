package org.neurofusion.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurofusion.datasets.PairedRecording;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.PairedWindows;
import org.neurofusion.datasets.WindowingSpec;
import org.neurofusion.datasets.simulate.SimulatedRun;
import org.neurofusion.datasets.simulate.SimulatedTask;
import org.neurofusion.datasets.simulate.SimulationConfig;
import org.neurofusion.datasets.simulate.SubjectStream;

/**
 * How the classical baselines fare on the simulator across seeds, for calibrating it against Shin et al. 2017:
 * per seed, a motor-imagery cohort is simulated in memory (no files), cut by {@link BaselineWindowing} and
 * evaluated within subjects; the result holds each seed's accuracies and their mean. Subjects are dropped once
 * cut, so memory holds one seed's windows. SIMULATED data.
 */
public final class SimulatorCalibration {
    /** One seed's mean within-subject accuracy (fraction) per condition. */
    public record SeedResult(long seed, Map<String, Double> accuracy) {
        public SeedResult {
            accuracy = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(accuracy));
        }
    }

    /** Every seed's result and the mean over seeds per condition. */
    public record Result(List<SeedResult> seeds, Map<String, Double> mean) {
        public Result {
            seeds = List.copyOf(seeds);
            mean = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(mean));
        }
    }

    private SimulatorCalibration() {
    }

    /**
     * Runs {@code conditions} within subjects ({@code repetitions} × 5-fold) on a cohort of {@code base}'s size
     * and protocol (motor imagery only, no resting run) for each seed.
     */
    public static Result run(SimulationConfig base, List<Long> seeds, int repetitions, List<String> conditions) {
        if (seeds.isEmpty() || conditions.isEmpty()) {
            throw new IllegalArgumentException("calibration needs at least one seed and one condition, got seeds "
                    + seeds + " and conditions " + conditions);
        }
        List<SeedResult> out = new ArrayList<>();
        WindowingSpec spec = BaselineWindowing.spec("mi");
        for (long seed : seeds) {
            SimulationConfig c = base.toBuilder().optSeed(seed).optTasks(List.of(SimulatedTask.MOTOR_IMAGERY))
                    .optRestingRunSeconds(0).build();
            List<PairedWindow> windows = windows(c, spec);
            EvaluationResult r = Evaluation.builder().addConditions(conditions, ConditionRegistry.classical())
                    .setProtocol(Protocol.parse("within", repetitions, 5)).setTask("mi").optSeed(seed).build()
                    .run(windows);
            out.add(new SeedResult(seed, r.meanAccuracy()));
        }
        Map<String, Double> mean = new LinkedHashMap<>();
        for (String cond : out.get(0).accuracy().keySet()) {
            mean.put(cond, out.stream().mapToDouble(s -> s.accuracy().get(cond)).average().orElse(Double.NaN));
        }
        return new Result(out, mean);
    }

    /** Every trial window of the cohort; the next subjects are simulated while one is cut. */
    static List<PairedWindow> windows(SimulationConfig c, WindowingSpec spec) {
        List<PairedWindow> all = new ArrayList<>();
        SubjectStream.forEach(c, SubjectStream.defaultAhead(), (s, done, total) -> {
            for (SimulatedRun run : s.runs()) {
                try (PairedRecording pr = run.paired(s.participant())) {
                    all.addAll(PairedWindows.cut(pr, spec).windows());
                }
            }
        });
        return all;
    }
}
