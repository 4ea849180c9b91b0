package org.neurofusion.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.neurofusion.core.AtomicFiles;

/**
 * {@code report.html}: one self-contained page with the evaluation's charts, drawn in the browser by Apache ECharts
 * ({@value #ECHARTS_VERSION}, inlined from its webjar, so the page opens offline and makes no request). It shows
 * per-subject accuracy by condition, frozen against fine-tuned, few-shot learning curves, confusion matrices,
 * training curves, a latent projection and the distillation map, each where its data are given, and a table of
 * accuracy per condition. All data travel as one JSON element that the page's script parses; when every chart is
 * drawn the body carries {@code data-ready="true"} and {@code data-charts="N"}, and script errors are recorded in
 * {@code data-errors} (what {@code tools/check-report.sh} checks in a headless browser).
 */
public final class HtmlReport {
    /** The file written into the report folder. */
    public static final String FILE = "report.html";
    /** The ECharts release inlined into the page. */
    public static final String ECHARTS_VERSION = "5.3.1";
    /** Where the webjar keeps the minified library. */
    static final String ECHARTS_RESOURCE = "META-INF/resources/webjars/echarts/" + ECHARTS_VERSION
            + "/dist/echarts.min.js";
    private static final String SCRIPT_RESOURCE = "org/neurofusion/evaluation/report.js";
    private static final String STYLE_RESOURCE = "org/neurofusion/evaluation/report.css";

    private HtmlReport() {
    }

    /** A training run to plot: its name in the legend and its {@code metrics.jsonl}. */
    public record TrainingRun(String label, Path metrics) {
        public TrainingRun {
            requireText(label, "training run label");
            Objects.requireNonNull(metrics, "metrics");
        }
    }

    /** One window's embedding projected to two dimensions, with what it can be coloured by. */
    public record LatentPoint(double x, double y, String modality, String label, String subject) {
        public LatentPoint {
            if (!Double.isFinite(x) || !Double.isFinite(y)) {
                throw new IllegalArgumentException("latent point of subject " + subject + " is not finite: (" + x
                        + ", " + y + ")");
            }
            Objects.requireNonNull(modality, "modality");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(subject, "subject");
        }
    }

    /**
     * Confusion counts per condition, summed over folds: {@code counts[true][predicted]}, rows and columns in the
     * order of {@code classes}. Conditions keep their insertion order; the arrays are copied in and out.
     */
    public record ConfusionMatrices(List<String> classes, Map<String, int[][]> byCondition) {
        public ConfusionMatrices {
            classes = List.copyOf(classes);
            if (classes.isEmpty() || new HashSet<>(classes).size() != classes.size()) {
                throw new IllegalArgumentException("confusion classes must be distinct and not empty: " + classes);
            }
            Map<String, int[][]> copy = new LinkedHashMap<>();
            for (Map.Entry<String, int[][]> e : byCondition.entrySet()) {
                int[][] m = e.getValue();
                if (m.length != classes.size()) {
                    throw new IllegalArgumentException("confusion matrix of " + e.getKey() + " has " + m.length
                            + " rows for " + classes.size() + " classes");
                }
                int[][] c = new int[m.length][];
                for (int i = 0; i < m.length; i++) {
                    if (m[i].length != classes.size()) {
                        throw new IllegalArgumentException("confusion matrix of " + e.getKey() + ": row " + i + " has "
                                + m[i].length + " columns for " + classes.size() + " classes");
                    }
                    for (int v : m[i]) {
                        if (v < 0) {
                            throw new IllegalArgumentException("confusion matrix of " + e.getKey() + ": row " + i
                                    + " has a negative count " + v);
                        }
                    }
                    c[i] = m[i].clone();
                }
                copy.put(requireText(e.getKey(), "confusion condition"), c);
            }
            byCondition = Collections.unmodifiableMap(copy);
        }

        /** The counts by condition (fresh copies: the record stays immutable). */
        @Override
        public Map<String, int[][]> byCondition() {
            Map<String, int[][]> out = new LinkedHashMap<>();
            byCondition.forEach((k, m) -> out.put(k, Arrays.stream(m).map(int[]::clone)
                    .toArray(int[][]::new)));
            return Collections.unmodifiableMap(out);
        }
    }

