package org.neurofusion.alignment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;

/**
 * How much each term of the {@link AlignmentObjective} weighs: cross-modal InfoNCE, supervised contrastive
 * and masked-patch reconstruction. A weight of zero switches its term off (it is not even computed). Part of
 * a run's configuration, so it reads from and writes to JSON:
 *
 * <pre>{"info_nce": 1.0, "supcon": 0.5, "reconstruction": 0.0}</pre>
 *
 * @param infoNce weight of the cross-modal InfoNCE term, ≥ 0
 * @param supCon weight of the supervised contrastive term, ≥ 0
 * @param reconstruction weight of the masked-patch reconstruction term, ≥ 0
 */
public record ObjectiveWeights(double infoNce, double supCon, double reconstruction) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("info_nce", "supcon", "reconstruction");

    public ObjectiveWeights {
        check("info_nce", infoNce);
        check("supcon", supCon);
        check("reconstruction", reconstruction);
        if (infoNce == 0 && supCon == 0 && reconstruction == 0) {
            throw new IllegalArgumentException("objective weights: at least one weight must be positive");
        }
    }

    /** Cross-modal InfoNCE alone. */
    public static ObjectiveWeights infoNceOnly() {
        return new ObjectiveWeights(1, 0, 0);
    }

    private static void check(String name, double w) {
        if (!(w >= 0) || !Double.isFinite(w)) {
            throw new IllegalArgumentException("objective weights: '" + name + "' must be finite and >= 0, got " + w);
        }
    }

    /** The weights as JSON. */
    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("info_nce", infoNce);
        o.put("supcon", supCon);
        o.put("reconstruction", reconstruction);
        return o.toString();
    }

    /**
     * Reads weights; every field is required, unknown fields are refused (a misspelt weight must not
     * silently become zero).
     *
     * @throws IllegalArgumentException naming the field that is missing, unknown or wrong
     */
    public static ObjectiveWeights fromJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("objective weights are not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("objective weights must be a JSON object");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException("objective weights: unknown field '" + f + "' (expected "
                        + "info_nce, supcon, reconstruction)");
            }
        }
        return new ObjectiveWeights(number(root, "info_nce"), number(root, "supcon"), number(root, "reconstruction"));
    }

    private static double number(JsonNode root, String name) {
        JsonNode n = root.get(name);
        if (n == null || !n.isNumber()) {
            throw new IllegalArgumentException("objective weights: '" + name + "' must be a number");
        }
        return n.asDouble();
    }
}
