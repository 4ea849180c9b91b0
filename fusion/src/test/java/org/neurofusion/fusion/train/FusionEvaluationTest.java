package org.neurofusion.fusion.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The held-out figures, against values worked out by hand. */
class FusionEvaluationTest {
    @Test
    void majorityShare() {
        assertEquals(4.0 / 6, FusionEvaluation.majorityShare(new int[] {0, 0, 0, 0, 1, 1}), 1e-12);
        assertEquals(0.5, FusionEvaluation.majorityShare(new int[] {1, 0, 2, 2}), 1e-12);
    }

    @Test
    void cosineOfOffsetRows() {
        float[] a = {9, 1, 0, 3, 4};
        float[] b = {7, 7, 0, 6, 8};
        assertEquals(1.0, FusionEvaluation.cosine(a, 2, b, 2, 3), 1e-9);
        assertEquals(0.0, FusionEvaluation.cosine(new float[] {1, 0}, 0, new float[] {0, 5}, 0, 2), 1e-12);
        assertEquals(0.0, FusionEvaluation.cosine(new float[] {0, 0}, 0, new float[] {0, 5}, 0, 2), 1e-12);
        assertEquals(-1.0, FusionEvaluation.cosine(new float[] {1, 1}, 0, new float[] {-2, -2}, 0, 2), 1e-9);
    }

    @Test
    void centredCosineSeesWhatTheRawOneHides() {
        // embeddings near a common point: the raw cosine is near 1 whatever the guess
        float[] mean = {10, 0};
        float[] real = {0, 0, 10, 1};
        float[] right = {0, 0, 10, 2};
        float[] wrong = {0, 0, 10, -1};
        assertEquals(1.0, FusionEvaluation.centredCosine(right, real, mean, 2, 2), 1e-9);
        assertEquals(-1.0, FusionEvaluation.centredCosine(wrong, real, mean, 2, 2), 1e-9);
        assertEquals(0.0, FusionEvaluation.centredCosine(new float[] {0, 0, 10, 0}, real, mean, 2, 2), 1e-12);
        assertTrue(FusionEvaluation.cosine(wrong, 2, real, 2, 2) > 0.98);
    }

    @Test
    void prototypeMixesTheClassMeansByTheRowsPosterior() {
        float[][] means = {{1, 0, 2}, {0, 4, -2}};
        // two rows of posteriors; the second row is read at offset 2
        float[] post = {1, 0, 0.25f, 0.75f};
        float[] first = FusionEvaluation.prototype(post, 0, means);
        float[] second = FusionEvaluation.prototype(post, 2, means);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {1, 0, 2}, first, 1e-6f);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {0.25f, 3, -1}, second, 1e-6f);
    }

    @Test
    void shrinkPullsTheImputationTowardsTheMean() {
        float[] imputed = {9, 9, 3, -1};
        float[] mean = {1, 1};
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {1, 1},
                FusionEvaluation.shrink(imputed, 2, mean, 0), 1e-6f);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {2, 0},
                FusionEvaluation.shrink(imputed, 2, mean, 0.5), 1e-6f);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {3, -1},
                FusionEvaluation.shrink(imputed, 2, mean, 1), 1e-6f);
    }

    /**
     * Three held-out subjects, two windows each (one per class). Where the class moves every subject's embedding
     * the same way (class 0 along x, class 1 along y, beside a common z), the other subjects' class mean is the
     * window's own direction: cosine 1 against 1/√2·… of the overall mean. Where the class says nothing (each
     * subject has its own direction, the same for both classes), the class mean is no better than the overall one.
     */
    @Test
    void theClassOracleSeesWhetherTheClassCarriesAcrossSubjects() {
        String[] subjects = {"a", "a", "b", "b", "c", "c"};
        int[] labels = {0, 1, 0, 1, 0, 1};
        java.util.List<float[]> carried = java.util.List.of(new float[] {1, 0, 1}, new float[] {0, 1, 1},
                new float[] {1, 0, 1}, new float[] {0, 1, 1}, new float[] {1, 0, 1}, new float[] {0, 1, 1});
        // own class mean (1,0,1) against the overall mean (1,1,2)/…: cos 1 − 3/(√2·√6) = 1 − √3/2
        assertEquals(1 - Math.sqrt(3) / 2, FusionEvaluation.classOracleMargin(carried, labels, subjects), 1e-6);
        java.util.List<float[]> notCarried = java.util.List.of(new float[] {1, 0, 0}, new float[] {1, 0, 0},
                new float[] {0, 1, 0}, new float[] {0, 1, 0}, new float[] {0, 0, 1}, new float[] {0, 0, 1});
        assertEquals(0, FusionEvaluation.classOracleMargin(notCarried, labels, subjects), 1e-6);
        assertTrue(Double.isNaN(FusionEvaluation.classOracleMargin(carried.subList(0, 2), new int[] {0, 1},
                new String[] {"a", "a"})), "one held-out subject has no other to learn from");
    }
}
