package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link Evaluation.Builder} at the edge of its seed count (issue 19, fourth round). */
class EvaluationSurvivorsTest {
    @Test
    void oneSeedIsAcceptedAndNoneIsRefused() {
        assertDoesNotThrow(() -> Evaluation.builder().optSeeds(1));
        assertThrows(IllegalArgumentException.class, () -> Evaluation.builder().optSeeds(0));
    }
}
