package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
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
        // window 20 is from another run at the same time: no leak
        assertDoesNotThrow(() -> LeakageGuard.check(w, new Splits.Fold("ok", new int[] {0, 1, 20}, new int[] {5}), 0));
        // adjacent (touching, not overlapping) is allowed with gap 0 but not with a gap
        Splits.Fold touching = new Splits.Fold("touching", new int[] {0}, new int[] {2});
        assertDoesNotThrow(() -> LeakageGuard.check(w, touching, 0));
        assertThrows(LeakageGuard.LeakageException.class, () -> LeakageGuard.check(w, touching, 1.0));
        for (Splits.Fold f : Splits.withinSubjectShuffledChronological(w.subList(0, 20), 5, 2, 3, 0)) {
            assertDoesNotThrow(() -> LeakageGuard.check(w, f, 0));
        }
    }
}
