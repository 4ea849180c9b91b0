package org.neurofusion.alignment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * What a {@link ProjectionHead} is: input width, hidden width, shared latent width and the epsilon of its
 * L2 normalisation. Kept with the model so loading rebuilds the same head and can check parameter shapes.
 *
 * <pre>{"input_dim": 64, "hidden_dim": 128, "latent_dim": 32, "epsilon": 1.0E-12}</pre>
 *
 * @param inputDim the encoder's output width (last axis of the head's input)
 * @param hiddenDim the width of the hidden layer
 * @param latentDim the width of the shared latent space every modality projects to
 * @param epsilon added to the squared norm before the square root, so a zero vector maps to zero, not NaN
 */
public record ProjectionSpec(int inputDim, int hiddenDim, int latentDim, double epsilon) {
    /** The default epsilon: far below any real squared norm, far above float32's smallest normal number. */
    public static final double DEFAULT_EPSILON = 1.0e-12;
    private static final ObjectMapper JSON = new ObjectMapper();

    public ProjectionSpec {
        if (inputDim <= 0 || hiddenDim <= 0 || latentDim <= 0) {
            throw new IllegalArgumentException("projection spec: widths must be positive, got input " + inputDim
                    + ", hidden " + hiddenDim + ", latent " + latentDim);
        }
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("projection spec: epsilon must be positive and finite, got " + epsilon);
        }
    }

    /** A spec with the default epsilon. */
    public static ProjectionSpec of(int inputDim, int hiddenDim, int latentDim) {
        return new ProjectionSpec(inputDim, hiddenDim, latentDim, DEFAULT_EPSILON);
    }

    /** The spec as JSON. */
    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("input_dim", inputDim);
        o.put("hidden_dim", hiddenDim);
        o.put("latent_dim", latentDim);
        o.put("epsilon", epsilon);
        return o.toString();
    }

    /**
     * Reads a spec; {@code epsilon} may be left out.
     *
     * @throws IllegalArgumentException naming the field that is missing or wrong
     */
    public static ProjectionSpec fromJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("projection spec is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("projection spec must be a JSON object");
        }
        return new ProjectionSpec(intField(root, "input_dim"), intField(root, "hidden_dim"),
                intField(root, "latent_dim"), root.has("epsilon") ? root.get("epsilon").asDouble() : DEFAULT_EPSILON);
    }

    private static int intField(JsonNode root, String name) {
        JsonNode n = root.get(name);
        if (n == null || !n.canConvertToInt()) {
            throw new IllegalArgumentException("projection spec: '" + name + "' must be an integer");
        }
        return n.asInt();
    }
}
