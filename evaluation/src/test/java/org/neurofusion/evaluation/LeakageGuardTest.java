package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Modality;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.datasets.Extent;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.RecordingKey;
import org.neurofusion.datasets.Splits;
import org.neurofusion.datasets.WindowRef;

class LeakageGuardTest {
    /** 10 s windows every 5 s: each overlaps its neighbours. */
    private static List<WindowRef> refs() {
        List<WindowRef> out = new ArrayList<>();
        for (int t = 0; t < 20; t++) {
            out.add(new WindowRef(new RecordingKey("01", "", "mi", "1"), 5.0 * t, 10, OptionalInt.of(t % 2)));
        }
        out.add(new WindowRef(new RecordingKey("01", "", "mi", "2"), 5.0, 10, OptionalInt.of(0)));
        return out;
    }

    @Test
    void catchesAWindowInBothSets() {
        Splits.Fold leaking = new Splits.Fold("leaky", new int[] {0, 1, 2, 15}, new int[] {15, 16});
        LeakageGuard.LeakageException e = assertThrows(LeakageGuard.LeakageException.class,
                () -> LeakageGuard.check(refs(), leaking, 0));
        assertTrue(e.getMessage().contains("window #15"), e.getMessage());
        assertTrue(e.getMessage().contains("leaky"));
    }

    @Test
    void catchesAnOverlappingNeighbour() {
        // window 9 (45–55 s) overlaps test window 10 (50–60 s); a naive index check would pass this fold
        Splits.Fold leaking = new Splits.Fold("neighbour", new int[] {0, 1, 2, 9}, new int[] {10});
        LeakageGuard.LeakageException e = assertThrows(LeakageGuard.LeakageException.class,
                () -> LeakageGuard.check(refs(), leaking, 0));
        assertTrue(e.getMessage().contains("#9") && e.getMessage().contains("#10"), e.getMessage());
    }

    @Test
    void passesSplitsThatKeepTheirDistance() {
        List<WindowRef> w = refs();
        // window 20 (run 2, 5–15 s) lies at exactly the time of test window 1 (run 1, 5–15 s): another run, no leak
        assertEquals(w.get(1).start(), w.get(20).start());
        assertEquals(w.get(1).end(), w.get(20).end());
        assertDoesNotThrow(() -> LeakageGuard.check(w, new Splits.Fold("ok", new int[] {20, 5}, new int[] {1}), 0));
        // ... and the same window in run 1 leaks, so the pass above is the run's doing
        List<WindowRef> sameRun = new ArrayList<>(w);
        sameRun.set(20, new WindowRef(w.get(1).key(), 5.0, 10, OptionalInt.of(0)));
        assertThrows(LeakageGuard.LeakageException.class,
                () -> LeakageGuard.check(sameRun, new Splits.Fold("same run", new int[] {20, 5}, new int[] {1}), 0));
        // adjacent (touching, not overlapping) is allowed with gap 0 but not with a gap
        Splits.Fold touching = new Splits.Fold("touching", new int[] {0}, new int[] {2});
        assertDoesNotThrow(() -> LeakageGuard.check(w, touching, 0));
        assertThrows(LeakageGuard.LeakageException.class, () -> LeakageGuard.check(w, touching, 1.0));
        for (Splits.Fold f : Splits.withinSubjectShuffledChronological(w.subList(0, 20), 5, 2, 3, 0)) {
            assertDoesNotThrow(() -> LeakageGuard.check(w, f, 0));
        }
    }

