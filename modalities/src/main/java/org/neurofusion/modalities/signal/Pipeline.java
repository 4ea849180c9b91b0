package org.neurofusion.modalities.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurofusion.core.Recording;

/**
 * An ordered list of {@link Preprocessor}s, applied in turn, and written as JSON
 * ({@code [{"name": "filter", "parameters": {"l_freq": "1.0", ...}}, ...]}) so a trained model can carry the
 * exact preprocessing it expects and rebuild it with {@link #fromJson}.
 */
public final class Pipeline {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Preprocessor> steps;

    public Pipeline(List<Preprocessor> steps) {
        this.steps = List.copyOf(steps);
    }

    public List<Preprocessor> steps() {
        return steps;
    }

    /** Applies every step in order. */
    public Recording apply(Recording in) {
        return apply(in, step -> { });
    }

    /** Applies every step in order, telling {@code afterEach} of each step once it is done (for progress). */
    public Recording apply(Recording in, java.util.function.Consumer<Preprocessor> afterEach) {
        Recording r = in;
        for (Preprocessor p : steps) {
            r = p.apply(r);
            afterEach.accept(p);
        }
        return r;
    }

    /** The pipeline as a JSON array of {name, parameters}. */
    public String toJson() {
        ArrayNode a = JSON.createArrayNode();
        for (Preprocessor p : steps) {
            ObjectNode o = a.addObject();
            o.put("name", p.name());
            ObjectNode params = o.putObject("parameters");
            p.parameters().forEach(params::put);
        }
        return a.toString();
    }

    /**
     * Rebuilds a pipeline from {@link #toJson} output.
     *
     * @throws IllegalArgumentException naming the step and what is wrong with it
     */
    public static Pipeline fromJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("pipeline is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("a pipeline is a JSON array of steps");
        }
        List<Preprocessor> steps = new ArrayList<>();
        int i = 0;
        for (JsonNode s : root) {
            if (!s.hasNonNull("name") || !s.get("name").isTextual()) {
                throw new IllegalArgumentException("pipeline step " + i + " has no name");
            }
            Map<String, String> params = new LinkedHashMap<>();
            JsonNode p = s.get("parameters");
            if (p != null && p.isObject()) {
                p.fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
            }
            try {
                steps.add(Preprocessors.create(s.get("name").asText(), params));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("pipeline step " + i + " (" + s.get("name").asText() + "): "
                        + e.getMessage(), e);
            }
            i++;
        }
        return new Pipeline(steps);
    }
}
