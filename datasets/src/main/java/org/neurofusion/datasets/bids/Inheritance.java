package org.neurofusion.datasets.bids;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.neurofusion.core.RecordingException;

/**
 * BIDS's inheritance principle: a metadata file applies to every data file at or below its folder whose
 * entities include all of its own. JSON sidecars are merged from the least specific (highest folder, fewest
 * entities) to the most specific, later keys overriding earlier ones; for tables, the most specific wins.
 */
final class Inheritance {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path root;
    private final Map<Path, List<Path>> listings = new ConcurrentHashMap<>();

    Inheritance(Path root) {
        this.root = root;
    }

    /** The dataset's folder. */
    Path root() {
        return root;
    }

    /** A merged sidecar, with the file each top-level key came from. */
    record Merged(ObjectNode values, Map<String, Path> origins) {
        /** The file the key's value came from, or the given fallback. */
        Path origin(String key, Path fallback) {
            return origins.getOrDefault(key, fallback);
        }
    }

    /** The metadata files with this suffix and extension that apply to {@code data}, least specific first. */
    List<BidsFile> applicable(BidsFile data, String suffix, String extension) {
        List<BidsFile> out = new ArrayList<>();
        Path dir = root;
        List<Path> dirs = new ArrayList<>(List.of(root));
        for (Path part : root.relativize(data.path().getParent())) {
            dir = dir.resolve(part);
            dirs.add(dir);
        }
        for (int depth = 0; depth < dirs.size(); depth++) {
            List<BidsFile> level = new ArrayList<>();
            for (Path p : list(dirs.get(depth))) {
                if (p.equals(data.path())) {
                    continue;
                }
                BidsFile.parse(p, data.datatype()).filter(f -> f.suffix().equals(suffix)
                        && f.extension().equals(extension) && data.isCoveredBy(f.entities())).ifPresent(level::add);
            }
            // Within one folder, a file naming more entities is more specific.
            level.sort(Comparator.comparingInt((BidsFile f) -> f.entities().size())
                    .thenComparing(f -> f.path().getFileName().toString()));
            out.addAll(level);
        }
        return out;
    }

    /** The most specific table (or other single file) that applies, if any. */
    Optional<Path> nearest(BidsFile data, String suffix, String extension) {
        List<BidsFile> all = applicable(data, suffix, extension);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1).path());
    }

    /** The sidecar of a data file, merged along the inheritance chain. */
    Merged sidecar(BidsFile data) {
        ObjectNode merged = MAPPER.createObjectNode();
        Map<String, Path> origins = new LinkedHashMap<>();
        for (BidsFile f : applicable(data, data.suffix(), ".json")) {
            ObjectNode o = readObject(f.path());
            for (Iterator<String> it = o.fieldNames(); it.hasNext();) {
                String k = it.next();
                merged.set(k, o.get(k));
                origins.put(k, f.path());
            }
        }
        return new Merged(merged, origins);
    }

    /**
     * Reads a JSON object.
     *
     * @throws BidsMissingFileException when it does not exist
     * @throws MalformedBidsFileException when it is not a JSON object
     */
    static ObjectNode readObject(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BidsMissingFileException(file, "no such file");
        }
        JsonNode n;
        try {
            n = MAPPER.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MalformedBidsFileException(file, "not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        } catch (IOException e) {
            throw new RecordingException(file, -1, "cannot be read: " + e.getMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new MalformedBidsFileException(file, "a BIDS JSON file must hold one object");
        }
        return (ObjectNode) n;
    }

    private List<Path> list(Path dir) {
        return listings.computeIfAbsent(dir, d -> {
            if (!Files.isDirectory(d)) {
                return List.of();
            }
            try (Stream<Path> s = Files.list(d)) {
                return s.filter(Files::isRegularFile).sorted().toList();
            } catch (IOException e) {
                throw new RecordingException(d, -1, "cannot list folder: " + e.getMessage(), e);
            }
        });
    }
}