    @Test
    void checksEveryTestWindowOfARunNotOnlyTheFirst() {
        List<WindowRef> w = refs();
        // test windows 0 (0–10 s), 10 (50–60 s) and 19 (95–105 s); training window 18 (90–100 s) overlaps only the
        // last of them, window 11 (55–65 s) only the middle one
        for (int[] c : new int[][] {{18, 19}, {11, 10}}) {
            Splits.Fold fold = new Splits.Fold("late", new int[] {4, c[0], 14}, new int[] {19, 0, 10});
            LeakageGuard.LeakageException e = assertThrows(LeakageGuard.LeakageException.class,
                    () -> LeakageGuard.check(w, fold, 0));
            assertTrue(e.getMessage().contains("training window #" + c[0] + " ")
                    && e.getMessage().contains("test window #" + c[1] + " "), e.getMessage());
            assertTrue(e.getMessage().contains("(1 pair(s)"), e.getMessage());
        }
        // a training window that overlaps two test windows counts both pairs, and every one of several runs counts
        Splits.Fold two = new Splits.Fold("two", new int[] {9}, new int[] {8, 10, 20});
        LeakageGuard.LeakageException e = assertThrows(LeakageGuard.LeakageException.class,
                () -> LeakageGuard.check(w, two, 0));
        assertTrue(e.getMessage().contains("(2 pair(s)") && e.getMessage().contains("#8 ")
                && e.getMessage().contains("#10 "), e.getMessage());
    }

    @Test
    void catchesAZeroLengthWindowInBothSetsBehindATiedTestWindow() {
        // window 1 spans no time at 5 s; test window 0 starts at 5 s too and is sorted first, so a scan that stops at
        // the first test window starting past the training window's end never reaches window 1 itself
        RecordingKey k = new RecordingKey("01", "", "mi", "1");
        List<WindowRef> w = List.of(new WindowRef(k, 5, 5, 9, OptionalInt.of(0)),
                new WindowRef(k, 5, 5, 5, OptionalInt.of(1)));
        LeakageGuard.LeakageException e = assertThrows(LeakageGuard.LeakageException.class,
                () -> LeakageGuard.check(w, new Splits.Fold("point", new int[] {1}, new int[] {0, 1}), 0));
        assertTrue(e.getMessage().contains("window #1 ") && e.getMessage().contains("is in both")
                && e.getMessage().contains("(1 pair(s)"), e.getMessage());
    }

    @Test
    void namesFiveLeaksAndCountsThemAll() {
        List<WindowRef> w = refs();
        // training windows 1, 3, 5, 7, 9, 11 each overlap test windows on both sides: 12 pairs, 5 named
        Splits.Fold fold = new Splits.Fold("many", new int[] {1, 3, 5, 7, 9, 11}, new int[] {0, 2, 4, 6, 8, 10, 12});
        LeakageGuard.LeakageException e = assertThrows(LeakageGuard.LeakageException.class,
                () -> LeakageGuard.check(w, fold, 0));
        assertTrue(e.getMessage().contains("(12 pair(s), gap 0.0 s)"), e.getMessage());
        assertEquals(5, e.getMessage().split("overlaps test window", -1).length - 1, e.getMessage());
        // windows in both sets are named five at most too
        Splits.Fold both = new Splits.Fold("both", new int[] {0, 4, 8, 12, 16, 20}, new int[] {0, 4, 8, 12, 16, 20});
        e = assertThrows(LeakageGuard.LeakageException.class, () -> LeakageGuard.check(w, both, 0));
        assertTrue(e.getMessage().contains("(6 pair(s), gap 0.0 s)"), e.getMessage());
        assertEquals(5, e.getMessage().split("is in both", -1).length - 1, e.getMessage());
    }

