package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Provenance;

/** Tests for survivors of the third round of mutation testing (issue 19) in the evaluation module. */
class ThirdRoundSurvivorsTest {
    @TempDir
    Path dir;

    @Test
    void aConstantFeatureIsScaledByOneAndStandardisesToFiniteValues() {
        double[][] x = {{1, 5}, {3, 5}, {5, 5}};
        Standardisation st = Standardisation.of(x);
        assertArrayEquals(new double[] {3, 5}, st.mean(), 1e-12);
        assertArrayEquals(new double[] {Math.sqrt(8.0 / 3), 1}, st.scale(), 1e-12);
        for (double[] row : x) {
            assertEquals(0, (row[1] - st.mean()[1]) / st.scale()[1], 0, "a training row's constant feature");
        }
        assertEquals(0, (5 - st.mean()[1]) / st.scale()[1], 0, "a new row at the constant");
        assertEquals(2, (7 - st.mean()[1]) / st.scale()[1], 0, "a new row off the constant");

        // the model that standardises with it stays finite
        ShrinkageLda lda = ShrinkageLda.fit(new double[][] {{0, 5}, {1, 5}, {2, 5}, {4, 5}, {5, 5}, {6, 5}},
                new int[] {0, 0, 0, 1, 1, 1});
        for (double[] s : lda.scores(new double[][] {{1, 5}, {5, 5}, {3, 7}})) {
            assertTrue(Double.isFinite(s[0]) && Double.isFinite(s[1]), () -> java.util.Arrays.toString(s));
        }
        assertEquals(0, lda.classes()[argmax(lda.scores(new double[] {1, 5}))]);
        assertEquals(1, lda.classes()[argmax(lda.scores(new double[] {5, 5}))]);
    }

    @Test
    void meanAccuracyAveragesEachConditionOverItsOwnRows() {
        List<ResultRow> rows = List.of(SampleReport.row("01", 0, "loso", "a", 0.6, 0),
                SampleReport.row("01", 0, "loso", "b", 0.5, 0), SampleReport.row("02", 1, "loso", "a", 0.8, 0));
        EvaluationResult r = new EvaluationResult(rows, "mi", new Protocol.LeaveOneSubjectOut(), 2, 42,
                Provenance.ofKey("k"));
        Map<String, Double> mean = r.meanAccuracy();
        assertEquals(List.of("a", "b"), List.copyOf(mean.keySet()));
        assertEquals(0.7, mean.get("a"), 1e-12);
        assertEquals(0.5, mean.get("b"), 1e-12);
    }

    /**
     * One feature, unbalanced classes whose means (1 and 7) are not symmetric about the overall mean 5, so neither
     * the {@code −½ μᵀΣ⁻¹μ} term nor the log prior cancels. With one feature the shrinkage target is the covariance
     * itself, so by hand: pooled within-class variance σ² = (1 + 1 + 9 + 1 + 1 + 9)/6 = 11/3; on the original scale
     * coefficient (μ_k − m)/σ² and intercept −m(μ_k − m)/σ² − ½(μ_k − m)²/σ² + log π_k, i.e. −12/11 and
     * 36/11 − log 3 for class 0 (π = 1/3), 6/11 and −36/11 + log(2/3) for class 1 (π = 2/3).
     */
    @Test
    void unbalancedClassesWithAsymmetricMeansGiveTheHandComputedDiscriminants() {
        ShrinkageLda lda = ShrinkageLda.fit(new double[][] {{0}, {2}, {4}, {6}, {8}, {10}}, new int[] {0, 0, 1, 1, 1, 1});
        double[][] coef = lda.coefficients();
        assertEquals(-12.0 / 11, coef[0][0], 1e-12);
        assertEquals(6.0 / 11, coef[1][0], 1e-12);
        assertArrayEquals(new double[] {36.0 / 11 - Math.log(3), -36.0 / 11 + Math.log(2.0 / 3)}, lda.intercepts(),
                1e-12);
        // at x = 4, halfway between the class means, only the prior decides: class 1
        assertArrayEquals(new double[] {-12.0 / 11 - Math.log(3), -12.0 / 11 + Math.log(2.0 / 3)},
                lda.scores(new double[] {4}), 1e-12);
        assertEquals(1, argmax(lda.scores(new double[] {4})));
        // the boundary is where (18/11)x = 72/11 + log(1/2), x = 4 − (11/18) log 2 ≈ 3.576
        assertEquals(0, argmax(lda.scores(new double[] {3.55})));
        assertEquals(1, argmax(lda.scores(new double[] {3.6})));
    }

    private static int argmax(double[] s) {
        int best = 0;
        for (int i = 1; i < s.length; i++) {
            if (s[i] > s[best]) {
                best = i;
            }
        }
        return best;
    }

    private static final FoldJournal.Settings SETTINGS = new FoldJournal.Settings("abc", "mi", "loso", "", 3, 1,
            List.of("a"), List.of());

    @Test
    void aJournalWithoutACompleteLineResumesFromScratch() throws IOException {
        Protocol.Fold fold = new Protocol.Fold("01", 0, 3, null);
        FoldJournal.open(dir, SETTINGS);
        Path folds = dir.resolve(FoldJournal.FOLDS);

        Files.write(folds, new byte[0]);
        assertNull(FoldJournal.open(dir, SETTINGS).finished("a", fold), "an empty journal");
        assertEquals(0, Files.size(folds));

        Files.writeString(folds, "{\"condition\":\"a\",\"subject\":\"01\"", StandardCharsets.UTF_8);
        FoldJournal torn = FoldJournal.open(dir, SETTINGS);
        assertNull(torn.finished("a", fold), "a single torn line");
        assertEquals(0, Files.size(folds), "the torn line is cut");

        List<ResultRow> rows = List.of(SampleReport.row("01", 0, "loso", "a", 0.75, 0));
        torn.append("a", fold, rows);
        assertEquals(1, Files.readAllLines(folds).size());
        assertEquals(rows.get(0).metrics().accuracy(),
                FoldJournal.open(dir, SETTINGS).finished("a", fold).get(0).metrics().accuracy(), 0);
    }
}
