package org.neurofusion.alignment.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
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
import org.neurofusion.core.Modality;
import org.neurofusion.core.SensorFeatures;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.WindowingSpec;
import org.neurofusion.datasets.bids.BidsDataset;
import org.neurofusion.datasets.bids.BidsWindowStore;
import org.neurofusion.datasets.simulate.CohortWriter;
import org.neurofusion.datasets.simulate.SimulatedTask;
import org.neurofusion.datasets.simulate.SimulationConfig;
import org.neurofusion.datasets.store.WindowStore;
import org.neurofusion.evaluation.ConditionRegistry;
import org.neurofusion.evaluation.EmbeddingProbe;
import org.neurofusion.evaluation.Evaluation;
import org.neurofusion.evaluation.EvaluationResult;
import org.neurofusion.evaluation.Protocol;
import org.neurofusion.modalities.signal.Pipeline;

/** A pre-training run's frozen encoder as the probe's embedder: its pooled outputs, its refusals, a LOSO run. */
class EncoderEmbedderTest {
    private static final Map<String, Integer> MI = Map.of("left_hand", 0, "right_hand", 1);

    @TempDir
    static Path dir;
    static WindowStore store;
    static Path run;

    @BeforeAll
    static void pretrain() {
        SimulationConfig c = SimulationConfig.builder().optSeed(8).optSubjects(3)
                .optTasks(List.of(SimulatedTask.MOTOR_IMAGERY)).optSessionsPerTask(1).optTrialsPerSession(8)
                .optPreRestSeconds(5).optPostRestSeconds(8).optRestingRunSeconds(0).build();
        Path bids = dir.resolve("bids");
        new CohortWriter(c, EnumSet.of(Modality.EEG, Modality.FNIRS), ".bdf").write(bids, (s, d, t) -> { });
        WindowingSpec spec = WindowingSpec.builder().setEvents(MI)
                .addModality(Modality.EEG, 2, 0, 50, new Pipeline(List.of()))
                .addModality(Modality.FNIRS, 6, 1, Double.NaN, new Pipeline(List.of())).build();
        store = BidsWindowStore.openOrBuild(BidsDataset.open(bids), spec, dir.resolve("store"), (d, t, k) -> { })
                .store();
        run = dir.resolve("pre");
        Pretrainer.builder().setStore(store).setRunDirectory(run).optConfig(PretrainConfig.defaults()
                .with("epochs", "1").with("batch_size", "6").with("min_gap_s", "0").with("holdout_subjects", "1"))
                .optSeed(3).optLog(new PrintWriter(new StringWriter())).build().run();
    }

    static List<PairedWindow> windows() {
        List<PairedWindow> out = new ArrayList<>();
        for (int i = 0; i < store.size(); i++) {
            out.add(store.window(i));
        }
        return out;
    }

    @Test
    void itGivesTheEncodersPooledOutputWhateverTheBatch() {
        List<PairedWindow> ws = windows().subList(0, 5);
        try (EncoderEmbedder one = EncoderEmbedder.load(run, "eeg", Device.cpu(), 1);
                EncoderEmbedder five = EncoderEmbedder.load(run, "eeg", Device.cpu(), 5);
                NDManager m = NDManager.newBaseManager()) {
            double[][] a = one.embed(ws);
            double[][] b = five.embed(ws);
            assertEquals(one.spec().embeddingSize(), a[0].length);
            SignalBlock blk = ws.get(2).blocks().get(Modality.EEG);
            var cs = ws.get(2).channels().get(Modality.EEG);
            // the same window through the run's model directly
            AlignmentModel direct = AlignmentModel.fromSpecsJson(org.neurofusion.alignment.run.RunDirectory
                    .readConfig(run).get("config").path("model"), 0, Device.cpu());
            direct.load(org.neurofusion.alignment.run.RunDirectory.readCheckpoint(run,
                    org.neurofusion.alignment.run.RunDirectory.BEST, m).or(() -> org.neurofusion.alignment.run
                    .RunDirectory.readCheckpoint(run, org.neurofusion.alignment.run.RunDirectory.LAST, m))
                    .orElseThrow().parameters());
            float[] want = direct.encode("eeg", new NDList(
                    m.create(blk.data(), new Shape(1, blk.channelCount(), blk.sampleCount())),
                    m.create(SensorFeatures.of(cs), new Shape(1, cs.size(), SensorFeatures.COUNT)),
                    m.ones(new Shape(1, cs.size()))), false).toFloatArray();
            direct.close();
            for (int j = 0; j < want.length; j++) {
                assertEquals(want[j], a[2][j], 1e-6, "component " + j);
                assertEquals(a[2][j], b[2][j], 1e-5, "batch of 5, component " + j);
            }
        }
    }

    @Test
    void windowsOfAnotherLengthOrWithoutTheModalityAreRefusedNamingTheRun() {
        PairedWindow w = windows().get(0);
        SignalBlock b = w.blocks().get(Modality.EEG);
        SignalBlock half = new SignalBlock(b.channelNames(), b.samplingRate(), 0, b.sampleCount() / 2,
                java.util.Arrays.copyOf(b.data(), b.channelCount() * (b.sampleCount() / 2)));
        Map<Modality, SignalBlock> blocks = new java.util.EnumMap<>(w.blocks());
        blocks.put(Modality.EEG, half);
        PairedWindow shorter = new PairedWindow(blocks, w.channels(), w.label(), w.key(), w.onset(), w.extents());
        try (EncoderEmbedder e = EncoderEmbedder.load(run, "eeg", Device.cpu(), 4)) {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> e.check(shorter));
            assertTrue(x.getMessage().contains("50 samples at 50.0 Hz") && x.getMessage().contains("100 samples")
                    && x.getMessage().contains(run.toString()), x.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> EncoderEmbedder.load(run, "meg", Device.cpu(), 4));
    }

    @Test
    void theFrozenProbeRunsLeaveOneSubjectOut() {
        try (EncoderEmbedder e = EncoderEmbedder.load(run, "eeg", Device.cpu(), 8)) {
            ConditionRegistry r = new ConditionRegistry();
            r.register("eeg-frozen-linear", () -> new EmbeddingProbe(e, EmbeddingProbe.DEFAULT_CS, 5));
            EvaluationResult res = Evaluation.builder().addConditions(List.of("eeg-frozen-linear"), r)
                    .setProtocol(new Protocol.LeaveOneSubjectOut()).setTask("mi").build()
                    .run(windows().stream().filter(w -> w.label().isPresent()).toList());
            assertEquals(3, res.rows().size());
            assertTrue(res.rows().stream().allMatch(x -> x.nTrainLabelled() == 16 && x.kShot() == 0
                    && x.pretrained().equals(run.toAbsolutePath().normalize().toString())), res.rows().toString());
        }
    }
}
