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
 * {@code imputation_cosine_centred}: the cosine after subtracting the mean training embedding from both), and, for
 * runs evaluated since they were kept, the class-conditional imputation and two bounds ({@link ClassFigures}:
 * {@code prototype_cosine}, {@code class_oracle_margin}, {@code shrink_oracle_margin}). Written as
 * {@code DIR/imputation.csv} and into each block's record; summarised in {@code map.md}. Files written before the
 * class-conditional figures existed ({@link #LEGACY_HEADER}) are still read.
 */
public final class MapImputation {
    /** The header line. */
    public static final String LEGACY_HEADER = "shared_fraction,labelled_per_class,seed,imputation_cosine,"
            + "mean_embedding_cosine,imputation_margin,imputation_cosine_centred";
    /** The header line: the legacy one and the class-conditional figures (empty where not recorded). */
    public static final String HEADER = LEGACY_HEADER + ",prototype_cosine,class_oracle_margin,shrink_oracle_margin";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] FIELDS = {"imputation_cosine", "mean_embedding_cosine", "imputation_margin",
        "imputation_cosine_centred"};
    private static final String[] CLASS_FIELDS = {"prototype_cosine", "class_oracle_margin", "shrink_oracle_margin"};

    /**
     * The class-conditional imputation of one student and two bounds, on the held-out windows.
     *
     * @param prototypeCosine mean cosine to the real embedding of {@code Σ_k p_k μ_k}, where {@code p} is the
     *     student's class posterior from the kept modality alone and {@code μ_k} the teacher's mean real embedding
     *     of the labelled training windows of class {@code k}
     * @param classOracleMargin what knowing the true class could give at most: the mean cosine of the other
     *     held-out subjects' class mean minus that of their overall mean (an oracle: it reads held-out labels and
     *     embeddings); about 0 when the embedding does not carry the class across subjects
     * @param shrinkOracleMargin the best margin over the mean training embedding of the imputation shrunk towards
     *     it, {@code mean + α·(imputed − mean)} with α in [0, 1] picked on the held-out windows (an oracle; 0 at
     *     α = 0, so never negative): what any rescaling of the head's imputation could reach
     */
    public record ClassFigures(double prototypeCosine, double classOracleMargin, double shrinkOracleMargin) {
        public ClassFigures {
            for (double v : new double[] {prototypeCosine, classOracleMargin, shrinkOracleMargin}) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("a class-conditional imputation figure is not finite: " + v);
                }
            }
        }
    }

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
     * @param classes the class-conditional imputation's figures, or null where they were not recorded
     */
    public record Row(double sharedFraction, int labelledPerClass, long seed, double cosine, double meanCosine,
            double margin, double centred, ClassFigures classes) {
        /** A row without the class-conditional figures. */
        public Row(double sharedFraction, int labelledPerClass, long seed, double cosine, double meanCosine,
                double margin, double centred) {
            this(sharedFraction, labelledPerClass, seed, cosine, meanCosine, margin, centred, null);
        }

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
        ClassFigures classes = null;
        if (java.util.Arrays.stream(CLASS_FIELDS).allMatch(lastTest::has)) {
            double[] c = new double[CLASS_FIELDS.length];
            for (int i = 0; i < c.length; i++) {
                JsonNode n = lastTest.get(CLASS_FIELDS[i]);
                if (!n.isNumber()) {
                    throw new IllegalArgumentException(where + ": the student's last test row has no number "
                            + CLASS_FIELDS[i]);
                }
                c[i] = n.asDouble();
            }
            classes = new ClassFigures(c[0], c[1], c[2]);
        }
        return new Row(sharedFraction, labelledPerClass, seed, v[0], v[1], v[2], v[3], classes);
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
            ClassFigures c = r.classes();
            if (c == null) {
                s.append(",,,");
            } else {
                for (double v : new double[] {c.prototypeCosine(), c.classOracleMargin(), c.shrinkOracleMargin()}) {
                    s.append(',').append(String.format(Locale.ROOT, "%.6f", v));
                }
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
        if (MapCsv.firstLine(file).equals(LEGACY_HEADER)) {
            return MapCsv.readRows(file, LEGACY_HEADER, 7, f -> parse(f, null));
        }
        return MapCsv.readRows(file, HEADER, 10, f -> {
            boolean none = f[7].isEmpty() && f[8].isEmpty() && f[9].isEmpty();
            if (!none && (f[7].isEmpty() || f[8].isEmpty() || f[9].isEmpty())) {
                throw new IllegalArgumentException("the class-conditional figures are all given or all empty");
            }
            return parse(f, none ? null : new ClassFigures(Double.parseDouble(f[7]), Double.parseDouble(f[8]),
                    Double.parseDouble(f[9])));
        });
    }

    private static Row parse(String[] f, ClassFigures classes) {
        return new Row(Double.parseDouble(f[0]), MapCsv.labelled(f[1]), Long.parseLong(f[2]),
                Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                Double.parseDouble(f[6]), classes);
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
        return markdown(rows, missing, false);
    }

    /**
     * As {@link #markdown(List, List)}; when {@code haemodynamic}, the students imputed the missing window's
     * haemodynamic features ({@code imputation_target=haemodynamic}), which the heading and a first line say: every
     * "embedding" of the section is then those features.
     */
    public static String markdown(List<Row> rows, List<String> missing, boolean haemodynamic) {
        if (rows.isEmpty() && missing.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder(haemodynamic
                ? "\n## The imputed fNIRS haemodynamic features (held-out windows)\n\nThese students imputed the"
                        + " missing fNIRS window's haemodynamic features (imputation_target=haemodynamic: the"
                        + " teacher's expert's two differences per channel, in µmol/L), not its shared-space"
                        + " embedding: below, the \"embedding\" and the \"mean training embedding\" are those"
                        + " features and their mean over the training windows.\n\n"
                : "\n## The imputed fNIRS embedding (held-out windows)\n\n");
        if (!missing.isEmpty()) {
            s.append("Not known for ").append(String.join("; ", missing))
                    .append(" (recorded before these figures were kept, and the runs are gone).\n\n");
        }
        if (rows.isEmpty()) {
            return s.toString();
        }
        s.append("| shared_fraction | labelled_per_class | seeds | imputed cosine | mean-embedding cosine |"
                + " margin [95% CI] | centred cosine |\n|---|---|---|---|---|---|---|\n");
        Map<MapRow.Cell, List<Row>> cells = byKey(rows, Row::cell);
        Map<Double, List<Row>> knobs = byKey(rows, Row::sharedFraction);
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
        s.append(classMarkdown(rows));
        return s.toString();
    }

    /**
     * The subsection on what an imputation could reach: per cell the class-conditional imputation's margin over the
     * mean training embedding and the two oracle bounds, each as its mean over seeds with the t interval; per shared
     * fraction the same pooled over labelled counts and seeds; the blocks whose figures were not recorded. Empty
     * when no row has them.
     */
    static String classMarkdown(List<Row> rows) {
        List<Row> with = rows.stream().filter(r -> r.classes() != null).toList();
        if (with.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder("\n### What an imputation could reach\n\n");
        java.util.Set<String> without = new java.util.TreeSet<>();
        rows.stream().filter(r -> r.classes() == null).forEach(r -> without.add("shared_fraction "
                + MapCsv.number(r.sharedFraction()) + ", seed " + r.seed()));
        if (!without.isEmpty()) {
            s.append("Not known for ").append(String.join("; ", without))
                    .append(" (evaluated before these figures were kept).\n\n");
        }
        s.append("| shared_fraction | labelled_per_class | seeds | class-conditional − mean [95% CI]"
                + " | class oracle [95% CI] | shrinkage oracle [95% CI] |\n|---|---|---|---|---|---|\n");
        Map<MapRow.Cell, List<Row>> cells = byKey(with, Row::cell);
        Map<Double, List<Row>> knobs = byKey(with, Row::sharedFraction);
        cells.forEach((cell, rs) -> s.append("| ").append(MapCsv.number(cell.sharedFraction())).append(" | ")
                .append(cell.labelled()).append(" | ").append(rs.size()).append(" | ")
                .append(MapReport.interval(interval(rs, r -> r.classes().prototypeCosine() - r.meanCosine())))
                .append(" | ").append(MapReport.interval(interval(rs, r -> r.classes().classOracleMargin())))
                .append(" | ").append(MapReport.interval(interval(rs, r -> r.classes().shrinkOracleMargin())))
                .append(" |\n"));
        s.append('\n');
        knobs.forEach((sf, rs) -> s.append("- Shared fraction ").append(MapCsv.number(sf)).append(" (")
                .append(rs.size()).append(" students): class-conditional − mean ")
                .append(MapReport.interval(interval(rs, r -> r.classes().prototypeCosine() - r.meanCosine())))
                .append("; class oracle ")
                .append(MapReport.interval(interval(rs, r -> r.classes().classOracleMargin())))
                .append("; shrinkage oracle ")
                .append(MapReport.interval(interval(rs, r -> r.classes().shrinkOracleMargin()))).append(".\n"));
        s.append("\nThe class-conditional imputation of a held-out window is Σ_k p_k μ_k: p is the student's class"
                + " posterior, from the EEG alone, and μ_k the teacher's mean real embedding over the labelled"
                + " training windows of class k. The two oracles read held-out data no deployment has, and bound"
                + " what an imputation could reach: the class oracle is the cosine of the mean embedding of the"
                + " window's class over the other held-out subjects minus that of their mean over every class"
                + " (about 0 when the embedding does not carry the class from one new subject to the next, and then"
                + " no imputation that infers the class can beat the mean); the shrinkage oracle is the best margin"
                + " of the head's imputation pulled towards the mean training embedding, mean + α·(imputed − mean),"
                + " α in [0, 1] picked on the held-out windows (0 at α = 0, so never below 0: near 0, nothing in"
                + " the head's imputation is worth keeping).\n");
        return s.toString();
    }

    /** {@code rows} grouped by {@code key}, in the key's order, each group in the rows' order. */
    private static <K extends Comparable<K>> Map<K, List<Row>> byKey(List<Row> rows,
            java.util.function.Function<Row, K> key) {
        Map<K, List<Row>> out = new TreeMap<>();
        for (Row r : rows) {
            out.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r);
        }
        return out;
    }

    /** The 95% t interval over {@code rs} of {@code f} (a difference already, so paired by construction). */
    private static PairedTInterval interval(List<Row> rs, java.util.function.ToDoubleFunction<Row> f) {
        return PairedTInterval.ofDifferences(rs.stream().mapToDouble(f).toArray(), 0.95);
    }

    private static PairedTInterval margin(List<Row> rs) {
        return interval(rs, Row::margin);
    }

    private static double mean(List<Row> rs, java.util.function.ToDoubleFunction<Row> f) {
        return rs.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    private static String fixed(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
