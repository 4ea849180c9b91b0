package org.neurofusion.fusion.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.WindowingSpec;
import org.neurofusion.datasets.bids.BidsDataset;
import org.neurofusion.datasets.bids.BidsWindowStore;
import org.neurofusion.datasets.simulate.CohortWriter;
import org.neurofusion.datasets.simulate.SimulatedTask;
import org.neurofusion.datasets.simulate.SimulationConfig;
import org.neurofusion.datasets.store.WindowStore;
import org.neurofusion.modalities.signal.Pipeline;

/** The split of a fusion run: the labelled subset per class and subject, the unlabelled rest, the test windows. */
class FusionDataTest {
    private static final Map<String, Integer> MI = Map.of("left_hand", 0, "right_hand", 1);

    @TempDir
    static Path dir;
    static WindowStore store;
    static WindowStore eegOnly;

    @BeforeAll
    static void simulate() {
        SimulationConfig c = SimulationConfig.builder().optSeed(4).optSubjects(3)
                .optTasks(List.of(SimulatedTask.MOTOR_IMAGERY)).optSessionsPerTask(1).optTrialsPerSession(10)
                .optPreRestSeconds(5).optPostRestSeconds(8).optRestingRunSeconds(20).build();
        Path bids = dir.resolve("bids");
        new CohortWriter(c, EnumSet.of(Modality.EEG, Modality.FNIRS), ".bdf").write(bids, (s, d, t) -> { });
        store = BidsWindowStore.openOrBuild(BidsDataset.open(bids), FusionTrainerTest.spec(2), dir.resolve("store"),
                (d, t, k) -> { }).store();
        WindowingSpec eeg = WindowingSpec.builder().setEvents(MI)
                .addModality(Modality.EEG, 2, 0, 50, new Pipeline(List.of())).build();
        eegOnly = BidsWindowStore.openOrBuild(BidsDataset.open(bids), eeg, dir.resolve("eeg"), (d, t, k) -> { })
                .store();
    }

    private static FusionData split(int perClass, long seed) {
        return FusionData.split(store, List.of("eeg", "fnirs"), List.of("01", "02"), List.of("03"), perClass, seed);
    }

    @Test
    void eachTrainingSubjectKeepsTheSameNumberOfLabelsPerClass() {
        FusionData d = split(3, 1);
        Map<String, Integer> counts = new TreeMap<>();
        for (long i : d.labelled()) {
            counts.merge(d.info(i).key().subject() + "/" + d.storedLabel(i), 1, Integer::sum);
        }
        assertEquals(Map.of("01/0", 3, "01/1", 3, "02/0", 3, "02/1", 3), counts);
        assertEquals(2, d.classes());
        // the withheld labelled windows become unlabelled; no window is in both, none is lost
        Set<Long> l = new HashSet<>(d.labelled());
        assertTrue(d.unlabelled().stream().noneMatch(l::contains));
        assertEquals(d.allLabelled().size() - 12, d.unlabelled().stream().filter(i -> d.storedLabel(i) >= 0).count());
        assertTrue(d.unlabelled().stream().anyMatch(i -> d.storedLabel(i) < 0), "resting windows are unlabelled");
        for (long i : d.test()) {
            assertEquals("03", d.info(i).key().subject());
            assertTrue(d.storedLabel(i) >= 0);
        }
    }

    @Test
    void theDrawFollowsTheSeed() {
        assertEquals(split(3, 1).labelled(), split(3, 1).labelled());
        assertNotEquals(split(3, 1).labelled(), split(3, 2).labelled());
        FusionData all = split(-1, 1);
        assertEquals(all.allLabelled(), all.labelled());
        assertTrue(all.unlabelled().stream().allMatch(i -> all.storedLabel(i) < 0));
    }

    @Test
    void badSplitsAreRefusedByName() {
        IllegalArgumentException overlap = assertThrows(IllegalArgumentException.class,
                () -> FusionData.split(store, List.of("eeg", "fnirs"), List.of("01", "02"), List.of("02"), 2, 1));
        assertTrue(overlap.getMessage().contains("both"), overlap.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> FusionData.split(eegOnly, List.of("eeg", "fnirs"), List.of("01"), List.of("03"), 2, 1));
        assertTrue(missing.getMessage().contains("fnirs"), missing.getMessage());
        IllegalArgumentException ghost = assertThrows(IllegalArgumentException.class,
                () -> FusionData.split(store, List.of("eeg", "fnirs"), List.of("01", "07"), List.of("03"), 2, 1));
        assertTrue(ghost.getMessage().contains("'07'"), ghost.getMessage());
    }
}
