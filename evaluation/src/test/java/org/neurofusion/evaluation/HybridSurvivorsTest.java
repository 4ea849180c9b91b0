package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.PairedWindow;

/**
 * How {@link Hybrid} combines its bases, over stub bases whose scores are fixed functions of a window's onset, so the
 * combined scores are known by hand (issue 19, fourth round).
 */
class HybridSurvivorsTest {
    // onsets 0, 5, 10, ... 35 s; labels 0 1 1 0 0 1 1 0
    private static final List<PairedWindow> WINDOWS = SyntheticWindows.make(List.of("01"), 8, false, 3);

    /** A base reading {@code modality}, refusing windows after {@code refuseAfter} s, scoring by {@code score}. */
    private record Stub(Modality modality, double refuseAfter, int[] classes, List<ToDoubleFunction<PairedWindow>> score)
            implements WindowClassifier {
        @Override
        public List<Modality> modalities() {
            return List.of(modality);
        }

        @Override
        public void check(PairedWindow w) {
            if (w.onset() > refuseAfter) {
                throw new IllegalArgumentException("stub on " + modality + " refuses the window at " + w.onset() + " s");
            }
        }

        @Override
        public Trained fit(List<PairedWindow> train) {
            return new Trained() {
                @Override
                public int[] classes() {
                    return classes.clone();
                }

                @Override
                public double[][] scores(List<PairedWindow> windows) {
                    return windows.stream().map(w -> score.stream().mapToDouble(f -> f.applyAsDouble(w)).toArray())
                            .toArray(double[][]::new);
                }
            };
        }
    }

    private static Stub stub(Modality m, double refuseAfter, int[] classes, List<ToDoubleFunction<PairedWindow>> s) {
        return new Stub(m, refuseAfter, classes, s);
    }

    // class 0 scores above class 1 from 10 s on, below it before: the first class is not always its row's minimum
    private static final Stub EEG = stub(Modality.EEG, 100, new int[] {0, 1},
            List.of(w -> w.onset() / 5 + 1, w -> 2));
    private static final Stub FNIRS = stub(Modality.FNIRS, 100, new int[] {0, 1}, List.of(w -> 3, w -> w.onset() / 5));

    @Test
    void twoInnerFoldsAreEnough() {
        assertDoesNotThrow(() -> new Hybrid(List.of(EEG), 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Hybrid(List.of(EEG), 1));
        assertEquals("a hybrid needs at least 2 inner folds, got 1", e.getMessage());
    }

    @Test
    void theModalitiesAreTheBasesInTheirOrderOnce() {
        Hybrid h = new Hybrid(List.of(FNIRS, EEG, stub(Modality.FNIRS, 100, new int[] {0, 1}, List.of(w -> 0,
                w -> 0))), 5, Hybrid.Combination.SUM_OF_LOG_ODDS);
        assertEquals(List.of(Modality.FNIRS, Modality.EEG), h.modalities());
    }

    @Test
    void aWindowOneBaseRefusesIsRefused() {
        Hybrid h = new Hybrid(List.of(EEG, stub(Modality.FNIRS, 12, new int[] {0, 1}, List.of(w -> 0, w -> 0))), 5,
                Hybrid.Combination.SUM_OF_LOG_ODDS);
        assertDoesNotThrow(() -> h.check(WINDOWS.get(2)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.check(WINDOWS.get(3)));
        assertEquals("stub on FNIRS refuses the window at 15.0 s", e.getMessage());
    }

    @Test
    void theSumAddsTheBasesScoresClassByClassTheFirstClassIncluded() {
        // a third base that saw class 0 only: its class-1 column takes the row's lowest score, its only one
        Stub onlyZero = stub(Modality.EEG, 100, new int[] {0}, List.of(w -> 10));
        WindowClassifier.Trained t = new Hybrid(List.of(EEG, FNIRS, onlyZero), 5, Hybrid.Combination.SUM_OF_LOG_ODDS)
                .fit(WINDOWS);
        assertArrayEquals(new int[] {0, 1}, t.classes());
        double[][] s = t.scores(WINDOWS);
        for (int i = 0; i < WINDOWS.size(); i++) {
            double k = WINDOWS.get(i).onset() / 5; // 0 .. 7
            assertArrayEquals(new double[] {k + 1 + 3 + 10, 2 + k + 10}, s[i], 1e-12, "window " + i);
        }
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0, 0, 0}, t.predict(WINDOWS), "class 0 is 2 ahead everywhere");
    }
}
