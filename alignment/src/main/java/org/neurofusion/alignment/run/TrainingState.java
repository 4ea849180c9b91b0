package org.neurofusion.alignment.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * Where a training loop stood when it wrote a checkpoint: what it needs, beside the arrays, to continue exactly
 * where it stopped.
 *
 * @param epoch                    epochs completed
 * @param step                     optimizer steps completed; {@code metrics.jsonl} lines with a larger step are
 *                                 dropped on resume
 * @param bestMetric               the best value so far of the metric early stopping watches, NaN when none yet
 * @param epochsWithoutImprovement epochs since that best value
 * @param extra                    anything else the trainer needs (schedule state, data-order position...)
 */
public record TrainingState(int epoch, long step, double bestMetric, int epochsWithoutImprovement, ObjectNode extra) {
    public TrainingState {
        if (epoch < 0 || step < 0 || epochsWithoutImprovement < 0) {
            throw new IllegalArgumentException("training state needs epoch, step and epochsWithoutImprovement >= 0,"
                    + " got epoch " + epoch + ", step " + step + ", epochsWithoutImprovement " + epochsWithoutImprovement);
        }
        if (Double.isInfinite(bestMetric)) {
            throw new IllegalArgumentException("best metric must be finite or NaN (none yet), got " + bestMetric);
        }
        // A copy: the caller's node may change after the state is taken.
        extra = extra == null ? JsonNodeFactory.instance.objectNode() : extra.deepCopy();
    }

    /** A state without extras. */
    public TrainingState(int epoch, long step, double bestMetric, int epochsWithoutImprovement) {
        this(epoch, step, bestMetric, epochsWithoutImprovement, null);
    }

    /** A copy of the trainer's extra state (the record's own stays unchanged). */
    @Override
    public ObjectNode extra() {
        return extra.deepCopy();
    }

    /** As stored in a checkpoint: the best metric is null when there is none (JSON has no NaN). */
    ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("epoch", epoch);
        o.put("step", step);
        if (Double.isNaN(bestMetric)) {
            o.putNull("bestMetric");
        } else {
            o.put("bestMetric", bestMetric);
        }
        o.put("epochsWithoutImprovement", epochsWithoutImprovement);
        o.set("extra", extra.deepCopy());
        return o;
    }

    /**
     * Reads what {@link #toJson()} wrote.
     *
     * @throws IllegalArgumentException naming the field that is missing or malformed
     */
    static TrainingState fromJson(JsonNode o) {
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("training state is not a JSON object");
        }
        JsonNode best = o.get("bestMetric");
        if (best == null || !(best.isNull() || best.isNumber())) {
            throw new IllegalArgumentException("training state field 'bestMetric' must be a number or null");
        }
        JsonNode extra = o.get("extra");
        if (extra != null && !extra.isObject()) {
            throw new IllegalArgumentException("training state field 'extra' must be an object");
        }
        return new TrainingState(integral(o, "epoch").intValue(), integral(o, "step").longValue(),
                best.isNull() ? Double.NaN : best.doubleValue(), integral(o, "epochsWithoutImprovement").intValue(),
                (ObjectNode) extra);
    }

    private static Number integral(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException("training state field '" + field + "' must be a whole number, got "
                    + v);
        }
        return Objects.requireNonNull(v.numberValue());
    }
}
