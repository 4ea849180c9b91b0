package org.neurofusion.fusion.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.alignment.train.PretrainConfig;
import org.neurofusion.alignment.train.Pretrainer;
import org.neurofusion.core.Channel;
import org.neurofusion.core.Modality;
import org.neurofusion.core.SensorFeatures;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.datasets.WindowingSpec;
import org.neurofusion.datasets.bids.BidsDataset;
import org.neurofusion.datasets.bids.BidsWindowStore;
import org.neurofusion.datasets.simulate.CohortWriter;
import org.neurofusion.datasets.simulate.SimulatedTask;
import org.neurofusion.datasets.simulate.SimulationConfig;
import org.neurofusion.datasets.store.WindowStore;
import org.neurofusion.inference.Artifact;
import org.neurofusion.inference.ArtifactSpec;
import org.neurofusion.inference.BrainDecoder;
import org.neurofusion.inference.Calibration;
import org.neurofusion.inference.IncompatibleInputException;
import org.neurofusion.inference.InputContract;
import org.neurofusion.inference.StreamDecoder;
import org.neurofusion.modalities.signal.CausalFilter;
import org.neurofusion.modalities.signal.Decimate;
import org.neurofusion.modalities.signal.Pipeline;

/**
 * A trained student and a single-modality control exported, loaded and run: the deployed network gives the trained
 * one's outputs, and the windows it cuts from the raw recording under the contract equal the training windows (a
 * 1-20 Hz zero-phase filter and a resampling to 50 Hz, on a tiny simulated cohort).
 */
class ModelExportTest {
    private static final Map<String, Integer> MI = Map.of("left_hand", 0, "right_hand", 1);

    @TempDir
    static Path dir;
    static Path bids;
    static WindowStore store;
    static Path pre;
    static Path teacher;
    static Path student;
    static Path scratch;

    @BeforeAll
    static void train() {
        SimulationConfig c = SimulationConfig.builder().optSeed(4).optSubjects(3)
                .optTasks(List.of(SimulatedTask.MOTOR_IMAGERY)).optSessionsPerTask(1).optTrialsPerSession(8)
                .optPreRestSeconds(5).optPostRestSeconds(8).optRestingRunSeconds(0).build();
        bids = dir.resolve("bids");
        new CohortWriter(c, EnumSet.of(Modality.EEG, Modality.FNIRS), ".bdf").write(bids, (s, d, t) -> { });
        WindowingSpec spec = WindowingSpec.builder().setEvents(MI)
                .addModality(Modality.EEG, 2, 0, Double.NaN,
                        new Pipeline(List.of(new CausalFilter(1, 20, 4), new Decimate(4))))
                .addModality(Modality.FNIRS, 6, 1, Double.NaN, new Pipeline(List.of())).build();
        store = BidsWindowStore.openOrBuild(BidsDataset.open(bids), spec, dir.resolve("store"), (d, t, k) -> { })
                .store();
        pre = dir.resolve("pre");
        PretrainConfig pc = PretrainConfig.defaults().with("epochs", "1").with("batch_size", "6")
                .with("min_gap_s", "0").with("holdout_subjects", "1").with("supcon_weight", "0");
        PrintWriter quiet = new PrintWriter(new StringWriter());
        Pretrainer.builder().setStore(store).setRunDirectory(pre).optConfig(pc).optSeed(5).optLog(quiet).build().run();
        FusionConfig cfg = FusionConfig.defaults().with("steps", "4").with("eval_every", "4").with("batch_size", "6")
                .with("labelled_per_class", "2");
        teacher = dir.resolve("teacher");
        student = dir.resolve("student");
        scratch = dir.resolve("scratch");
        for (Stage s : List.of(Stage.TEACHER, Stage.STUDENT, Stage.SUPERVISED)) {
            Path out = s == Stage.TEACHER ? teacher : s == Stage.STUDENT ? student : scratch;
            FusionTrainer.Builder b = FusionTrainer.builder().setStage(s).setStore(store).setRunDirectory(out)
                    .setPretrained(pre).optConfig(cfg).optSeed(9).optLog(quiet);
            if (s == Stage.STUDENT) {
                b.optTeacher(teacher);
            }
            b.build().run();
        }
    }

