package org.neurofusion.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Judges the within-subject splits from the outside: the blocks are recomputed here from the onsets (sorted by
 * session, run and onset, never by list index), and the training set from span arithmetic written out here,
 * not from {@link Splits#overlaps} or {@link WindowRef#near}, so a bug in the split cannot grade itself.
 */
class ChronologicalBlocksTest {
    private static final double LENGTH = 4;

    /**
     * Two subjects, two runs each of 12 windows 5 s apart (4 s long, so neighbours do not overlap), listed in a
     * shuffled order so that index order is not time order.
     */
    private static List<WindowRef> shuffledRefs() {
        List<WindowRef> out = new ArrayList<>();
        for (String s : List.of("07", "03")) {
            for (String run : List.of("2", "1")) {
                for (int t = 0; t < 12; t++) {
                    out.add(new WindowRef(new RecordingKey(s, "", "mi", run), 3.0 + 5.0 * t, LENGTH,
                            OptionalInt.of(t % 2)));
                }
            }
        }
        Collections.shuffle(out, new Random(11));
        return out;
    }

    /** One subject's window indices in time order: session, run, onset. */
    private static List<Integer> timeOrder(List<WindowRef> w, String subject) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < w.size(); i++) {
            if (w.get(i).key().subject().equals(subject)) {
                idx.add(i);
            }
        }
        idx.sort(Comparator.comparing((Integer i) -> w.get(i).key().session())
                .thenComparing(i -> w.get(i).key().run()).thenComparingDouble(i -> w.get(i).onset()));
        return idx;
    }

    /** Training set as it must be: every window not tested whose run-mate tests keep {@code gap} s away. */
    private static TreeSet<Integer> expectedTrain(List<WindowRef> w, int[] test, double gap) {
        TreeSet<Integer> tested = new TreeSet<>();
        Arrays.stream(test).forEach(tested::add);
        TreeSet<Integer> train = new TreeSet<>();
        for (int i = 0; i < w.size(); i++) {
            if (tested.contains(i)) {
                continue;
            }
            boolean apart = true;
            for (int t : test) {
                WindowRef a = w.get(i);
                WindowRef b = w.get(t);
                boolean sameRun = a.key().subject().equals(b.key().subject())
                        && a.key().session().equals(b.key().session()) && a.key().task().equals(b.key().task())
                        && a.key().run().equals(b.key().run());
                // the gap between the spans: positive when apart, negative when they overlap
                double between = Math.max(a.start(), b.start()) - Math.min(a.end(), b.end());
                if (sameRun && between < gap) {
                    apart = false;
                }
            }
            if (apart) {
                train.add(i);
            }
        }
        return train;
    }

    private static TreeSet<Integer> set(int[] a) {
        TreeSet<Integer> s = new TreeSet<>();
        Arrays.stream(a).forEach(s::add);
        return s;
    }

    @Test
    void chronologicalFoldsTestConsecutiveBlocksInTimeOrder() {
        List<WindowRef> w = shuffledRefs();
        int k = 4;
        List<Splits.Fold> folds = Splits.withinSubjectChronological(w, k, 0);
        assertEquals(k, folds.size());
        for (String subject : List.of("03", "07")) {
            List<Integer> order = timeOrder(w, subject);
            // 24 windows in 4 blocks of 6: fold f tests positions 6f..6f+5 of the time order, nothing else
            for (int f = 0; f < k; f++) {
                TreeSet<Integer> mine = new TreeSet<>(order.subList(6 * f, 6 * f + 6));
                TreeSet<Integer> tested = set(folds.get(f).test());
                tested.retainAll(new TreeSet<>(order));
                assertEquals(mine, tested, "sub-" + subject + " " + folds.get(f).name()
                        + " must test the consecutive block " + f + " of the onset order");
            }
        }
        for (Splits.Fold f : folds) {
            assertEquals(expectedTrain(w, f.test(), 0), set(f.train()), f.name());
        }
    }

    @Test
    void aGapRemovesExactlyTheNeighboursOfEachBlock() {
        List<WindowRef> w = shuffledRefs();
        // 4 s windows every 5 s: a 1.5 s gap reaches the next window (1 s away) but not the one after
        for (Splits.Fold f : Splits.withinSubjectChronological(w, 3, 1.5)) {
            TreeSet<Integer> train = expectedTrain(w, f.test(), 1.5);
            assertEquals(train, set(f.train()), f.name());
            // each run's block touches at most two neighbours; per subject and fold at most 2 per run are dropped
            assertTrue(w.size() - f.test().length - train.size() <= 2 * 4, f.name());
            assertTrue(w.size() - f.test().length - train.size() >= 2, f.name() + " drops the block's neighbours");
        }
    }

    @Test
    void shuffledFoldsDealWholeConsecutiveBlocks() {
        List<WindowRef> w = shuffledRefs();
        int k = 3;
        int perFold = 2;
        for (long seed = 0; seed < 4; seed++) {
            List<Splits.Fold> folds = Splits.withinSubjectShuffledChronological(w, k, perFold, seed, 0);
            assertEquals(k, folds.size());
            int[] foldOf = new int[w.size()];
            Arrays.fill(foldOf, -1);
            for (int f = 0; f < k; f++) {
                for (int t : folds.get(f).test()) {
                    assertEquals(-1, foldOf[t], "window " + t + " tested twice");
                    foldOf[t] = f;
                }
            }
            for (String subject : List.of("03", "07")) {
                List<Integer> order = timeOrder(w, subject);
                // 24 windows in 6 blocks of 4: each block of consecutive onsets goes whole to one fold
                TreeMap<Integer, Integer> blocksPerFold = new TreeMap<>();
                for (int b = 0; b < k * perFold; b++) {
                    int f = foldOf[order.get(4 * b)];
                    for (int r = 4 * b; r < 4 * b + 4; r++) {
                        assertEquals(f, foldOf[order.get(r)], "seed " + seed + " sub-" + subject + ": block " + b
                                + " is split between folds");
                    }
                    blocksPerFold.merge(f, 1, Integer::sum);
                }
                assertEquals(List.of(perFold, perFold, perFold), new ArrayList<>(blocksPerFold.values()),
                        "seed " + seed + " sub-" + subject + ": blocks per fold " + blocksPerFold);
            }
            for (Splits.Fold f : folds) {
                assertEquals(expectedTrain(w, f.test(), 0), set(f.train()), f.name());
            }
        }
    }

    @Test
    void unequalBlocksStillFollowTheOnsets() {
        // 10 windows of one subject and run in 3 folds: blocks of 3, 3 and 4 (or so), each consecutive in time
        List<WindowRef> w = new ArrayList<>();
        for (String s : List.of("01", "02")) {
            for (int t = 9; t >= 0; t--) {
                w.add(new WindowRef(new RecordingKey(s, "", "mi", "1"), 10.0 * t, LENGTH, OptionalInt.of(t % 2)));
            }
        }
        List<Splits.Fold> folds = Splits.withinSubjectChronological(w, 3, 0);
        for (String subject : List.of("01", "02")) {
            List<Integer> order = timeOrder(w, subject);
            int next = 0;
            for (Splits.Fold f : folds) {
                TreeSet<Integer> tested = set(f.test());
                tested.retainAll(new TreeSet<>(order));
                assertTrue(tested.size() == 3 || tested.size() == 4, f.name() + " " + tested);
                assertEquals(new TreeSet<>(order.subList(next, next + tested.size())), tested,
                        f.name() + " tests the next consecutive onsets");
                next += tested.size();
            }
            assertEquals(10, next);
        }
    }
}
