package org.neurofusion.fusion.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How close each student's imputed missing-modality embedding came to the real one on the held-out windows, beside
 * the baseline of the mean training embedding (the check: the imputation must beat guessing the average).
 * One row per shared fraction × labelled count × seed, from the student run's last test row
 * ({@code imputation_cosine}, {@code mean_embedding_cosine}, {@code imputation_margin} = their difference,
 * {@code imputation_cosine_centred}: the cosine after subtracting the mean training embedding from both). Written
 * as {@code DIR/imputation.csv} and into each block's record; summarised in {@code map.md}.
 */
public final class MapImputation {
    /** The header line. */
    public static final String HEADER = "shared_fraction,labelled_per_class,seed,imputation_cosine,"
            + "mean_embedding_cosine,imputation_margin,imputation_cosine_centred";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] FIELDS = {"imputation_cosine", "mean_embedding_cosine", "imputation_margin",
        "imputation_cosine_centred"};

    private MapImputation() {
    }

    /**
     * One student's figures.
     *
     * @param sharedFraction the simulator's shared-information knob
     * @param labelledPerClass labelled trials per class and subject, -1 for all
     * @param seed the block's seed
     * @param cosine mean cosine between imputed and real missing-modality embeddings
     * @param meanCosine mean cosine between the mean training embedding and the real ones
     * @param margin {@code cosine − meanCosine}
     * @param centred mean cosine of imputed and real embeddings, both minus the mean training embedding
     */
    public record Row(double sharedFraction, int labelledPerClass, long seed, double cosine, double meanCosine,
            double margin, double centred) {
        public Row {
            for (double v : new double[] {cosine, meanCosine, margin, centred}) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("an imputation figure is not finite: " + v);
                }
            }
        }

        MapRow.Cell cell() {
            return new MapRow.Cell(sharedFraction, labelledPerClass);
        }
    }

    /**
     * The row of a student run's last test row.
     *
     * @throws IllegalArgumentException naming {@code where} when a figure is missing or not a number
     */
    public static Row of(double sharedFraction, int labelledPerClass, long seed, JsonNode lastTest, Object where) {
        double[] v = new double[FIELDS.length];
        for (int i = 0; i < FIELDS.length; i++) {
            JsonNode n = lastTest == null ? null : lastTest.get(FIELDS[i]);
            if (n == null || !n.isNumber()) {
                throw new IllegalArgumentException(where + ": the student's last test row has no number "
                        + FIELDS[i]);
            }
            v[i] = n.asDouble();
        }
        return new Row(sharedFraction, labelledPerClass, seed, v[0], v[1], v[2], v[3]);
    }

    /**
     * The row of the student run in {@code runDir} from its {@code metrics.jsonl} (its last test row), or empty when
     * the run or its test row is not there (a block recorded before these figures were kept, whose runs are gone).
     *
     * @throws IllegalArgumentException naming the file when a line is not JSON or the test row lacks a figure
     */
    public static Optional<Row> fromRun(double sharedFraction, int labelledPerClass, long seed, Path runDir) {
        Path metrics = runDir.resolve("metrics.jsonl");
        if (!Files.isRegularFile(metrics)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(metrics, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + metrics + ": " + e.getMessage(), e);
        }
        JsonNode last = null;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            JsonNode n;
            try {
                n = JSON.readTree(lines.get(i));
            } catch (IOException e) {
                throw new IllegalArgumentException(metrics + " line " + (i + 1) + ": not JSON: " + e.getMessage(), e);
            }
            if ("test".equals(n.path("split").asText()) && "student".equals(n.path("stage").asText())) {
                last = n;
            }
        }
        return last == null ? Optional.empty()
                : Optional.of(of(sharedFraction, labelledPerClass, seed, last, metrics));
    }

    /** The file's text. */
    public static String format(List<Row> rows) {
        StringBuilder s = new StringBuilder(HEADER).append('\n');
        for (Row r : rows) {
            s.append(MapCsv.number(r.sharedFraction())).append(',').append(MapRow.labelled(r.labelledPerClass()))
                    .append(',').append(r.seed());
            for (double v : new double[] {r.cosine(), r.meanCosine(), r.margin(), r.centred()}) {
                s.append(',').append(String.format(Locale.ROOT, "%.6f", v));
            }
            s.append('\n');
        }
        return s.toString();
    }

    /** Writes {@code rows} to {@code file} atomically. */
    public static void write(Path file, List<Row> rows) {
        MapCsv.writeAtomically(file, format(rows));
    }

    /**
     * Reads a file {@link #write} wrote.
     *
     * @throws IllegalArgumentException naming the file and line for a wrong header or a malformed line
     */
    public static List<Row> read(Path file) {
        return MapCsv.readRows(file, HEADER, 7, f -> new Row(Double.parseDouble(f[0]), MapCsv.labelled(f[1]),
                Long.parseLong(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                Double.parseDouble(f[6])));
    }

    /**
     * The section of {@code map.md}: per cell the mean over seeds of each figure and the margin's 95% t interval
     * over seeds; per shared fraction the margin pooled over labelled counts and seeds; and the verdict, worded
     * from the intervals: where the imputed embedding is closer to the real one than the mean training embedding.
     * Empty when there are no rows.
     *
     * @param missing blocks (shared fraction and seed) whose figures are not known, named in the text
     */
    public static String markdown(List<Row> rows, List<String> missing) {
        if (rows.isEmpty() && missing.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder("\n## The imputed fNIRS embedding (held-out windows)\n\n");
        if (!missing.isEmpty()) {
            s.append("Not known for ").append(String.join("; ", missing))
                    .append(" (recorded before these figures were kept, and the runs are gone).\n\n");
        }
        if (rows.isEmpty()) {
            return s.toString();
        }
        s.append("| shared_fraction | labelled_per_class | seeds | imputed cosine | mean-embedding cosine |"
                + " margin [95% CI] | centred cosine |\n|---|---|---|---|---|---|---|\n");
        Map<MapRow.Cell, List<Row>> cells = new TreeMap<>();
        Map<Double, List<Row>> knobs = new TreeMap<>();
        for (Row r : rows) {
            cells.computeIfAbsent(r.cell(), k -> new ArrayList<>()).add(r);
            knobs.computeIfAbsent(r.sharedFraction(), k -> new ArrayList<>()).add(r);
        }
        cells.forEach((cell, rs) -> s.append("| ").append(MapCsv.number(cell.sharedFraction())).append(" | ")
                .append(cell.labelled()).append(" | ").append(rs.size()).append(" | ")
                .append(fixed(mean(rs, Row::cosine))).append(" | ").append(fixed(mean(rs, Row::meanCosine)))
                .append(" | ").append(MapReport.interval(margin(rs))).append(" | ")
                .append(fixed(mean(rs, Row::centred))).append(" |\n"));
        s.append('\n');
        List<String> closer = new ArrayList<>();
        List<String> further = new ArrayList<>();
        List<String> neither = new ArrayList<>();
        knobs.forEach((sf, rs) -> {
            PairedTInterval m = margin(rs);
            String line = "shared fraction " + MapCsv.number(sf) + " " + MapReport.interval(m);
            s.append("- Shared fraction ").append(MapCsv.number(sf)).append(", every labelled count and seed (")
                    .append(rs.size()).append(" students): margin ").append(MapReport.interval(m))
                    .append(", centred cosine ").append(MapReport.signed(mean(rs, Row::centred))).append(".\n");
            (m.lower() > 0 ? closer : m.upper() < 0 ? further : neither).add(line);
        });
        s.append("- The imputed embedding is closer to the real one than the mean training embedding (margin interval"
                + " above 0) at ").append(closer.isEmpty() ? "no shared fraction" : String.join("; ", closer))
                .append("; further from it (below 0) at ")
                .append(further.isEmpty() ? "none" : String.join("; ", further)).append("; neither at ")
                .append(neither.isEmpty() ? "none" : String.join("; ", neither)).append(".\n");
        s.append("\nThe margin is the imputed cosine minus the mean-embedding cosine, each averaged over the held-out"
                + " windows; its interval is the t interval over the students (seeds within a cell; seeds and"
                + " labelled counts pooled per shared fraction, where the counts of one seed share its pre-training,"
                + " so that interval is optimistic). A centred cosine near 0 says the imputation carries nothing of"
                + " how a window's embedding departs from the average.\n");
        return s.toString();
    }

    private static PairedTInterval margin(List<Row> rs) {
        return PairedTInterval.ofDifferences(rs.stream().mapToDouble(Row::margin).toArray(), 0.95);
    }

    private static double mean(List<Row> rs, java.util.function.ToDoubleFunction<Row> f) {
        return rs.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    private static String fixed(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
