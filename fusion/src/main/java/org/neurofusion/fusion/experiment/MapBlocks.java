package org.neurofusion.fusion.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.neurofusion.fusion.train.FusionSetupException;

/**
 * The record of a map's finished blocks (one shared fraction and seed each): {@code DIR/blocks/shared-F-seed-S.csv}
 * holds the block's rows in {@link MapCsv}'s format, {@code shared-F-seed-S.json} the settings they were
 * trained under, and {@code shared-F-seed-S-imputation.csv} its students' imputation figures ({@link MapImputation};
 * absent from blocks recorded before they were kept). A recorded block is not trained again, even when its run folders are gone: the runs of a finished
 * block can be deleted to free the disk, and the {@code blocks} folder alone carries a long map to another machine
 * or session. A record made under other settings is refused, naming the setting that differs.
 *
 * <p>The settings are written before the rows, and the rows atomically: a block whose rows file exists is complete.
 */
public final class MapBlocks {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final MapPlan plan;

    /** The records of {@code plan}'s blocks under {@code out/blocks}. */
    public MapBlocks(Path out, MapPlan plan) {
        this.dir = out.resolve("blocks");
        this.plan = plan;
    }

    /** The rows file of a block. */
    public Path rowsFile(double sharedFraction, long seed) {
        return dir.resolve(name(sharedFraction, seed) + ".csv");
    }

    /** The settings file of a block. */
    public Path settingsFile(double sharedFraction, long seed) {
        return dir.resolve(name(sharedFraction, seed) + ".json");
    }

    /** The file of a block's imputation figures ({@link MapImputation}), one row per labelled count. */
    public Path imputationFile(double sharedFraction, long seed) {
        return dir.resolve(name(sharedFraction, seed) + "-imputation.csv");
    }

    /**
     * The recorded imputation figures of a block, or empty when they were not recorded (a block recorded before they
     * were kept).
     *
     * @throws IllegalArgumentException when the file holds rows of another block or not one row per labelled count
     *     of the plan (naming the file)
     */
    public Optional<List<MapImputation.Row>> readImputation(double sharedFraction, long seed) {
        Path file = imputationFile(sharedFraction, seed);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(checked(file, sharedFraction, seed, MapImputation.read(file)));
    }

    /** {@code rows}, when they are one per labelled count of the plan, all of this block. */
    private List<MapImputation.Row> checked(Path file, double sharedFraction, long seed,
            List<MapImputation.Row> rows) {
        List<Integer> counts = new java.util.ArrayList<>();
        for (MapImputation.Row r : rows) {
            if (Double.compare(r.sharedFraction(), sharedFraction) != 0 || r.seed() != seed) {
                throw new FusionSetupException(file + ": holds a row of shared fraction "
                        + MapCsv.number(r.sharedFraction()) + ", seed " + r.seed() + ", not of this block's "
                        + MapCsv.number(sharedFraction) + ", " + seed);
            }
            counts.add(r.labelledPerClass());
        }
        if (!new TreeSet<>(counts).equals(new TreeSet<>(plan.labelledPerClass()))
                || counts.size() != plan.labelledPerClass().size()) {
            throw new FusionSetupException(file + ": holds labelled counts " + labels(counts)
                    + ", the plan one row for each of " + labels(plan.labelledPerClass()));
        }
        return rows;
    }

    /**
     * Records a block's imputation figures (atomically) and returns them as read back.
     *
     * @throws IllegalArgumentException before anything is written, when the rows are not one per labelled count of
     *     this block
     */
    public List<MapImputation.Row> writeImputation(double sharedFraction, long seed, List<MapImputation.Row> rows) {
        Path file = imputationFile(sharedFraction, seed);
        checked(file, sharedFraction, seed, rows);
        MapImputation.write(file, rows);
        return readImputation(sharedFraction, seed).orElseThrow();
    }

