package org.neurofusion.evaluation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.Function;
import org.neurofusion.core.AtomicFiles;
import org.neurofusion.core.Provenance;

/**
 * Writes an {@link EvaluationResult}: {@code results.csv} (one line per row; undefined kappa or ROC-AUC written
 * as {@code NA}), {@code summary.md} and {@code provenance.json}. The summary gives, per condition, mean ± std of
 * each metric over rows (undefined values left out and counted, never averaged as NaN); a seeded
 * percentile-bootstrap 95 % interval of the mean accuracy that resamples subjects, not rows (the rows of one
 * subject are not independent: its folds share training windows); chance level {@code 1/classes} and its
 * binomial 95 % bound for the smallest test fold; and per-subject accuracies. Every file is written atomically.
 */
public final class EvaluationReport {
    /** Bootstrap resamples of the subjects. */
    public static final int RESAMPLES = 2000;

    private EvaluationReport() {
    }

    /** Writes {@code results.csv}, {@code summary.md} and {@code provenance.json} into {@code dir} (created). */
    public static void write(EvaluationResult result, Path dir) {
        writeCsv(result.rows(), dir);
        writeSummary(result, dir);
        writeProvenance(result.provenance(), dir);
    }

    /** {@code results.csv} of any rows (those of several results together, for example); returns the file. */
    public static Path writeCsv(List<ResultRow> rows, Path dir) {
        StringBuilder b = new StringBuilder(ResultRow.HEADER).append('\n');
        for (ResultRow r : rows) {
            Metrics.FoldMetrics m = r.metrics();
            b.append(String.join(",", csv(r.subject()), Integer.toString(r.fold()), Long.toString(r.seed()),
                    csv(r.protocol()), csv(r.task()), csv(r.condition()), csv(r.modalities()),
                    Integer.toString(r.nTrainLabelled()), num(m.accuracy()), num(m.balancedAccuracy()), num(m.kappa()),
                    num(m.f1Macro()), num(m.rocAuc()), r.kShot() < 0 ? "" : Integer.toString(r.kShot()),
                    csv(r.pretrained()))).append('\n');
        }
        return write(dir.resolve("results.csv"), b.toString());
    }

    /** {@code provenance.json}; returns the file. */
    public static Path writeProvenance(Provenance provenance, Path dir) {
        return write(dir.resolve("provenance.json"), provenance.toJson() + "\n");
    }

