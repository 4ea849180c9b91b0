package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleBiFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Modality;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.RecordingKey;
import org.neurofusion.datasets.WindowRef;

/**
 * {@link Hybrid}'s stacked combination ({@link Hybrid.Combination#STACKED_LDA}) over stub bases that record what they
 * were fitted on and score a window optimistically once fitted on it or on a window overlapping it: the inner folds,
 * the windows each inner fit sees, and the meta-classifier's training rows are checked against values worked out by
 * hand, the meta-classifier against a {@link ShrinkageLda} fitted here on the honest scores (issue 19).
 */
class HybridStackedTest {
    /** How much a base favours a window's own class when it was fitted on that window or one overlapping it. */
    private static final double OPTIMISM = 3;

    /** A window of one EEG channel covering {@code [onset, onset + length)} s of a run. */
    private static PairedWindow window(String subject, String session, String run, int onset, int length, int label) {
        SignalBlock b = new SignalBlock(List.of("C1"), 1, onset, length, new float[length]);
        return new PairedWindow(Map.of(Modality.EEG, b),
                Map.of(Modality.EEG, List.of(new Channel("C1", ChannelType.EEG, "V", 1, 1000))), OptionalInt.of(label),
                new RecordingKey(subject, session, "mi", run), onset);
    }

    /** The same in session 1 of subject 01. */
    private static PairedWindow window(String run, int onset, int length, int label) {
        return window("01", "1", run, onset, length, label);
    }

    /** subject/session/run@onset */
    private static String name(PairedWindow w) {
        return w.subject() + "/" + w.key().session() + "/" + w.key().run() + "@" + (int) w.onset();
    }

