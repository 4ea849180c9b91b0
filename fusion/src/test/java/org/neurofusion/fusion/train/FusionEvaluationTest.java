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
}