    @Test
    void agreesWithAnAllPairsCheckOnRandomFolds() {
        // windows of uneven length and start (an fNIRS block may start before the onset), two runs, shuffled onsets
        java.util.Random rnd = new java.util.Random(5);
        List<WindowRef> w = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double onset = rnd.nextDouble() * 200;
            double start = onset - rnd.nextDouble() * 3;
            w.add(new WindowRef(new RecordingKey("01", "", "mi", i % 3 == 0 ? "2" : "1"), onset, start,
                    onset + 1 + rnd.nextDouble() * 12, OptionalInt.of(i % 2)));
        }
        int leaking = 0;
        for (int trial = 0; trial < 300; trial++) {
            double gap = trial % 3 == 0 ? 0 : rnd.nextDouble() * 6;
            List<Integer> train = new ArrayList<>();
            List<Integer> test = new ArrayList<>();
            for (int i = 0; i < w.size(); i++) {
                double u = rnd.nextDouble();
                if (u < 0.06) {
                    (rnd.nextBoolean() ? train : test).add(i);
                } else if (u < 0.09) {
                    train.add(i);
                    test.add(i);
                }
            }
            int pairs = 0;
            for (int i : train) {
                for (int t : test) {
                    WindowRef a = w.get(i);
                    WindowRef b = w.get(t);
                    double between = Math.max(a.start(), b.start()) - Math.min(a.end(), b.end());
                    if (i == t || a.key().run().equals(b.key().run()) && between < gap) {
                        pairs++;
                    }
                }
            }
            Splits.Fold fold = new Splits.Fold("random " + trial, train.stream().mapToInt(Integer::intValue)
                    .toArray(), test.stream().mapToInt(Integer::intValue).toArray());
            if (pairs == 0) {
                assertDoesNotThrow(() -> LeakageGuard.check(w, fold, gap), fold.name());
            } else {
                leaking++;
                LeakageGuard.LeakageException e = assertThrows(LeakageGuard.LeakageException.class,
                        () -> LeakageGuard.check(w, fold, gap), fold.name());
                assertTrue(e.getMessage().contains("(" + pairs + " pair(s), gap " + gap + " s)"),
                        pairs + " pairs expected: " + e.getMessage());
            }
        }
        assertTrue(leaking > 30 && leaking < 270, leaking + " of 300 random folds leak: both kinds must be tried");
    }

    /**
     * A window with EEG 4 s from its onset and fNIRS {@code nirsOffset} s after it for 10 s (two parts of a
     * windowing spec may offset fNIRS differently).
     */
    static PairedWindow eegFnirs(double onset, double nirsOffset) {
        List<Channel> eeg = List.of(new Channel("C3", ChannelType.EEG, "V", 100, 10000));
        List<Channel> nirs = List.of(new Channel("S1_D1 hbo", ChannelType.HBO, "mol/L", 10, 1000));
        Map<Modality, SignalBlock> blocks = Map.of(
                Modality.EEG, new SignalBlock(List.of("C3"), 100, Math.round(onset * 100), 400, new float[400]),
                Modality.FNIRS, new SignalBlock(List.of("S1_D1 hbo"), 10, Math.round((onset + nirsOffset) * 10), 100,
                        new float[100]));
        return new PairedWindow(blocks, Map.of(Modality.EEG, eeg, Modality.FNIRS, nirs), OptionalInt.of(0),
                new RecordingKey("01", "", "mi", "1"), onset, Map.of(Modality.EEG, new Extent(onset, 4),
                        Modality.FNIRS, new Extent(onset + nirsOffset, 10)));
    }

    @Test
    void catchesWindowsWhoseFnirsOverlapsThoughTheirEegDoesNot() {
        // EEG 0–4 s and 10.5–14.5 s are apart; fNIRS 2–12 s and 11.5–21.5 s overlap. Taking a window as its onset
        // plus its longest block (0–10 s and 10.5–20.5 s), as the guard's input did before extents, passes this.
        List<PairedWindow> ws = List.of(eegFnirs(0, 2), eegFnirs(10.5, 1));
        List<WindowRef> refs = Blocks.refs(ws);
        assertEquals(0, refs.get(0).start());
        assertEquals(12, refs.get(0).end());
        Splits.Fold fold = new Splits.Fold("fnirs", new int[] {0}, new int[] {1});
        LeakageGuard.LeakageException e = assertThrows(LeakageGuard.LeakageException.class,
                () -> LeakageGuard.check(refs, fold, 0));
        assertTrue(e.getMessage().contains("#0") && e.getMessage().contains("spanning 0.000–12.000 s")
                && e.getMessage().contains("spanning 10.500–21.500 s"), e.getMessage());
        // The same fold with the EEG-only geometry would pass: the fNIRS extent is what leaks.
        List<WindowRef> eegOnly = ws.stream().map(w -> new WindowRef(w.key(), w.onset(), 4, w.label())).toList();
        assertDoesNotThrow(() -> LeakageGuard.check(eegOnly, fold, 0));
        // A split that respects extents keeps them apart, and the guard agrees.
        for (Splits.Fold f : Splits.withinSubjectChronological(refs, 2, 0)) {
            assertTrue(f.train().length == 0 || f.test().length == 0, f.name() + " trains and tests in one run");
            assertDoesNotThrow(() -> LeakageGuard.check(refs, f, 0));
        }
    }
}
