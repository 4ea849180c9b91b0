package org.neurofusion.fusion.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.neurofusion.datasets.WindowingSpec;
import org.neurofusion.datasets.bids.BidsDataset;
import org.neurofusion.datasets.bids.BidsWindowStore;
import org.neurofusion.datasets.simulate.CohortWriter;
import org.neurofusion.datasets.simulate.SimulatedTask;
import org.neurofusion.datasets.simulate.SimulationConfig;
import org.neurofusion.datasets.store.WindowStore;
import org.neurofusion.modalities.signal.Pipeline;

/**
 * Teacher, student and controls on a tiny simulated cohort (3 subjects: 2 train, 1 test) and a one-epoch
 * pre-training run: the run folders, determinism, bit-identical resume, and the errors for runs and data that do
 * not fit together. Numbers here say nothing about accuracy (a few steps); docs/fusion.md has the measurements.
 */
class FusionTrainerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Integer> MI = Map.of("left_hand", 0, "right_hand", 1);

    @TempDir
    static Path dir;
    static WindowStore store;
    static Path pre;
    static Path teacher;

    @BeforeAll
    static void simulateAndPretrain() {
        prepare(dir);
    }

    /**
     * Simulates the tiny cohort, pre-trains and trains the teacher under {@code at}, into this class's fixture
     * fields (also for the other test classes of the fusion runs, which run one after another).
     */
    static void prepare(Path at) {
        dir = at;
        SimulationConfig c = SimulationConfig.builder().optSeed(3).optSubjects(3)
                .optTasks(List.of(SimulatedTask.MOTOR_IMAGERY)).optSessionsPerTask(1).optTrialsPerSession(8)
                .optPreRestSeconds(5).optPostRestSeconds(8).optRestingRunSeconds(30).build();
        Path bids = dir.resolve("bids");
        new CohortWriter(c, EnumSet.of(Modality.EEG, Modality.FNIRS), ".bdf").write(bids, (s, d, t) -> { });
        store = BidsWindowStore.openOrBuild(BidsDataset.open(bids), spec(2), dir.resolve("store"), (d, t, k) -> { })
                .store();
        pre = dir.resolve("pre");
        PretrainConfig pc = PretrainConfig.defaults().with("epochs", "1").with("batch_size", "6")
                .with("min_gap_s", "0").with("holdout_subjects", "1").with("supcon_weight", "0");
        Pretrainer.builder().setStore(store).setRunDirectory(pre).optConfig(pc).optSeed(5)
                .optLog(new PrintWriter(new StringWriter())).build().run();
        teacher = dir.resolve("teacher");
        run(Stage.TEACHER, teacher, config(), false, null);
    }

    static WindowingSpec spec(double eegSeconds) {
        return WindowingSpec.builder().setEvents(MI)
                .addModality(Modality.EEG, eegSeconds, 0, 50, new Pipeline(List.of()))
                .addModality(Modality.FNIRS, 6, 1, Double.NaN, new Pipeline(List.of())).build()
                .withParts(List.of(WindowingSpec.Part.events(MI).withTasks("mi"),
                        WindowingSpec.Part.sliding(3).withTasks("rest")));
    }

    static FusionConfig config() {
        return FusionConfig.defaults().with("steps", "4").with("eval_every", "2").with("batch_size", "6")
                .with("labelled_per_class", "2");
    }

    static FusionTrainer.Builder builder(Stage stage, Path out, FusionConfig cfg) {
        FusionTrainer.Builder b = FusionTrainer.builder().setStage(stage).setStore(store).setRunDirectory(out)
                .setPretrained(pre).optConfig(cfg).optSeed(9).optLog(new PrintWriter(new StringWriter()));
        if (stage == Stage.STUDENT) {
            b.optTeacher(teacher);
        }
        return b;
    }

    static FusionTrainer.Summary run(Stage stage, Path out, FusionConfig cfg, boolean resume,
            FusionTrainer.RoundListener l) {
        FusionTrainer.Builder b = builder(stage, out, cfg).optResume(resume);
        if (l != null) {
            b.optRoundListener(l);
        }
        return b.build().run();
    }

    /** metrics.jsonl without the timing fields, which differ between runs. */
    static List<JsonNode> metrics(Path run) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve(RunDirectory.METRICS))) {
            ObjectNode o = (ObjectNode) JSON.readTree(line);
            o.remove(List.of("seconds", "windows_per_s"));
            out.add(o);
        }
        return out;
    }

    static float[] weights(Path run, String name) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = RunDirectory.readCheckpoint(run, RunDirectory.LAST, m).orElseThrow().parameters().get(name);
            return a.toFloatArray();
        }
    }

    @Test
    void theTeacherWritesItsFolderAndTheSameSeedGivesTheSameNumbers() throws Exception {
        Path again = dir.resolve("teacher-again");
        run(Stage.TEACHER, again, config(), false, null);
        List<JsonNode> a = metrics(teacher);
        assertEquals(4, a.size(), "two rounds of a train and a test row");
        assertEquals(a, metrics(again));
        JsonNode test = a.get(3);
        assertEquals("test", test.get("split").asText());
        for (String k : List.of("accuracy", "balanced_accuracy", "accuracy_eeg_only", "accuracy_fnirs_only",
                "chance")) {
            double v = test.get(k).asDouble();
            assertTrue(v >= 0 && v <= 1, k + " = " + v);
        }
        assertEquals(1, test.get("per_subject").size(), "one held-out subject");
        assertArrayEquals(weights(teacher, "fusion/head.weight"), weights(again, "fusion/head.weight"));
        JsonNode cfg = RunDirectory.readConfig(teacher).get("config");
        assertEquals("teacher", cfg.get("stage").asText());
        assertEquals(2, cfg.get("classes").asInt());
    }

    @Test
    void anInterruptedStudentResumesToTheSameWeights() {
        Path whole = dir.resolve("student-whole");
        Path cut = dir.resolve("student-cut");
        run(Stage.STUDENT, whole, config(), false, null);
        assertThrows(IllegalStateException.class, () -> run(Stage.STUDENT, cut, config(), false, (r, s, t, v) -> {
            throw new IllegalStateException("interrupted after round " + r);
        }));
        run(Stage.STUDENT, cut, config(), true, null);
        for (String p : List.of("encoder.eeg/patch.weight", "imputation/out.weight", "fusion/head.weight")) {
            assertArrayEquals(weights(whole, p), weights(cut, p), p);
        }
    }

    @Test
    void theStudentReportsItsImputationBesideTheMeanEmbedding() throws Exception {
        Path out = dir.resolve("student");
        FusionTrainer.Summary s = run(Stage.STUDENT, out, config(), false, null);
        JsonNode t = s.lastTest();
        double cos = t.get("imputation_cosine").asDouble();
        double base = t.get("mean_embedding_cosine").asDouble();
        assertTrue(cos >= -1 && cos <= 1 && base >= -1 && base <= 1, cos + ", " + base);
        assertEquals(cos - base, t.get("imputation_margin").asDouble(), 1e-12);
        double centred = t.get("imputation_cosine_centred").asDouble();
        assertTrue(centred >= -1 && centred <= 1, "centred cosine " + centred);
        double proto = t.get("prototype_cosine").asDouble();
        assertTrue(proto >= -1 && proto <= 1, "class-conditional cosine " + proto);
        assertEquals(proto - base, t.get("prototype_margin").asDouble(), 1e-12);
        double alpha = t.get("shrink_oracle_alpha").asDouble();
        double shrunk = t.get("shrink_oracle_margin").asDouble();
        assertTrue(alpha >= 0 && alpha <= 1 && shrunk >= 0 && shrunk >= cos - base - 1e-12,
                "the shrinkage oracle is at least the mean's (α = 0) and the raw imputation's (α = 1): " + alpha
                        + ", " + shrunk);
        assertFalse(t.has("class_oracle_margin"), "one held-out subject: no other subject to take class means from");
        JsonNode train = metrics(out).get(0);
        for (String term : List.of("ce", "kl", "cosine", "info_nce", "tokens", "fused")) {
            assertTrue(train.has(term), "the student's loss terms are logged: " + term);
        }
    }

    @Test
    void theStudentIsGenericOverTheKeptModality() throws Exception {
        Path out = dir.resolve("student-fnirs");
        FusionTrainer.Summary s = builder(Stage.STUDENT, out, config()).optKeep("fnirs").build().run();
        JsonNode model = RunDirectory.readConfig(out).get("config").get("model");
        assertEquals("fnirs", model.get("imputation").get("kept").asText());
        assertEquals("eeg", model.get("imputation").get("missing").asText());
        assertTrue(model.get("aligned").get("encoders").has("fnirs"));
        assertTrue(!model.get("aligned").get("encoders").has("eeg"), "an fNIRS-only student encodes no EEG");
        assertTrue(s.lastTest().has("imputation_cosine"));
    }

    @Test
    void theControlsRunOnTheSameWindows() throws Exception {
        Path scratch = dir.resolve("scratch");
        FusionTrainer.Summary s = run(Stage.SUPERVISED, scratch, config(), false, null);
        assertEquals(4, s.steps());
        Path self = dir.resolve("self");
        FusionTrainer.Summary st = builder(Stage.SELF_TRAINING, self, config()).optPseudoLabeller(scratch).build()
                .run();
        assertEquals(s.lastTest().get("windows"), st.lastTest().get("windows"));
        JsonNode row = metrics(self).get(0);
        assertTrue(row.has("ce") && row.has("kl") && !row.has("cosine"), row.toString());
        assertNotEquals(weights(scratch, "fusion/head.weight")[0], weights(self, "fusion/head.weight")[0]);
    }

    @Test
    void aTeachersSupconTermTrainsTheProjectionHeadsAndAddsToItsLoss() throws Exception {
        Path plain = dir.resolve("teacher-no-supcon");
        Path sup = dir.resolve("teacher-supcon");
        Path supFrozen = dir.resolve("teacher-supcon-eeg-frozen");
        run(Stage.TEACHER, plain, config(), false, null);
        run(Stage.TEACHER, sup, config().with("teacher_supcon_weight", "0.5"), false, null);
        run(Stage.TEACHER, supFrozen, config().with("teacher_supcon_weight", "0.5").with("teacher_frozen", "eeg"),
                false, null);
        float[] before;
        float[] eegBefore;
        try (NDManager m = NDManager.newBaseManager()) {
            var saved = RunDirectory.readCheckpoint(pre, RunDirectory.LAST, m).orElseThrow().parameters();
            before = saved.get("head.fnirs/02latent_weight").toFloatArray();
            eegBefore = saved.get("encoder.eeg/patch.weight").toFloatArray();
        }
        for (String name : List.of("head.eeg/02latent_weight", "head.fnirs/01hidden_weight")) {
            assertFalse(java.util.Arrays.equals(weights(plain, name), weights(sup, name)), name);
            assertFalse(java.util.Arrays.equals(weights(plain, name), weights(supFrozen, name)),
                    "the heads train even over a frozen encoder: " + name);
        }
        assertArrayEquals(before, weights(plain, "head.fnirs/02latent_weight"), "without the term the heads stay");
        assertArrayEquals(eegBefore, weights(supFrozen, "encoder.eeg/patch.weight"),
                "a frozen encoder stays frozen under the term");
        for (JsonNode row : metrics(sup)) {
            if (row.path("split").asText().equals("train")) {
                double ce = row.get("ce").asDouble();
                double sc = row.get("supcon").asDouble();
                assertTrue(sc > 0, "SupCon over two classes is positive: " + sc);
                assertEquals(ce + 0.5 * sc, row.get("loss").asDouble(), 1e-9);
            }
        }
        for (JsonNode row : metrics(plain)) {
            assertFalse(row.has("supcon"), "no term without its weight");
        }
        JsonNode cfg = RunDirectory.readConfig(sup).get("config").get("fusion");
        assertEquals(0.5, cfg.get("teacher_supcon_weight").asDouble());
        assertFalse(RunDirectory.readConfig(plain).get("config").get("fusion").has("teacher_supcon_weight"),
                "the default is left out, as runs recorded before the setting have it");
        // a student of the SupCon teacher is scored against that teacher's trained fNIRS head
        Path student = dir.resolve("student-of-supcon");
        FusionTrainer.Summary s = builder(Stage.STUDENT, student, config()).optTeacher(sup).build().run();
        Path studentPlain = dir.resolve("student-of-plain");
        FusionTrainer.Summary p = builder(Stage.STUDENT, studentPlain, config()).optTeacher(plain).build().run();
        assertNotEquals(p.lastTest().get("mean_embedding_cosine").asDouble(),
                s.lastTest().get("mean_embedding_cosine").asDouble());
    }

    @Test
    void aFrozenModalitysEncoderKeepsItsWeightsWhileTheOthersTrain() {
        Path allFrozen = dir.resolve("teacher-all-frozen");
        Path eegFrozen = dir.resolve("teacher-eeg-frozen");
        run(Stage.TEACHER, allFrozen, config().with("encoders", "frozen"), false, null);
        run(Stage.TEACHER, eegFrozen, config().with("teacher_frozen", "eeg"), false, null);
        // both started from the same aligned encoders: the frozen EEG encoder is where it started, fNIRS moved
        for (String name : List.of("encoder.eeg/patch.weight", "encoder.eeg/layers.1.mlp.fc2.weight")) {
            assertArrayEquals(weights(allFrozen, name), weights(eegFrozen, name), name);
        }
        assertFalse(java.util.Arrays.equals(weights(allFrozen, "encoder.fnirs/patch.weight"),
                weights(eegFrozen, "encoder.fnirs/patch.weight")));
        assertFalse(java.util.Arrays.equals(weights(allFrozen, "fusion/head.weight"),
                weights(eegFrozen, "fusion/head.weight")), "the fusion block trains either way");
        // an EEG-only control ignores it: its EEG encoder trains as it would without the setting
        Path plain = dir.resolve("eeg-plain");
        Path ignoring = dir.resolve("eeg-ignoring");
        builder(Stage.SUPERVISED, plain, config()).optKeep("eeg").build().run();
        builder(Stage.SUPERVISED, ignoring, config().with("teacher_frozen", "eeg")).optKeep("eeg").build().run();
        assertArrayEquals(weights(plain, "encoder.eeg/patch.weight"), weights(ignoring, "encoder.eeg/patch.weight"));
        assertFalse(java.util.Arrays.equals(weights(allFrozen, "encoder.eeg/patch.weight"),
                weights(plain, "encoder.eeg/patch.weight")), "the control's EEG encoder moved");
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> run(Stage.TEACHER, dir.resolve("x-meg"), config().with("teacher_frozen", "meg"), false,
                        null));
        assertTrue(unknown.getMessage().contains("'meg'") && unknown.getMessage().contains("[eeg, fnirs]"),
                unknown.getMessage());
    }

    @Test
    void runsThatDoNotFitTogetherAreRefusedByName() {
        IllegalArgumentException keep = assertThrows(IllegalArgumentException.class,
                () -> builder(Stage.SUPERVISED, dir.resolve("x1"), config()).optKeep("meg").build().run());
        assertTrue(keep.getMessage().contains("meg") && keep.getMessage().contains("eeg"), keep.getMessage());
        IllegalArgumentException notTeacher = assertThrows(IllegalArgumentException.class,
                () -> builder(Stage.STUDENT, dir.resolve("x2"), config()).optTeacher(pre).build().run());
        assertTrue(notTeacher.getMessage().contains("teacher"), notTeacher.getMessage());
        IllegalArgumentException labeller = assertThrows(IllegalArgumentException.class,
                () -> builder(Stage.SELF_TRAINING, dir.resolve("x3"), config()).optPseudoLabeller(teacher).build()
                        .run());
        assertTrue(labeller.getMessage().contains("'teacher' run"), labeller.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> FusionTrainer.builder().setStage(Stage.STUDENT).setStore(store).setRunDirectory(dir)
                        .setPretrained(pre).build());
        // a teacher trained on raw EEG cannot teach from aligned EEG (nor the reverse): the setting is named
        IllegalArgumentException aligned = assertThrows(IllegalArgumentException.class,
                () -> builder(Stage.STUDENT, dir.resolve("x4"), config().with("eeg_alignment", "rest")).build()
                        .run());
        assertTrue(aligned.getMessage().contains("eeg_alignment 'none'")
                && aligned.getMessage().contains("'rest'"), aligned.getMessage());
        IllegalArgumentException fnirs = assertThrows(IllegalArgumentException.class,
                () -> builder(Stage.STUDENT, dir.resolve("x5"), config().with("fnirs_alignment", "all")).build()
                        .run());
        assertTrue(fnirs.getMessage().contains("fnirs_alignment 'none'")
                && fnirs.getMessage().contains("'all'"), fnirs.getMessage());
        IllegalArgumentException base = assertThrows(IllegalArgumentException.class,
                () -> builder(Stage.STUDENT, dir.resolve("x6"), config().with("fnirs_baseline", "0.2")).build()
                        .run());
        assertTrue(base.getMessage().contains("fnirs_baseline 0.0") && base.getMessage().contains("0.2"),
                base.getMessage());
    }

    @Test
    void aTeachersExpertIsFittedOnceNeverTrainedAndAddedWhereItsModalityIsPresent() throws Exception {
        FusionConfig cfg = config().with("teacher_expert", "fnirs").with("teacher_label_smoothing", "0.1");
        Path whole = dir.resolve("teacher-expert");
        StringWriter log = new StringWriter();
        builder(Stage.TEACHER, whole, cfg).optLog(new PrintWriter(log, true)).build().run();
        assertTrue(log.toString().contains("teacher stacking: fold network 1/2 trained on 4 labelled windows")
                && log.toString().contains("teacher stacking over the folds")
                && log.toString().contains("expert on fnirs"), log.toString());
        var trainingAccuracy = java.util.regex.Pattern.compile("training accuracy (\\d\\.\\d{3})\\)")
                .matcher(log.toString());
        assertTrue(trainingAccuracy.find(), log.toString());
        double fitted = Double.parseDouble(trainingAccuracy.group(1));
        assertTrue(fitted >= 0.5 && fitted <= 1, "the expert on its own training windows: " + fitted);
        JsonNode test = metrics(whole).get(3);
        double alone = test.get("accuracy_fnirs_expert").asDouble();
        assertTrue(alone >= 0 && alone <= 1, "the expert alone: " + alone);
        JsonNode cfgJson = RunDirectory.readConfig(whole).get("config");
        assertEquals("fnirs", cfgJson.get("fusion").get("teacher_expert").asText());
        assertEquals(0.1, cfgJson.get("fusion").get("teacher_label_smoothing").asDouble());
        assertEquals(HaemodynamicExpert.FEATURES, cfgJson.get("model").get("experts").get(0).get("features").asText());
        assertFalse(RunDirectory.readConfig(teacher).get("config").get("fusion").has("teacher_expert"),
                "a run without an expert records no such key, as before it existed");
        // fitted once and never trained: its weights after the first round are those at the end, and a run
        // interrupted after that round and resumed ends where the uninterrupted one did
        Path cut = dir.resolve("teacher-expert-cut");
        float[][] atFirst = new float[1][];
        assertThrows(IllegalStateException.class, () -> builder(Stage.TEACHER, cut, cfg)
                .optRoundListener((r, s, t, v) -> {
                    atFirst[0] = weights(cut, "expert.fnirs/weight");
                    throw new IllegalStateException("interrupted after round " + r);
                }).build().run());
        float[] w = weights(whole, "expert.fnirs/weight");
        assertArrayEquals(atFirst[0], w);
        double norm = 0;
        for (float v : w) {
            norm += v * v;
        }
        assertTrue(norm > 0, "the expert was fitted");
        builder(Stage.TEACHER, cut, cfg).optResume(true).build().run();
        assertArrayEquals(w, weights(cut, "expert.fnirs/weight"));
        assertArrayEquals(weights(whole, "fusion/head.weight"), weights(cut, "fusion/head.weight"));
        assertFalse(java.util.Arrays.equals(weights(teacher, "fusion/head.weight"),
                weights(whole, "fusion/head.weight")), "the smoothing changes what the network learns");
        // without smoothing the network trains exactly as a teacher without experts: the stacking only adds
        Path unsmoothed = dir.resolve("teacher-expert-unsmoothed");
        run(Stage.TEACHER, unsmoothed, config().with("teacher_expert", "fnirs"), false, null);
        assertArrayEquals(weights(teacher, "fusion/head.weight"), weights(unsmoothed, "fusion/head.weight"));
        float scale = weights(whole, "expert.network/scale")[0];

        // the loaded teacher adds the expert's log-odds, computed here by hand, only where fNIRS is present
        try (NDManager nd = NDManager.newBaseManager();
                FusionModel m = FusionModel.fromSpecsJson(cfgJson.get("model"), 0, ai.djl.Device.cpu())) {
            m.load(RunDirectory.readCheckpoint(whole, RunDirectory.LAST, nd).orElseThrow().parameters(),
                    List.of(""));
            FusionData data = FusionData.split(store, List.of("eeg", "fnirs"),
                    List.of(cfgJson.get("train_subjects").asText().split(",")),
                    List.of(cfgJson.get("test_subjects").asText().split(",")), 2, 9);
            List<String> mods = data.modalities();
            int b = 4;
            FusionData.Batch batch = data.batch(nd, data.test().subList(0, b), mods, i -> true);
            NDArray x = Forward.triple(batch.data(), mods, "fnirs").get(0);
            int c = (int) x.getShape().get(1);
            int t = (int) x.getShape().get(2);
            assertEquals(Map.of("fnirs", c), m.experts());
            float[] raw = x.toFloatArray();
            float[] bias = weights(whole, "expert.fnirs/bias");
            double[] byHand = new double[b * 2];
            for (int r = 0; r < b; r++) {
                for (int ch = 0; ch < c; ch++) {
                    int at = (r * c + ch) * t;
                    double rise = HaemodynamicExpertTest.mean(raw, at, t / 3, 2 * t / 3)
                            - HaemodynamicExpertTest.mean(raw, at, 0, t / 6);
                    double half = HaemodynamicExpertTest.mean(raw, at, t / 2, t)
                            - HaemodynamicExpertTest.mean(raw, at, 0, t / 2);
                    for (int k = 0; k < 2; k++) {
                        byHand[r * 2 + k] += rise * w[ch * 2 + k] + half * w[(c + ch) * 2 + k];
                    }
                }
                for (int k = 0; k < 2; k++) {
                    byHand[r * 2 + k] += bias[k];
                }
            }
            float[] expert = m.expertLogits("fnirs", batch.data(), mods).toFloatArray();
            for (int i = 0; i < byHand.length; i++) {
                assertEquals(byHand[i], expert[i], 1e-3 * Math.max(1, Math.abs(byHand[i])), "logit " + i);
            }
            ai.djl.ndarray.NDList tokens = Forward.tokens(m, batch.data(), mods, false);
            NDArray all = Forward.allPresent(nd, b, 2);
            float[] plain = m.fuse(tokens, all, false).get(0).toFloatArray();
            float[] with = m.withExperts(m.fuse(tokens, all, false).get(0), batch.data(), mods, all).toFloatArray();
            float[] teacherView = Forward.teacher(m, batch.data(), mods, "fnirs").logits().toFloatArray();
            for (int i = 0; i < plain.length; i++) {
                assertEquals(scale * plain[i] + expert[i], with[i], 1e-5 * Math.max(1, Math.abs(with[i])),
                        "logit " + i);
                assertEquals(with[i], teacherView[i], 0, "the student's teacher reads the expert too");
            }
            int eeg = m.fusionSpec().inputs().get(0).modality().equals("eeg") ? 0 : 1;
            NDArray eegOnly = Forward.only(nd, b, 2, eeg);
            float[] eegPlain = m.fuse(tokens, eegOnly, false).get(0).toFloatArray();
            float[] eegWith = m.withExperts(m.fuse(tokens, eegOnly, false).get(0), batch.data(), mods, eegOnly)
                    .toFloatArray();
            for (int i = 0; i < eegPlain.length; i++) {
                assertEquals(scale * eegPlain[i], eegWith[i], 1e-6 * Math.max(1, Math.abs(eegWith[i])),
                        "with fNIRS absent the expert adds nothing");
            }
        }
        // its student trains against it; a modality the pre-training never encoded is refused by name
        builder(Stage.STUDENT, dir.resolve("student-of-expert"), config()).optTeacher(whole).build().run();
        IllegalArgumentException meg = assertThrows(IllegalArgumentException.class, () -> builder(Stage.TEACHER,
                dir.resolve("x5"), config().with("teacher_expert", "meg")).build().run());
        assertTrue(meg.getMessage().contains("teacher_expert names 'meg'") && meg.getMessage().contains("fnirs"),
                meg.getMessage());
    }

    @Test
    void anAlignedRunReadsAlignedEegInTrainingAndTest() throws Exception {
        Path raw = dir.resolve("eeg-raw");
        Path rest = dir.resolve("eeg-rest");
        builder(Stage.SUPERVISED, raw, config()).optKeep("eeg").build().run();
        builder(Stage.SUPERVISED, rest, config().with("eeg_alignment", "rest")).optKeep("eeg").build().run();
        assertEquals("rest", RunDirectory.readConfig(rest).get("config").get("fusion").get("eeg_alignment")
                .asText());
        // the same seed, data and draw: only the alignment differs, and it changes what the encoder learnt
        assertFalse(java.util.Arrays.equals(weights(raw, "encoder.eeg/patch.weight"),
                weights(rest, "encoder.eeg/patch.weight")));
    }

    @Test
    void aStoreOtherThanThePretrainingOnesIsRefused() {
        Path bids = dir.resolve("bids");
        try (WindowStore other = BidsWindowStore.openOrBuild(BidsDataset.open(bids), spec(1), dir.resolve("store2"),
                (d, t, k) -> { }).store()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FusionTrainer.builder().setStage(Stage.TEACHER).setStore(other)
                            .setRunDirectory(dir.resolve("x4")).setPretrained(pre).optConfig(config())
                            .optLog(new PrintWriter(new StringWriter())).build().run());
            assertTrue(e.getMessage().contains("window store") && e.getMessage().contains(store.provenance().key()),
                    e.getMessage());
        }
    }

    @Test
    void modalityDropoutKeepsAModalityInEveryWindow() {
        float[] p = FusionStep.presence(1, 7, 500, 2, 0.6);
        int dropped = 0;
        for (int w = 0; w < 500; w++) {
            assertTrue(p[2 * w] + p[2 * w + 1] >= 1, "window " + w + " kept nothing");
            dropped += 2 - (int) (p[2 * w] + p[2 * w + 1]);
        }
        // each modality is dropped with 0.6, but never both: expected drops per window 2*0.6 - 0.36 = 0.84 ... minus
        // the re-kept one: P(one dropped) = 2*0.6*0.4 = 0.48 (1 drop), P(both) = 0.36 (1 drop after re-keeping)
        assertEquals(0.84, dropped / 500.0, 0.06);
        assertArrayEquals(p, FusionStep.presence(1, 7, 500, 2, 0.6));
        float[] none = FusionStep.presence(1, 7, 50, 3, 0);
        for (float v : none) {
            assertEquals(1f, v);
        }
    }
}
