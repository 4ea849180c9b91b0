package org.neurofusion.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The splits at their edges: the smallest arguments they accept, ties in time order, and who goes where. */
class SplitsEdgesTest {
    private static WindowRef w(String subject, String session, String run, double onset, int label) {
        return new WindowRef(new RecordingKey(subject, session, "mi", run), onset, 2, OptionalInt.of(label));
    }

    /** {@code n} windows of each subject, 10 s apart, alternating labels. */
    private static List<WindowRef> subjects(int n, String... subjects) {
        List<WindowRef> out = new ArrayList<>();
        for (String s : subjects) {
            for (int t = 0; t < n; t++) {
                out.add(w(s, "", "1", 10.0 * t, t % 2));
            }
        }
        return out;
    }

    private static Set<Integer> set(int[] a) {
        Set<Integer> s = new HashSet<>();
        Arrays.stream(a).forEach(s::add);
        return s;
    }

    @Test
    void smallestArgumentsAreAccepted() {
        List<WindowRef> two = subjects(2, "01", "02");
        // k = 2 folds, one window per block, two subjects: all at the edge of what is allowed
        assertEquals(2, Splits.withinSubjectChronological(two, 2, 0).size());
        assertEquals(2, Splits.withinSubjectShuffledChronological(two, 2, 1, 3, 0).size());
        assertThrows(IllegalArgumentException.class, () -> Splits.withinSubjectChronological(two, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Splits.withinSubjectShuffledChronological(two, 1, 1, 3, 0));
        assertThrows(IllegalArgumentException.class, () -> Splits.withinSubjectShuffledChronological(two, 2, 0, 3, 0));
        // k as large as the number of subjects is leave-one-subject-out
        List<Splits.Fold> k2 = Splits.kFoldBySubject(two, 2, 1);
        assertEquals(2, k2.size());
        assertThrows(IllegalArgumentException.class, () -> Splits.kFoldBySubject(two, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Splits.kFoldBySubject(two, 3, 1));
        assertEquals(2, Splits.leaveOneSubjectOut(two).size());
        assertThrows(IllegalArgumentException.class, () -> Splits.leaveOneSubjectOut(subjects(4, "01")));
        assertThrows(IllegalArgumentException.class, () -> Splits.withinSubjectChronological(two, 3, 0),
                "three blocks need three windows per subject");
    }

    @Test
    void timeOrderIsSessionThenRunThenOnset() {
        // listed by onset, but session 2 and run 2 come later whatever their onsets say
        List<WindowRef> ws = new ArrayList<>();
        ws.add(w("01", "2", "1", 0, 0));
        ws.add(w("01", "1", "2", 1, 1));
        ws.add(w("01", "1", "1", 50, 0));
        ws.add(w("01", "1", "1", 60, 1));
        ws.addAll(subjects(4, "02"));
        List<Splits.Fold> folds = Splits.withinSubjectChronological(ws, 4, 0);
        // sub-01 in time order: #2 (ses 1 run 1 50 s), #3 (60 s), #1 (ses 1 run 2), #0 (ses 2)
        int[] expected = {2, 3, 1, 0};
        for (int f = 0; f < 4; f++) {
            int[] mine = Arrays.stream(folds.get(f).test()).filter(i -> i < 4).toArray();
            assertArrayEquals(new int[] {expected[f]}, mine, folds.get(f).name());
        }
    }

    @Test
    void leaveOneSubjectOutTestsExactlyThatSubject() {
        List<WindowRef> ws = subjects(3, "02", "01", "03");
        List<Splits.Fold> folds = Splits.leaveOneSubjectOut(ws);
        assertEquals(List.of("test sub-01", "test sub-02", "test sub-03"), folds.stream().map(Splits.Fold::name)
                .toList());
        assertArrayEquals(new int[] {3, 4, 5}, folds.get(0).test());
        assertArrayEquals(new int[] {0, 1, 2, 6, 7, 8}, folds.get(0).train());
    }

    @Test
    void kFoldShufflesSubjectsBySeed() {
        List<WindowRef> ws = subjects(2, "01", "02", "03", "04", "05", "06");
        Set<Set<String>> firstFolds = new HashSet<>();
        for (long seed = 0; seed < 8; seed++) {
            List<Splits.Fold> folds = Splits.kFoldBySubject(ws, 3, seed);
            TreeSet<String> tested = new TreeSet<>();
            for (Splits.Fold f : folds) {
                Set<String> mine = new TreeSet<>();
                Arrays.stream(f.test()).forEach(i -> mine.add(ws.get(i).key().subject()));
                assertEquals(2, mine.size(), "six subjects in three folds: two each");
                assertEquals(ws.size(), f.train().length + f.test().length);
                tested.addAll(mine);
                if (f == folds.get(0)) {
                    firstFolds.add(mine);
                }
            }
            assertEquals(6, tested.size(), "every subject tested once");
        }
        assertTrue(firstFolds.size() > 1, "seeds shuffle the subjects: " + firstFolds);
    }

    @Test
    void fewShotCalibratesOnChosenTrialsAndKeepsTheRestApart() {
        // sub-03: 8 windows, 4 per class, 10 s apart and 2 s long; a 9 s gap reaches only the next window
        List<WindowRef> ws = subjects(8, "01", "02", "03");
        Set<Set<Integer>> calibrations = new HashSet<>();
        for (long seed = 0; seed < 6; seed++) {
            Splits.Fold f = Splits.fewShot(ws, "03", 1, seed, 9);
            int[] sorted = f.train().clone();
            Arrays.sort(sorted);
            assertArrayEquals(sorted, f.train(), "training indices ascending");
            sorted = f.test().clone();
            Arrays.sort(sorted);
            assertArrayEquals(sorted, f.test(), "test indices ascending");
            Set<Integer> calibration = new TreeSet<>();
            for (int i : f.train()) {
                if (i >= 16) {
                    calibration.add(i);
                }
            }
            assertEquals(2, calibration.size(), "one per class");
            assertEquals(Set.of(0, 1), new HashSet<>(calibration.stream().map(i -> ws.get(i).label().getAsInt())
                    .toList()));
            calibrations.add(calibration);
            Set<Integer> expected = new TreeSet<>();
            for (int i = 16; i < 24; i++) {
                boolean apart = true;
                for (int c : calibration) {
                    apart &= Math.abs(i - c) > 1;
                }
                if (apart) {
                    expected.add(i);
                }
            }
            assertEquals(expected, new TreeSet<>(set(f.test())), "seed " + seed + ", calibration " + calibration);
            assertEquals(16 + 2, f.train().length);
        }
        assertTrue(calibrations.size() > 1, "seeds draw other calibration trials");
        // the smallest call: one per class with two of each class
        assertDoesNotThrow(() -> Splits.fewShot(subjects(4, "01", "02"), "02", 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Splits.fewShot(subjects(4, "01", "02"), "02", 2, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Splits.fewShot(subjects(4, "01", "02"), "02", 0, 0, 0));
    }

    @Test
    void overlapsFindsASharedIndexWherever() {
        assertTrue(Splits.overlaps(new Splits.Fold("first", new int[] {5, 0, 3}, new int[] {0})));
        assertTrue(Splits.overlaps(new Splits.Fold("unsorted", new int[] {9, 7, 2}, new int[] {9})));
        assertFalse(Splits.overlaps(new Splits.Fold("apart", new int[] {9, 2, 7}, new int[] {1, 3, 8})));
    }

    @Test
    void windowRefSpansAndNearness() {
        RecordingKey k = new RecordingKey("01", "", "mi", "1");
        WindowRef point = new WindowRef(k, 1, 1, 1, OptionalInt.empty());
        assertEquals(0, point.length());
        assertEquals(7.5, new WindowRef(k, 0, -0.5, 7, OptionalInt.empty()).length());
        assertThrows(IllegalArgumentException.class, () -> new WindowRef(k, 1, 1, 0.999, OptionalInt.empty()));
        WindowRef a = new WindowRef(k, 0, 10, OptionalInt.empty());
        WindowRef b = new WindowRef(k, 10, 10, OptionalInt.empty());
        // touching spans are not near without a gap, in either order, and near with any gap
        assertFalse(a.near(b, 0));
        assertFalse(b.near(a, 0));
        assertTrue(a.near(b, 0.001));
        assertTrue(b.near(a, 0.001));
        WindowRef other = new WindowRef(new RecordingKey("01", "", "mi", "2"), 0, 10, OptionalInt.empty());
        assertFalse(a.near(other, 100));
    }
}
