package org.neurofusion.datasets.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The timing of one run, after Shin et al. 2017: a rest period, then trials of a 2 s cue, a 10 s task period and
 * 15–17 s of rest, half of each condition in random order, then a final rest. Times are on the EEG clock,
 * seconds from the EEG's first sample.
 */
final class Protocol {
    /** One trial: its condition (event description), strength (task units) and task-period onset. */
    record Trial(String condition, double onset, double strength) {
    }

    /** A run's trials (empty for a resting run) and its length. */
    record Schedule(List<Trial> trials, double duration) {
    }

    private Protocol() {
    }

    /** The schedule of one session of {@code task}. */
    static Schedule session(SimulationConfig c, SimulatedTask task, SplittableRandom rnd) {
        int n = c.trialsPerSession();
        String[] order = new String[n];
        for (int i = 0; i < n; i++) {
            order[i] = task.conditions()[i % 2];
        }
        for (int i = n - 1; i > 0; i--) { // Fisher–Yates
            int j = rnd.nextInt(i + 1);
            String s = order[i];
            order[i] = order[j];
            order[j] = s;
        }
        List<Trial> trials = new ArrayList<>();
        double t = c.preRestSeconds();
        for (String condition : order) {
            double onset = t + c.cueSeconds();
            // Trial-to-trial variability of engagement: the same trial is strong in both modalities.
            double strength = Math.exp(0.25 * rnd.nextGaussian() - 0.5 * 0.25 * 0.25);
            trials.add(new Trial(condition, onset, strength));
            t = onset + c.taskSeconds() + c.restMinSeconds()
                    + (c.restMaxSeconds() - c.restMinSeconds()) * rnd.nextDouble();
        }
        return new Schedule(List.copyOf(trials), t + c.postRestSeconds());
    }

    /** A resting-state run: no trials. */
    static Schedule resting(SimulationConfig c) {
        return new Schedule(List.of(), c.restingRunSeconds());
    }
}
