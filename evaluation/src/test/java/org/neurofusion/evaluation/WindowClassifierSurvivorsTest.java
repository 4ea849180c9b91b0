package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Tests for the issue-19 survivors in {@link WindowClassifier}. */
class WindowClassifierSurvivorsTest {
    /** Equal top scores go to the first of the tied classes, as the Javadoc says. */
    @Test
    void argmaxGivesATieToTheFirstClass() {
        double[][] scores = {{0.5, 0.5, 0.2}, {0.1, 0.7, 0.7}, {0.3, 0.3, 0.3}, {0.2, 0.1, 0.4}};
        assertArrayEquals(new int[] {3, 5, 3, 8}, WindowClassifier.argmax(scores, new int[] {3, 5, 8}));
    }
}
