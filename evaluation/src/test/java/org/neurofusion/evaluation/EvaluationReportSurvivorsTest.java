package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Provenance;

/**
 * What {@link EvaluationReport} writes, read back from the files and checked cell by cell against values worked out
 * by hand (issue 19, the report's surviving mutants).
 */
class EvaluationReportSurvivorsTest {
    @TempDir
    Path dir;

    private static OptionalDouble opt(double v) {
        return Double.isNaN(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** A row of ten test windows whose confusion matrix is {@code {{tn, fp}, {fn, tp}}}. */
    private static ResultRow row(String subject, String condition, double accuracy, double balanced, double kappa,
            double f1, double auc, long[][] counts, int kShot, String task) {
        return new ResultRow(subject, 0, 42, "within", task, condition, "eeg", 32,
                new Metrics.FoldMetrics(10, accuracy, balanced, opt(kappa), f1, opt(auc),
                        new ConfusionMatrix(new int[] {0, 1}, counts)), kShot, "");
    }

    /**
     * Condition a: subject 01 (accuracy 0.8, everything defined) and subject 02 (0.6, kappa and ROC-AUC undefined);
     * condition b: subject 01 only (0.5, kappa and ROC-AUC undefined).
     */
    private static List<ResultRow> rows() {
        return List.of(
                row("01", "a", 0.8, 0.75, 0.5, 0.7, 0.9, new long[][] {{4, 1}, {1, 4}}, -1, "mi"),
                row("02", "a", 0.6, 0.55, Double.NaN, 0.5, Double.NaN, new long[][] {{3, 2}, {2, 3}}, -1, "mi"),
                row("01", "b", 0.5, 0.5, Double.NaN, 0.5, Double.NaN, new long[][] {{2, 3}, {2, 3}}, -1, "mi"));
    }

    private static EvaluationResult result(int seeds) {
        return new EvaluationResult(rows(), "mi", new Protocol.WithinSubject(2, 5, 1, 0), 2, 42, seeds,
                Provenance.ofKey("k"));
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    @Test
    void summaryTablesReadBackCellByCell() throws IOException {
        Path summary = EvaluationReport.writeSummary(result(1), dir);
        assertEquals(dir.resolve("summary.md"), summary);
        List<String> md = lines(dir.resolve("summary.md"));
        assertTrue(md.get(2).contains("base seed 42, 2 classes."), md.get(2));
        // mean ± std (n − 1) over the defined values; the notes count the rows without one
        assertTrue(md.contains("| a | eeg | 2 | 0.700 ± 0.141 | [0.600, 0.800] | 0.650 ± 0.141"
                + " | 0.500 ± 0.000 (undefined in 1 of 2 rows) | 0.600 ± 0.141"
                + " | 0.900 ± 0.000 (undefined in 1 of 2 rows) |"), String.join("\n", md));
        assertTrue(md.contains("| b | eeg | 1 | 0.500 ± 0.000 | – (1 subject) | 0.500 ± 0.000"
                + " | undefined in all 1 rows | 0.500 ± 0.000 | undefined in all 1 rows |"), String.join("\n", md));
        // per-subject accuracy: a column per condition, a dash where the subject has no rows
        int at = md.indexOf("## Accuracy per subject");
        assertTrue(at > 0, String.join("\n", md));
        assertEquals(List.of("", "| subject | a | b |", "|---|---|---|", "| 01 | 0.800 ± 0.000 | 0.500 ± 0.000 |",
                "| 02 | 0.600 ± 0.000 | – |", ""), md.subList(at + 1, at + 7));
        // each condition's confusion matrix, summed over its rows
        int a = md.indexOf("### a");
        assertTrue(a > 0, String.join("\n", md));
        assertEquals(List.of("", "| true \\ predicted | 0 | 1 |", "|---|---|---|", "| 0 | 7 | 3 |", "| 1 | 3 | 7 |", "",
                "### b", "", "| true \\ predicted | 0 | 1 |", "|---|---|---|", "| 0 | 2 | 3 |", "| 1 | 2 | 3 |"),
                md.subList(a + 1, md.size()));
    }

    @Test
    void severalBaseSeedsAreListedSpacedByTheRepetitions() throws IOException {
        EvaluationReport.writeSummary(result(2), dir);
        assertTrue(lines(dir.resolve("summary.md")).get(2).contains(", base seeds 42, 44, 2 classes."),
                lines(dir.resolve("summary.md")).get(2));
        EvaluationReport.writeSummary(result(3), dir);
        assertTrue(lines(dir.resolve("summary.md")).get(2).contains(", base seeds 42, 44, 46, 2 classes."),
                lines(dir.resolve("summary.md")).get(2));
    }

    @Test
    void resultsCsvReadsBackWithItsNumbersNaAndKShot() throws IOException {
        List<ResultRow> rows = List.of(rows().get(0), rows().get(1),
                row("03", "c", 0.25, 0.125, -0.5, 0.2, 0.3, new long[][] {{1, 4}, {3, 2}}, 0, "mi"),
                row("04", "c", 1.0, 1.0, 1.0, 1.0, 1.0, new long[][] {{5, 0}, {0, 5}}, 3, "mi"));
        Path csv = EvaluationReport.writeCsv(rows, dir);
        assertEquals(dir.resolve("results.csv"), csv);
        assertEquals(List.of(ResultRow.HEADER,
                "01,0,42,within,mi,a,eeg,32,0.800000,0.750000,0.500000,0.700000,0.900000,,",
                "02,0,42,within,mi,a,eeg,32,0.600000,0.550000,NA,0.500000,NA,,",
                "03,0,42,within,mi,c,eeg,32,0.250000,0.125000,-0.500000,0.200000,0.300000,0,",
                "04,0,42,within,mi,c,eeg,32,1.000000,1.000000,1.000000,1.000000,1.000000,3,"),
                lines(dir.resolve("results.csv")));
    }

    @Test
    void aFieldBeginningWithACommaQuoteOrNewlineIsQuoted() throws IOException {
        List<ResultRow> rows = List.of(row("01", ",x", 0.5, 0.5, 0, 0.5, 0.5, new long[][] {{3, 2}, {3, 2}}, -1, "mi"),
                row("01", "\"q\" c", 0.5, 0.5, 0, 0.5, 0.5, new long[][] {{3, 2}, {3, 2}}, -1, "mi"),
                row("01", "c", 0.5, 0.5, 0, 0.5, 0.5, new long[][] {{3, 2}, {3, 2}}, -1, "\nmi"));
        EvaluationReport.writeCsv(rows, dir);
        String tail = ",eeg,32,0.500000,0.500000,0.000000,0.500000,0.500000,,\n";
        assertEquals(ResultRow.HEADER + "\n"
                + "01,0,42,within,mi,\",x\"" + tail
                + "01,0,42,within,mi,\"\"\"q\"\" c\"" + tail
                + "01,0,42,within,\"\nmi\",c" + tail,
                Files.readString(dir.resolve("results.csv"), StandardCharsets.UTF_8));
    }

    @Test
    void provenanceIsWrittenWhereItSays() throws IOException {
        Provenance p = Provenance.ofKey("k");
        Path file = EvaluationReport.writeProvenance(p, dir);
        assertEquals(dir.resolve("provenance.json"), file);
        assertEquals(p.toJson() + "\n", Files.readString(dir.resolve("provenance.json"), StandardCharsets.UTF_8));
    }
}