    /**
     * Everything the report shows. Build it with {@link #builder()}: title, rows and chance are required, the rest
     * optional; a section whose data are absent says so on the page.
     *
     * @param title              the page's heading
     * @param notes              lines under the title (what the data are: "SIMULATED data, seed 42")
     * @param rows               result rows of any protocols and conditions
     * @param chance             chance accuracy, 1/classes
     * @param chanceBound        the accuracy a random guesser stays below with 95 % probability (binomial)
     * @param confusion          confusion counts per condition
     * @param trainingRuns       runs whose {@code metrics.jsonl} is plotted
     * @param latent             a two-dimensional projection of the latent space
     * @param distillationMap    a distillation map's {@code map.csv}
     * @param frozenCondition    the x axis of the frozen-against-fine-tuned scatter
     * @param fineTunedCondition its y axis
     */
    public record Data(String title, List<String> notes, List<ResultRow> rows, double chance, double chanceBound,
            Optional<ConfusionMatrices> confusion, List<TrainingRun> trainingRuns, List<LatentPoint> latent,
            Optional<Path> distillationMap, String frozenCondition, String fineTunedCondition) {
        public Data {
            requireText(title, "title");
            notes = List.copyOf(notes);
            rows = List.copyOf(rows);
            if (!(chance > 0 && chance < 1) || !(chanceBound >= chance && chanceBound <= 1)) {
                throw new IllegalArgumentException("chance must lie in (0, 1) and its bound in [chance, 1]; got "
                        + chance + " and " + chanceBound);
            }
            Objects.requireNonNull(confusion, "confusion");
            trainingRuns = List.copyOf(trainingRuns);
            Set<String> labels = new HashSet<>();
            for (TrainingRun r : trainingRuns) {
                if (!labels.add(r.label())) {
                    throw new IllegalArgumentException("two training runs are labelled '" + r.label() + "'");
                }
            }
            latent = List.copyOf(latent);
            Objects.requireNonNull(distillationMap, "distillationMap");
            requireText(frozenCondition, "frozen condition");
            requireText(fineTunedCondition, "fine-tuned condition");
            if (frozenCondition.equals(fineTunedCondition)) {
                throw new IllegalArgumentException("the frozen and fine-tuned conditions are both '" + frozenCondition
                        + "'");
            }
        }

        public static Builder builder() {
            return new Builder();
        }

        /** Builds {@link Data}: {@code setX} for what is required, {@code optX}/{@code addX} for the rest. */
        public static final class Builder {
            private String title;
            private final List<String> notes = new ArrayList<>();
            private List<ResultRow> rows;
            private double chance = Double.NaN;
            private double chanceBound = Double.NaN;
            private ConfusionMatrices confusion;
            private final List<TrainingRun> trainingRuns = new ArrayList<>();
            private List<LatentPoint> latent = List.of();
            private Path distillationMap;
            private String frozen = "frozen-linear";
            private String fineTuned = "fine-tuned";

            private Builder() {
            }

            public Builder setTitle(String title) {
                this.title = title;
                return this;
            }

            public Builder setRows(List<ResultRow> rows) {
                this.rows = rows;
                return this;
            }

            /** Chance accuracy (1/classes) and the binomial 95 % bound of a random guesser's accuracy. */
            public Builder setChance(double level, double binomialBound) {
                this.chance = level;
                this.chanceBound = binomialBound;
                return this;
            }

            /** A line under the title. */
            public Builder addNote(String line) {
                notes.add(Objects.requireNonNull(line, "note"));
                return this;
            }

            public Builder optConfusion(List<String> classes, Map<String, int[][]> byCondition) {
                this.confusion = new ConfusionMatrices(classes, byCondition);
                return this;
            }

            public Builder addTrainingRun(String label, Path metricsJsonl) {
                trainingRuns.add(new TrainingRun(label, metricsJsonl));
                return this;
            }

            public Builder optLatent(List<LatentPoint> points) {
                this.latent = points;
                return this;
            }

            public Builder optDistillationMap(Path mapCsv) {
                this.distillationMap = mapCsv;
                return this;
            }

            /** The two conditions of the frozen-against-fine-tuned scatter (default frozen-linear, fine-tuned). */
            public Builder optFrozenVersusFineTuned(String frozenCondition, String fineTunedCondition) {
                this.frozen = frozenCondition;
                this.fineTuned = fineTunedCondition;
                return this;
            }

            /** @throws IllegalArgumentException naming what is missing or out of range */
            public Data build() {
                if (rows == null) {
                    throw new IllegalArgumentException("the report needs result rows (setRows; an empty list is allowed)");
                }
                if (Double.isNaN(chance)) {
                    throw new IllegalArgumentException("the report needs the chance level and its bound (setChance)");
                }
                return new Data(title, notes, rows, chance, chanceBound, Optional.ofNullable(confusion), trainingRuns,
                        latent, Optional.ofNullable(distillationMap), frozen, fineTuned);
            }
        }
    }

