package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report's figures, notes, layout and data read back from the page or its model and checked against values
 * worked out by hand (issue 19, the report's surviving mutants).
 */
class HtmlReportSurvivorsTest {
    @TempDir
    Path tmp;

    /** A row of twenty test windows with its own balanced accuracy and modalities. */
    private static ResultRow row(String subject, int fold, String protocol, String condition, String modalities,
            double accuracy, double balanced, int kShot) {
        return new ResultRow(subject, fold, 42, protocol, "mi", condition, modalities, 40,
                new Metrics.FoldMetrics(20, accuracy, balanced, OptionalDouble.empty(), accuracy,
                        OptionalDouble.empty(), SampleReport.confusion(accuracy)), kShot, "");
    }

    private static ResultRow row(String subject, String protocol, String condition, double accuracy) {
        return row(subject, 0, protocol, condition, "eeg", accuracy, accuracy, protocol.equals("loso") ? 0 : -1);
    }

    private static HtmlReport.Data.Builder minimal(List<ResultRow> rows) {
        return HtmlReport.Data.builder().setTitle("t").setRows(rows).setChance(0.5, 0.6);
    }

    private static ReportModel.Section section(ReportModel m, String id) {
        return m.sections.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    /** The page's text from its section's opening tag up to the first chart's figure. */
    private static String opening(String html, String id) {
        int at = html.indexOf("<section id=\"" + id + "\">");
        assertTrue(at >= 0, id);
        return html.substring(at, html.indexOf("<figure>", at));
    }

    /**
     * Within: subject 01 has two rows (accuracy 0.8 and 0.6, balanced 0.7 and 0.5), subject 02 one (0.5, 0.4); so
     * across subjects accuracy (0.7 + 0.5)/2 = 0.6 ± √0.02 and balanced (0.6 + 0.4)/2 = 0.5, over 3 rows. Under loso
     * condition a is fNIRS, condition b EEG+fNIRS (subjects 0.6 and 0.4, balanced 0.5 and 0.3).
     */
    private static List<ResultRow> twoProtocols() {
        return List.of(row("01", 0, "within", "a", "eeg", 0.8, 0.7, -1),
                row("01", 1, "within", "a", "eeg", 0.6, 0.5, -1), row("02", 0, "within", "a", "eeg", 0.5, 0.4, -1),
                row("01", 0, "loso", "a", "fnirs", 0.9, 0.85, 0), row("01", 0, "loso", "b", "eeg+fnirs", 0.6, 0.5, 0),
                row("02", 0, "loso", "b", "eeg+fnirs", 0.4, 0.3, 0));
    }

    @Test
    void theSummaryTableGivesEachProtocolAndConditionItsOwnFigures() {
        String html = HtmlReport.html(minimal(twoProtocols()).setChance(0.25, 0.4).build());
        assertTrue(html.contains("<p class=\"note\">Chance 25.0 %, binomial 95 % bound 40.0 %."), "chance note");
        assertTrue(html.contains("<tbody>\n"
                + "<tr><td>within</td><td>a</td><td>eeg</td><td class=\"num\">60.0 ± 14.1</td>"
                + "<td class=\"num\">50.0</td><td class=\"num\">2</td><td class=\"num\">3</td></tr>\n"
                + "<tr><td>loso</td><td>a</td><td>fnirs</td><td class=\"num\">90.0 ± 0.0</td>"
                + "<td class=\"num\">85.0</td><td class=\"num\">1</td><td class=\"num\">1</td></tr>\n"
                + "<tr><td>loso</td><td>b</td><td>eeg+fnirs</td><td class=\"num\">50.0 ± 14.1</td>"
                + "<td class=\"num\">40.0</td><td class=\"num\">2</td><td class=\"num\">2</td></tr>\n</tbody>"), html);
    }

    @Test
    void pointsCarryTheirConditionsIndex() throws IOException {
        JsonNode loso = ReportModel.of(minimal(twoProtocols()).build()).data.get("protocols").get(1);
        assertEquals("loso", loso.get("protocol").asText());
        // [condition index, subject mean, subject index]: a's subject 01, then b's subjects 01 and 02
        assertEquals("[[0,0.9,0],[1,0.6,0],[1,0.4,1]]", loso.get("points").toString());
        assertEquals("[0.9,0.5]", loso.get("mean").toString());
        assertEquals("[1,2]", loso.get("n").toString());
    }

    @Test
    void sectionsOfSeveralChartsUseTwoColumnsAndTheOthersOne() {
        List<ResultRow> rows = List.of(row("01", "loso", "a", 0.6), row("02", "loso", "a", 0.7),
                row("01", 0, "fewshot-5", "a", "eeg", 0.8, 0.8, 5));
        String two = HtmlReport.html(minimal(rows).optConfusion(List.of("x", "y"), Map.of("a", new int[][] {{1, 2},
                {3, 4}})).build());
        assertEquals("<section id=\"subject-accuracy\">\n<h2>Per-subject accuracy by condition</h2>\n"
                + "<div class=\"grid\">\n", opening(two, "subject-accuracy"));
        assertEquals("<section id=\"few-shot\">\n<h2>Few-shot learning curves</h2>\n<div>\n", opening(two, "few-shot"));
        assertEquals("<section id=\"confusion\">\n<h2>Confusion matrices</h2>\n<div class=\"grid\">\n",
                opening(two, "confusion"));
        String one = HtmlReport.html(minimal(rows.subList(0, 2)).build());
        assertEquals("<section id=\"subject-accuracy\">\n<h2>Per-subject accuracy by condition</h2>\n<div>\n",
                opening(one, "subject-accuracy"));
    }

    @Test
    void frozenAgainstFineTunedSaysWhichConditionIsMissingOrThatTheyShareNoSubject() {
        ReportModel.Section apart = section(ReportModel.of(minimal(List.of(row("01", "loso", "frozen-linear", 0.6),
                row("02", "loso", "fine-tuned", 0.7), row("02", "within", "frozen-linear", 0.5))).build()),
                "frozen-vs-fine-tuned");
        assertEquals(List.of(), apart.charts());
        assertEquals(List.of("Not drawn: 'frozen-linear' and 'fine-tuned' never share a subject under one protocol."),
                apart.absent());
        ReportModel.Section frozenOnly = section(ReportModel.of(minimal(List.of(row("01", "loso", "frozen-linear",
                0.6))).build()), "frozen-vs-fine-tuned");
        assertEquals(List.of("Not drawn: the rows have no condition 'fine-tuned'."), frozenOnly.absent());
        ReportModel.Section fineOnly = section(ReportModel.of(minimal(List.of(row("01", "loso", "fine-tuned", 0.6)))
                .build()), "frozen-vs-fine-tuned");
        assertEquals(List.of("Not drawn: the rows have no condition 'frozen-linear'."), fineOnly.absent());
    }

    @Test
    void leaveOneSubjectOutRowsAloneDrawNoFewShotCurve() {
        ReportModel m = ReportModel.of(minimal(List.of(row("01", "loso", "a", 0.6), row("02", "loso", "a", 0.7)))
                .build());
        ReportModel.Section s = section(m, "few-shot");
        assertEquals(List.of(), s.charts());
        assertEquals(List.of("Not drawn: no rows of a few-shot protocol (fewshot-K)."), s.absent());
        assertFalse(m.data.has("fewShot"));
    }

    @Test
    void shotsTakeTheRowsKShotFirstThenTheProtocol() {
        assertEquals(0, ReportModel.shots(row("01", 0, "fewshot-calibrated", "a", "eeg", 0.5, 0.5, 0)));
        assertEquals(3, ReportModel.shots(row("01", 0, "fewshot-calibrated", "a", "eeg", 0.5, 0.5, 3)));
        assertEquals(0, ReportModel.shots(row("01", 0, "fewshot-5", "a", "eeg", 0.5, 0.5, 0)));
        assertEquals(5, ReportModel.shots(row("01", 0, "fewshot-5", "a", "eeg", 0.5, 0.5, -1)));
        assertEquals(0, ReportModel.shots(row("01", 0, "loso", "a", "eeg", 0.5, 0.5, -1)));
        assertThrows(IllegalArgumentException.class,
                () -> ReportModel.shots(row("01", 0, "fewshot-calibrated", "a", "eeg", 0.5, 0.5, -1)));
    }

    @Test
    void aFewShotProtocolWithoutACountSortsAfterTheCountedOnes() {
        List<ResultRow> rows = List.of(row("01", 0, "fewshot-custom", "a", "eeg", 0.5, 0.5, 2),
                row("01", 0, "fewshot-10", "a", "eeg", 0.5, 0.5, 10),
                row("01", 0, "fewshot-2", "a", "eeg", 0.5, 0.5, 2), row("01", "loso", "a", 0.5));
        assertEquals(List.of("loso", "fewshot-2", "fewshot-10", "fewshot-custom"),
                ReportModel.protocolMeans(rows).stream().map(ReportModel.ProtocolMeans::protocol).toList());
    }

    @Test
    void theLatentProjectionListsItsModalitiesLabelsAndSubjectsSorted() {
        List<HtmlReport.LatentPoint> points = List.of(new HtmlReport.LatentPoint(1, 2, "fnirs", "right", "02"),
                new HtmlReport.LatentPoint(3, 4, "eeg", "left", "02"),
                new HtmlReport.LatentPoint(5, 6, "fnirs", "left", "01"));
        JsonNode latent = ReportModel.of(minimal(List.of()).optLatent(points).build()).data.get("latent");
        assertEquals("[\"eeg\",\"fnirs\"]", latent.get("modalities").toString());
        assertEquals("[\"left\",\"right\"]", latent.get("labels").toString());
        assertEquals("[\"01\",\"02\"]", latent.get("subjects").toString());
        // [x, y, modality index, label index, subject index]
        assertEquals("[[1.0,2.0,1,1,1],[3.0,4.0,0,0,1],[5.0,6.0,1,0,0]]", latent.get("points").toString());
    }

    @Test
    void theDistillationMapListsItsFractionsAndSizesTheGainChartByThem() throws IOException {
        Path map = tmp.resolve("map.csv");
        Files.writeString(map, DistillationMapTable.HEADER + "\n"
                + "1,1,42,09,student,1,1\n1,1,42,09,self-training,0,0\n"
                + "0.5,1,42,09,student,0.75,0.75\n0.5,1,42,09,self-training,0.5,0.5\n");
        HtmlReport.Data d = minimal(List.of()).optDistillationMap(map).build();
        JsonNode dm = ReportModel.of(d).data.get("distillation");
        assertEquals("[0.5,1.0]", dm.get("fractions").toString());
        assertEquals("[\"1\"]", dm.get("labelled").toString());
        // [labelled index, fraction index, student − self-training, pairs]
        assertEquals("[[0,0,0.25,1],[0,1,1.0,1]]", dm.get("gain").get("cells").toString());
        String html = HtmlReport.html(d);
        assertTrue(html.contains("<h3>Distillation map, shared fraction 0.5</h3>"), "first fraction's heading");
        assertTrue(html.contains("<h3>Distillation map, shared fraction 1</h3>"), "second fraction's heading");
        // 160 px and 60 px per fraction row
        assertTrue(html.contains("id=\"chart-distillation-gain\" data-kind=\"distillationGain\" data-index=\"0\""
                + " style=\"height: 280px\""), "gain chart's height");
    }

    @Test
    void numbersAreWrittenAsShortAsTheyReadExactly() {
        assertEquals("0.5", HtmlReport.number(0.5));
        assertEquals("1", HtmlReport.number(1.0));
        assertEquals("0.125", HtmlReport.number(0.125));
    }

    @Test
    void aShortJsonTextIsEscapedForTheScriptElement() {
        assertEquals("\"\\u003c\\u0026\\u003e\"", HtmlReport.forScriptElement("\"<&>\""));
        assertEquals("{}", HtmlReport.forScriptElement("{}"));
        assertEquals("", HtmlReport.forScriptElement(""));
    }

    @Test
    void aLibraryIsInlinedAsReadAndRefusedWhenItClosesAScriptElement() throws IOException {
        Files.writeString(tmp.resolve("clean.js"), "var a = 1 < 2; // <b>ok</b>\n", StandardCharsets.UTF_8);
        Files.writeString(tmp.resolve("closing.js"), "var s = '</SCRIPT>';\n", StandardCharsets.UTF_8);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {tmp.toUri().toURL()}, null)) {
            assertEquals("var a = 1 < 2; // <b>ok</b>\n", HtmlReport.library(loader, "clean.js"));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> HtmlReport.library(loader, "closing.js"));
            assertEquals("closing.js contains '</script' and cannot be inlined into a page", e.getMessage());
        }
    }

    @Test
    void chanceAndItsBoundAreAcceptedAtTheirEdges() {
        assertThrows(IllegalArgumentException.class, () -> minimal(List.of()).setChance(0, 0.5).build());
        assertThrows(IllegalArgumentException.class, () -> minimal(List.of()).setChance(1, 1).build());
        assertEquals(0.5, minimal(List.of()).setChance(0.5, 0.5).build().chanceBound());
        assertEquals(1.0, minimal(List.of()).setChance(0.5, 1).build().chanceBound());
        assertThrows(IllegalArgumentException.class, () -> minimal(List.of()).setChance(0.5, 1.01).build());
    }
}
