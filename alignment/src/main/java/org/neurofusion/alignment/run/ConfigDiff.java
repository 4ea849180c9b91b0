package org.neurofusion.alignment.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/** The keys where two JSON configurations differ, as JSON pointers with both values, for a resume refusal. */
final class ConfigDiff {
    private ConfigDiff() {
    }

    /** Each difference as {@code /path: stored X, given Y}; empty when equal. */
    static List<String> differences(JsonNode stored, JsonNode given) {
        List<String> out = new ArrayList<>();
        walk("", stored, given, out);
        return out;
    }

    private static void walk(String path, JsonNode a, JsonNode b, List<String> out) {
        if (a != null && b != null && a.isObject() && b.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                walk(path + "/" + k.replace("~", "~0").replace("/", "~1"), a.get(k), b.get(k), out);
            }
        } else if (a != null && b != null && a.isArray() && b.isArray() && a.size() == b.size()) {
            Iterator<JsonNode> ia = a.elements();
            Iterator<JsonNode> ib = b.elements();
            for (int i = 0; ia.hasNext(); i++) {
                walk(path + "/" + i, ia.next(), ib.next(), out);
            }
        } else if (a == null || b == null || !a.equals(b)) {
            out.add((path.isEmpty() ? "/" : path) + ": stored " + show(a) + ", given " + show(b));
        }
    }

    private static String show(JsonNode n) {
        if (n == null) {
            return "(absent)";
        }
        String s = n.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