    /**
     * Writes {@code dir/report.html} atomically ({@code dir} is created if missing) and returns its path.
     *
     * @throws ReportInputException when a training run's or the distillation map's file is unreadable or malformed
     * @throws IllegalStateException when ECharts is not on the classpath
     */
    public static Path write(Data data, Path dir) {
        String page = html(data);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the report folder " + dir + ": " + e.getMessage(), e);
        }
        Path out = dir.resolve(FILE);
        AtomicFiles.write(out, os -> os.write(page.getBytes(StandardCharsets.UTF_8)));
        return out;
    }

    /** The page's text; reads the training runs' and the distillation map's files. */
    public static String html(Data data) {
        ReportModel m = ReportModel.of(data);
        String json;
        try {
            json = ReportModel.JSON.writeValueAsString(m.data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the report's data cannot be written as JSON: " + e.getMessage(), e);
        }
        StringBuilder h = new StringBuilder(1 << 21);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(data.title())).append("</title>\n<style>\n")
                .append(resource(HtmlReport.class.getClassLoader(), STYLE_RESOURCE)).append("</style>\n")
                // first of all, so that an error in the library or the data is recorded too
                .append("<script>\nwindow.onerror = function (message, source, line) {\n")
                .append("  var b = document.body || document.documentElement;\n")
                .append("  b.dataset.errors = (b.dataset.errors ? b.dataset.errors + ' | ' : '') + message")
                .append(" + ' (line ' + line + ')';\n};\n</script>\n</head>\n")
                .append("<body data-charts-expected=\"").append(m.chartCount()).append("\">\n<header>\n<h1>")
                .append(escape(data.title())).append("</h1>\n");
        for (String note : data.notes()) {
            h.append("<p class=\"note\">").append(escape(note)).append("</p>\n");
        }
        h.append(String.format(Locale.ROOT, "<p class=\"note\">Chance %s, binomial 95 %% bound %s. Charts drawn by "
                + "Apache ECharts %s, inlined: this page makes no network request.</p>\n</header>\n",
                percent(data.chance()), percent(data.chanceBound()), ECHARTS_VERSION));
        summaryTable(h, m);
        for (ReportModel.Section s : m.sections) {
            section(h, s);
        }
        h.append("<script type=\"application/json\" id=\"report-data\">").append(forScriptElement(json))
                .append("</script>\n");
        h.append("<script>\n/* Apache ECharts ").append(ECHARTS_VERSION)
                .append(", Apache License 2.0, https://echarts.apache.org */\n").append(echarts()).append("\n</script>\n");
        h.append("<script>\n").append(resource(HtmlReport.class.getClassLoader(), SCRIPT_RESOURCE))
                .append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void summaryTable(StringBuilder h, ReportModel m) {
        h.append("<section id=\"summary\">\n<h2>Accuracy by condition</h2>\n");
        if (m.summary.isEmpty()) {
            h.append("<p class=\"absent\">No result rows were given.</p>\n</section>\n");
            return;
        }
        h.append("<p class=\"caption\">Mean ± standard deviation across subjects of each subject's accuracy "
                + "averaged over its folds and seeds.</p>\n<table>\n<thead><tr><th>protocol</th><th>condition</th>"
                + "<th>modalities</th><th>accuracy (%)</th><th>balanced accuracy (%)</th><th>subjects</th>"
                + "<th>rows</th></tr></thead>\n<tbody>\n");
        for (ReportModel.Summary s : m.summary) {
            h.append("<tr><td>").append(escape(s.protocol())).append("</td><td>").append(escape(s.condition()))
                    .append("</td><td>").append(escape(s.modalities())).append("</td><td class=\"num\">")
                    .append(String.format(Locale.ROOT, "%.1f ± %.1f", 100 * s.mean(), 100 * s.std()))
                    .append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%.1f", 100 * s.balancedMean()))
                    .append("</td><td class=\"num\">").append(s.subjects()).append("</td><td class=\"num\">")
                    .append(s.rows()).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n</section>\n");
    }

    private static void section(StringBuilder h, ReportModel.Section s) {
        h.append("<section id=\"").append(s.id()).append("\">\n<h2>").append(escape(s.heading())).append("</h2>\n");
        if (!s.charts().isEmpty()) {
            h.append(s.twoColumns() ? "<div class=\"grid\">\n" : "<div>\n");
            for (ReportModel.Chart c : s.charts()) {
                h.append("<figure>\n<h3>").append(escape(c.heading())).append("</h3>\n<p class=\"caption\">")
                        .append(escape(c.caption())).append("</p>\n<div class=\"chart\" id=\"").append(c.id())
                        .append("\" data-kind=\"").append(c.kind()).append("\" data-index=\"").append(c.index())
                        .append("\" style=\"height: ").append(c.height()).append("px\"></div>\n</figure>\n");
            }
            h.append("</div>\n");
        }
        for (String line : s.absent()) {
            h.append("<p class=\"absent\">").append(escape(line)).append("</p>\n");
        }
        h.append("</section>\n");
    }

    /**
     * JSON made safe inside a script element: {@code <}, {@code >} and {@code &} become JSON's own unicode escapes,
     * so no {@code </script>} or {@code <!--} can end or bend the element, and the parsed value is unchanged (these
     * characters occur only inside JSON strings). U+2028 and U+2029 are escaped too, for older JavaScript parsers.
     */
    static String forScriptElement(String json) {
        StringBuilder s = new StringBuilder(json.length() + 64);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> s.append("\\u003c");
                case '>' -> s.append("\\u003e");
                case '&' -> s.append("\\u0026");
                case '\u2028' -> s.append("\\u2028");
                case '\u2029' -> s.append("\\u2029");
                default -> s.append(c);
            }
        }
        return s.toString();
    }

    /** Text for HTML content and attribute values. */
    static String escape(String text) {
        StringBuilder s = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '&' -> s.append("&amp;");
                case '"' -> s.append("&quot;");
                case '\'' -> s.append("&#39;");
                default -> s.append(c);
            }
        }
        return s.toString();
    }

    /** A number as short as it reads exactly: 0, 0.5, 0.8. */
    static String number(double x) {
        return BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }

    private static String percent(double x) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * x);
    }

    private static String requireText(String s, String what) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return s;
    }

    /** ECharts' minified script from its webjar, read once. */
    static String echarts() {
        return EchartsHolder.SCRIPT;
    }

    private static final class EchartsHolder {
        static final String SCRIPT = library(HtmlReport.class.getClassLoader(), ECHARTS_RESOURCE);
    }

    /**
     * A script to inline from the classpath.
     *
     * @throws IllegalStateException naming the resource and the jar it comes from when it is missing, or when it
     *                               contains {@code </script}, which would end its element early
     */
    static String library(ClassLoader loader, String resource) {
        String text = resource(loader, resource);
        if (text.toLowerCase(Locale.ROOT).contains("</script")) {
            throw new IllegalStateException(resource + " contains '</script' and cannot be inlined into a page");
        }
        return text;
    }

    private static String resource(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the HTML report needs " + resource + " on the classpath (from "
                        + (resource.startsWith("META-INF/resources/webjars/echarts/")
                                ? "org.webjars.npm:echarts:" + ECHARTS_VERSION : "neurofusion-evaluation")
                        + "); it is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + " from the classpath: " + e.getMessage(), e);
        }
    }
}
