package org.neurofusion.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ShuffledChronologicalSplitTest {
    /** Two subjects, two runs each, 10 s windows every 8 s (neighbours overlap). */
    private static List<WindowRef> refs() {
        List<WindowRef> out = new ArrayList<>();
        for (String s : List.of("02", "01")) {
            for (String run : List.of("1", "2")) {
                for (int t = 0; t < 20; t++) {
                    out.add(new WindowRef(new RecordingKey(s, "", "mi", run), 8.0 * t, 10, OptionalInt.of(t % 2)));
                }
            }
        }
        return out;
    }

    @Test
    void everyWindowTestedOnceAndNoNeighbourInTraining() {
        List<WindowRef> w = refs();
        List<Splits.Fold> folds = Splits.withinSubjectShuffledChronological(w, 5, 2, 42, 0.0);
        assertEquals(5, folds.size());
        int[] tested = new int[w.size()];
        for (Splits.Fold f : folds) {
            assertFalse(Splits.overlaps(f));
            for (int t : f.test()) {
                tested[t]++;
                for (int i : f.train()) {
                    assertFalse(w.get(i).near(w.get(t), 0.0), f.name());
                }
            }
            // 40 windows per subject in 10 blocks of 4; 2 blocks per fold, 2 subjects
            assertEquals(16, f.test().length);
            assertTrue(f.train().length > 0);
        }
        assertTrue(Arrays.stream(tested).allMatch(n -> n == 1));
    }

    @Test
    void seedsChangeTheSplitAndRepeatIt() {
        List<WindowRef> w = refs();
        int[] a = Splits.withinSubjectShuffledChronological(w, 5, 2, 1, 0).get(0).test();
        int[] again = Splits.withinSubjectShuffledChronological(w, 5, 2, 1, 0).get(0).test();
        assertEquals(Arrays.toString(a), Arrays.toString(again));
        boolean differs = false;
        for (long seed = 2; seed < 6 && !differs; seed++) {
            differs = !Arrays.equals(a, Splits.withinSubjectShuffledChronological(w, 5, 2, seed, 0).get(0).test());
        }
        assertTrue(differs, "another seed deals the blocks differently");
        assertNotEquals(0, a.length);
    }

    @Test
    void rejectsTooFewWindows() {
        List<WindowRef> w = refs().subList(0, 5);
        assertThrows(IllegalArgumentException.class, () -> Splits.withinSubjectShuffledChronological(w, 5, 2, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Splits.withinSubjectShuffledChronological(w, 1, 2, 1, 0));
    }
}
