package org.neurofusion.evaluation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
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
 * binomial 95 % bound for the smallest test fold; where rows come from several seeds, mean ± std over seeds of the
 * per-seed mean accuracy; paired Wilcoxon signed-rank tests between conditions across subjects; per-subject
 * accuracies; and each condition's confusion matrix summed over folds. Every file is written atomically.
 */
public final class EvaluationReport {
    /** Bootstrap resamples of the subjects. */
    public static final int RESAMPLES = 2000;

    /** Up to this many conditions the summary compares every pair; beyond, each condition against the first. */
    public static final int ALL_PAIRS_UP_TO = 8;

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
                .append("` (").append(result.protocol().design()).append("), ").append(baseSeeds(result))
                .append(", ").append(classes).append(" classes.\n\n");
        int smallest = rows.stream().mapToInt(r -> r.metrics().n()).min().orElse(1);
        b.append("Mean ± std over rows (subject × fold × repetition × seed). The 95 % interval is a percentile"
                + " bootstrap of the mean accuracy that resamples subjects (").append(RESAMPLES)
                .append(" resamples, seed ").append(seed).append("). Chance: 1/").append(classes).append(" = ")
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
        b.append(overSeeds(byCondition));
        b.append(pairedComparisons(rows));
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
        b.append(confusionMatrices(result, byCondition.keySet()));
        return write(dir.resolve("summary.md"), b.toString());
    }

    /** "base seed 42", or "base seeds 42, 52" (spaced by the protocol's repetitions, see Evaluation.Builder#optSeeds). */
    private static String baseSeeds(EvaluationResult result) {
        if (result.seeds() == 1) {
            return "base seed " + result.seed();
        }
        List<String> seeds = new ArrayList<>();
        for (int i = 0; i < result.seeds(); i++) {
            seeds.add(Long.toString(result.seed() + (long) i * result.protocol().repetitions()));
        }
        return "base seeds " + String.join(", ", seeds);
    }

    /**
     * Where rows come from several seeds: per condition each seed's mean accuracy over its rows, then mean ± std over
     * the seeds. Empty when every condition's rows share one seed.
     */
    static String overSeeds(Map<String, List<ResultRow>> byCondition) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, List<ResultRow>> e : byCondition.entrySet()) {
            TreeMap<Long, List<ResultRow>> bySeed = new TreeMap<>();
            e.getValue().forEach(r -> bySeed.computeIfAbsent(r.seed(), s -> new ArrayList<>()).add(r));
            if (bySeed.size() < 2) {
                continue;
            }
            double[] means = bySeed.values().stream().mapToDouble(EvaluationReport::meanAccuracy).toArray();
            b.append("| ").append(e.getKey()).append(" | ").append(means.length).append(" | ")
                    .append(fmt(Stats.mean(means))).append(" ± ").append(fmt(Stats.std(means))).append(" |\n");
        }
        if (b.length() == 0) {
            return "";
        }
        return "\n## Mean ± std over seeds\n\nEach seed's mean accuracy over its rows (every repetition of a"
                + " protocol, and every base seed, has a seed of its own), then mean ± std (n − 1) over the seeds:"
                + " how far a result moves from one seed to the next.\n\n| condition | seeds | accuracy over seeds |\n"
                + "|---|---|---|\n" + b;
    }

    /**
     * The paired Wilcoxon signed-rank test ({@link Wilcoxon}) between conditions across subjects, on each subject's
     * mean accuracy over its rows: every pair when there are at most {@link #ALL_PAIRS_UP_TO} conditions, else each
     * condition against the first. A pair with fewer than two subjects, or with no non-zero difference, is
     * reported undefined.
     */
    static String pairedComparisons(List<ResultRow> rows) {
        Map<String, TreeMap<String, Double>> bySubject = new LinkedHashMap<>();
        Map<String, Map<String, List<ResultRow>>> grouped = new LinkedHashMap<>();
        rows.forEach(r -> grouped.computeIfAbsent(r.condition(), c -> new TreeMap<>())
                .computeIfAbsent(r.subject(), s -> new ArrayList<>()).add(r));
        grouped.forEach((c, subjects) -> {
            TreeMap<String, Double> means = new TreeMap<>();
            subjects.forEach((s, l) -> means.put(s, meanAccuracy(l)));
            bySubject.put(c, means);
        });
        List<String> conditions = new ArrayList<>(bySubject.keySet());
        StringBuilder b = new StringBuilder("\n## Paired comparisons\n\n");
        if (conditions.size() < 2) {
            return b.append("One condition: nothing to compare.\n").toString();
        }
        b.append("Wilcoxon signed-rank test, two-sided, paired by subject on each subject's mean accuracy over its"
                + " rows (n: the subjects that have rows of both conditions), computed as SciPy's"
                + " `scipy.stats.wilcoxon` with its defaults: subjects whose difference is zero are dropped (n ≠ 0"
                + " counts the rest), W is the smaller of the two rank sums, and the p-value is exact (the enumerated"
                + " null distribution) when at most 50 differences, none zero and no two tied, remain; otherwise it"
                + " comes from the normal approximation with tie-corrected variance and no continuity correction."
                + " p-values are not corrected for multiple comparisons.");
        List<String[]> pairs = new ArrayList<>();
        if (conditions.size() <= ALL_PAIRS_UP_TO) {
            b.append(" Every pair of conditions.\n\n");
            for (int i = 0; i < conditions.size(); i++) {
                for (int j = i + 1; j < conditions.size(); j++) {
                    pairs.add(new String[] {conditions.get(i), conditions.get(j)});
                }
            }
        } else {
            b.append(" More than ").append(ALL_PAIRS_UP_TO).append(" conditions: each against the first, ")
                    .append(conditions.get(0)).append(".\n\n");
            for (int j = 1; j < conditions.size(); j++) {
                pairs.add(new String[] {conditions.get(0), conditions.get(j)});
            }
        }
        b.append("| A | B | n | n ≠ 0 | mean difference A − B | W | p (two-sided) | method |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (String[] pair : pairs) {
            TreeMap<String, Double> a = bySubject.get(pair[0]);
            TreeMap<String, Double> c = bySubject.get(pair[1]);
            List<String> both = a.keySet().stream().filter(c::containsKey).toList();
            double[] x = both.stream().mapToDouble(a::get).toArray();
            double[] y = both.stream().mapToDouble(c::get).toArray();
            b.append("| ").append(pair[0]).append(" | ").append(pair[1]).append(" | ").append(both.size())
                    .append(" | ");
            if (both.isEmpty()) {
                b.append("– | – | – | undefined: no subject has rows of both | – |\n");
                continue;
            }
            double[] d = new double[x.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = x[i] - y[i];
            }
            String mean = String.format(Locale.ROOT, "%+.3f", Stats.mean(d));
            if (both.size() < 2) {
                b.append("– | ").append(mean).append(" | – | undefined: fewer than 2 subjects | – |\n");
            } else if (Arrays.stream(d).allMatch(v -> v == 0)) {
                b.append("0 | ").append(mean).append(" | – | undefined: every difference is zero | – |\n");
            } else {
                Wilcoxon w = Wilcoxon.test(x, y);
                b.append(w.n()).append(" | ").append(mean).append(" | ").append(String.format(Locale.ROOT, "%.1f",
                        w.statistic())).append(" | ").append(String.format(Locale.ROOT, "%.4f", w.pValue()))
                        .append(" | ").append(w.exact() ? "exact" : "normal approximation").append(" |\n");
            }
        }
        return b.toString();
    }

    /** Each condition's confusion matrix summed over its rows ({@link EvaluationResult#confusion}). */
    private static String confusionMatrices(EvaluationResult result, Set<String> conditions) {
        StringBuilder b = new StringBuilder("\n## Confusion matrices\n\nTest windows summed over folds,"
                + " repetitions and seeds (a window counts once for every fold that tested it); rows are the true"
                + " class, columns the predicted one.\n");
        for (String c : conditions) {
            ConfusionMatrix m = result.confusion(c);
            int[] classes = m.classes();
            long[][] counts = m.counts();
            b.append("\n### ").append(c).append("\n\n| true \\ predicted |");
            for (int k : classes) {
                b.append(' ').append(k).append(" |");
            }
            b.append("\n|---|").append("---|".repeat(classes.length)).append('\n');
            for (int i = 0; i < classes.length; i++) {
                b.append("| ").append(classes[i]).append(" |");
                for (long v : counts[i]) {
                    b.append(' ').append(v).append(" |");
                }
                b.append('\n');
            }
        }
        return b.toString();
    }

    private static double meanAccuracy(List<ResultRow> rows) {
        return Stats.mean(values(rows, m -> OptionalDouble.of(m.accuracy())));
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
