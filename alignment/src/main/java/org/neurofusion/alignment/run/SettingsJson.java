package org.neurofusion.alignment.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * What the trainers' configurations share: settings as a flat JSON object whose every key has a default, read so
 * that an absent key takes its default and an unknown key or a value of the wrong type is an error naming the
 * key, and changed one key at a time from the command line ({@code --set KEY=VALUE}).
 */
public final class SettingsJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SettingsJson() {
    }

    /**
     * Parses {@code json} (text).
     *
     * @param what the configuration's name in messages ({@code "pre-training"}, {@code "fusion"})
     * @throws IllegalArgumentException when the text is not JSON
     */
    public static JsonNode parse(String json, String what) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " configuration is not valid JSON: " + e.getMessage(), e);
        }
    }

    /**
     * The defaults with every key of {@code given} laid over them.
     *
     * @throws IllegalArgumentException naming the key for an unknown key or a value whose JSON type differs from
     *     the default's (a list, a string, an integer, a number)
     */
    public static ObjectNode merge(ObjectNode defaults, JsonNode given, String what) {
        if (given == null || !given.isObject()) {
            throw new IllegalArgumentException(what + " configuration must be a JSON object");
        }
        ObjectNode o = defaults.deepCopy();
        for (Iterator<String> it = given.fieldNames(); it.hasNext();) {
            String k = it.next();
            JsonNode v = given.get(k);
            JsonNode d = o.get(k);
            if (d == null) {
                throw new IllegalArgumentException("unknown " + what + " setting '" + k + "'; known: "
                        + keys(defaults));
            }
            boolean ok = d.isArray() ? v.isArray() : d.isTextual() ? v.isTextual()
                    : d.isIntegralNumber() ? v.isIntegralNumber() && v.canConvertToInt() : v.isNumber();
            if (!ok) {
                throw new IllegalArgumentException(what + " setting '" + k + "' must be "
                        + (d.isArray() ? "a list" : d.isTextual() ? "a string" : d.isIntegralNumber() ? "an integer"
                                : "a number") + ", got " + v);
            }
            o.set(k, v);
        }
        return o;
    }

    /**
     * {@code current} with {@code key} set from its command-line text: a list is split at commas, a string taken
     * as it is, a number parsed as the default's kind (an integer stays an integer).
     *
     * @throws IllegalArgumentException for an unknown key or a number that does not parse
     */
    public static ObjectNode with(ObjectNode current, String key, String value, String what) {
        ObjectNode o = current.deepCopy();
        if (!o.has(key)) {
            throw new IllegalArgumentException("unknown " + what + " setting '" + key + "'; known: " + keys(current));
        }
        if (o.get(key).isArray()) {
            o.set(key, JSON.valueToTree(List.of(value.split(","))));
        } else if (o.get(key).isTextual()) {
            o.put(key, value);
        } else {
            try {
                // not a ?: expression: it would widen the int to a double
                if (o.get(key).isIntegralNumber()) {
                    o.put(key, Integer.parseInt(value));
                } else {
                    o.put(key, Double.parseDouble(value));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + " setting '" + key + "' needs a number, got '" + value
                        + "'", e);
            }
        }
        return o;
    }

    /** The keys of {@code settings}, in order. */
    public static List<String> keys(ObjectNode settings) {
        List<String> k = new ArrayList<>();
        settings.fieldNames().forEachRemaining(k::add);
        return k;
    }
}
