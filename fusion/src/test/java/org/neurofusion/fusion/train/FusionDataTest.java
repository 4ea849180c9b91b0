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

    /** The raw EEG of {@code subject}'s windows of {@code task} in the store, as blocks. */
    private static List<org.neurofusion.core.SignalBlock> blocks(String subject, String task) {
        return blocks(subject, task, Modality.EEG);
    }

    /** The raw {@code modality} of {@code subject}'s windows of {@code task} in the store, as blocks. */
    private static List<org.neurofusion.core.SignalBlock> blocks(String subject, String task, Modality modality) {
        List<org.neurofusion.core.SignalBlock> out = new java.util.ArrayList<>();
        for (int i = 0; i < store.size(); i++) {
            if (store.info(i).key().subject().equals(subject) && store.info(i).key().task().equals(task)
                    && store.has(i, modality)) {
                out.add(store.block(i, modality));
            }
        }
        return out;
    }

    /**
     * Checks that {@code a}'s matrix P of subject {@code s} is symmetric and whitens the subject's mean covariance
     * of centred resting windows R, computed here directly and shrunk as the alignment shrinks: P R P = rms² I.
     */
    private static void whitens(SubjectAlignment a, String s, Modality modality, double rms) {
            List<org.neurofusion.core.SignalBlock> rest = blocks(s, "rest", modality);
            assertTrue(rest.size() >= 3, s + ": " + rest.size() + " resting windows");
            int c = rest.get(0).channelCount();
            // the subject's mean covariance of centred resting windows, computed here directly, then shrunk
            double[][] r = new double[c][c];
            for (org.neurofusion.core.SignalBlock b : rest) {
                int t = b.sampleCount();
                double[] mean = new double[c];
                for (int i = 0; i < c; i++) {
                    for (int k = 0; k < t; k++) {
                        mean[i] += b.get(i, k) / (double) t;
                    }
                }
                for (int i = 0; i < c; i++) {
                    for (int j = 0; j < c; j++) {
                        double v = 0;
                        for (int k = 0; k < t; k++) {
                            v += (b.get(i, k) - mean[i]) * (b.get(j, k) - mean[j]);
                        }
                        r[i][j] += v / t / rest.size();
                    }
                }
            }
            double trace = 0;
            for (int i = 0; i < c; i++) {
                trace += r[i][i];
            }
            for (int i = 0; i < c; i++) {
                for (int j = 0; j < c; j++) {
                    r[i][j] = (1 - SubjectAlignment.SHRINKAGE) * r[i][j]
                            + (i == j ? SubjectAlignment.SHRINKAGE * trace / c : 0);
                }
            }
            float[] p = a.matrix(s, rest.get(0).channelNames());
            // P R P = RMS² I, and P is symmetric (an aligned channel stays mostly the channel it was)
            double unit = rms * rms;
            for (int i = 0; i < c; i++) {
                for (int j = 0; j < c; j++) {
                    assertEquals(p[i * c + j], p[j * c + i], 1e-4 * Math.abs(p[i * c + i]), "symmetric");
                    double v = 0;
                    for (int k = 0; k < c; k++) {
                        for (int m = 0; m < c; m++) {
                            v += p[i * c + k] * r[k][m] * p[m * c + j];
                        }
                    }
                    assertEquals(i == j ? 1 : 0, v / unit, 2e-3, s + " (" + i + ", " + j + ")");
                }
            }
    }

    @Test
    void alignmentGivesEachSubjectsRestingWindowsTheSameMeanCovariance() {
        FusionData d = split(-1, 1).align("eeg", "rest");
        SubjectAlignment a = d.alignment().orElseThrow();
        for (String s : List.of("01", "02", "03")) {
            whitens(a, s, Modality.EEG, SubjectAlignment.RMS);
        }
        assertEquals(Set.of("01", "02", "03"), a.referenceWindowsBySubject().keySet());
    }

    /**
     * Checks that every window of {@code aligned} (B, C, T) is its subject's matrix times the same window of
     * {@code raw}, at every 7th sample.
     */
    private static void assertMatrixTimesRaw(FusionData data, List<Long> windows, ai.djl.ndarray.NDArray raw,
            ai.djl.ndarray.NDArray aligned, Modality modality, SubjectAlignment alignment, double absolute) {
        float[] x = raw.toFloatArray();
        float[] y = aligned.toFloatArray();
        long[] shape = raw.getShape().getShape();
        int c = (int) shape[1];
        int t = (int) shape[2];
        for (int w = 0; w < windows.size(); w++) {
            org.neurofusion.datasets.store.WindowInfo info = data.info(windows.get(w));
            List<String> names = store.channels(info.index(), modality).stream()
                    .map(org.neurofusion.core.Channel::name).toList();
            float[] p = alignment.matrix(info.key().subject(), names);
            for (int i = 0; i < c; i++) {
                for (int k = 0; k < t; k += 7) {
                    double v = 0;
                    for (int j = 0; j < c; j++) {
                        v += p[i * c + j] * x[(w * c + j) * t + k];
                    }
                    assertEquals(v, y[(w * c + i) * t + k], absolute + 1e-4 * Math.abs(v));
                }
            }
        }
    }

    @Test
    void aBaselineSubtractsEachChannelsMeanOverTheWindowsFirstSamples() {
        FusionData raw = split(-1, 1);
        FusionData based = split(-1, 1).baseline("fnirs", 0.25);
        List<Long> some = List.of(raw.test().get(0), raw.labelled().get(0));
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            List<String> mods = List.of("eeg", "fnirs");
            FusionData.Batch a = raw.batch(m, some, mods, i -> true);
            FusionData.Batch b = based.batch(m, some, mods, i -> true);
            assertTrue(java.util.Arrays.equals(a.data().get(0).toFloatArray(), b.data().get(0).toFloatArray()),
                    "the EEG is untouched");
            float[] x = a.data().get(3).toFloatArray();
            float[] y = b.data().get(3).toFloatArray();
            long[] shape = a.data().get(3).getShape().getShape();
            int c = (int) shape[1];
            int t = (int) shape[2];
            int n = (int) Math.floor(0.25 * t);
            for (int w = 0; w < some.size(); w++) {
                for (int i = 0; i < c; i++) {
                    int row = (w * c + i) * t;
                    double mean = 0;
                    for (int k = 0; k < n; k++) {
                        mean += x[row + k] / n;
                    }
                    for (int k = 0; k < t; k += 5) {
                        assertEquals(x[row + k] - mean, y[row + k], 1e-12 + 1e-5 * Math.abs(mean));
                    }
                }
            }
        }
        assertThrows(FusionSetupException.class, () -> split(-1, 1).baseline("fnirs", 1));
        FusionData none = split(-1, 1).baseline("fnirs", 0.25).baseline("fnirs", 0);
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            List<Long> one = List.of(raw.test().get(0));
            assertTrue(java.util.Arrays.equals(raw.batch(m, one, List.of("fnirs"), i -> true).data().get(0)
                    .toFloatArray(), none.batch(m, one, List.of("fnirs"), i -> true).data().get(0).toFloatArray()),
                    "0 removes it");
        }
    }

    @Test
    void bothModalitiesAlignAtOnceEachWithItsOwnMatricesAndScale() {
        FusionData raw = split(-1, 1);
        FusionData eegOnly = split(-1, 1).align("eeg", "rest");
        FusionData both = split(-1, 1).align("eeg", "rest").align("fnirs", "rest");
        List<Long> some = List.of(raw.test().get(0), raw.labelled().get(0), raw.unlabelled().get(0));
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            List<String> mods = List.of("eeg", "fnirs");
            FusionData.Batch a = raw.batch(m, some, mods, i -> true);
            FusionData.Batch e = eegOnly.batch(m, some, mods, i -> true);
            FusionData.Batch b = both.batch(m, some, mods, i -> true);
            assertTrue(java.util.Arrays.equals(e.data().get(0).toFloatArray(), b.data().get(0).toFloatArray()),
                    "the EEG is aligned as before");
            assertMatrixTimesRaw(raw, some, a.data().get(3), b.data().get(3), Modality.FNIRS,
                    both.alignment("fnirs").orElseThrow(), 1e-12);
        }
        // each subject's fNIRS matrix whitens its own resting covariance to RMS_FNIRS² I (EEG's RMS would not)
        SubjectAlignment f = both.alignment("fnirs").orElseThrow();
        assertEquals(Modality.FNIRS, f.modality());
        for (String s : List.of("01", "02", "03")) {
            whitens(f, s, Modality.FNIRS, SubjectAlignment.RMS_FNIRS);
        }
        FusionSetupException meg = assertThrows(FusionSetupException.class,
                () -> SubjectAlignment.rms(Modality.MEG));
        assertTrue(meg.getMessage().contains("meg"), meg.getMessage());
    }

    @Test
    void anAlignedBatchIsItsSubjectsMatrixTimesTheRawWindow() {
        FusionData raw = split(-1, 1);
        FusionData aligned = split(-1, 1).align("eeg", "all");
        List<Long> some = List.of(raw.test().get(0), raw.labelled().get(0), raw.unlabelled().get(0));
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            FusionData.Batch a = raw.batch(m, some, List.of("eeg", "fnirs"), i -> true);
            FusionData.Batch b = aligned.batch(m, some, List.of("eeg", "fnirs"), i -> true);
            assertMatrixTimesRaw(raw, some, a.data().get(0), b.data().get(0), Modality.EEG,
                    aligned.alignment().orElseThrow(), 1e-6);
            // fNIRS is left as it is
            assertTrue(java.util.Arrays.equals(a.data().get(3).toFloatArray(), b.data().get(3).toFloatArray()));
        }
    }

    @Test
    void alignmentThatCannotBeFittedIsRefusedByName() {
        IllegalArgumentException reference = assertThrows(IllegalArgumentException.class,
                () -> split(-1, 1).align("eeg", "median"));
        assertTrue(reference.getMessage().contains("'median'") && reference.getMessage().contains("rest"),
                reference.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> SubjectAlignment.fit(store, Modality.EEG, "rest", List.of("01", "09")));
        assertTrue(missing.getMessage().contains("'09'"), missing.getMessage());
        IllegalArgumentException noRest = assertThrows(IllegalArgumentException.class,
                () -> SubjectAlignment.fit(eegOnly, Modality.EEG, "rest", List.of("01")));
        assertTrue(noRest.getMessage().contains("'01'") && noRest.getMessage().contains("resting-state"),
                noRest.getMessage());
        SubjectAlignment a = SubjectAlignment.fit(store, Modality.EEG, "all", List.of("01"));
        IllegalArgumentException unfitted = assertThrows(IllegalArgumentException.class,
                () -> a.apply("02", List.of("Cz"), new float[4]));
        assertTrue(unfitted.getMessage().contains("'02'"), unfitted.getMessage());
    }
}