    private static Set<String> names(List<PairedWindow> ws) {
        return ws.stream().map(HybridStackedTest::name).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> allBut(List<PairedWindow> ws, String... left) {
        Set<String> s = names(ws);
        for (String l : left) {
            if (!s.remove(l)) {
                throw new AssertionError("no window " + l);
            }
        }
        return s;
    }

    /**
     * A base scoring class {@code c} of a window by {@code score}, plus {@link #OPTIMISM} on the window's own class
     * when it was fitted on a window of the same run overlapping it (the window itself included); every fit's windows
     * are recorded.
     */
    private static final class Base implements WindowClassifier {
        final int[] classes;
        final ToDoubleBiFunction<PairedWindow, Integer> score;
        final List<Set<String>> fits = new ArrayList<>();

        Base(int[] classes, ToDoubleBiFunction<PairedWindow, Integer> score) {
            this.classes = classes;
            this.score = score;
        }

        @Override
        public List<Modality> modalities() {
            return List.of(Modality.EEG);
        }

        @Override
        public void check(PairedWindow w) {
        }

        @Override
        public Trained fit(List<PairedWindow> train) {
            fits.add(names(train));
            List<WindowRef> seen = train.stream().map(WindowRef::of).toList();
            return new Trained() {
                @Override
                public int[] classes() {
                    return classes.clone();
                }

                @Override
                public double[][] scores(List<PairedWindow> windows) {
                    double[][] out = new double[windows.size()][classes.length];
                    for (int i = 0; i < out.length; i++) {
                        PairedWindow w = windows.get(i);
                        boolean knows = seen.stream().anyMatch(r -> r.near(WindowRef.of(w), 0));
                        for (int c = 0; c < classes.length; c++) {
                            out[i][c] = score.applyAsDouble(w, classes[c])
                                    + (knows && w.label().getAsInt() == classes[c] ? OPTIMISM : 0);
                        }
                    }
                    return out;
                }
            };
        }

        /** The score of class id {@code c}, or the lowest score of the row when this base has no class {@code c}. */
        double honest(PairedWindow w, int c) {
            if (Arrays.binarySearch(classes, c) >= 0) {
                return score.applyAsDouble(w, c);
            }
            return Arrays.stream(classes).mapToDouble(k -> score.applyAsDouble(w, k)).min().orElseThrow();
        }
    }

    private static int label(PairedWindow w) {
        return w.label().getAsInt();
    }

    /**
     * The meta-features of a window from bases never fitted near it, as the class documents them: with two classes the
     * score difference of each base, otherwise each base's per-class scores in turn.
     */
    private static double[] honest(List<Base> bases, int[] classes, PairedWindow w) {
        if (classes.length == 2) {
            return bases.stream().mapToDouble(b -> b.honest(w, classes[1]) - b.honest(w, classes[0])).toArray();
        }
        return bases.stream().flatMapToDouble(b -> Arrays.stream(classes).mapToDouble(c -> b.honest(w, c)))
                .toArray();
    }

    private static int[] labels(List<PairedWindow> ws) {
        return ws.stream().mapToInt(HybridStackedTest::label).toArray();
    }

    // two bases over classes 3 and 8, their scores irregular functions of the window
    private static Base eegLike() {
        return new Base(new int[] {3, 8}, (w, c) -> c == 3 ? 0.2 * Math.cos(w.onset())
                : (label(w) == 8 ? 0.6 : -0.6) + 0.4 * Math.sin(1.3 * w.onset()));
    }

    private static Base fnirsLike() {
        return new Base(new int[] {3, 8}, (w, c) -> c == 3
                ? 0.3 * Math.sin(0.7 * w.onset() + Integer.parseInt(w.key().run()))
                : 0.01 * w.onset() + (label(w) == 8 ? 0.3 : -0.3));
    }

    /**
     * Run 1: windows of 4 s every 3 s, each overlapping its neighbours, classes 3 and 8 alternating; run 2: two
     * windows at the same times as run 1's 9 s and 12 s ones. The list is not in chronological order.
     */
    private static List<PairedWindow> overlapping() {
        List<PairedWindow> out = new ArrayList<>();
        out.add(window("2", 12, 4, 3));
        for (int t = 0; t <= 21; t += 3) {
            out.add(window("1", t, 4, t % 2 == 0 ? 3 : 8));
        }
        out.add(window("2", 9, 4, 8));
        return out;
    }

    @Test
    void innerTrainingLeavesOutWindowsOverlappingAnInnerTestWindowOfTheSameRun() {
        Base eeg = eegLike();
        List<PairedWindow> train = overlapping();
        new Hybrid(List.of(eeg), 2).fit(train);
        // class 3, chronological: r1@0 r1@6 r1@12 r1@18 r2@12 -> inner folds 0 0 0 1 1 (rank * 2 / 5)
        // class 8, chronological: r1@3 r1@9 r1@15 r1@21 r2@9 -> inner folds 0 0 0 1 1
        // fold 0 tests r1@0..r1@15: r1@18 (18-22 s) overlaps r1@15 (15-19 s) and is left out; r1@21 and run 2 stay
        // fold 1 tests r1@18, r1@21, r2@9, r2@12: r1@15 overlaps r1@18 and is left out; r1@12 (12-16 s) does not
        assertEquals(List.of(Set.of("01/1/1@21", "01/1/2@9", "01/1/2@12"),
                Set.of("01/1/1@0", "01/1/1@3", "01/1/1@6", "01/1/1@9", "01/1/1@12"), names(train)), eeg.fits);
    }

    @Test
    void theMetaClassifierLearnsFromOutOfFoldScoresAndScoresWithBasesFittedOnTheWholeFold() {
        List<Base> bases = List.of(eegLike(), fnirsLike());
        List<PairedWindow> train = overlapping();
        WindowClassifier.Trained t = new Hybrid(List.copyOf(bases), 2).fit(train);
        assertArrayEquals(new int[] {3, 8}, t.classes());

        // every training window's meta-features come from bases fitted on nothing overlapping it: no optimism
        int[] classes = {3, 8};
        double[][] meta = train.stream().map(w -> honest(bases, classes, w)).toArray(double[][]::new);
        ShrinkageLda lda = ShrinkageLda.fit(meta, labels(train));

        // new windows of another run: the whole fold's bases never saw them
        List<PairedWindow> fresh = List.of(window("3", 0, 4, 3), window("3", 10, 4, 8), window("3", 20, 4, 3));
        double[][] want = lda.scores(fresh.stream().map(w -> honest(bases, classes, w)).toArray(double[][]::new));
        double[][] got = t.scores(fresh);
        for (int i = 0; i < fresh.size(); i++) {
            assertArrayEquals(want[i], got[i], 1e-9, name(fresh.get(i)));
        }

        // the training windows themselves: the final bases were fitted on every one, so each is scored optimistically
        double[][] seen = train.stream().map(w -> {
            double[] f = honest(bases, classes, w);
            for (int b = 0; b < f.length; b++) {
                f[b] += label(w) == 8 ? OPTIMISM : -OPTIMISM;
            }
            return f;
        }).toArray(double[][]::new);
        want = lda.scores(seen);
        got = t.scores(train);
        for (int i = 0; i < train.size(); i++) {
            assertArrayEquals(want[i], got[i], 1e-9, name(train.get(i)));
        }
        for (Base b : bases) {
            assertEquals(3, b.fits.size(), "two inner fits and the whole fold");
            assertEquals(names(train), b.fits.get(2));
        }
    }

    @Test
    void withMoreThanTwoClassesTheMetaFeaturesAreEveryBasesPerClassScores() {
        // 12 windows of 1 s every 2 s, classes 1 4 6 1 4 6 ...; a second base never saw class 4 (its column is the
        // row's lowest score)
        int[] cycle = {1, 4, 6};
        List<PairedWindow> train = IntStream.range(0, 12).mapToObj(i -> window("1", 2 * i, 1, cycle[i % 3])).toList();
        Base all = new Base(new int[] {1, 4, 6}, (w, c) -> c == label(w) ? 0.8 + 0.1 * Math.sin(w.onset() + c)
                : 0.3 * Math.cos(0.9 * w.onset() * c));
        Base noFour = new Base(new int[] {1, 6}, (w, c) -> c == 1 ? 0.5 * Math.sin(w.onset())
                : 0.4 * Math.cos(1.7 * w.onset()) + (label(w) == 6 ? 0.5 : 0));
        List<Base> bases = List.of(all, noFour);
        WindowClassifier.Trained t = new Hybrid(List.copyOf(bases), 3).fit(train);
        assertArrayEquals(new int[] {1, 4, 6}, t.classes());

        int[] classes = {1, 4, 6};
        PairedWindow w0 = train.get(0);
        // by hand for the first window: all's scores of 1, 4, 6, then noFour's of 1, (lowest), 6
        double s1 = 0.5 * Math.sin(0);
        double s6 = 0.4 * Math.cos(0);
        assertArrayEquals(new double[] {0.8 + 0.1 * Math.sin(1), 0.3, 0.3, s1, Math.min(s1, s6), s6},
                honest(bases, classes, w0), 1e-12);
        double[][] meta = train.stream().map(w -> honest(bases, classes, w)).toArray(double[][]::new);
        ShrinkageLda lda = ShrinkageLda.fit(meta, labels(train));
        List<PairedWindow> fresh = List.of(window("2", 0, 1, 1), window("2", 3, 1, 4), window("2", 7, 1, 6),
                window("2", 11, 1, 4));
        double[][] want = lda.scores(fresh.stream().map(w -> honest(bases, classes, w)).toArray(double[][]::new));
        double[][] got = t.scores(fresh);
        for (int i = 0; i < fresh.size(); i++) {
            assertArrayEquals(want[i], got[i], 1e-9, name(fresh.get(i)));
        }
    }

    @Test
    void theInnerFoldsAreChronologicalBlocksPerClassBySubjectSessionRunAndOnset() {
        // class 0 in four runs, listed latest first; class 1 in one run, listed out of time order. 4 inner folds and
        // 4 windows per class: each window is its class's block alone, its rank in time its fold
        List<PairedWindow> train = List.of(window("b", "1", "1", 0, 1, 0), window("a", "2", "1", 0, 1, 0),
                window("a", "1", "2", 0, 1, 0), window("a", "1", "1", 30, 1, 0), window("a", "1", "1", 40, 1, 1),
                window("a", "1", "1", 10, 1, 1), window("a", "1", "1", 20, 1, 1), window("a", "1", "1", 60, 1, 1));
        Base b = eegLike01();
        new Hybrid(List.of(b), 4).fit(train);
        // class 0 in time: a/1/1@30, a/1/2@0, a/2/1@0, b/1/1@0; class 1: a/1/1@10, @20, @40, @60
        assertEquals(List.of(allBut(train, "a/1/1@30", "a/1/1@10"), allBut(train, "a/1/2@0", "a/1/1@20"),
                allBut(train, "a/2/1@0", "a/1/1@40"), allBut(train, "b/1/1@0", "a/1/1@60"), names(train)), b.fits);
    }

    @Test
    void theInnerFoldsAreAsManyAsTheSmallestClassAllows() {
        // 1 s windows every 2 s; class 0 at 0 2 6 8 12 14, class 1 at 4 10 16. Five folds asked, three possible:
        // class 0 ranks 0..5 -> folds 0 0 1 1 2 2 (rank * 3 / 6), class 1 ranks 0..2 -> folds 0 1 2
        int[] y = {0, 0, 1, 0, 0, 1, 0, 0, 1};
        List<PairedWindow> train = IntStream.range(0, y.length).mapToObj(i -> window("1", 2 * i, 1, y[i])).toList();
        Base b = eegLike01();
        new Hybrid(List.of(b), 5).fit(train);
        assertEquals(List.of(allBut(train, "01/1/1@0", "01/1/1@2", "01/1/1@4"),
                allBut(train, "01/1/1@6", "01/1/1@8", "01/1/1@10"),
                allBut(train, "01/1/1@12", "01/1/1@14", "01/1/1@16"), names(train)), b.fits);
    }

    @Test
    void twoWindowsOfEachClassAreEnoughOneIsRefusedBeforeAnyFit() {
        List<PairedWindow> two = List.of(window("1", 0, 1, 0), window("1", 2, 1, 1), window("1", 4, 1, 1),
                window("1", 6, 1, 0));
        Base b = eegLike01();
        new Hybrid(List.of(b), 5).fit(two);
        assertEquals(List.of(allBut(two, "01/1/1@0", "01/1/1@2"), allBut(two, "01/1/1@4", "01/1/1@6"), names(two)),
                b.fits);

        Base refused = eegLike01();
        List<PairedWindow> one = List.of(window("1", 0, 1, 0), window("1", 2, 1, 1), window("1", 4, 1, 0),
                window("1", 6, 1, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Hybrid(List.of(refused), 5).fit(one));
        assertEquals("the hybrid's inner cross-validation needs at least 2 windows of each class in training",
                e.getMessage());
        assertEquals(List.of(), refused.fits);
    }

    /** A base over classes 0 and 1 whose scores separate them a little. */
    private static Base eegLike01() {
        return new Base(new int[] {0, 1}, (w, c) -> c == label(w) ? 0.5 + 0.1 * Math.sin(w.onset())
                : 0.2 * Math.cos(w.onset()));
    }
}
