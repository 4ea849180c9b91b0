package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationReportTest {
    private static ResultRow row(String subject, int fold, double accuracy) {
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
        return new ResultRow(subject, fold, 0, "within", "mi", "c", "eeg", 40,
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
}
