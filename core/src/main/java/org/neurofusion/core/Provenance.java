package org.neurofusion.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where a derived thing (a window store, an evaluation, a model artifact) comes from: the SHA-256 of every
 * input file, the configuration that turned them into it, and the versions of the software that did it.
 * {@code key} is a fingerprint of the inputs and the configuration only, so that two runs over the same inputs
 * with the same settings share a key whatever day or version made them (a cache such as the window store is
 * reused on a matching key); {@code created} and {@code versions} say when and by what.
 *
 * @param key         hex SHA-256 over the sorted inputs and configuration, or a caller's own fingerprint
 * @param created     when it was made
 * @param inputs      input name (a path relative to its root, or any label) → hex SHA-256 of its content
 * @param configuration setting name → value, as text
 * @param versions    software → version ({@code neurofusion}, {@code java}, ...)
 */
public record Provenance(String key, Instant created, Map<String, String> inputs, Map<String, String> configuration,
        Map<String, String> versions) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public Provenance {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(created, "created");
        if (key.isBlank()) {
            throw new IllegalArgumentException("provenance needs a non-blank key");
        }
        inputs = Collections.unmodifiableMap(new TreeMap<>(inputs));
        configuration = Collections.unmodifiableMap(new TreeMap<>(configuration));
        versions = Collections.unmodifiableMap(new TreeMap<>(versions));
    }

    /** A builder; inputs and configuration are optional, the versions of this process are filled in. */
    public static Builder builder() {
        return new Builder();
    }

    /** Provenance known only by a caller's fingerprint (no recorded inputs or configuration). */
    public static Provenance ofKey(String key) {
        return builder().optKey(key).build();
    }

    /** The neurofusion version of this build ("unknown" when run from classes the build did not filter). */
    public static String neurofusionVersion() {
        return VERSION;
    }

    private static final String VERSION = readVersion();

    private static String readVersion() {
        try (InputStream in = Provenance.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * The hex SHA-256 of a file's content.
     *
     * @throws RecordingException naming the file when it cannot be read
     */
    public static String sha256(Path file) {
        MessageDigest md = digest();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new RecordingException(file, -1, "cannot read for its checksum: " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** As a JSON object: {@code key}, {@code created} (ISO-8601), {@code inputs}, {@code configuration}, {@code versions}. */
    public ObjectNode toJsonNode() {
        ObjectNode root = JSON.createObjectNode();
        root.put("key", key);
        root.put("created", created.toString());
        inputs.forEach(root.putObject("inputs")::put);
        configuration.forEach(root.putObject("configuration")::put);
        versions.forEach(root.putObject("versions")::put);
        return root;
    }

    /** {@link #toJsonNode()} as indented text. */
    public String toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJsonNode());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise provenance", e);
        }
    }

    /**
     * Reads what {@link #toJsonNode()} wrote.
     *
     * @throws IllegalArgumentException naming the field that is missing or malformed
     */
    public static Provenance fromJsonNode(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("provenance must be a JSON object");
        }
        JsonNode key = node.get("key");
        JsonNode created = node.get("created");
        if (key == null || !key.isTextual() || created == null || !created.isTextual()) {
            throw new IllegalArgumentException("provenance needs text fields 'key' and 'created'");
        }
        Instant when;
        try {
            when = Instant.parse(created.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("provenance 'created' is not an ISO-8601 instant: " + created.asText());
        }
        return new Provenance(key.asText(), when, texts(node, "inputs"), texts(node, "configuration"),
                texts(node, "versions"));
    }

    private static Map<String, String> texts(JsonNode node, String field) {
        JsonNode o = node.get(field);
        Map<String, String> out = new TreeMap<>();
        if (o == null) {
            return out;
        }
        if (!o.isObject()) {
            throw new IllegalArgumentException("provenance '" + field + "' must be an object of texts");
        }
        for (var it = o.fields(); it.hasNext();) {
            var e = it.next();
            if (!e.getValue().isTextual()) {
                throw new IllegalArgumentException("provenance " + field + "." + e.getKey() + " must be text");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK must provide SHA-256", e);
        }
    }

    /** Builds a {@link Provenance}: {@code addX} accumulates, {@code optX} sets. */
    public static final class Builder {
        private final Map<String, String> inputs = new TreeMap<>();
        private final Map<String, String> configuration = new TreeMap<>();
        private final Map<String, String> versions = new TreeMap<>();
        private String key;
        private Instant created;

        private Builder() {
            versions.put("neurofusion", neurofusionVersion());
            versions.put("java", System.getProperty("java.version", "unknown"));
        }

        /** An input file under {@code name}, checksummed now. */
        public Builder addInput(String name, Path file) {
            return addInputChecksum(name, sha256(file));
        }

        /** An input whose checksum is already known. */
        public Builder addInputChecksum(String name, String sha256) {
            if (inputs.putIfAbsent(Objects.requireNonNull(name, "name"), Objects.requireNonNull(sha256)) != null) {
                throw new IllegalArgumentException("input '" + name + "' is named twice");
            }
            return this;
        }

        /**
         * Every regular file below {@code root}, named by its path relative to {@code root} ('/'-separated).
         *
         * @throws RecordingException naming the folder or file that cannot be listed or read
         */
        public Builder addInputTree(Path root) {
            return addInputTree(root, java.util.Set.of());
        }

        /**
         * As {@link #addInputTree(Path)}, leaving out the top-level folders named in {@code excluded} (a BIDS
         * dataset's {@code derivatives}, where outputs such as a window store itself live and must not key it).
         */
        public Builder addInputTree(Path root, java.util.Set<String> excluded) {
            List<Path> files = new ArrayList<>();
            try (var s = Files.walk(root)) {
                s.filter(Files::isRegularFile).filter(f -> {
                    Path rel = root.relativize(f);
                    return rel.getNameCount() < 2 || !excluded.contains(rel.getName(0).toString());
                }).sorted().forEach(files::add);
            } catch (IOException | java.io.UncheckedIOException e) {
                throw new RecordingException(root, -1, "cannot list: " + e.getMessage(), e);
            }
            for (Path f : files) {
                addInput(root.relativize(f).toString().replace('\\', '/'), f);
            }
            return this;
        }

        /** A setting, as text (a JSON document is fine). */
        public Builder addConfiguration(String name, String value) {
            if (configuration.putIfAbsent(Objects.requireNonNull(name, "name"),
                    Objects.requireNonNull(value, "value")) != null) {
                throw new IllegalArgumentException("setting '" + name + "' is named twice");
            }
            return this;
        }

        /** A software version beyond neurofusion's and Java's (e.g. the deep-learning engine's). */
        public Builder addVersion(String software, String version) {
            versions.put(Objects.requireNonNull(software), Objects.requireNonNull(version));
            return this;
        }

        /** The key; by default the SHA-256 of the inputs and configuration. */
        public Builder optKey(String key) {
            this.key = key;
            return this;
        }

        /** When it was made (default: now). */
        public Builder optCreated(Instant created) {
            this.created = created;
            return this;
        }

        /** The provenance; the key is computed unless one was given. */
        public Provenance build() {
            return new Provenance(key != null ? key : fingerprint(), created != null ? created : Instant.now(),
                    inputs, configuration, versions);
        }

        private String fingerprint() {
            MessageDigest md = digest();
            // Length-prefixed fields: no two different maps can produce the same byte stream.
            for (Map<String, String> m : List.of(inputs, configuration)) {
                update(md, Integer.toString(m.size()));
                m.forEach((k, v) -> {
                    update(md, k);
                    update(md, v);
                });
            }
            return HexFormat.of().formatHex(md.digest());
        }

        private static void update(MessageDigest md, String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            md.update((b.length + ":").getBytes(StandardCharsets.US_ASCII));
            md.update(b);
        }
    }
}
