package org.neurofusion.evaluation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.neurofusion.core.Provenance;

/**
 * What an evaluation produced: one row per condition, fold and test subject, how the folds were made, and where the
 * windows and settings came from. Writing it ({@link EvaluationReport}) is a separate step.
 *
 * @param rows       one per condition × fold × test subject of the fold, in the order run
 * @param task       the task label of the windows
 * @param protocol   how the folds were made
 * @param classes    the number of distinct labels
 * @param seed       the first base seed of the folds
 * @param seeds      how many base seeds ran ({@link Evaluation.Builder#optSeeds})
 * @param provenance the windows' checksum and the inputs they came from, the configuration, the versions
 */
public record EvaluationResult(List<ResultRow> rows, String task, Protocol protocol, int classes, long seed, int seeds,
        Provenance provenance) {
    public EvaluationResult {
        rows = List.copyOf(rows);
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(provenance, "provenance");
        if (seeds < 1) {
            throw new IllegalArgumentException("an evaluation runs at least one seed, got " + seeds);
        }
    }

    /** The result of a run over one base seed. */
    public EvaluationResult(List<ResultRow> rows, String task, Protocol protocol, int classes, long seed,
            Provenance provenance) {
        this(rows, task, protocol, classes, seed, 1, provenance);
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

    /**
     * The confusion matrices of a condition's rows summed: every test window counted once per repetition and seed
     * that tested it. Folds whose models or test windows saw different classes add up over the union of the classes,
     * a class a fold lacked counting zero there ({@link ConfusionMatrix#plus}).
     *
     * @throws IllegalArgumentException naming the conditions there are when {@code condition} has no rows
     */
    public ConfusionMatrix confusion(String condition) {
        ConfusionMatrix sum = null;
        for (ResultRow r : rows) {
            if (r.condition().equals(condition)) {
                sum = sum == null ? r.metrics().confusion() : sum.plus(r.metrics().confusion());
            }
        }
        if (sum == null) {
            throw new IllegalArgumentException("no rows of condition '" + condition + "'; the result holds "
                    + rows.stream().map(ResultRow::condition).distinct().toList());
        }
        return sum;
    }
}
