package org.neurofusion.datasets.bids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.PairedRecording;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.PairedWindows;
import org.neurofusion.datasets.RecordingKey;
import org.neurofusion.datasets.WindowingSpec;
import org.neurofusion.datasets.simulate.CohortWriter;
import org.neurofusion.datasets.simulate.SimulatedTask;
import org.neurofusion.datasets.simulate.SimulationConfig;
import org.neurofusion.datasets.store.WindowInfo;
import org.neurofusion.datasets.store.WindowStore;
import org.neurofusion.modalities.signal.Pipeline;

/**
 * One store from a simulated cohort (as {@code neurofusion simulate} writes it): labelled trials of the
 * motor-imagery runs and unlabelled sliding windows of the resting runs ({@code task-rest}).
 */
class MultiPartStoreTest {
    static final Map<String, Integer> MI = Map.of("left_hand", 0, "right_hand", 1);

    @TempDir
    static Path dir;
    static BidsDataset ds;

    @BeforeAll
    static void simulate() {
        // 2 subjects, one 4-trial motor-imagery session and a 40 s resting run each: a few seconds to write.
        SimulationConfig c = SimulationConfig.builder().optSeed(5).optSubjects(2)
                .optTasks(List.of(SimulatedTask.MOTOR_IMAGERY)).optSessionsPerTask(1).optTrialsPerSession(4)
                .optPreRestSeconds(5).optPostRestSeconds(8).optRestingRunSeconds(40).build();
        new CohortWriter(c, EnumSet.of(Modality.EEG, Modality.FNIRS), ".bdf").write(dir.resolve("bids"),
                (s, done, total) -> { });
        ds = BidsDataset.open(dir.resolve("bids"));
    }

    static WindowingSpec spec(WindowingSpec.Part... parts) {
        return WindowingSpec.builder().setEvents(MI)
                .addModality(Modality.EEG, 2, 0, 100, new Pipeline(List.of()))
                .addModality(Modality.FNIRS, 6, 1, Double.NaN, new Pipeline(List.of())).build()
                .withParts(List.of(parts));
    }

    @Test
    void theSimulatorWritesRestingRunsAsTaskRest() {
        assertEquals(List.of("mi", "rest"), ds.runs().stream().map(RecordingKey::task).distinct().sorted().toList());
        assertEquals(4, ds.runs().size());
    }

    @Test
    void eventWindowsFromTaskRunsAndSlidingWindowsFromRestingRuns() {
        WindowingSpec s = spec(WindowingSpec.Part.events(MI).withTasks("mi"),
                WindowingSpec.Part.sliding(2).withTasks("rest"));
        List<RecordingKey> cut = new ArrayList<>();
        BidsWindowStore.Built b = BidsWindowStore.openOrBuild(ds, s, dir.resolve("store"), (d, t, k) -> cut.add(k));
        try (WindowStore store = b.store()) {
            assertFalse(b.reused());
            assertEquals(4, b.runs());
            assertEquals(4, cut.size());
            // 4 trials in each of 2 subjects' motor-imagery runs.
            assertEquals(new PairedWindows.PartCount(8, 0, 0), b.parts().get(0));
            int restWindows = b.parts().get(1).unlabelled();
            assertEquals(new PairedWindows.PartCount(0, restWindows, 0), b.parts().get(1));
            assertEquals(8 + restWindows, store.size());
            int labelled = 0;
            for (int i = 0; i < store.size(); i++) {
                WindowInfo w = store.info(i);
                assertEquals(w.label().isPresent(), w.key().task().equals("mi"), "window " + i + " of " + w.key());
                labelled += w.label().isPresent() ? 1 : 0;
            }
            assertEquals(8, labelled);
            // The resting windows are exactly what a sliding spec cuts from each resting run alone.
            int expected = 0;
            for (RecordingKey k : ds.runs()) {
                if (k.task().equals("rest")) {
                    try (PairedRecording pr = ds.pair(k)) {
                        expected += PairedWindows.cut(pr, spec(WindowingSpec.Part.sliding(2))).windows().size();
                    }
                }
            }
            // 40 s of rest, 7 s windows (fNIRS 1 to 7 s) every 2 s, less the fNIRS clock offset: about 16 a run.
            assertEquals(expected, restWindows);
            assertTrue(restWindows >= 2 * 14 && restWindows <= 2 * 17, "resting windows: " + restWindows);
            // Labels are those of the events at the window onsets.
            for (PairedWindow w : store.windows()) {
                if (w.label().isPresent()) {
                    assertEquals(w.label().getAsInt(), MI.get(eventAt(w)), "window at " + w.onset() + " of " + w.key());
                }
            }
        }
        BidsWindowStore.Built again = BidsWindowStore.openOrBuild(ds, s, dir.resolve("store"), (d, t, k) -> { });
        try (WindowStore store = again.store()) {
            assertTrue(again.reused());
            assertEquals(List.of(), again.parts());
        }
    }

    @Test
    void theOneTaskCallStillCutsOnlyThatTask() {
        BidsWindowStore.Built b = BidsWindowStore.openOrBuild(ds, spec(WindowingSpec.Part.events(MI)), "mi",
                dir.resolve("mi"), (d, t, k) -> { });
        try (WindowStore store = b.store()) {
            assertEquals(2, b.runs());
            assertEquals(8, store.size());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BidsWindowStore.openOrBuild(
                ds, spec(WindowingSpec.Part.sliding(2).withTasks("ma")), dir.resolve("ma"), (d, t, k) -> { }));
        assertTrue(e.getMessage().contains("tasks in the dataset: [mi, rest]"), e.getMessage());
    }

    private static String eventAt(PairedWindow w) {
        try (PairedRecording pr = ds.pair(w.key())) {
            return pr.events().stream().filter(a -> Math.abs(a.onset() - w.onset()) < 1e-9)
                    .map(Annotation::description).findFirst().orElse("(none)");
        }
    }
}
