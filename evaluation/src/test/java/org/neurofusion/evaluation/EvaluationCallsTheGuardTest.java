package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mockito.MockedStatic;
import org.mockito.Mockito;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.Splits;

/**
 * A correct split never leaks, so the guard inside {@link Evaluation#run} can only be seen failing a split that
 * does: here the real within-subject split, with one test window slipped into the training set of its last fold
 * (a static mock of {@link Splits} that calls the real method and then spoils its answer). An evaluation that
 * stopped calling the guard, or checked only some folds, would fit and score that fold and return.
 */
class EvaluationCallsTheGuardTest {
    private static Evaluation evaluation(AtomicInteger fitted) {
        return Evaluation.builder().addConditions(List.of("eeg-csp"), ConditionRegistry.classical())
                .setProtocol(Protocol.parse("within", 1, 4)).setTask("mi").optSeed(7)
                .optProgress((done, total, what) -> fitted.incrementAndGet()).build();
    }

    @Test
    void aSplitThatLeaksFailsTheRun() {
        List<PairedWindow> windows = SyntheticWindows.make(List.of("01", "02"), 24, true, 1);
        AtomicInteger fitted = new AtomicInteger();
        List<String> spoiled = new ArrayList<>();
        try (MockedStatic<Splits> splits = Mockito.mockStatic(Splits.class, invocation -> {
            Object real = invocation.callRealMethod();
            if (!invocation.getMethod().getName().equals("withinSubjectShuffledChronological")) {
                return real;
            }
            @SuppressWarnings("unchecked")
            List<Splits.Fold> folds = new ArrayList<>((List<Splits.Fold>) real);
            Splits.Fold last = folds.get(folds.size() - 1);
            // the last fold trains on its own last test window too
            int leaked = last.test()[last.test().length - 1];
            int[] train = IntStream.concat(Arrays.stream(last.train()), IntStream.of(leaked)).toArray();
            folds.set(folds.size() - 1, new Splits.Fold(last.name(), train, last.test()));
            spoiled.add("#" + leaked);
            return folds;
        })) {
            LeakageGuard.LeakageException e = assertThrows(LeakageGuard.LeakageException.class,
                    () -> evaluation(fitted).run(windows));
            assertEquals(1, spoiled.size());
            assertTrue(e.getMessage().contains("fold 3 of 4") && e.getMessage().contains(spoiled.get(0) + " ")
                    && e.getMessage().contains("is in both"), e.getMessage());
        }
        // folds run subject by subject: every fold of the first subject, and none after the leaking one
        assertTrue(fitted.get() >= 3 && fitted.get() < 8, fitted + " folds were fitted");
        // the same run without the spoiled split passes: the failure was the guard's
        AtomicInteger clean = new AtomicInteger();
        assertEquals(8, evaluation(clean).run(windows).rows().size());
    }
}
