package org.neurofusion.fusion.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.alignment.run.RunDirectory;
import org.neurofusion.alignment.train.PretrainConfig;
import org.neurofusion.alignment.train.Pretrainer;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.WindowingSpec;
import org.neurofusion.datasets.bids.BidsDataset;
import org.neurofusion.datasets.bids.BidsWindowStore;
import org.neurofusion.datasets.simulate.CohortWriter;
import org.neurofusion.datasets.simulate.SimulatedTask;
import org.neurofusion.datasets.simulate.SimulationConfig;
import org.neurofusion.datasets.store.WindowStore;
import org.neurofusion.evaluation.ConditionRegistry;
import org.neurofusion.evaluation.LeakageGuard;
import org.neurofusion.evaluation.WindowClassifier;
import org.neurofusion.fusion.train.FusionConfig;
import org.neurofusion.fusion.train.SourceRun;
import org.neurofusion.modalities.signal.Pipeline;

/**
 * The deep conditions on a tiny simulated cohort (4 subjects, one held out by the pre-training) and a one-epoch
 * pre-training run: each trains per fold on the fold's windows only, scores the test windows with probabilities,
 * keeps and resumes its runs, and refuses test subjects the pre-training saw, windows the store lacks and leaking
 * folds. A few steps each: nothing here measures accuracy.
 */
class DeepConditionsTest {
    private static final Map<String, Integer> MI = Map.of("left_hand", 0, "right_hand", 1);

    @TempDir
    static Path dir;
    static WindowStore store;
    /** The same recordings cut otherwise (EEG only, band-passed): another store, for the transfer. */
    static WindowStore other;
    static Path pre;
    static String heldOut;
    static List<PairedWindow> train;
    static List<PairedWindow> test;

    @BeforeAll
    static void simulateAndPretrain() {
        SimulationConfig c = SimulationConfig.builder().optSeed(4).optSubjects(4)
                .optTasks(List.of(SimulatedTask.MOTOR_IMAGERY)).optSessionsPerTask(1).optTrialsPerSession(8)
                .optPreRestSeconds(5).optPostRestSeconds(8).optRestingRunSeconds(30).build();
        Path bids = dir.resolve("bids");
        new CohortWriter(c, EnumSet.of(Modality.EEG, Modality.FNIRS), ".bdf").write(bids, (s, d, t) -> { });
        WindowingSpec spec = WindowingSpec.builder().setEvents(MI)
                .addModality(Modality.EEG, 2, 0, 50, new Pipeline(List.of()))
                .addModality(Modality.FNIRS, 6, 1, Double.NaN, new Pipeline(List.of())).build()
                .withParts(List.of(WindowingSpec.Part.events(MI).withTasks("mi"),
                        WindowingSpec.Part.sliding(3).withTasks("rest")));
        store = BidsWindowStore.openOrBuild(BidsDataset.open(bids), spec, dir.resolve("store"), (d, t, k) -> { })
                .store();
        WindowingSpec eegOnly = WindowingSpec.builder().setEvents(MI)
                .addModality(Modality.EEG, 2, 0, 50, new Pipeline(List.of(
                        new org.neurofusion.modalities.signal.Filter(1, 20, "fir")))).build()
                .withParts(List.of(WindowingSpec.Part.events(MI).withTasks("mi")));
        other = BidsWindowStore.openOrBuild(BidsDataset.open(bids), eegOnly, dir.resolve("other"), (d, t, k) -> { })
                .store();
        pre = dir.resolve("pre");
        PretrainConfig pc = PretrainConfig.defaults().with("epochs", "1").with("batch_size", "6")
                .with("min_gap_s", "0").with("holdout_subjects", "1").with("supcon_weight", "0");
        Pretrainer.builder().setStore(store).setRunDirectory(pre).optConfig(pc).optSeed(5)
                .optLog(new PrintWriter(new StringWriter())).build().run();
        heldOut = SourceRun.read(pre).testSubjects().get(0);
        List<PairedWindow> labelled = store.windows().stream().filter(w -> w.label().isPresent()).toList();
        train = labelled.stream().filter(w -> !w.subject().equals(heldOut)).toList();
        test = labelled.stream().filter(w -> w.subject().equals(heldOut)).toList();
    }

