package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link ConfusionMatrix}'s class check, equality, hash and text (issue 19, fourth round). */
class ConfusionMatrixSurvivorsTest {
    private static final long[][] COUNTS = {{1, 2}, {3, 4}};

    @Test
    void aRepeatedClassIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ConfusionMatrix(new int[] {1, 1}, new long[][] {{0, 0}, {0, 0}}));
        assertEquals("confusion matrix classes must be strictly ascending, got [1, 1]", e.getMessage());
    }

    @Test
    void matricesWithOtherClassesOrOtherCountsAreNotEqual() {
        ConfusionMatrix m = new ConfusionMatrix(new int[] {0, 1}, COUNTS);
        assertEquals(new ConfusionMatrix(new int[] {0, 1}, new long[][] {{1, 2}, {3, 4}}), m);
        assertNotEquals(new ConfusionMatrix(new int[] {0, 2}, COUNTS), m);
        assertNotEquals(new ConfusionMatrix(new int[] {0, 1}, new long[][] {{1, 2}, {3, 5}}), m);
        assertNotEquals(m, "ConfusionMatrix[0, 1][[1, 2], [3, 4]]");
        assertNotEquals(m, null);
    }

    @Test
    void theHashTellsMatricesThatDifferInTheirClassesApart() {
        ConfusionMatrix m = new ConfusionMatrix(new int[] {0, 1}, COUNTS);
        assertEquals(new ConfusionMatrix(new int[] {0, 1}, new long[][] {{1, 2}, {3, 4}}).hashCode(), m.hashCode());
        // same counts, one label changed
        assertNotEquals(new ConfusionMatrix(new int[] {0, 2}, COUNTS).hashCode(), m.hashCode());
        // a label one up and a count one up: the class term and the count term both grow, by 31 each
        assertNotEquals(new ConfusionMatrix(new int[] {0, 2}, new long[][] {{1, 3}, {3, 4}}).hashCode(),
                m.hashCode());
    }

    @Test
    void theTextNamesTheClassesAndTheCounts() {
        assertEquals("ConfusionMatrix[0, 1][[1, 2], [3, 4]]", new ConfusionMatrix(new int[] {0, 1}, COUNTS).toString());
    }
}
