package org.neurofusion.evaluation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.neurofusion.core.Provenance;

/**
 * What an evaluation produced: one row per condition and fold, how the folds were made, and where the windows
 * and settings came from. Writing it ({@link EvaluationReport}) is a separate step.
 *
 * @param rows       one per condition × fold, in the order run
 * @param task       the task label of the windows
 * @param protocol   how the folds were made
 * @param classes    the number of distinct labels
 * @param seed       the base seed of the folds
 * @param provenance the windows' checksum and the inputs they came from, the configuration, the versions
 */
public record EvaluationResult(List<ResultRow> rows, String task, Protocol protocol, int classes, long seed,
        Provenance provenance) {
    public EvaluationResult {
        rows = List.copyOf(rows);
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(provenance, "provenance");
    }

    /** Mean accuracy (fraction) over rows per condition, in the order the conditions ran. */
    public Map<String, Double> meanAccuracy() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String c : rows.stream().map(ResultRow::condition).distinct().toList()) {
            out.put(c, rows.stream().filter(r -> r.condition().equals(c)).mapToDouble(r -> r.metrics().accuracy())
                    .average().orElse(Double.NaN));
        }
        return out;
    }
}
