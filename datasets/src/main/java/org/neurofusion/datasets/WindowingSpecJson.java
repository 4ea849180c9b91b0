package org.neurofusion.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.WindowingSpec.Mode;
import org.neurofusion.datasets.WindowingSpec.Part;
import org.neurofusion.modalities.signal.Pipeline;

/**
 * The JSON form of a {@link WindowingSpec}: written canonically (a window store is keyed by it; a spec of one part
 * over every run keeps the original one-mode form byte for byte) and read with every refusal naming the field and
 * the part.
 */
final class WindowingSpecJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WindowingSpecJson() {
    }

    /** {@code spec} as JSON, canonical (stable key order), so it can key a window store. */
    static String write(WindowingSpec spec) {
        ObjectNode root = JSON.createObjectNode();
        if (spec.singleUnfiltered()) {
            // The original one-mode form, byte for byte, so stores keyed by older specs are reused.
            Part p = spec.parts().get(0);
            root.put("mode", p.mode().jsonName());
            if (p.mode() == Mode.SLIDING) {
                root.put("stride_s", p.stride());
            }
            ObjectNode l = root.putObject("labels");
            p.labels().forEach(l::put);
        } else {
            ArrayNode ps = root.putArray("parts");
            spec.parts().forEach(p -> writePart(p, ps.addObject()));
        }
        ObjectNode ms = root.putObject("modalities");
        for (ModalityWindow w : spec.modalities().values()) {
            ObjectNode o = ms.putObject(w.modality().name().toLowerCase(Locale.ROOT));
            o.put("length_s", w.length());
            o.put("offset_s", w.offset());
            if (!Double.isNaN(w.rate())) {
                o.put("rate", w.rate());
            }
            try {
                o.set("pipeline", JSON.readTree(w.pipeline().toJson()));
            } catch (IOException e) {
                throw new IllegalStateException("the pipeline of " + w.modality() + " does not write valid JSON", e);
            }
        }
        return root.toString();
    }

    /**
     * Reads a spec: the one-mode form ({@code mode}, {@code labels}, {@code stride_s} at the top) or the
     * {@code parts} form.
     *
     * @throws IllegalArgumentException naming the field (and part) that is missing or wrong
     */
    static WindowingSpec read(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("windowing spec is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("windowing spec must be a JSON object");
        }
        unknownFields(root, TOP_FIELDS, "windowing spec");
        List<Part> parts = new ArrayList<>();
        if (root.has("parts")) {
            for (String f : List.of("mode", "labels", "stride_s")) {
                if (root.has(f)) {
                    throw new IllegalArgumentException("windowing spec: '" + f + "' belongs inside a part when"
                            + " 'parts' is given");
                }
            }
            JsonNode ps = root.get("parts");
            if (!ps.isArray() || ps.isEmpty()) {
                throw new IllegalArgumentException("windowing spec: 'parts' must be a non-empty array");
            }
            for (int i = 0; i < ps.size(); i++) {
                parts.add(readPart(ps.get(i), "part " + (i + 1)));
            }
        } else {
            Mode mode = Mode.parse(root.path("mode").asText("events"), "windowing spec");
            if (root.has("stride_s") && !root.get("stride_s").isNumber()) {
                throw new IllegalArgumentException("windowing spec: stride_s must be a number, got "
                        + root.get("stride_s"));
            }
            // As before parts existed: a sliding spec ignores labels, an events spec ignores stride_s.
            parts.add(named("windowing spec", () -> mode == Mode.SLIDING
                    ? Part.sliding(root.path("stride_s").asDouble(0))
                    : Part.events(readLabels(root.path("labels"), "windowing spec"))));
        }
        Map<Modality, ModalityWindow> ms = new EnumMap<>(Modality.class);
        JsonNode mnode = root.path("modalities");
        if (!mnode.isObject() || mnode.isEmpty()) {
            throw new IllegalArgumentException("windowing spec: 'modalities' must name at least one modality");
        }
        List<String> names = new ArrayList<>();
        mnode.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            Modality m;
            try {
                m = Modality.valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("windowing spec: unknown modality '" + name + "'");
            }
            JsonNode w = mnode.get(name);
            String where = "windowing spec, modality '" + name + "'";
            if (!w.isObject()) {
                throw new IllegalArgumentException(where + ": must be an object with length_s");
            }
            unknownFields(w, WINDOW_FIELDS, where);
            if (!w.has("length_s")) {
                throw new IllegalArgumentException("windowing spec: modality '" + name + "' needs length_s");
            }
            for (String f : List.of("length_s", "offset_s", "rate")) {
                if (w.has(f) && !w.get(f).isNumber()) {
                    throw new IllegalArgumentException(where + ": " + f + " must be a number, got " + w.get(f));
                }
            }
            Pipeline p = w.has("pipeline") ? named(where, () -> Pipeline.fromJson(w.get("pipeline").toString()))
                    : new Pipeline(List.of());
            ms.put(m, named(where, () -> new ModalityWindow(m, w.get("length_s").asDouble(),
                    w.path("offset_s").asDouble(0), w.has("rate") ? w.get("rate").asDouble() : Double.NaN, p)));
        }
        return new WindowingSpec(parts, ms);
    }

    /** {@code make}'s refusal with {@code where} in front, so that the message says which part of the spec is wrong. */
    private static <T> T named(String where, java.util.function.Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    static Map<String, Integer> readLabels(JsonNode node, String where) {
        Map<String, Integer> labels = new LinkedHashMap<>();
        if (!node.isMissingNode() && !node.isObject()) {
            throw new IllegalArgumentException(where + ": 'labels' must be an object of event description to integer");
        }
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().canConvertToInt()) {
                throw new IllegalArgumentException(where + ": label of '" + e.getKey() + "' must be an integer");
            }
            labels.put(e.getKey(), e.getValue().asInt());
        });
        return labels;
    }

    static void writePart(Part part, ObjectNode o) {
        o.put("mode", part.mode().jsonName());
        if (part.mode() == Mode.SLIDING) {
            o.put("stride_s", part.stride());
        } else {
            ObjectNode l = o.putObject("labels");
            part.labels().forEach(l::put);
        }
        if (!part.tasks().isEmpty()) {
            ArrayNode a = o.putArray("tasks");
            part.tasks().forEach(a::add);
        }
        if (!part.runs().isEmpty()) {
            ArrayNode a = o.putArray("runs");
            part.runs().forEach(a::add);
        }
        if (part.withholdLabels()) {
            o.put("withhold_labels", true);
        }
    }

    private static final Set<String> FIELDS = Set.of("mode", "labels", "stride_s", "tasks", "runs",
            "withhold_labels");
    /** The top level's fields: the one-mode form's and {@code parts}; a misspelt one must not read as a default. */
    private static final Set<String> TOP_FIELDS = Set.of("mode", "labels", "stride_s", "parts", "modalities");
    /** A modality's window's fields. */
    private static final Set<String> WINDOW_FIELDS = Set.of("length_s", "offset_s", "rate", "pipeline");

    private static void unknownFields(JsonNode o, Set<String> known, String where) {
        o.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                throw new IllegalArgumentException(where + ": unknown field '" + f + "' (fields: "
                        + new TreeSet<>(known) + ")");
            }
        });
    }

    static Part readPart(JsonNode p, String where) {
        String w = "windowing spec, " + where;
        if (!p.isObject()) {
            throw new IllegalArgumentException(w + ": must be an object");
        }
        unknownFields(p, FIELDS, w);
        if (!p.has("mode")) {
            throw new IllegalArgumentException(w + ": needs a mode ('events' or 'sliding')");
        }
        Mode mode = Mode.parse(p.get("mode").asText(), w);
        JsonNode wl = p.path("withhold_labels");
        if (!wl.isMissingNode() && !wl.isBoolean()) {
            throw new IllegalArgumentException(w + ": withhold_labels must be true or false");
        }
        if (mode == Mode.SLIDING && p.has("labels")) {
            throw new IllegalArgumentException(w + ": a sliding part has no labels");
        }
        if (mode == Mode.EVENTS && p.has("stride_s")) {
            throw new IllegalArgumentException(w + ": an events part has no stride_s");
        }
        if (mode == Mode.SLIDING && !p.path("stride_s").isNumber()) {
            throw new IllegalArgumentException(w + ": a sliding part needs a number stride_s");
        }
        try {
            return new Part(mode, mode == Mode.EVENTS ? readLabels(p.path("labels"), w) : Map.of(),
                    p.path("stride_s").asDouble(0), strings(p.path("tasks"), w, "tasks"),
                    strings(p.path("runs"), w, "runs"), wl.asBoolean(false));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(w + ": " + e.getMessage(), e);
        }
    }

    /** A string or an array of strings. */
    static Set<String> strings(JsonNode n, String where, String field) {
        Set<String> out = new TreeSet<>();
        if (n.isMissingNode()) {
            return out;
        }
        if (n.isTextual()) {
            out.add(n.asText());
            return out;
        }
        if (!n.isArray() || n.isEmpty()) {
            throw new IllegalArgumentException(where + ": '" + field + "' must be a string or a non-empty array"
                    + " of strings");
        }
        for (JsonNode v : n) {
            if (!v.isTextual() && !v.isIntegralNumber()) {
                throw new IllegalArgumentException(where + ": '" + field + "' holds " + v + ", not a string");
            }
            out.add(v.asText());
        }
        return out;
    }
}
