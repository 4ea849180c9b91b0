package org.neurofusion.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.neurofusion.core.AtomicFiles;

/**
 * The record that lets an evaluation resume: {@code evaluation.json}, the settings that shape the rows (written
 * atomically once), and {@code folds.jsonl}, one line per finished (condition, fold) holding all its rows, appended,
 * flushed and forced to disk before the evaluation moves on. A line cut short by a crash (no newline at its end) is
 * dropped, and cut from the file, when the journal is opened again; its fold runs again.
 */
final class FoldJournal {
    static final String SETTINGS = "evaluation.json";
    static final String FOLDS = "folds.jsonl";
    private static final String FORMAT = "neurofusion-evaluation-folds";
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folds;
    private final Map<Key, List<ResultRow>> finished;

    /**
     * What must match for stored rows to be reused.
     *
     * @param testSubjects the subjects tested, ascending; empty for all
     */
    record Settings(String windows, String task, String protocol, String design, long seed, int seeds,
            List<String> conditions, List<String> testSubjects) {
        Settings {
            conditions = List.copyOf(conditions);
            testSubjects = List.copyOf(testSubjects);
        }
    }

    private record Key(String condition, String subject, int index, long seed) {
        Key(String condition, Protocol.Fold fold) {
            this(condition, fold.subject(), fold.index(), fold.seed());
        }
    }

    private FoldJournal(Path folds, Map<Key, List<ResultRow>> finished) {
        this.folds = folds;
        this.finished = finished;
    }

    /**
     * Opens the journal in {@code dir} (created): records {@code settings} there when it holds none, else checks that
     * they are the ones recorded and reads the finished folds.
     *
     * @throws IllegalArgumentException naming every setting that differs when {@code dir} holds another evaluation,
     *                                  or the file and line when a record cannot be read
     */
    static FoldJournal open(Path dir, Settings settings) {
        Path settingsFile = dir.resolve(SETTINGS);
        Path folds = dir.resolve(FOLDS);
        try {
            Files.createDirectories(dir);
            if (Files.exists(settingsFile)) {
                Settings there = readSettings(settingsFile);
                List<String> differ = differences(there, settings);
                if (!differ.isEmpty()) {
                    throw new IllegalArgumentException(dir + " holds another evaluation: " + String.join("; ", differ)
                            + "; use another folder");
                }
            } else if (Files.exists(folds)) {
                throw new IllegalArgumentException(dir + " holds " + FOLDS + " but no " + SETTINGS + ": the folds of"
                        + " an evaluation whose settings are unknown; use another folder");
            } else {
                AtomicFiles.write(settingsFile, os -> os.write((JSON.writerWithDefaultPrettyPrinter()
                        .writeValueAsString(toJson(settings)) + "\n").getBytes(StandardCharsets.UTF_8)));
            }
            return new FoldJournal(folds, Files.exists(folds) ? readFolds(folds) : new HashMap<>());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resume the evaluation in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The rows of this condition on this fold when a former run finished it, else null. */
    List<ResultRow> finished(String condition, Protocol.Fold fold) {
        return finished.get(new Key(condition, fold));
    }

    /** Appends the rows of a finished (condition, fold) as one line, on disk before this returns. */
    void append(String condition, Protocol.Fold fold, List<ResultRow> rows) {
        ObjectNode line = JSON.createObjectNode();
        line.put("condition", condition);
        line.put("subject", fold.subject());
        line.put("fold", fold.index());
        line.put("seed", fold.seed());
        ArrayNode array = line.putArray("rows");
        rows.forEach(r -> array.add(toJson(r)));
        byte[] bytes;
        try {
            bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a fold's rows as JSON: " + e.getMessage(), e);
        }
        try (FileChannel ch = FileChannel.open(folds, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + folds + ": " + e.getMessage(), e);
        }
        finished.put(new Key(condition, fold), List.copyOf(rows));
    }

    private static List<String> differences(Settings there, Settings here) {
        List<String> d = new ArrayList<>();
        if (!there.windows().equals(here.windows())) {
            d.add("windows (SHA-256) " + abbreviated(there.windows()) + " there, " + abbreviated(here.windows())
                    + " here");
        }
        if (!there.task().equals(here.task())) {
            d.add("task " + there.task() + " there, " + here.task() + " here");
        }
        if (!there.protocol().equals(here.protocol())) {
            d.add("protocol " + there.protocol() + " there, " + here.protocol() + " here");
        } else if (!there.design().equals(here.design())) {
            d.add("protocol design '" + there.design() + "' there, '" + here.design() + "' here");
        }
        if (there.seed() != here.seed()) {
            d.add("seed " + there.seed() + " there, " + here.seed() + " here");
        }
        if (there.seeds() != here.seeds()) {
            d.add("seeds " + there.seeds() + " there, " + here.seeds() + " here");
        }
        if (!there.conditions().equals(here.conditions())) {
            d.add("conditions " + there.conditions() + " there, " + here.conditions() + " here");
        }
        if (!there.testSubjects().equals(here.testSubjects())) {
            d.add("test subjects " + subjects(there.testSubjects()) + " there, " + subjects(here.testSubjects())
                    + " here");
        }
        return d;
    }

    private static String abbreviated(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) + "…" : sha;
    }

    private static String subjects(List<String> s) {
        return s.isEmpty() ? "all" : s.toString();
    }

    private static ObjectNode toJson(Settings s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT);
        o.put("version", VERSION);
        o.put("windows", s.windows());
        o.put("task", s.task());
        o.put("protocol", s.protocol());
        o.put("design", s.design());
        o.put("seed", s.seed());
        o.put("seeds", s.seeds());
        s.conditions().forEach(o.putArray("conditions")::add);
        s.testSubjects().forEach(o.putArray("test_subjects")::add);
        return o;
    }

