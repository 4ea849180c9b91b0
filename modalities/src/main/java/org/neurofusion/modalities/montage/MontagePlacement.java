package org.neurofusion.modalities.montage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.neurofusion.core.SensorPosition;

/**
 * What a montage made of a list of labels: the position and standard name of each label it could place, in
 * the order given, and the labels it could not place, so that a caller sees every miss.
 *
 * @param placed each placed label (as given) with its electrode
 * @param unplaced the labels the montage does not know, in the order given
 */
public record MontagePlacement(Map<String, Electrode> placed, List<String> unplaced) {
    /**
     * One placed electrode.
     *
     * @param standardName the montage's own spelling of the name ({@code FCz} for {@code Fcz.})
     * @param position where it sits, in metres, head frame
     */
    public record Electrode(String standardName, SensorPosition position) {
        public Electrode {
            Objects.requireNonNull(standardName, "standardName");
            Objects.requireNonNull(position, "position");
        }
    }

    public MontagePlacement {
        placed = Collections.unmodifiableMap(new LinkedHashMap<>(placed));
        unplaced = List.copyOf(unplaced);
    }

    /** Whether every label was placed. */
    public boolean complete() {
        return unplaced.isEmpty();
    }
}
