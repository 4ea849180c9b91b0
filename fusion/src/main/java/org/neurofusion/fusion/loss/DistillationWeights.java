package org.neurofusion.fusion.loss;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;

/**
 * How much each term of the {@link DistillationObjective} weighs. A weight of zero switches its term off (it
 * is not computed, and its inputs may be absent). Part of a distillation run's configuration, so it reads from
 * and writes to JSON with the term names the objective reports:
 *
 * <pre>{"ce": 1.0, "kl": 1.0, "cosine": 0.5, "info_nce": 0.5, "tokens": 0.0, "fused": 0.0}</pre>
 *
 * @param ce hard-label cross-entropy on labelled rows, ≥ 0
 * @param kl soft-target KL to the teacher's logits (every row), ≥ 0
 * @param cosine cosine distance imputed ↔ real embedding (paired rows), ≥ 0
 * @param infoNce InfoNCE imputed ↔ real embedding (paired rows), ≥ 0
 * @param tokens mean squared difference imputed ↔ real latent tokens (paired rows), ≥ 0
 * @param fused mean squared difference student ↔ teacher fused class token (paired rows), ≥ 0
 */
public record DistillationWeights(@JsonProperty("ce") double ce, @JsonProperty("kl") double kl,
        @JsonProperty("cosine") double cosine, @JsonProperty("info_nce") double infoNce,
        @JsonProperty("tokens") double tokens, @JsonProperty("fused") double fused) {
    /** The JSON field names, in the order of the record's components and of the objective's terms. */
    public static final List<String> FIELDS = List.of("ce", "kl", "cosine", "info_nce", "tokens", "fused");
    private static final ObjectMapper JSON = new ObjectMapper();

    public DistillationWeights {
        double[] all = {ce, kl, cosine, infoNce, tokens, fused};
        boolean any = false;
        for (int i = 0; i < all.length; i++) {
            if (!(all[i] >= 0) || !Double.isFinite(all[i])) {
                throw new IllegalArgumentException("distillation weights: '" + FIELDS.get(i)
                        + "' must be finite and >= 0, got " + all[i]);
            }
            any |= all[i] > 0;
        }
        if (!any) {
            throw new IllegalArgumentException("distillation weights: at least one weight must be positive");
        }
    }

    /** The weights in {@link #FIELDS} order. */
    public double[] toArray() {
        return new double[] {ce, kl, cosine, infoNce, tokens, fused};
    }

    /** The weights as JSON. */
    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        double[] all = toArray();
        for (int i = 0; i < all.length; i++) {
            o.put(FIELDS.get(i), all[i]);
        }
        return o.toString();
    }

    /**
     * Reads weights; every field is required and unknown fields are refused (a misspelt weight must not
     * silently become zero).
     *
     * @throws IllegalArgumentException naming the field that is missing, unknown or wrong
     */
    public static DistillationWeights fromJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("distillation weights are not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("distillation weights must be a JSON object");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException("distillation weights: unknown field '" + f + "' (expected "
                        + String.join(", ", FIELDS) + ")");
            }
        }
        double[] w = new double[FIELDS.size()];
        for (int i = 0; i < w.length; i++) {
            JsonNode n = root.get(FIELDS.get(i));
            if (n == null || !n.isNumber()) {
                throw new IllegalArgumentException("distillation weights: '" + FIELDS.get(i) + "' must be a number");
            }
            w[i] = n.asDouble();
        }
        return new DistillationWeights(w[0], w[1], w[2], w[3], w[4], w[5]);
    }
}