    /** The test subject's windows with an EEG block. */
    static List<Integer> testWindows() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < store.size(); i++) {
            if (store.info(i).key().subject().equals("03") && store.info(i).extents().containsKey(Modality.EEG)) {
                out.add(i);
            }
        }
        return out;
    }

    /** The trained run's own probabilities on store windows, through the training code's forward pass. */
    static float[][] trained(Path run, Stage stage, List<Integer> windows) {
        return trained(run, stage, windows, null);
    }

    /** As {@link #trained(Path, Stage, List)} on windows aligned by {@code align} (null: as stored). */
    static float[][] trained(Path run, Stage stage, List<Integer> windows, SubjectAlignment align) {
        SourceRun r = SourceRun.read(run);
        try (FusionModel m = FusionModel.fromSpecsJson(r.model(), 0, Device.cpu());
                NDManager nd = NDManager.newBaseManager(Device.cpu())) {
            m.load(r.parameters(nd), List.of(""));
            float[][] out = new float[windows.size()][];
            for (int k = 0; k < windows.size(); k++) {
                int i = windows.get(k);
                SignalBlock b = store.block(i, Modality.EEG);
                List<Channel> cs = store.channels(i, Modality.EEG);
                float[] data = align == null ? b.data() : align.apply(store.info(i).key().subject(),
                        b.channelNames(), b.data());
                NDArray x = nd.create(data, new Shape(1, b.channelCount(), b.sampleCount()));
                NDArray s = nd.create(SensorFeatures.of(cs), new Shape(1, cs.size(), SensorFeatures.COUNT));
                NDArray mask = nd.ones(new Shape(1, cs.size()), DataType.FLOAT32);
                NDList batch = new NDList(x, s, mask);
                NDArray logits = stage == Stage.STUDENT
                        ? Forward.student(m, batch, List.of("eeg"), "eeg", false).logits()
                        : m.fuse(Forward.tokens(m, batch, List.of("eeg"), false), Forward.allPresent(nd, 1, 1), false)
                                .get(0);
                out[k] = logits.softmax(1).toFloatArray();
            }
            return out;
        }
    }

    @Test
    void theExportedStudentGivesTheTrainedOnesOutputs() {
        Path out = dir.resolve("model-student");
        Artifact a = ModelExport.export(student, store, ModelExport.Options.defaults());
        a.write(out);
        assertEquals(ArtifactSpec.STUDENT, a.spec().kind());
        assertEquals(List.of("left_hand", "right_hand"), a.spec().contract().labels());
        assertEquals(50, a.spec().contract().rate());
        assertTrue(a.spec().contract().pipeline().contains("\"causal_filter\""), a.spec().contract().pipeline());
        assertTrue(a.spec().contract().streamable());
        assertTrue(a.provenance().path("window_store_provenance").path("inputs").size() > 10,
                "the data files' checksums travel with the model");
        assertEquals("student", a.provenance().path("last_test_metrics").path("stage").asText());
        assertTrue(a.tensors().keySet().stream().noneMatch(k -> k.startsWith("encoder.fnirs") || k.startsWith("head.")),
                "only the kept encoder, the imputation head and the fusion block travel");
        List<Integer> windows = testWindows();
        float[][] want = trained(student, Stage.STUDENT, windows);
        try (BrainDecoder d = BrainDecoder.load(out, Device.cpu(), 1)) {
            for (int k = 0; k < windows.size(); k++) {
                int i = windows.get(k);
                float[] got = d.probabilities(List.of(store.block(i, Modality.EEG)),
                        store.channels(i, Modality.EEG))[0];
                assertArrayEquals(want[k], got, "window " + i);
            }
        }
    }

    @Test
    void theContractCutsTheTrainingWindowsFromTheRawRecording() {
        Artifact a = ModelExport.export(scratch, store, ModelExport.Options.defaults());
        assertEquals(ArtifactSpec.SINGLE_MODALITY, a.spec().kind());
        BidsDataset ds = BidsDataset.open(bids);
        List<Integer> windows = testWindows();
        float[][] want = trained(scratch, Stage.SUPERVISED, windows);
        try (BrainDecoder d = BrainDecoder.of(a, Device.cpu(), 4)) {
            int k = 0;
            for (int i : windows) {
                SignalBlock training = store.block(i, Modality.EEG);
                try (var pair = ds.pair(store.info(i).key())) {
                    BrainDecoder.Prepared p = d.prepare(pair.recording(Modality.EEG), "run " + store.info(i).key());
                    int[] all = new int[p.match().channels().size()];
                    for (int c = 0; c < all.length; c++) {
                        all[c] = c;
                    }
                    SignalBlock cut = p.recording().read(all, training.firstSample(), training.sampleCount());
                    assertArrayEquals(training.data(), cut.data(), "window " + i);
                    float[] got = d.probabilities(List.of(cut), p.match().channels())[0];
                    assertArrayEquals(want[k], got, 1e-6f, "window " + i);
                }
                k++;
            }
        }
    }

    @Test
    void aStreamOfTheRawRecordingDecodesTheTrainingWindowsAsTheTrainedModelDoes() {
        Artifact a = ModelExport.export(student, store, ModelExport.Options.defaults());
        BidsDataset ds = BidsDataset.open(bids);
        List<Integer> windows = testWindows();
        float[][] want = trained(student, Stage.STUDENT, windows);
        var key = store.info(windows.get(0)).key();
        List<Integer> inRun = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        for (int k = 0; k < windows.size(); k++) {
            if (store.info(windows.get(k)).key().equals(key)) {
                inRun.add(k);
                starts.add(store.block(windows.get(k), Modality.EEG).firstSample());
            }
        }
        assertTrue(inRun.size() >= 4, "windows of one run: " + inRun.size());
        try (BrainDecoder d = BrainDecoder.of(a, Device.cpu(), 1); var pair = ds.pair(key)) {
            var rec = pair.recording(Modality.EEG);
            StreamDecoder s = new StreamDecoder(d, rec.channels(), "amp", Double.NaN,
                    starts.stream().mapToLong(Long::longValue).toArray());
            List<float[]> got = new ArrayList<>();
            long total = rec.channels().get(0).sampleCount();
            int chunk = 23; // samples at 200 Hz, not a multiple of the decimation
            for (long t = 0; t < total; t += chunk) {
                int len = (int) Math.min(chunk, total - t);
                double[][] rows = new double[rec.channels().size()][len];
                for (int c = 0; c < rows.length; c++) {
                    rec.read(c, t, rows[c], 0, len);
                }
                s.push(rows).forEach(x -> got.add(x.prediction().probabilities()));
            }
            assertEquals(inRun.size(), got.size());
            for (int j = 0; j < inRun.size(); j++) {
                assertArrayEquals(want[inRun.get(j)], got.get(j), "window " + windows.get(inRun.get(j)));
            }
        }
    }

    @Test
    void aTeacherOrAPretrainingRunIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelExport.export(teacher, store, ModelExport.Options.defaults()));
        assertTrue(e.getMessage().contains("is a teacher"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModelExport.export(pre, store,
                ModelExport.Options.defaults()), "a pre-training run is no fusion run");
    }

    @Test
    void anFnirsModelTrainedOnAlignedFnirsIsRefusedNotExportedWithoutItsAlignment() {
        Path fn = dir.resolve("fnirs-aligned");
        FusionConfig cfg = FusionConfig.defaults().with("steps", "2").with("eval_every", "2").with("batch_size", "6")
                .with("labelled_per_class", "2").with("fnirs_alignment", "all");
        FusionTrainer.builder().setStage(Stage.SUPERVISED).setStore(store).setRunDirectory(fn).setPretrained(pre)
                .optKeep("fnirs").optConfig(cfg).optSeed(9).optLog(new PrintWriter(new StringWriter())).build().run();
        FusionSetupException e = assertThrows(FusionSetupException.class,
                () -> ModelExport.export(fn, store, ModelExport.Options.defaults()));
        assertTrue(e.getMessage().contains("fnirs_alignment") && e.getMessage().contains(fn.toString()),
                e.getMessage());
    }

    @Test
    void aModelTrainedOnAlignedEegDecodesANewSubjectAfterItsCalibrationAsTrainingDid() {
        Path aligned = dir.resolve("aligned");
        FusionConfig cfg = FusionConfig.defaults().with("steps", "2").with("eval_every", "2").with("batch_size", "6")
                .with("labelled_per_class", "2").with("eeg_alignment", "all");
        FusionTrainer.builder().setStage(Stage.SUPERVISED).setStore(store).setRunDirectory(aligned).setPretrained(pre)
                .optConfig(cfg).optSeed(9).optKeep("eeg").optLog(new PrintWriter(new StringWriter())).build().run();
        Artifact a = ModelExport.export(aligned, store, ModelExport.Options.defaults());
        // the store has no sliding part over resting runs: a calibration recording is cut every window length
        assertEquals(new InputContract.Alignment("all", SubjectAlignment.RMS, SubjectAlignment.SHRINKAGE, 2.0),
                a.spec().contract().alignment());
        assertEquals(2, a.spec().formatVersion(), "an aligned contract needs format 2");
        assertEquals(1, ModelExport.export(scratch, store, ModelExport.Options.defaults()).spec().formatVersion(),
                "an unaligned model stays readable by readers of format 1");
        Path out = dir.resolve("model-aligned");
        a.write(out);
        List<Integer> windows = testWindows();
        List<SignalBlock> blocks = windows.stream().map(i -> store.block(i, Modality.EEG)).toList();
        List<Channel> channels = store.channels(windows.get(0), Modality.EEG);
        List<String> names = channels.stream().map(Channel::name).toList();
        // training aligned the test subject on all its windows: the deployment calibrates on the same ones
        SubjectAlignment fitted = SubjectAlignment.fit(store, Modality.EEG, "all", List.of("03"));
        float[][] want = trained(aligned, Stage.SUPERVISED, windows, fitted);
        float[][] raw = trained(aligned, Stage.SUPERVISED, windows);
        try (BrainDecoder d = BrainDecoder.load(out, Device.cpu(), 3)) {
            assertEquals(a.spec().contract().alignment(), d.contract().alignment(), "the contract's JSON round trip");
            Calibration cal = d.calibrate(blocks, names, "subject 03");
            assertEquals(windows.size(), cal.windows());
            assertArrayEquals(fitted.matrix("03", names), cal.matrix(), "the same windows, the same matrix");
            float[][] got = d.probabilities(blocks, channels, cal);
            boolean differs = false;
            for (int k = 0; k < windows.size(); k++) {
                assertArrayEquals(want[k], got[k], 1e-6f, "window " + windows.get(k));
                differs |= Math.abs(raw[k][0] - want[k][0]) > 1e-4;
            }
            assertTrue(differs, "the alignment changes the outputs, so the equality above is a check of it");
            IncompatibleInputException none = assertThrows(IncompatibleInputException.class,
                    () -> d.probabilities(blocks, channels));
            assertTrue(none.getMessage().contains("aligned per subject") && none.getMessage().contains("'all'"),
                    none.getMessage());
        }
    }
}
