package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    private static final Pattern DATA = Pattern.compile(
            "<script type=\"application/json\" id=\"report-data\">(.*?)</script>", Pattern.DOTALL);
    private static final Pattern CHART_ID = Pattern.compile("<div class=\"chart\" id=\"([^\"]+)\"");

    @TempDir
    Path tmp;

    private static ResultRow row(String subject, int fold, String protocol, String condition, double accuracy,
            int kShot) {
        return SampleReport.row(subject, fold, protocol, condition, accuracy, kShot);
    }

    private static HtmlReport.Data.Builder minimal(List<ResultRow> rows) {
        return HtmlReport.Data.builder().setTitle("t").setRows(rows).setChance(0.5, 0.6);
    }

    private static JsonNode data(String html) throws IOException {
        Matcher m = DATA.matcher(html);
        assertTrue(m.find(), "no report-data element");
        return new ObjectMapper().readTree(m.group(1));
    }

    private static Set<String> chartIds(String html) {
        Set<String> ids = new TreeSet<>();
        Matcher m = CHART_ID.matcher(html);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void theLibraryIsInlinedAndNothingIsFetched() {
        String html = HtmlReport.html(minimal(List.of(row("01", 0, "loso", "a", 0.7, 0))).build());
        String lib = HtmlReport.echarts();
        assertTrue(lib.length() > 500_000, "echarts.min.js is about 1 MB, got " + lib.length());
        assertTrue(lib.contains("echarts"), "not the ECharts script");
        assertTrue(html.contains(lib), "the library is not inlined whole");
        String lower = html.toLowerCase(Locale.ROOT);
        assertFalse(Pattern.compile("<script[^>]*\\ssrc\\s*=").matcher(lower).find(), "a script loads a file");
        assertFalse(lower.contains("<link"), "a stylesheet or other resource is linked");
        assertFalse(Pattern.compile("\\b(src|href)\\s*=\\s*[\"']?\\s*(https?:)?//").matcher(lower).find(),
                "a src or href points at the network");
    }

    @Test
    void everySectionWithDataHasItsChartsAndTheOthersSayWhy() throws IOException {
        String html = HtmlReport.html(SampleReport.data(tmp));
        Set<String> expected = new TreeSet<>(List.of("chart-accuracy-0", "chart-accuracy-1", "chart-accuracy-2",
                "chart-accuracy-3", "chart-accuracy-4", "chart-frozen-vs-fine-tuned", "chart-few-shot",
                "chart-confusion-0", "chart-confusion-1", "chart-training-loss", "chart-training-accuracy",
                "chart-latent-modality", "chart-latent-label", "chart-latent-subject", "chart-distillation-0",
                "chart-distillation-1", "chart-distillation-2", "chart-distillation-gain"));
        assertEquals(expected, chartIds(html));
        assertTrue(html.contains("data-charts-expected=\"" + expected.size() + "\""));
        assertFalse(html.contains("class=\"absent\""), "the full sample leaves nothing out");
        // protocols in order: within, loso, then few-shot by k (10 after 5, not before it as strings sort)
        List<String> protocols = new ArrayList<>();
        data(html).get("protocols").forEach(p -> protocols.add(p.get("protocol").asText()));
        assertEquals(List.of("within", "loso", "fewshot-1", "fewshot-5", "fewshot-10"), protocols);

        // rows only, none of the two scatter conditions, no few-shot protocol: one chart and a line per absence
        String bare = HtmlReport.html(minimal(List.of(row("01", 0, "within", "a", 0.7, -1))).build());
        assertEquals(Set.of("chart-accuracy-0"), chartIds(bare));
        assertTrue(bare.contains("data-charts-expected=\"1\""));
        assertTrue(bare.contains("no condition &#39;frozen-linear&#39; and no condition &#39;fine-tuned&#39;"), bare);
        for (String line : List.of("no rows of a few-shot protocol", "No confusion matrices were given",
                "No training runs were given", "No latent projection was given", "No distillation map was given")) {
            assertTrue(bare.contains(line), line);
        }
    }

    @Test
    void perSubjectMeansAverageFoldsFirstThenSubjects() throws IOException {
        // subject 01: 3 folds at 0.9, 0.8, 0.7 (mean 0.8); subject 02: one fold at 0.4. Over rows the mean would be
        // 0.7; over subjects it is 0.6. Subject 03 only under another condition.
        List<ResultRow> rows = List.of(row("01", 0, "loso", "a", 0.9, 0), row("01", 1, "loso", "a", 0.8, 0),
                row("01", 2, "loso", "a", 0.7, 0), row("02", 0, "loso", "a", 0.4, 0), row("03", 0, "loso", "b", 0.55, 0));
        JsonNode d = data(HtmlReport.html(minimal(rows).build()));
        JsonNode p = d.get("protocols").get(0);
        assertEquals("[\"a\",\"b\"]", p.get("conditions").toString());
        assertEquals("[\"01\",\"02\",\"03\"]", p.get("subjects").toString());
        assertEquals(0.6, p.get("mean").get(0).asDouble(), 1e-12);
        assertEquals(Math.sqrt(0.08), p.get("std").get(0).asDouble(), 1e-12);
        assertEquals(2, p.get("n").get(0).asInt());
        assertEquals(0.55, p.get("mean").get(1).asDouble(), 1e-12);
        // points: [condition index, subject mean, subject index]
        assertEquals(3, p.get("points").size());
        assertEquals(0.8, p.get("points").get(0).get(1).asDouble(), 1e-12);
        assertEquals(List.of(0, 1, 2), List.of(p.get("points").get(0).get(2).asInt(),
                p.get("points").get(1).get(2).asInt(), p.get("points").get(2).get(2).asInt()));
        assertEquals(0.5, d.get("chance").get("level").asDouble());
        assertEquals(0.6, d.get("chance").get("bound").asDouble());
        String html = HtmlReport.html(minimal(rows).build());
        assertTrue(html.contains("<td class=\"num\">60.0 ± 28.3</td>"), "table gives the across-subject mean ± std");
    }

    @Test
    void frozenAgainstFineTunedPairsEachSubjectsMeans() throws IOException {
        List<ResultRow> rows = List.of(row("01", 0, "loso", "frozen-linear", 0.6, 0),
                row("01", 0, "loso", "fine-tuned", 0.7, 0), row("01", 1, "loso", "fine-tuned", 0.8, 0),
                row("02", 0, "loso", "frozen-linear", 0.5, 0), // no fine-tuned row: no point
                row("03", 0, "loso", "fine-tuned", 0.9, 0));
        JsonNode f = data(HtmlReport.html(minimal(rows).build())).get("frozenVersusFineTuned");
        assertEquals("frozen-linear", f.get("frozen").asText());
        assertEquals(1, f.get("series").size());
        JsonNode points = f.get("series").get(0).get("points");
        assertEquals(1, points.size());
        assertEquals(0.6, points.get(0).get(0).asDouble(), 1e-12);
        assertEquals(0.75, points.get(0).get(1).asDouble(), 1e-12);
        assertEquals("01", points.get(0).get(2).asText());

        String other = HtmlReport.html(minimal(List.of(row("01", 0, "loso", "frozen", 0.6, 0),
                row("01", 0, "loso", "tuned", 0.7, 0))).optFrozenVersusFineTuned("frozen", "tuned").build());
        assertTrue(chartIds(other).contains("chart-frozen-vs-fine-tuned"));
    }

    @Test
    void fewShotCurvesSummariseSubjectsAtEachK() throws IOException {
        List<ResultRow> rows = List.of(row("01", 0, "loso", "a", 0.5, 0), row("02", 0, "loso", "a", 0.7, 0),
                row("01", 0, "fewshot-5", "a", 0.6, 5), row("01", 1, "fewshot-5", "a", 0.8, 5),
                row("02", 0, "fewshot-5", "a", 0.9, 5), row("01", 0, "within", "a", 0.99, -1));
        JsonNode fs = data(HtmlReport.html(minimal(rows).build())).get("fewShot");
        assertEquals("[0,5]", fs.get("ks").toString());
        JsonNode points = fs.get("series").get(0).get("points");
        assertEquals(0.6, points.get(0).get("mean").asDouble(), 1e-12);
        JsonNode k5 = points.get(1);
        assertEquals(5, k5.get("k").asInt());
        assertEquals(0.8, k5.get("mean").asDouble(), 1e-12); // subjects 0.7 and 0.9, not rows 0.6, 0.8, 0.9
        assertEquals(0.7, k5.get("min").asDouble(), 1e-12);
        assertEquals(0.9, k5.get("max").asDouble(), 1e-12);
        assertEquals(2, k5.get("subjects").asInt());
    }

    @Test
    void aMalformedMetricsLineIsNamedByFileAndLine() throws IOException {
        Path run = tmp.resolve("metrics.jsonl");
        Files.writeString(run, "{\"split\":\"train\",\"step\":1,\"loss\":0.9}\n"
                + "{\"split\":\"test\",\"step\":1,\"accuracy\":0.5}\n{\"split\":\"train\",\"step\":2,\"lo\n");
        ReportInputException e = assertThrows(ReportInputException.class, () -> HtmlReport.html(
                minimal(List.of()).addTrainingRun("r", run).build()));
        assertEquals(run, e.file());
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith(run + " line 3: not a JSON object"), e.getMessage());

        Files.writeString(run, "{\"split\":\"train\",\"step\":1,\"loss\":0.9}\n\n{\"split\":\"test\",\"step\":2}\n");
        e = assertThrows(ReportInputException.class, () -> HtmlReport.html(
                minimal(List.of()).addTrainingRun("r", run).build()));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("\"accuracy\""), e.getMessage());
    }

    @Test
    void trainingCurvesAreSortedByStepWithGapsForNonFiniteLoss() throws IOException {
        Path run = tmp.resolve("metrics.jsonl");
        Files.writeString(run, "{\"split\":\"train\",\"step\":20,\"loss\":NaN}\n"
                + "{\"split\":\"val\",\"step\":10,\"objective\":3}\n{\"split\":\"train\",\"step\":10,\"loss\":0.9}\n"
                + "{\"split\":\"test\",\"step\":10,\"accuracy\":0.55,\"balanced_accuracy\":0.5}\n");
        JsonNode t = data(HtmlReport.html(minimal(List.of()).addTrainingRun("a</script>", run).build()))
                .get("training").get(0);
        assertEquals("a</script>", t.get("label").asText());
        assertEquals("[[10.0,0.9],[20.0,null]]", t.get("loss").toString());
        assertEquals("[[10.0,0.55]]", t.get("accuracy").toString());
        assertEquals("[[10.0,0.5]]", t.get("balancedAccuracy").toString());
    }

    @Test
    void scriptTagsInNamesCannotBreakOutOfThePage() throws IOException {
        String evil = "x</script><script>document.body.dataset.pwned='1'</script><!--";
        String subject = "</SCRIPT >&'\"";
        List<ResultRow> rows = List.of(row(subject, 0, evil, evil, 0.7, -1), row("02", 0, evil, evil, 0.6, -1));
        String html = HtmlReport.html(minimal(rows).setTitle(evil).addNote(subject)
                .optConfusion(List.of(evil, "b"), Map.of(evil, new int[][] {{1, 2}, {3, 4}})).build());
        String lower = html.toLowerCase(Locale.ROOT);
        // every script element the page opens is closed once, by the page itself
        assertEquals(4, count(lower, "<script"));
        assertEquals(4, count(lower, "</script"));
        assertFalse(html.contains("<!--"));
        JsonNode d = data(html);
        assertEquals(evil, d.get("title").asText());
        assertEquals(subject, d.get("notes").get(0).asText());
        assertEquals(evil, d.get("protocols").get(0).get("protocol").asText());
        assertEquals(subject, d.get("protocols").get(0).get("subjects").get(1).asText()); // "02" sorts first
        assertEquals(evil, d.get("confusion").get("classes").get(0).asText());
        assertTrue(html.contains("<td>x&lt;/script&gt;&lt;script&gt;document.body.dataset.pwned=&#39;1&#39;"));
    }

    @Test
    void theDistillationMapIsAveragedPerCellAndPairedForTheGain() throws IOException {
        Path map = tmp.resolve("map.csv");
        Files.writeString(map, DistillationMapTable.HEADER + "\n"
                + "0.5,10,42,09,student,0.70,0.7\n0.5,10,42,09,self-training,0.60,0.6\n"
                + "0.5,10,42,10,student,0.50,0.5\n0.5,10,42,10,self-training,0.55,0.55\n"
                + "0.5,10,43,11,student,0.90,0.9\n" // no self-training partner: in the mean, not in the gain
                + "0.5,all,42,09,student,0.80,0.8\n0.5,all,42,09,self-training,0.80,0.8\n"
                + "0.5,5,42,09,student,0.65,0.65\n");
        JsonNode dm = data(HtmlReport.html(minimal(List.of()).optDistillationMap(map).build())).get("distillation");
        assertEquals("[\"5\",\"10\",\"all\"]", dm.get("labelled").toString());
        assertEquals("[\"student\",\"self-training\"]", dm.get("conditions").toString());
        JsonNode student = dm.get("means").get(0).get(0);
        assertEquals(0.65, student.get("mean").get(0).asDouble(), 1e-12);
        assertEquals(0.7, student.get("mean").get(1).asDouble(), 1e-12);
        assertEquals("[1,3,1]", student.get("n").toString());
        assertTrue(dm.get("means").get(0).get(1).get("mean").get(0).isNull(), "no self-training at 5");
        // cells [labelled index, fraction index, mean(student − self-training), pairs]
        JsonNode cells = dm.get("gain").get("cells");
        assertEquals(2, cells.size());
        assertEquals(1, cells.get(0).get(0).asInt());
        assertEquals(0.025, cells.get(0).get(2).asDouble(), 1e-12);
        assertEquals(2, cells.get(0).get(3).asInt());
        assertEquals(0.0, cells.get(1).get(2).asDouble(), 1e-12);

        Files.writeString(map, DistillationMapTable.HEADER + "\n0.5,10,42,09,student,0.7,0.7\n0.5,ten,42,09,x,1,1\n");
        ReportInputException e = assertThrows(ReportInputException.class,
                () -> HtmlReport.html(minimal(List.of()).optDistillationMap(map).build()));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith(map + " line 3: malformed line"), e.getMessage());
    }

    @Test
    void aMissingLibraryIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> HtmlReport.library(
                getClass().getClassLoader(), "META-INF/resources/webjars/echarts/0.0.0/dist/echarts.min.js"));
        assertTrue(e.getMessage().contains("org.webjars.npm:echarts:" + HtmlReport.ECHARTS_VERSION), e.getMessage());
        assertTrue(e.getMessage().contains("is missing"), e.getMessage());
    }

    @Test
    void theDataAreCheckedWhenBuilt() {
        assertThrows(IllegalArgumentException.class, () -> HtmlReport.Data.builder().setTitle("t").setRows(List.of())
                .build());
        assertThrows(IllegalArgumentException.class, () -> minimal(List.of()).setChance(0.5, 0.4).build());
        assertThrows(IllegalArgumentException.class, () -> minimal(List.of())
                .optConfusion(List.of("a", "b"), Map.of("c", new int[][] {{1, 2}})).build());
        Path p = Path.of("m.jsonl");
        assertThrows(IllegalArgumentException.class, () -> minimal(List.of()).addTrainingRun("r", p)
                .addTrainingRun("r", p).build());
        int[][] counts = {{1, 2}, {3, 4}};
        HtmlReport.Data d = minimal(List.of()).optConfusion(List.of("a", "b"), Map.of("c", counts)).build();
        counts[0][0] = 99;
        d.confusion().orElseThrow().byCondition().get("c")[0][1] = 99;
        assertEquals("[1, 2]", java.util.Arrays.toString(d.confusion().orElseThrow().byCondition().get("c")[0]));
    }

    @Test
    void writesReportHtmlAtomicallyAndTheSampleForTheBrowserCheck() throws IOException {
        HtmlReport.Data d = SampleReport.data(tmp.resolve("inputs"));
        Path out = HtmlReport.write(d, tmp.resolve("new/dir"));
        assertEquals(tmp.resolve("new/dir/report.html"), out);
        try (Stream<Path> files = Files.list(out.getParent())) {
            assertEquals(List.of(out), files.toList(), "only report.html, no temporary file left");
        }
        assertEquals(HtmlReport.html(d), Files.readString(out, StandardCharsets.UTF_8));
        // the pages tools/check-report.sh opens in a headless browser (docs/evaluation.md, "The HTML report")
        SampleReport.main(new String[] {"target/sample-report"});
        Path hostile = Path.of("target/sample-report/hostile", HtmlReport.FILE);
        assertEquals(Set.of("chart-accuracy-0", "chart-accuracy-1", "chart-frozen-vs-fine-tuned", "chart-few-shot",
                "chart-confusion-0", "chart-latent-modality", "chart-latent-label", "chart-latent-subject"),
                chartIds(Files.readString(hostile)));
    }
}