    static DeepConditions conditions(Path runs, StringWriter log) {
        FusionConfig cfg = FusionConfig.defaults().with("steps", "4").with("eval_every", "2").with("batch_size", "6");
        return new DeepConditions(new DeepConditions.Settings(pre, store, runs, cfg, "eeg", Device.cpu(),
                new PrintWriter(log, true)));
    }

    static WindowClassifier.Fold fold(String condition) {
        return new WindowClassifier.Fold(condition, "loso", heldOut, 0, 11);
    }

    static double[][] fitAndScore(DeepConditions d, String id) {
        ConditionRegistry r = new ConditionRegistry();
        d.register(r);
        WindowClassifier c = r.condition(id).classifier();
        train.forEach(c::check);
        return c.fit(train, fold(id)).scores(test);
    }

    static void probabilities(double[][] p) {
        assertEquals(test.size(), p.length);
        for (double[] row : p) {
            assertEquals(2, row.length);
            assertEquals(1.0, row[0] + row[1], 1e-5);
            assertTrue(row[0] >= 0 && row[1] >= 0);
        }
    }

    @Test
    void everyConditionTrainsOnTheFoldAndScoresItsTestWindows() throws Exception {
        Path runs = dir.resolve("runs-all");
        StringWriter log = new StringWriter();
        try (DeepConditions d = conditions(runs, log)) {
            assertEquals(List.of(heldOut), d.testableSubjects());
            ConditionRegistry r = new ConditionRegistry();
            d.register(r);
            assertEquals(DeepConditions.IDS, r.ids());
            for (String id : DeepConditions.IDS) {
                probabilities(fitAndScore(d, id));
            }
        }
        long labelled = train.size();
        // every supervised run saw exactly the fold's labelled training windows, none of the held-out subject's
        String text = log.toString();
        long resting = store.windows().stream().filter(w -> w.label().isEmpty() && !w.subject().equals(heldOut))
                .count();
        assertTrue(resting > 0);
        assertTrue(text.contains(labelled + " labelled and " + resting + " unlabelled training windows, "
                + test.size() + " test windows"), text);
        assertTrue(!text.contains("subjects [01, 02, 03, 04]"), text);
        for (String name : List.of("frozen-head", "fine-tuned", "scratch", "teacher", "student", "self-training")) {
            Path run = runs.resolve(name).resolve(fold("x").path());
            assertTrue(Files.isRegularFile(run.resolve(RunDirectory.METRICS)), run.toString());
            var cfg = RunDirectory.readConfig(run).get("config");
            assertEquals(11, RunDirectory.readConfig(run).get("seed").asInt());
            assertTrue(!cfg.get("train_subjects").asText().contains(heldOut), cfg.toString());
            assertEquals(heldOut, cfg.get("test_subjects").asText());
        }
        assertEquals("random", RunDirectory.readConfig(runs.resolve("scratch").resolve(fold("x").path()))
                .get("config").get("fusion").get("encoder_init").asText());
        assertEquals("frozen", RunDirectory.readConfig(runs.resolve("frozen-head").resolve(fold("x").path()))
                .get("config").get("fusion").get("encoders").asText());
    }

    @Test
    void aFinishedFoldIsResumedNotRetrainedAndTheSameSeedGivesTheSameScores() throws Exception {
        Path runs = dir.resolve("runs-resume");
        double[][] first;
        try (DeepConditions d = conditions(runs, new StringWriter())) {
            first = fitAndScore(d, "fine-tuned");
        }
        Path metrics = runs.resolve("fine-tuned").resolve(fold("x").path()).resolve(RunDirectory.METRICS);
        List<String> lines = Files.readAllLines(metrics);
        StringWriter log = new StringWriter();
        try (DeepConditions d = conditions(runs, log)) {
            assertArrayEquals(first, fitAndScore(d, "fine-tuned"));
        }
        assertEquals(lines, Files.readAllLines(metrics), "nothing trained again");
        assertTrue(log.toString().contains("resuming"), log.toString());
        try (DeepConditions d = conditions(dir.resolve("runs-again"), new StringWriter())) {
            assertArrayEquals(first, fitAndScore(d, "fine-tuned"), "same seed, same numbers");
            assertNotEquals(first[0][0], fitAndScore(d, "scratch")[0][0], "random init differs from aligned");
        }
    }

