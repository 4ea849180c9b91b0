package org.neurofusion.datasets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.neurofusion.core.Modality;
import org.neurofusion.modalities.signal.Pipeline;

/**
 * How paired recordings are cut into windows: one or more {@link Part}s, each event-locked trials (events whose
 * description is a key of its labels) or sliding windows every {@code stride} seconds, each applied to the runs
 * its task and run filters match, and one {@link ModalityWindow} per modality shared by every part (a store holds
 * one window length per modality). Several parts let one store hold labelled trials of task runs next to
 * unlabelled windows of resting runs, for pre-training. Read from and written to JSON; a single unfiltered part is
 * written in the original one-mode form, so stores keyed by such specs are reused:
 *
 * <pre>{"mode": "events", "labels": {"left": 0, "right": 1},
 *  "modalities": {"eeg": {"length_s": 4, "offset_s": 0, "rate": 100, "pipeline": [...]},
 *                 "fnirs": {"length_s": 10, "offset_s": 2}}}
 *
 * {"parts": [{"mode": "events", "labels": {"left": 0, "right": 1}, "tasks": ["mi"]},
 *            {"mode": "sliding", "stride_s": 2, "tasks": ["rest"]},
 *            {"mode": "events", "labels": {"left": 0, "right": 1}, "tasks": ["mi"], "runs": ["3"],
 *             "withhold_labels": true}],
 *  "modalities": {...}}</pre>
 *
 * @param parts      what is cut, in order; windows of a run are concatenated in this order
 * @param modalities how each modality is cut, the same for every part
 */
public record WindowingSpec(List<Part> parts, Map<Modality, ModalityWindow> modalities) {

    public WindowingSpec {
        Objects.requireNonNull(parts, "parts");
        Objects.requireNonNull(modalities, "modalities");
        parts = List.copyOf(parts);
        modalities = Collections.unmodifiableMap(new EnumMap<>(modalities));
        if (modalities.isEmpty()) {
            throw new IllegalArgumentException("a windowing spec needs at least one modality");
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a windowing spec needs at least one part (events or sliding)");
        }
        mergedLabels(parts);
    }

    /**
     * A single part over every run: event-locked ({@code labels}) or sliding ({@code stride}), as specs were before
     * they had parts.
     */
    public WindowingSpec(boolean sliding, double stride, Map<String, Integer> labels,
            Map<Modality, ModalityWindow> modalities) {
        this(List.of(sliding ? Part.sliding(stride) : Part.events(labels)), modalities);
    }

    /**
     * The labels the store's labelled windows carry: every labelled part's mapping, merged (empty when no part is
     * labelled). A description has one label across parts, since a store has one label space.
     */
    public Map<String, Integer> labels() {
        return mergedLabels(parts);
    }

    /** This spec with other parts and the same modality windows. */
    public WindowingSpec withParts(List<Part> newParts) {
        return new WindowingSpec(newParts, modalities);
    }

