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

/**
 * Writes an evaluation's rows as {@code results.csv} (undefined kappa or ROC-AUC written as {@code NA}) and
 * a {@code summary.md}: per condition, mean ± std of each metric over rows (undefined values left out and
 * counted, never averaged as NaN), a seeded percentile-bootstrap 95 % interval of the mean accuracy over
 * rows (descriptive: rows of one subject are not independent), chance level {@code 1/classes} and its
 * binomial 95 % bound for the smallest test fold, and per-subject accuracies.
 */
final class Report {
    private static final int RESAMPLES = 2000;

    private final List<ResultRow> rows;
    private final int classes;
    private final String design;
    private final long seed;

    Report(List<ResultRow> rows, int classes, String design, long seed) {
        this.rows = rows;
        this.classes = classes;
        this.design = design;
        this.seed = seed;
    }

    Path writeCsv(Path dir) {
        StringBuilder b = new StringBuilder(ResultRow.HEADER).append('\n');
        for (ResultRow r : rows) {
            Metrics.FoldMetrics m = r.metrics();
            b.append(String.join(",", csv(r.subject()), Integer.toString(r.fold()), Long.toString(r.seed()),
                    csv(r.protocol()), csv(r.task()), csv(r.condition()), csv(r.modalities()),
                    Integer.toString(r.nTrainLabelled()), num(m.accuracy()), num(m.balancedAccuracy()), num(m.kappa()),
                    num(m.f1Macro()), num(m.rocAuc()))).append('\n');
        }
        return write(dir.resolve("results.csv"), b.toString());
    }

    Path writeSummary(Path dir) {
        Map<String, List<ResultRow>> byCondition = new LinkedHashMap<>();
        rows.forEach(r -> byCondition.computeIfAbsent(r.condition(), c -> new ArrayList<>()).add(r));
        StringBuilder b = new StringBuilder("# Evaluation summary\n\n");
        if (!rows.isEmpty()) {
            ResultRow first = rows.get(0);
            b.append("Task `").append(first.task()).append("`, protocol `").append(first.protocol()).append("` (")
                    .append(design).append("), base seed ").append(seed).append(", ").append(classes)
                    .append(" classes.\n\n");
        }
        int smallest = rows.stream().mapToInt(r -> r.metrics().n()).min().orElse(1);
        b.append("Mean ± std over ").append("rows (subject × fold × repetition). The 95 % interval is a percentile"
                + " bootstrap of the mean accuracy over rows (").append(RESAMPLES).append(" resamples, seed ")
                .append(seed).append("). Chance: 1/").append(classes).append(" = ").append(fmt(1.0 / classes))
                .append("; 95 % binomial bound for the smallest test fold (n = ").append(smallest).append("): ")
                .append(fmt(Stats.chanceUpperBound(smallest, classes, 0.95))).append(".\n\n");
        b.append("| condition | modalities | rows | accuracy | 95 % CI | balanced accuracy | kappa | F1 macro"
                + " | ROC-AUC |\n|---|---|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, List<ResultRow>> e : byCondition.entrySet()) {
            List<ResultRow> l = e.getValue();
            double[] acc = values(l, m -> OptionalDouble.of(m.accuracy()));
            double[] ci = Stats.bootstrapMeanInterval(acc, RESAMPLES, 0.95, seed);
            b.append("| ").append(e.getKey()).append(" | ").append(l.get(0).modalities()).append(" | ")
                    .append(l.size()).append(" | ").append(meanStd(acc, l.size())).append(" | [")
                    .append(fmt(ci[0])).append(", ").append(fmt(ci[1])).append("] | ")
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
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
