package org.neurofusion.evaluation;

import java.util.List;
import java.util.Map;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.WindowingSpec;
import org.neurofusion.modalities.fnirs.BeerLambert;
import org.neurofusion.modalities.fnirs.OpticalDensity;
import org.neurofusion.modalities.signal.Filter;
import org.neurofusion.modalities.signal.Pipeline;

/**
 * The trial windows the classical baselines are evaluated on, after Shin et al. 2017: EEG 0.5–4.5 s after the
 * cue, band-passed 8–30 Hz (MNE's default FIR) at 100 Hz; fNIRS 2–12 s as HbO/HbR (optical density, then the
 * modified Beer–Lambert law). Two tasks: {@code mi} (left_hand 0, right_hand 1) and {@code ma}
 * (mental_arithmetic 0, rest 1).
 */
public final class BaselineWindowing {
    /** The tasks this windowing knows the labels of. */
    public static final List<String> TASKS = List.of("mi", "ma");

    private BaselineWindowing() {
    }

    /**
     * The windowing of {@code task}'s two classes.
     *
     * @throws IllegalArgumentException for a task other than {@code mi} or {@code ma}
     */
    public static WindowingSpec spec(String task) {
        Map<String, Integer> labels = switch (task) {
            case "mi" -> Map.of("left_hand", 0, "right_hand", 1);
            case "ma" -> Map.of("mental_arithmetic", 0, "rest", 1);
            default -> throw new IllegalArgumentException("task must be one of " + TASKS + ", got '" + task + "'");
        };
        // Label order is part of the spec's JSON, and so of a window store's key: keep class 0 first.
        Map<String, Integer> ordered = new java.util.LinkedHashMap<>();
        labels.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e -> ordered.put(e.getKey(),
                e.getValue()));
        return WindowingSpec.builder().setEvents(ordered)
                .addModality(Modality.EEG, 4, 0.5, 100, new Pipeline(List.of(new Filter(8, 30, "fir"))))
                .addModality(Modality.FNIRS, 10, 2, Double.NaN,
                        new Pipeline(List.of(new OpticalDensity(), BeerLambert.withDefaults())))
                .build();
    }
}
