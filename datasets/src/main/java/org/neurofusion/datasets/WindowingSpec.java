package org.neurofusion.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neurofusion.core.Modality;
import org.neurofusion.modalities.signal.Pipeline;

/**
 * How a paired recording is cut into windows: event-locked trials (events whose description is a key of
 * {@code labels}) or sliding windows every {@code stride} seconds (unlabelled, for pre-training), with one
 * {@link ModalityWindow} per modality. Read from and written to JSON:
 *
 * <pre>{"mode": "events", "labels": {"left": 0, "right": 1},
 *  "modalities": {"eeg": {"length_s": 4, "offset_s": 0, "rate": 100, "pipeline": [...]},
 *                 "fnirs": {"length_s": 10, "offset_s": 2}}}</pre>
 */
public record WindowingSpec(boolean sliding, double stride, Map<String, Integer> labels,
        Map<Modality, ModalityWindow> modalities) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public WindowingSpec {
        labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        modalities = java.util.Collections.unmodifiableMap(new EnumMap<>(modalities));
        if (modalities.isEmpty()) {
            throw new IllegalArgumentException("a windowing spec needs at least one modality");
        }
        if (sliding && !(stride > 0)) {
            throw new IllegalArgumentException("sliding windows need a positive stride, got " + stride);
        }
        if (!sliding && labels.isEmpty()) {
            throw new IllegalArgumentException("event-locked windows need a label mapping");
        }
    }

    /** A builder: event-locked ({@link Builder#setEvents}) or sliding ({@link Builder#setSliding}), and modalities. */
    public static Builder builder() {
        return new Builder();
    }

    /** The spec as JSON, canonical (stable key order), so it can key a window store. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("mode", sliding ? "sliding" : "events");
        if (sliding) {
            root.put("stride_s", stride);
        }
        ObjectNode l = root.putObject("labels");
        labels.forEach(l::put);
        ObjectNode ms = root.putObject("modalities");
        for (ModalityWindow w : modalities.values()) {
            ObjectNode o = ms.putObject(w.modality().name().toLowerCase(Locale.ROOT));
            o.put("length_s", w.length());
            o.put("offset_s", w.offset());
            if (!Double.isNaN(w.rate())) {
                o.put("rate", w.rate());
            }
            try {
                o.set("pipeline", JSON.readTree(w.pipeline().toJson()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return root.toString();
    }

    /**
     * Reads a spec.
     *
     * @throws IllegalArgumentException naming the field that is missing or wrong
     */
    public static WindowingSpec fromJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("windowing spec is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("windowing spec must be a JSON object");
        }
        String mode = root.path("mode").asText("events");
        if (!mode.equals("events") && !mode.equals("sliding")) {
            throw new IllegalArgumentException("windowing spec: mode must be 'events' or 'sliding', got '" + mode + "'");
        }
        Map<String, Integer> labels = new LinkedHashMap<>();
        root.path("labels").fields().forEachRemaining(e -> {
            if (!e.getValue().canConvertToInt()) {
                throw new IllegalArgumentException("windowing spec: label of '" + e.getKey() + "' must be an integer");
            }
            labels.put(e.getKey(), e.getValue().asInt());
        });
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
            if (!w.has("length_s")) {
                throw new IllegalArgumentException("windowing spec: modality '" + name + "' needs length_s");
            }
            Pipeline p = w.has("pipeline") ? Pipeline.fromJson(w.get("pipeline").toString()) : new Pipeline(List.of());
            ms.put(m, new ModalityWindow(m, w.get("length_s").asDouble(), w.path("offset_s").asDouble(0),
                    w.has("rate") ? w.get("rate").asDouble() : Double.NaN, p));
        }
        return new WindowingSpec(mode.equals("sliding"), root.path("stride_s").asDouble(0), labels, ms);
    }

    /** Builds a {@link WindowingSpec} without writing JSON. */
    public static final class Builder {
        private Boolean sliding;
        private double stride;
        private final Map<String, Integer> labels = new LinkedHashMap<>();
        private final Map<Modality, ModalityWindow> modalities = new EnumMap<>(Modality.class);

        private Builder() {
        }

        /** Event-locked windows: events whose description is a key of {@code labels}, with that label. */
        public Builder setEvents(Map<String, Integer> labels) {
            this.sliding = false;
            this.labels.clear();
            this.labels.putAll(labels);
            return this;
        }

        /** Unlabelled windows every {@code strideSeconds}. */
        public Builder setSliding(double strideSeconds) {
            this.sliding = true;
            this.stride = strideSeconds;
            return this;
        }

        /**
         * How {@code modality} is cut: {@code lengthSeconds} from {@code offsetSeconds} after the event, at
         * {@code rate} Hz (NaN: native) after {@code pipeline}.
         *
         * @throws IllegalArgumentException when the modality is given twice or a value is out of range
         */
        public Builder addModality(Modality modality, double lengthSeconds, double offsetSeconds, double rate,
                Pipeline pipeline) {
            ModalityWindow w = new ModalityWindow(modality, lengthSeconds, offsetSeconds, rate, pipeline);
            if (modalities.putIfAbsent(modality, w) != null) {
                throw new IllegalArgumentException("modality " + modality + " is given twice");
            }
            return this;
        }

        /** The spec; fails naming what is missing or inconsistent. */
        public WindowingSpec build() {
            if (sliding == null) {
                throw new IllegalArgumentException("say whether windows are event-locked (setEvents) or sliding"
                        + " (setSliding)");
            }
            return new WindowingSpec(sliding, stride, labels, modalities);
        }
    }
}
