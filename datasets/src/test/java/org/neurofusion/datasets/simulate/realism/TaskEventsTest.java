package org.neurofusion.datasets.simulate.realism;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskEventsTest {
    @Test
    void codesMatchNumericallyAndNamesIgnoringCase() {
        Set<String> codes = Set.of("3", "5", "Tap");
        assertTrue(FnirsStatistics.isTaskEvent("3.0", codes));
        assertTrue(FnirsStatistics.isTaskEvent(" 5 ", codes));
        assertTrue(FnirsStatistics.isTaskEvent("tap", codes));
        assertFalse(FnirsStatistics.isTaskEvent("6.0", codes));
        assertFalse(FnirsStatistics.isTaskEvent("30", codes));
        assertFalse(FnirsStatistics.isTaskEvent("3", Set.of()));
    }
}