    /**
     * The recorded rows of a block, or empty when it has no record.
     *
     * @throws IllegalArgumentException when the record was made under other settings, lacks its settings, or holds
     *     rows of another block or not every labelled count of the plan (naming the file and what differs)
     */
    public Optional<List<MapRow>> read(double sharedFraction, long seed) {
        Path rows = rowsFile(sharedFraction, seed);
        if (!Files.exists(rows)) {
            return Optional.empty();
        }
        Path settings = settingsFile(sharedFraction, seed);
        if (!Files.exists(settings)) {
            throw new FusionSetupException(rows + " has no settings file " + settings.getFileName()
                    + " beside it: the block's rows cannot be matched to this map's settings");
        }
        JsonNode had;
        try {
            had = JSON.readTree(settings.toFile());
        } catch (IOException e) {
            throw new FusionSetupException(settings + ": not readable JSON: " + e.getMessage(), e);
        }
        String diff = firstDifference("", settings(sharedFraction, seed), had);
        if (diff != null) {
            throw new FusionSetupException(settings + ": the block was trained under other settings than this"
                    + " map's (" + diff + "); write the map to another folder, or delete the record to train the"
                    + " block again");
        }
        List<MapRow> out = MapCsv.read(rows);
        Set<Integer> counts = new TreeSet<>();
        for (MapRow r : out) {
            if (Double.compare(r.sharedFraction(), sharedFraction) != 0 || r.seed() != seed) {
                throw new FusionSetupException(rows + ": holds a row of shared fraction "
                        + MapCsv.number(r.sharedFraction()) + ", seed " + r.seed() + ", not of this block's "
                        + MapCsv.number(sharedFraction) + ", " + seed);
            }
            counts.add(r.labelledPerClass());
        }
        if (!counts.equals(new TreeSet<>(plan.labelledPerClass()))) {
            throw new FusionSetupException(rows + ": holds labelled counts " + labels(counts) + ", the plan "
                    + labels(plan.labelledPerClass()));
        }
        return Optional.of(out);
    }

    /**
     * Records a finished block and returns its rows as read back, so that a map continued from records and one run
     * in a single go report the same numbers.
     */
    public List<MapRow> write(double sharedFraction, long seed, List<MapRow> rows) {
        try {
            Files.createDirectories(dir);
            MapCsv.writeAtomically(settingsFile(sharedFraction, seed),
                    JSON.writeValueAsString(settings(sharedFraction, seed)) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + settingsFile(sharedFraction, seed) + ": "
                    + e.getMessage(), e);
        }
        MapCsv.write(rowsFile(sharedFraction, seed), rows);
        return read(sharedFraction, seed).orElseThrow();
    }

    /** What a block's rows depend on: its cohort, windows, held-out subjects, labelled counts and training. */
    ObjectNode settings(double sharedFraction, long seed) {
        ObjectNode s = JSON.createObjectNode();
        s.put("shared_fraction", sharedFraction);
        s.put("seed", seed);
        s.put("simulation", plan.simulation().toBuilder().optSeed(seed).optSharedFraction(sharedFraction).build()
                .toString());
        s.put("eeg_windows", plan.eegWindows().name());
        s.put("test_subjects", plan.testSubjects());
        var counts = s.putArray("labelled_per_class");
        plan.labelledPerClass().forEach(counts::add);
        s.set("pretrain", plan.pretrain().toJson());
        s.set("fusion", plan.fusion().toJson());
        return s;
    }

    /** The first path at which two settings differ, as {@code path: had → now}, or null where they are equal. */
    static String firstDifference(String path, JsonNode now, JsonNode had) {
        if (now.isObject() && had.isObject()) {
            Set<String> names = new TreeSet<>();
            now.fieldNames().forEachRemaining(names::add);
            had.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                String p = path.isEmpty() ? n : path + "." + n;
                if (!now.has(n) || !had.has(n)) {
                    return p + ": " + (had.has(n) ? had.get(n) : "absent") + " in the record, "
                            + (now.has(n) ? now.get(n) : "absent") + " now";
                }
                String d = firstDifference(p, now.get(n), had.get(n));
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (now.isArray() && had.isArray() && now.size() == had.size()) {
            Iterator<JsonNode> a = now.elements();
            Iterator<JsonNode> b = had.elements();
            for (int i = 0; a.hasNext(); i++) {
                String d = firstDifference(path + "[" + i + "]", a.next(), b.next());
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        boolean same = now.isNumber() && had.isNumber() ? now.asDouble() == had.asDouble() : now.equals(had);
        return same ? null : (path.isEmpty() ? "the settings" : path) + ": " + had + " in the record, " + now + " now";
    }

    private static String name(double sharedFraction, long seed) {
        return "shared-" + MapCsv.number(sharedFraction) + "-seed-" + seed;
    }

    private static String labels(Iterable<Integer> counts) {
        StringBuilder s = new StringBuilder("[");
        for (int n : counts) {
            s.append(s.length() > 1 ? ", " : "").append(MapRow.labelled(n));
        }
        return s.append(']').toString();
    }
}
