package org.neurofusion.alignment;

import ai.djl.ndarray.NDArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link AlignmentObjective#evaluate} gives: the weighted total to call {@code backward()} on, and the
 * unweighted value of each term that applied to the batch (in the order info_nce, supcon, reconstruction),
 * for logging and for {@link LossGuard}.
 *
 * @param loss the weighted sum of the terms, 0-d, in the graph
 * @param terms term name → its unweighted value; only the terms that applied
 * @param total the value of {@code loss}
 * @param pairs the modality pairs the InfoNCE term averaged (empty when it did not apply)
 */
public record ObjectiveResult(NDArray loss, Map<String, Double> terms, double total, List<String> pairs) {
    public ObjectiveResult {
        if (loss == null) {
            throw new IllegalArgumentException("an objective result needs its loss");
        }
        terms = Collections.unmodifiableMap(new LinkedHashMap<>(terms));
        pairs = List.copyOf(pairs);
    }
}