    /** The indices of the parts that apply to {@code key}, in order. */
    public List<Integer> partsFor(RecordingKey key) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).matches(key)) {
                out.add(i);
            }
        }
        return out;
    }

    /** Whether some part applies to {@code key}. */
    public boolean applies(RecordingKey key) {
        return parts.stream().anyMatch(p -> p.matches(key));
    }

    private static Map<String, Integer> mergedLabels(List<Part> parts) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            Part p = parts.get(i);
            if (!p.labelled()) {
                continue;
            }
            for (Map.Entry<String, Integer> e : p.labels().entrySet()) {
                Integer before = out.putIfAbsent(e.getKey(), e.getValue());
                if (before != null && !before.equals(e.getValue())) {
                    throw new IllegalArgumentException("windowing spec: event '" + e.getKey() + "' is labelled "
                            + before + " by an earlier part and " + e.getValue() + " by part " + (i + 1)
                            + "; a store has one label per event description");
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** Whether this spec is one part over every run, which is written in the original one-mode JSON form. */
    boolean singleUnfiltered() {
        Part p = parts.get(0);
        return parts.size() == 1 && p.tasks().isEmpty() && p.runs().isEmpty() && !p.withholdLabels();
    }

    /** A builder: one part ({@link Builder#setEvents} or {@link Builder#setSliding}) or several ({@link Builder#addPart}). */
    public static Builder builder() {
        return new Builder();
    }

    /** The spec as JSON, canonical (stable key order), so it can key a window store ({@link WindowingSpecJson}). */
    public String toJson() {
        return WindowingSpecJson.write(this);
    }

    /**
     * Reads a spec: the one-mode form ({@code mode}, {@code labels}, {@code stride_s} at the top) or the
     * {@code parts} form ({@link WindowingSpecJson}).
     *
     * @throws IllegalArgumentException naming the field (and part) that is missing or wrong
     */
    public static WindowingSpec fromJson(String json) {
        return WindowingSpecJson.read(json);
    }

    /** How a part places windows. */
    public enum Mode {
        /** One window per event whose description is a key of the part's labels. */
        EVENTS,
        /** A window every stride seconds over the span every modality covers. */
        SLIDING;

        /** The JSON (and command-line) name: {@code events} or {@code sliding}. */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The mode named {@code s}.
         *
         * @throws IllegalArgumentException naming {@code where} and the unknown mode
         */
        public static Mode parse(String s, String where) {
            return switch (s) {
                case "events" -> EVENTS;
                case "sliding" -> SLIDING;
                default -> throw new IllegalArgumentException(where + ": mode must be 'events' or 'sliding', got '"
                        + s + "'");
            };
        }
    }

    /**
     * One part of a spec: which windows to cut from the runs it matches. A run matches when its task is one of
     * {@code tasks} and its run entity one of {@code runs} (an empty set matches any; run indices compare as
     * numbers, so {@code 1} matches {@code run-01}). Filters of different parts may overlap: a run then gets the
     * windows of each. Windows are labelled only for an events part whose labels are not withheld.
     *
     * @param mode           events or sliding
     * @param labels         events: event description → label (non-negative); sliding: empty
     * @param stride         sliding: seconds between window starts (positive); events: 0
     * @param tasks          BIDS task labels this part applies to; empty for every task
     * @param runs           BIDS run entities this part applies to; empty for every run
     * @param withholdLabels events: cut at the labelled events but store the windows unlabelled (always false for
     *                       sliding parts, whose windows are unlabelled anyway)
     */
    public record Part(Mode mode, Map<String, Integer> labels, double stride, Set<String> tasks, Set<String> runs,
            boolean withholdLabels) {
        public Part {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(labels, "labels");
            labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
            tasks = filter(tasks, "task");
            runs = filter(runs, "run");
            if (mode == Mode.SLIDING) {
                if (!(stride > 0) || !Double.isFinite(stride)) {
                    throw new IllegalArgumentException("a sliding part needs a positive stride, got " + stride);
                }
                if (!labels.isEmpty()) {
                    throw new IllegalArgumentException("a sliding part has no labels (its windows are unlabelled),"
                            + " got " + labels);
                }
                withholdLabels = false; // a sliding window is unlabelled whether or not labels are withheld
            } else {
                if (labels.isEmpty()) {
                    throw new IllegalArgumentException("an events part needs a label mapping (event description"
                            + " to label)");
                }
                if (stride != 0) {
                    throw new IllegalArgumentException("an events part has no stride, got " + stride);
                }
                labels.forEach((d, l) -> {
                    if (l < 0) {
                        // -1 means unlabelled in a batch; a negative label would silently lose its trials' labels.
                        throw new IllegalArgumentException("label of event '" + d + "' must be non-negative, got "
                                + l);
                    }
                });
            }
        }

        /** Event-locked windows over every run: events whose description is a key of {@code labels}. */
        public static Part events(Map<String, Integer> labels) {
            return new Part(Mode.EVENTS, labels, 0, Set.of(), Set.of(), false);
        }

        /** Unlabelled windows every {@code strideSeconds} over every run. */
        public static Part sliding(double strideSeconds) {
            return new Part(Mode.SLIDING, Map.of(), strideSeconds, Set.of(), Set.of(), false);
        }

        /** This part restricted to runs of these tasks. */
        public Part withTasks(String... taskLabels) {
            return new Part(mode, labels, stride, Set.of(taskLabels), runs, withholdLabels);
        }

        /** This part restricted to these run entities. */
        public Part withRuns(String... runLabels) {
            return new Part(mode, labels, stride, tasks, Set.of(runLabels), withholdLabels);
        }

        /** This part with its windows stored unlabelled. */
        public Part withLabelsWithheld() {
            return new Part(mode, labels, stride, tasks, runs, true);
        }

        /** Whether this part's windows carry labels. */
        public boolean labelled() {
            return mode == Mode.EVENTS && !withholdLabels;
        }

        /** Whether this part applies to the run {@code key}. */
        public boolean matches(RecordingKey key) {
            return (tasks.isEmpty() || tasks.contains(key.task()))
                    && (runs.isEmpty() || runs.stream().anyMatch(r -> sameRun(r, key.run())));
        }

        /** A short description, e.g. {@code events tasks=[mi] (labels withheld)}. */
        public String describe() {
            StringBuilder b = new StringBuilder(mode.jsonName());
            if (mode == Mode.SLIDING) {
                b.append(" stride=").append(stride).append(" s");
            }
            b.append(" tasks=").append(tasks.isEmpty() ? "(all)" : tasks);
            if (!runs.isEmpty()) {
                b.append(" runs=").append(runs);
            }
            if (withholdLabels) {
                b.append(" (labels withheld)");
            }
            return b.toString();
        }

        private static boolean sameRun(String filter, String run) {
            if (filter.equals(run)) {
                return true;
            }
            // BIDS run entities are indices: run-1 and run-01 are the same run.
            try {
                return Integer.parseInt(filter) == Integer.parseInt(run);
            } catch (NumberFormatException e) {
                return false;
            }
        }

        private static Set<String> filter(Set<String> values, String what) {
            Objects.requireNonNull(values, what + "s");
            for (String v : values) {
                if (v == null || v.isBlank()) {
                    throw new IllegalArgumentException("a part's " + what + " filter holds a blank " + what);
                }
            }
            return Collections.unmodifiableSet(new TreeSet<>(values)); // sorted: the JSON is canonical
        }

    }

    /** Builds a {@link WindowingSpec} without writing JSON. */
    public static final class Builder {
        private Part single;
        private final List<Part> parts = new ArrayList<>();
        private final Map<Modality, ModalityWindow> modalities = new EnumMap<>(Modality.class);

        private Builder() {
        }

        /** One part over every run: events whose description is a key of {@code labels}, with that label. */
        public Builder setEvents(Map<String, Integer> labels) {
            this.single = Part.events(labels);
            return this;
        }

        /** One part over every run: unlabelled windows every {@code strideSeconds}. */
        public Builder setSliding(double strideSeconds) {
            this.single = Part.sliding(strideSeconds);
            return this;
        }

        /** Adds a part (instead of {@link #setEvents} or {@link #setSliding}); parts apply in the order added. */
        public Builder addPart(Part part) {
            parts.add(Objects.requireNonNull(part, "part"));
            return this;
        }

        /**
         * How {@code modality} is cut: {@code lengthSeconds} from {@code offsetSeconds} after the event, at
         * {@code rate} Hz (NaN: native) after {@code pipeline}.
         *
         * @throws IllegalArgumentException when the modality is given twice or a value is out of range
         */
        public Builder addModality(Modality modality, double lengthSeconds, double offsetSeconds, double rate,
                Pipeline pipeline) {
            ModalityWindow w = new ModalityWindow(modality, lengthSeconds, offsetSeconds, rate, pipeline);
            if (modalities.putIfAbsent(modality, w) != null) {
                throw new IllegalArgumentException("modality " + modality + " is given twice");
            }
            return this;
        }

        /** The spec; fails naming what is missing or inconsistent. */
        public WindowingSpec build() {
            if (single != null && !parts.isEmpty()) {
                throw new IllegalArgumentException("give either one part (setEvents or setSliding) or parts"
                        + " (addPart), not both");
            }
            if (single == null && parts.isEmpty()) {
                throw new IllegalArgumentException("say whether windows are event-locked (setEvents) or sliding"
                        + " (setSliding), or add parts (addPart)");
            }
            return new WindowingSpec(single != null ? List.of(single) : parts, modalities);
        }
    }
}
