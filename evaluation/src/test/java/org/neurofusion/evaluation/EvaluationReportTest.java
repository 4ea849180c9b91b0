package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationReportTest {
    private static ResultRow row(String subject, int fold, double accuracy) {
        return row(subject, fold, 0, "c", accuracy);
    }

    private static ResultRow row(String subject, int fold, long seed, String condition, double accuracy) {
        int n = 10;
        int correct = (int) Math.round(accuracy * n);
        int[] truth = new int[n];
        int[] predicted = new int[n];
        double[][] scores = new double[n][2];
        for (int i = 0; i < n; i++) {
            truth[i] = i % 2;
            predicted[i] = i < correct ? truth[i] : 1 - truth[i];
            scores[i][predicted[i]] = 1;
        }
        return new ResultRow(subject, fold, seed, "within", "mi", condition, "eeg", 40,
                Metrics.of(truth, predicted, scores, new int[] {0, 1}));
    }

    @Test
    void theIntervalResamplesSubjectsNotRows() {
        // Subject 01 is right every time over 20 rows, subject 02 wrong every time over 2 rows. Over rows the
        // mean is 20/22 and tight; over subjects it is 0.5 with resamples of 0, 0.5 or 1.
        List<ResultRow> rows = new ArrayList<>();
        for (int f = 0; f < 20; f++) {
            rows.add(row("01", f, 1.0));
        }
        rows.add(row("02", 0, 0.0));
        rows.add(row("02", 1, 0.0));
        assertEquals("[0.000, 1.000]", EvaluationReport.subjectInterval(rows, 5));
        assertEquals("– (1 subject)", EvaluationReport.subjectInterval(rows.subList(0, 20), 5));
    }

    @Test
    void pairedComparisonsTestEachSubjectsMeanNotEachRow() {
        // Condition a beats b on every subject, by 0.1 to 0.6; subject 01 has three rows of a (mean 0.8).
        List<ResultRow> rows = new ArrayList<>();
        rows.add(row("01", 0, 0, "a", 0.7));
        rows.add(row("01", 1, 0, "a", 0.8));
        rows.add(row("01", 2, 0, "a", 0.9));
        rows.add(row("01", 0, 0, "b", 0.7));
        double[] a = {0.8, 0.9, 1.0, 0.9, 1.0, 0.9};
        double[] b = {0.7, 0.7, 0.7, 0.5, 0.5, 0.3};
        for (int s = 1; s < 6; s++) {
            rows.add(row("0" + (s + 1), 0, 0, "a", a[s]));
            rows.add(row("0" + (s + 1), 0, 0, "b", b[s]));
        }
        String section = EvaluationReport.pairedComparisons(rows);
        Wilcoxon w = Wilcoxon.test(a, b);
        // six positive differences, all distinct: W = 0, exact p = 2 / 2^6
        assertEquals(0.03125, w.pValue(), 1e-12);
        assertTrue(w.exact());
        double meanDiff = (0.1 + 0.2 + 0.3 + 0.4 + 0.5 + 0.6) / 6;
        String expected = "| a | b | 6 | 6 | " + String.format(java.util.Locale.ROOT, "%+.3f", meanDiff) + " | 0.0 | "
                + String.format(java.util.Locale.ROOT, "%.4f", w.pValue()) + " | exact |";
        assertTrue(section.contains(expected), expected + "\n" + section);
        assertTrue(section.contains("zero are dropped") && section.contains("normal approximation"), section);

        List<ResultRow> oneSubject = List.of(row("01", 0, 0, "a", 0.9), row("01", 0, 0, "b", 0.5),
                row("02", 0, 0, "a", 0.9));
        assertTrue(EvaluationReport.pairedComparisons(oneSubject).contains("| a | b | 1 | – | +0.400 | – |"
                + " undefined: fewer than 2 subjects | – |"), EvaluationReport.pairedComparisons(oneSubject));
        List<ResultRow> ties = List.of(row("01", 0, 0, "a", 0.9), row("01", 0, 0, "b", 0.9),
                row("02", 0, 0, "a", 0.6), row("02", 0, 0, "b", 0.6));
        assertTrue(EvaluationReport.pairedComparisons(ties).contains("undefined: every difference is zero"),
                EvaluationReport.pairedComparisons(ties));
        assertTrue(EvaluationReport.pairedComparisons(rows.subList(0, 3)).contains("One condition"));
    }

    @Test
    void moreThanEightConditionsAreComparedWithTheFirst() {
        List<ResultRow> rows = new ArrayList<>();
        for (int c = 0; c < 9; c++) {
            for (int s = 0; s < 3; s++) {
                rows.add(row("0" + s, 0, 0, "c" + c, 0.1 * c + 0.05 * s));
            }
        }
        String section = EvaluationReport.pairedComparisons(rows);
        assertEquals(8, section.lines().filter(l -> l.startsWith("| c0 |")).count(), section);
        assertTrue(section.lines().noneMatch(l -> l.startsWith("| c1 |")), section);
        rows.removeIf(r -> r.condition().equals("c8"));
        assertEquals(8 * 7 / 2, EvaluationReport.pairedComparisons(rows).lines().filter(l -> l.matches("\\| c\\d"
                + " \\| c\\d \\|.*")).count());
    }

    @Test
    void theSpreadOverSeedsIsThatOfEachSeedsMean() {
        java.util.Map<String, List<ResultRow>> byCondition = new java.util.LinkedHashMap<>();
        // seed 1: rows 0.5 and 0.7 (mean 0.6); seed 2: 0.8 and 0.8 (mean 0.8)
        byCondition.put("c", List.of(row("01", 0, 1, "c", 0.5), row("02", 0, 1, "c", 0.7),
                row("01", 0, 2, "c", 0.8), row("02", 0, 2, "c", 0.8)));
        String section = EvaluationReport.overSeeds(byCondition);
        assertTrue(section.contains("| c | 2 | 0.700 ± 0.141 |"), section);
        assertEquals("", EvaluationReport.overSeeds(java.util.Map.of("c", List.of(row("01", 0, 1, "c", 0.5),
                row("02", 1, 1, "c", 0.7)))), "one seed: no section");
    }
}