    /**
     * A transfer: the encoder carried to another store's windows (here the same recordings cut EEG-only and
     * band-passed, so its key differs). Only the single-modality conditions that need no second modality register,
     * the subjects the pre-training did not see are testable, and without the transfer flag the store is refused.
     */
    @Test
    void aTransferFineTunesOnAnotherStoresWindows() throws Exception {
        FusionConfig cfg = FusionConfig.defaults().with("steps", "4").with("eval_every", "2").with("batch_size", "6");
        Path runs = dir.resolve("runs-transfer");
        assertThrows(IllegalArgumentException.class, () -> new DeepConditions(new DeepConditions.Settings(pre, other,
                runs, cfg, "eeg", Device.cpu(), new PrintWriter(new StringWriter()))));
        List<PairedWindow> labelled = other.windows().stream().filter(w -> w.label().isPresent()).toList();
        List<PairedWindow> tr = labelled.stream().filter(w -> !w.subject().equals(heldOut)).toList();
        List<PairedWindow> te = labelled.stream().filter(w -> w.subject().equals(heldOut)).toList();
        try (DeepConditions d = new DeepConditions(new DeepConditions.Settings(pre, other, runs, cfg, "eeg",
                Device.cpu(), new PrintWriter(new StringWriter()), true))) {
            assertEquals(List.of(heldOut), d.testableSubjects());
            ConditionRegistry r = new ConditionRegistry();
            d.register(r);
            assertEquals(List.of("frozen-linear", "frozen-head", "fine-tuned", "scratch"), r.ids());
            WindowClassifier c = r.condition("fine-tuned").classifier();
            tr.forEach(c::check);
            double[][] p = c.fit(tr, fold("fine-tuned")).scores(te);
            assertEquals(te.size(), p.length);
            assertEquals(1.0, p[0][0] + p[0][1], 1e-5);
            String config = Files.readString(runs.resolve("fine-tuned").resolve(fold("fine-tuned").path())
                    .resolve(RunDirectory.CONFIG));
            String key = store.provenance().key();
            assertTrue(config.replaceAll("\\s", "").contains("\"transferred_from_store\":\"" + key + "\""), config);
            WindowClassifier probe = r.condition("frozen-linear").classifier();
            assertEquals(te.size(), probe.fit(tr, fold("frozen-linear")).scores(te).length);
        }
    }

    @Test
    void testSubjectsThePretrainingSawWindowsItLacksAndLeakingFoldsAreRefused() {
        try (DeepConditions d = conditions(dir.resolve("runs-refused"), new StringWriter())) {
            ConditionRegistry r = new ConditionRegistry();
            d.register(r);
            WindowClassifier c = r.condition("fine-tuned").classifier();
            String seen = train.get(0).subject();
            List<PairedWindow> trainOthers = train.stream().filter(w -> !w.subject().equals(seen)).toList();
            List<PairedWindow> testSeen = train.stream().filter(w -> w.subject().equals(seen)).toList();
            var e = assertThrows(IllegalArgumentException.class,
                    () -> c.fit(trainOthers, new WindowClassifier.Fold("fine-tuned", "loso", seen, 0, 1))
                            .scores(testSeen));
            assertTrue(e.getMessage().contains("pre-trained") && e.getMessage().contains(seen), e.getMessage());

            PairedWindow moved = new PairedWindow(test.get(0).blocks(), test.get(0).channels(), test.get(0).label(),
                    test.get(0).key(), test.get(0).onset() + 0.123, test.get(0).extents());
            var missing = assertThrows(IllegalArgumentException.class, () -> c.check(moved));
            assertTrue(missing.getMessage().contains("no window of the same recording and onset"),
                    missing.getMessage());

            List<PairedWindow> leaking = new java.util.ArrayList<>(train);
            leaking.add(test.get(0));
            assertThrows(LeakageGuard.LeakageException.class,
                    () -> c.fit(leaking, fold("fine-tuned")).scores(test));
        }
    }
}
