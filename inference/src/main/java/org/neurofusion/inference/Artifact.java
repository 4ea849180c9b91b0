package org.neurofusion.inference;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A deployable model on disk: a directory of four files.
 * <ul>
 *   <li>{@code spec.json}: the {@link ArtifactSpec} (architecture, input contract, parameter shapes);</li>
 *   <li>{@code parameters.safetensors}: every parameter, float32, under its checkpoint name;</li>
 *   <li>{@code provenance.json}: where the model came from (training configuration, data checksums, versions,
 *       training metrics), as the exporter gives it;</li>
 *   <li>{@code checksums.sha256}: the SHA-256 of the other three, in the layout {@code sha256sum -c} reads.</li>
 * </ul>
 * {@link #write} fills a fresh directory under a temporary name and renames it into place, so a reader never sees a
 * half-written artifact; {@link #read} verifies every checksum, then that the spec's shapes, the file's tensors and
 * the network the spec builds agree, and refuses the artifact naming the file and what differs.
 *
 * @param spec the architecture and contract
 * @param tensors the parameters by name
 * @param provenance where the model came from
 */
public record Artifact(ArtifactSpec spec, Map<String, SafeTensors.Tensor> tensors, JsonNode provenance) {
    /** The file names, in checksum order. */
    public static final List<String> FILES = List.of("spec.json", "parameters.safetensors", "provenance.json");
    /** The checksum list. */
    public static final String CHECKSUMS = "checksums.sha256";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** Keeps an unmodifiable copy of the tensor map, in its order. */
    public Artifact {
        tensors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        provenance = provenance == null ? JSON.createObjectNode() : provenance.deepCopy();
    }

    /**
     * Writes this artifact into {@code dir}, which must not exist (or be an empty directory): the files go into a
     * temporary sibling that is renamed to {@code dir} when complete.
     *
     * @throws IllegalArgumentException when {@code dir} exists and is not an empty directory
     * @throws UncheckedIOException when a file cannot be written (the temporary directory is removed)
     */
    public void write(Path dir) {
        Path target = dir.toAbsolutePath().normalize();
        try {
            if (Files.exists(target)) {
                boolean empty;
                try (Stream<Path> s = Files.isDirectory(target) ? Files.list(target) : null) {
                    empty = s != null && s.findAny().isEmpty();
                }
                if (!empty) {
                    throw new IllegalArgumentException(target + " exists and is not an empty directory; an artifact is"
                            + " written into a fresh one");
                }
                Files.delete(target);
            }
            Path parent = target.getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp-");
            try {
                Map<String, long[]> shapes = new LinkedHashMap<>();
                tensors.forEach((k, t) -> shapes.put(k, t.shape()));
                Files.write(tmp.resolve(FILES.get(0)), JSON.writeValueAsBytes(spec.toJson(shapes)));
                SafeTensors.write(tmp.resolve(FILES.get(1)), tensors,
                        Map.of("format", "neurofusion-model", "format_version",
                                Integer.toString(spec.formatVersion())));
                Files.write(tmp.resolve(FILES.get(2)), JSON.writeValueAsBytes(provenance));
                StringBuilder sums = new StringBuilder();
                for (String f : FILES) {
                    sums.append(sha256(tmp.resolve(f))).append("  ").append(f).append('\n');
                }
                Files.writeString(tmp.resolve(CHECKSUMS), sums, StandardCharsets.US_ASCII);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target);
                }
            } catch (IOException | RuntimeException e) {
                deleteTree(tmp);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the artifact " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads and verifies the artifact in {@code dir}: the checksums, the spec (format version included), the
     * tensors against the spec's shapes.
     *
     * @throws ArtifactFormatException naming the file and what is wrong: a missing file, a checksum that differs
     *     (a tampered or damaged file), a spec from a newer format or one that does not parse, a tensor missing,
     *     unexpected or of another shape than the spec lists
     */
    public static Artifact read(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(d)) {
            throw new ArtifactFormatException(d, -1, "no artifact here: not a directory");
        }
        Map<String, String> sums = checksums(d.resolve(CHECKSUMS));
        for (String f : FILES) {
            Path p = d.resolve(f);
            if (!Files.isRegularFile(p)) {
                throw new ArtifactFormatException(p, -1, "missing: an artifact holds " + FILES + " and " + CHECKSUMS);
            }
            String want = sums.get(f);
            if (want == null) {
                throw new ArtifactFormatException(d.resolve(CHECKSUMS), -1, "no checksum for " + f);
            }
            String got = sha256(p);
            if (!got.equals(want)) {
                throw new ArtifactFormatException(p, -1, "SHA-256 is " + got + " but " + CHECKSUMS + " says " + want
                        + ": the file was changed or damaged after the artifact was written");
            }
        }
        Path specFile = d.resolve(FILES.get(0));
        ArtifactSpec.Parsed parsed;
        JsonNode provenance;
        try {
            parsed = ArtifactSpec.fromJson(JSON.readTree(specFile.toFile()));
        } catch (IOException | IllegalArgumentException e) {
            throw new ArtifactFormatException(specFile, -1, e.getMessage());
        }
        try {
            provenance = JSON.readTree(d.resolve(FILES.get(2)).toFile());
        } catch (IOException e) {
            throw new ArtifactFormatException(d.resolve(FILES.get(2)), -1, e.getMessage());
        }
        Path paramFile = d.resolve(FILES.get(1));
        SafeTensors.Contents contents = SafeTensors.read(paramFile);
        Map<String, SafeTensors.Tensor> tensors = contents.tensors();
        for (Map.Entry<String, long[]> e : parsed.shapes().entrySet()) {
            SafeTensors.Tensor t = tensors.get(e.getKey());
            if (t == null) {
                throw new ArtifactFormatException(paramFile, -1, "no tensor '" + e.getKey() + "', which spec.json lists");
            }
            if (!Arrays.equals(t.shape(), e.getValue())) {
                throw new ArtifactFormatException(paramFile, -1, "tensor '" + e.getKey() + "' is "
                        + Arrays.toString(t.shape()) + " but spec.json says " + Arrays.toString(e.getValue()));
            }
        }
        for (String k : tensors.keySet()) {
            if (!parsed.shapes().containsKey(k)) {
                throw new ArtifactFormatException(paramFile, -1, "tensor '" + k + "' is not in spec.json's list");
            }
        }
        return new Artifact(parsed.spec(), tensors, provenance);
    }

    /** The provenance as a JSON object (a copy). */
    public ObjectNode provenanceObject() {
        return provenance.isObject() ? ((ObjectNode) provenance).deepCopy() : JSON.createObjectNode();
    }

    private static Map<String, String> checksums(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ArtifactFormatException(file, -1, "missing: every artifact lists its files' SHA-256 here");
        }
        Map<String, String> out = new LinkedHashMap<>();
        List<String> lines;
        try {
            if (Files.size(file) > 64 * 1024) {
                throw new ArtifactFormatException(file, -1, "is " + Files.size(file) + " bytes; a checksum list of "
                        + FILES.size() + " files is a few hundred");
            }
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ArtifactFormatException(file, -1, "cannot be read as ASCII lines: " + e.getMessage());
        }
        int no = 0;
        for (String line : lines) {
            no++;
            if (line.isBlank()) {
                continue;
            }
            String[] p = line.split(" {2}", 2);
            if (p.length != 2 || !p[0].matches("[0-9a-f]{64}") || !FILES.contains(p[1])) {
                throw new ArtifactFormatException(file, -1, "line " + no + " is not '<64 hex digits>  <one of " + FILES
                        + ">': " + line);
            }
            if (out.put(p[1], p[0]) != null) {
                throw new ArtifactFormatException(file, -1, "line " + no + " lists " + p[1] + " a second time");
            }
        }
        return out;
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new ArtifactFormatException(file, -1, "cannot be read: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a leftover temporary directory is named as one and never read as an artifact
        }
    }
}
