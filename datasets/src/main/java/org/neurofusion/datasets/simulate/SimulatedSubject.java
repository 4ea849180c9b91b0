package org.neurofusion.datasets.simulate;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.datasets.ClockMap;

/**
 * Everything simulated for one subject: participant information, the fNIRS device's true clock map, one
 * {@link SimulatedRun} per task session plus the resting run, and the anatomy the data came from.
 *
 * @param id subject label ({@code 01}, {@code 02}, ...)
 * @param participant participants.tsv-style fields (participant_id, age, sex, handedness) and the subject's drawn
 *     physiology (alpha frequency, HRF delay, heart rate, clock offset and drift)
 * @param sourcePositions true position of each cortical source (m, head frame)
 * @param sensitivity per fNIRS pair name ({@code S1_D1}), its sensitivity to each source's haemodynamics (0–1)
 * @param atlas when fMRI was simulated: the label image on the BOLD grid
 */
public record SimulatedSubject(String id, Map<String, String> participant, ClockMap fnirsClock,
        List<SimulatedRun> runs, Map<String, SensorPosition> sourcePositions,
        Map<String, Map<String, Double>> sensitivity, Optional<SimulatedAtlas> atlas) {
    public SimulatedSubject {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(fnirsClock, "fnirsClock");
        // ordered copies: Map.copyOf iterates in an order that changes from one JVM to the next, and these maps are
        // written out (participants.tsv columns, the ground truth's JSON), which must be the same bytes every run
        participant = ordered(participant);
        runs = List.copyOf(runs);
        sourcePositions = ordered(sourcePositions);
        sensitivity = ordered(sensitivity);
        Objects.requireNonNull(atlas, "atlas");
    }

    /** A subject simulated without fMRI. */
    public SimulatedSubject(String id, Map<String, String> participant, ClockMap fnirsClock, List<SimulatedRun> runs,
            Map<String, SensorPosition> sourcePositions, Map<String, Map<String, Double>> sensitivity) {
        this(id, participant, fnirsClock, runs, sourcePositions, sensitivity, Optional.empty());
    }

    /** The run of this task label ({@code mi}, {@code ma}, {@code rest}) and run number (1-based). */
    public SimulatedRun run(String task, int number) {
        return runs.stream().filter(r -> r.key().task().equals(task) && r.key().run().equals(Integer.toString(number)))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("subject " + id + " has no run " + number
                        + " of task '" + task + "'"));
    }

    private static <V> Map<String, V> ordered(Map<String, V> m) {
        return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(m));
    }
}