    private static Settings readSettings(Path file) throws IOException {
        JsonNode o;
        try {
            o = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not an evaluation's settings (JSON): "
                    + e.getOriginalMessage(), e);
        }
        if (o == null || !FORMAT.equals(o.path("format").asText()) || o.path("version").asInt() != VERSION) {
            throw new IllegalArgumentException(file + " is not the settings of a resumable evaluation (expected format "
                    + FORMAT + " version " + VERSION + ")");
        }
        List<String> conditions = new ArrayList<>();
        o.path("conditions").forEach(n -> conditions.add(n.asText()));
        List<String> tested = new ArrayList<>();
        o.path("test_subjects").forEach(n -> tested.add(n.asText()));
        return new Settings(text(o, "windows", file), text(o, "task", file), text(o, "protocol", file),
                text(o, "design", file), integer(o, "seed", file), Math.toIntExact(integer(o, "seeds", file)), conditions,
                tested);
    }

    /** The complete lines' row sets; a last line without its newline is cut from the file. */
    private static Map<Key, List<ResultRow>> readFolds(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        if (end < bytes.length) {
            // a crash during an append: the fold it was writing runs again
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(end);
                ch.force(false);
            }
        }
        Map<Key, List<ResultRow>> out = new HashMap<>();
        String[] lines = new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                JsonNode o = JSON.readTree(lines[i]);
                List<ResultRow> rows = new ArrayList<>();
                for (JsonNode r : o.path("rows")) {
                    rows.add(row(r, file));
                }
                out.put(new Key(text(o, "condition", file), text(o, "subject", file), intValue(o, "fold", file),
                        integer(o, "seed", file)), List.copyOf(rows));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + " is not a finished fold's rows: "
                        + e.getMessage(), e);
            }
        }
        return out;
    }

    private static ObjectNode toJson(ResultRow r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("subject", r.subject());
        o.put("fold", r.fold());
        o.put("seed", r.seed());
        o.put("protocol", r.protocol());
        o.put("task", r.task());
        o.put("condition", r.condition());
        o.put("modalities", r.modalities());
        o.put("n_train_labelled", r.nTrainLabelled());
        o.put("k_shot", r.kShot());
        o.put("pretrained", r.pretrained());
        Metrics.FoldMetrics m = r.metrics();
        o.put("n", m.n());
        o.put("accuracy", m.accuracy());
        o.put("balanced_accuracy", m.balancedAccuracy());
        optional(o, "kappa", m.kappa());
        o.put("f1_macro", m.f1Macro());
        optional(o, "roc_auc", m.rocAuc());
        ObjectNode c = o.putObject("confusion");
        ArrayNode classes = c.putArray("classes");
        for (int k : m.confusion().classes()) {
            classes.add(k);
        }
        ArrayNode counts = c.putArray("counts");
        for (long[] row : m.confusion().counts()) {
            ArrayNode a = counts.addArray();
            for (long v : row) {
                a.add(v);
            }
        }
        return o;
    }

    private static ResultRow row(JsonNode o, Path file) {
        JsonNode c = o.path("confusion");
        JsonNode cs = c.path("classes");
        JsonNode cc = c.path("counts");
        if (!cs.isArray() || !cc.isArray() || cc.size() != cs.size()) {
            throw new IllegalArgumentException("'confusion' needs 'classes' and one 'counts' row per class in " + file);
        }
        int[] classes = new int[cs.size()];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = Math.toIntExact(wholeNumber(cs.get(i), "confusion class", file));
        }
        long[][] counts = new long[cc.size()][];
        for (int i = 0; i < counts.length; i++) {
            JsonNode row = cc.get(i);
            if (!row.isArray() || row.size() != classes.length) {
                throw new IllegalArgumentException("confusion row " + i + " needs " + classes.length + " counts in "
                        + file);
            }
            counts[i] = new long[row.size()];
            for (int j = 0; j < counts[i].length; j++) {
                counts[i][j] = wholeNumber(row.get(j), "confusion count", file);
            }
        }
        Metrics.FoldMetrics m = new Metrics.FoldMetrics(intValue(o, "n", file), number(o, "accuracy", file),
                number(o, "balanced_accuracy", file), optional(o, "kappa"), number(o, "f1_macro", file),
                optional(o, "roc_auc"), new ConfusionMatrix(classes, counts));
        return new ResultRow(text(o, "subject", file), intValue(o, "fold", file), integer(o, "seed", file),
                text(o, "protocol", file), text(o, "task", file), text(o, "condition", file),
                text(o, "modalities", file), intValue(o, "n_train_labelled", file), m, intValue(o, "k_shot", file),
                text(o, "pretrained", file));
    }

    private static void optional(ObjectNode o, String name, OptionalDouble v) {
        if (v.isPresent()) {
            o.put(name, v.getAsDouble());
        } else {
            o.putNull(name);
        }
    }

    private static OptionalDouble optional(JsonNode o, String name) {
        JsonNode v = o.path(name);
        return v.isNumber() ? OptionalDouble.of(v.doubleValue()) : OptionalDouble.empty();
    }

    private static double number(JsonNode o, String name, Path file) {
        JsonNode v = o.path(name);
        if (!v.isNumber()) {
            throw new IllegalArgumentException("'" + name + "' is missing or not a number in " + file);
        }
        return v.doubleValue();
    }

    /** A whole number that fits a long; a missing or fractional field is refused, never read as 0. */
    private static long integer(JsonNode o, String name, Path file) {
        return wholeNumber(o.path(name), "'" + name + "'", file);
    }

    private static long wholeNumber(JsonNode v, String what, Path file) {
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException((what.startsWith("'") ? what : "a " + what)
                    + " is missing or not a whole number in " + file);
        }
        return v.longValue();
    }

    private static int intValue(JsonNode o, String name, Path file) {
        long v = integer(o, name, file);
        if (v != (int) v) {
            throw new IllegalArgumentException("'" + name + "' is out of range (" + v + ") in " + file);
        }
        return (int) v;
    }

    private static String text(JsonNode o, String name, Path file) {
        JsonNode v = o.path(name);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("'" + name + "' is missing or not text in " + file);
        }
        return v.asText();
    }
}