    /** {@code summary.md}; returns the file. */
    public static Path writeSummary(EvaluationResult result, Path dir) {
        List<ResultRow> rows = result.rows();
        int classes = result.classes();
        long seed = result.seed();
        Map<String, List<ResultRow>> byCondition = new LinkedHashMap<>();
        rows.forEach(r -> byCondition.computeIfAbsent(r.condition(), c -> new ArrayList<>()).add(r));
        StringBuilder b = new StringBuilder("# Evaluation summary\n\n");
        b.append("Task `").append(result.task()).append("`, protocol `").append(result.protocol().id())
                .append("` (").append(result.protocol().design()).append("), base seed ").append(seed).append(", ")
                .append(classes).append(" classes.\n\n");
        int smallest = rows.stream().mapToInt(r -> r.metrics().n()).min().orElse(1);
        b.append("Mean ± std over rows (subject × fold × repetition). The 95 % interval is a percentile bootstrap of"
                + " the mean accuracy that resamples subjects (").append(RESAMPLES).append(" resamples, seed ")
                .append(seed).append(").").append(" Chance: 1/").append(classes).append(" = ")
                .append(fmt(1.0 / classes)).append("; 95 % binomial bound for the smallest test fold (n = ")
                .append(smallest).append("): ").append(fmt(Stats.chanceUpperBound(smallest, classes, 0.95)))
                .append(".\n\n");
        b.append("| condition | modalities | rows | accuracy | 95 % CI (subjects) | balanced accuracy | kappa"
                + " | F1 macro | ROC-AUC |\n|---|---|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, List<ResultRow>> e : byCondition.entrySet()) {
            List<ResultRow> l = e.getValue();
            double[] acc = values(l, m -> OptionalDouble.of(m.accuracy()));
            b.append("| ").append(e.getKey()).append(" | ").append(l.get(0).modalities()).append(" | ")
                    .append(l.size()).append(" | ").append(meanStd(acc, l.size())).append(" | ")
                    .append(subjectInterval(l, seed)).append(" | ")
                    .append(meanStd(values(l, m -> OptionalDouble.of(m.balancedAccuracy())), l.size())).append(" | ")
                    .append(meanStd(values(l, Metrics.FoldMetrics::kappa), l.size())).append(" | ")
                    .append(meanStd(values(l, m -> OptionalDouble.of(m.f1Macro())), l.size())).append(" | ")
                    .append(meanStd(values(l, Metrics.FoldMetrics::rocAuc), l.size())).append(" |\n");
        }
        b.append("\n## Accuracy per subject\n\n| subject |");
        byCondition.keySet().forEach(c -> b.append(' ').append(c).append(" |"));
        b.append("\n|---|");
        byCondition.keySet().forEach(c -> b.append("---|"));
        b.append('\n');
        TreeMap<String, Map<String, List<ResultRow>>> bySubject = new TreeMap<>();
        rows.forEach(r -> bySubject.computeIfAbsent(r.subject(), s -> new LinkedHashMap<>())
                .computeIfAbsent(r.condition(), c -> new ArrayList<>()).add(r));
        for (Map.Entry<String, Map<String, List<ResultRow>>> s : bySubject.entrySet()) {
            b.append("| ").append(s.getKey()).append(" |");
            for (String c : byCondition.keySet()) {
                List<ResultRow> l = s.getValue().getOrDefault(c, List.of());
                b.append(' ').append(l.isEmpty() ? "–" : meanStd(values(l, m -> OptionalDouble.of(m.accuracy())),
                        l.size())).append(" |");
            }
            b.append('\n');
        }
        return write(dir.resolve("summary.md"), b.toString());
    }

    /**
     * The bootstrap interval of the mean accuracy over subjects: each subject's mean accuracy over its rows, then
     * subjects resampled with replacement. One subject has no spread to resample.
     */
    static String subjectInterval(List<ResultRow> rows, long seed) {
        TreeMap<String, List<ResultRow>> bySubject = new TreeMap<>();
        rows.forEach(r -> bySubject.computeIfAbsent(r.subject(), s -> new ArrayList<>()).add(r));
        if (bySubject.size() < 2) {
            return "– (1 subject)";
        }
        double[] means = bySubject.values().stream()
                .mapToDouble(l -> Stats.mean(values(l, m -> OptionalDouble.of(m.accuracy())))).toArray();
        double[] ci = Stats.bootstrapMeanInterval(means, RESAMPLES, 0.95, seed);
        return "[" + fmt(ci[0]) + ", " + fmt(ci[1]) + "]";
    }

    private static double[] values(List<ResultRow> l, Function<Metrics.FoldMetrics, OptionalDouble> f) {
        return l.stream().map(r -> f.apply(r.metrics())).filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble).toArray();
    }

    /** Mean ± std of the defined values, with a note when some rows had none. */
    private static String meanStd(double[] v, int of) {
        if (v.length == 0) {
            return "undefined in all " + of + " rows";
        }
        String s = fmt(Stats.mean(v)) + " ± " + fmt(Stats.std(v));
        return v.length < of ? s + " (undefined in " + (of - v.length) + " of " + of + " rows)" : s;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    private static String num(OptionalDouble v) {
        return v.isPresent() ? num(v.getAsDouble()) : "NA";
    }

    private static String csv(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder of " + file + ": " + e.getMessage(), e);
        }
        AtomicFiles.write(file, os -> os.write(text.getBytes(StandardCharsets.UTF_8)));
        return file;
    }
}
