package org.neurofusion.alignment.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.neurofusion.alignment.run.Checkpoint;
import org.neurofusion.alignment.run.ConfigMismatchException;
import org.neurofusion.alignment.run.RunDirectory;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.WindowingSpec;
import org.neurofusion.datasets.bids.BidsDataset;
import org.neurofusion.datasets.bids.BidsWindowStore;
import org.neurofusion.datasets.simulate.CohortWriter;
import org.neurofusion.datasets.simulate.SimulatedTask;
import org.neurofusion.datasets.simulate.SimulationConfig;
import org.neurofusion.datasets.store.WindowStore;
import org.neurofusion.modalities.io.NpyReader;
import org.neurofusion.modalities.signal.Pipeline;

/** Pre-training on a tiny simulated cohort: the run folder's contents, determinism and bit-identical resume. */
class PretrainerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Integer> MI = Map.of("left_hand", 0, "right_hand", 1);

    @TempDir
    static Path dir;
    static Path bids;
    static WindowStore store;

    @BeforeAll
    static void simulate() {
        SimulationConfig c = SimulationConfig.builder().optSeed(3).optSubjects(3)
                .optTasks(List.of(SimulatedTask.MOTOR_IMAGERY)).optSessionsPerTask(1).optTrialsPerSession(6)
                .optPreRestSeconds(5).optPostRestSeconds(8).optRestingRunSeconds(40).build();
        bids = dir.resolve("bids");
        new CohortWriter(c, EnumSet.of(Modality.EEG, Modality.FNIRS), ".bdf").write(bids, (s, d, t) -> { });
        WindowingSpec spec = WindowingSpec.builder().setEvents(MI)
                .addModality(Modality.EEG, 2, 0, 50, new Pipeline(List.of()))
                .addModality(Modality.FNIRS, 6, 1, Double.NaN, new Pipeline(List.of())).build()
                .withParts(List.of(WindowingSpec.Part.events(MI).withTasks("mi"),
                        WindowingSpec.Part.sliding(3).withTasks("rest")));
        store = BidsWindowStore.openOrBuild(BidsDataset.open(bids), spec, dir.resolve("store"), (d, t, k) -> { })
                .store();
    }

    static PretrainConfig config() {
        return PretrainConfig.defaults().with("epochs", "2").with("batch_size", "6").with("min_gap_s", "0")
                .with("holdout_subjects", "1").with("patience", "5");
    }

    private static Pretrainer.Summary train(Path run, boolean resume, Pretrainer.EpochListener l) {
        return Pretrainer.builder().setStore(store).setRunDirectory(run).optConfig(config()).optSeed(11)
                .optResume(resume).optTruth(bids).optEpochListener(l)
                .optLog(new PrintWriter(new StringWriter())).build().run();
    }

    @Test
    void aRunWritesItsFolderAndTheSameSeedGivesTheSameNumbers() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Pretrainer.Summary sa = train(a, false, (e, t, v) -> { });
        train(b, false, (e, t, v) -> { });
        assertEquals(2, sa.epochsRun());
        for (String f : List.of(RunDirectory.CONFIG, RunDirectory.PROVENANCE, RunDirectory.METRICS)) {
            assertTrue(Files.exists(a.resolve(f)), f);
        }
        List<JsonNode> rows = rows(a);
        assertEquals(4, rows.size());
        JsonNode val = rows.get(1);
        assertEquals("val", val.get("split").asText());
        for (String k : List.of("epoch", "loss", "retrieval_top1", "retrieval_top5", "median_rank", "candidates",
                "chance", "oracle_top1", "features_top1", "features_eeg_to_truth_top1", "features_fnirs_to_truth_top1",
                "subject_probe", "subject_probe_init", "subject_chance")) {
            assertTrue(val.has(k), "validation row lacks " + k + ": " + val);
            // the probe needs two held-out subjects (here one: null); every other figure is a finite number
            assertTrue(k.startsWith("subject_probe") || k.equals("subject_chance") || val.get(k).isNumber(),
                    k + " is not a number: " + val);
        }
        // one held-out subject: retrieval among its own windows; the probe needs two subjects
        assertEquals(1.0 / val.get("candidates").asDouble(), val.get("chance").asDouble(), 1e-9);
        assertTrue(val.get("subject_probe").isNull());
        assertEquals(stripTimes(rows), stripTimes(rows(b)));
        assertArrayEquals(lastParameters(a), lastParameters(b));

        // the run's encoder exports every EEG window into the shared space, one unit row per window
        Path npy = dir.resolve("emb.npy");
        EmbeddingExport.Written w = EmbeddingExport.write(a, store, "eeg", npy, 16, ai.djl.Device.cpu());
        assertEquals(store.size(), w.windows());
        try (NpyReader r = NpyReader.open(npy)) {
            assertEquals(store.size(), r.rows());
            assertEquals(64, r.columns());
            double norm = 0;
            for (double v : r.readRow(3)) {
                norm += v * v;
            }
            assertEquals(1.0, norm, 1e-4);
        }
        List<String> tsv = Files.readAllLines(w.tsv());
        assertEquals(store.size() + 1, tsv.size());
        assertTrue(tsv.get(1).startsWith("0\t0\tsub-01"), tsv.get(1));
        assertThrows(IllegalArgumentException.class, () -> EmbeddingExport.write(a, store, "meg", npy, 16,
                ai.djl.Device.cpu()));
    }

    /** Stopping on the partner's median rank: lower is better, so the best epoch is the one with the lowest rank. */
    @Test
    void theMedianRankCanBeTheStoppingMetric() {
        List<JsonNode> val = new ArrayList<>();
        Pretrainer.Summary s = Pretrainer.builder().setStore(store).setRunDirectory(dir.resolve("rank"))
                .optConfig(config().with("epochs", "3").with("stop_metric", "neg_median_rank")).optSeed(11)
                .optEpochListener((e, t, v) -> val.add(v)).optLog(new PrintWriter(new StringWriter())).build().run();
        double best = val.stream().mapToDouble(v -> v.get("median_rank").asDouble()).min().orElseThrow();
        assertEquals(-best, s.bestMetric(), 1e-12);
        int first = 1;
        for (int e = 0; e < val.size(); e++) {
            if (val.get(e).get("median_rank").asDouble() == best) {
                first = e + 1;
                break;
            }
        }
        assertEquals(first, s.bestEpoch());
    }

    @Test
    void aRunWithReconstructionLogsItsTermAndKeepsDecoders() throws Exception {
        Path run = dir.resolve("rec");
        Pretrainer.builder().setStore(store).setRunDirectory(run)
                .optConfig(config().with("epochs", "1").with("reconstruction_weight", "0.5")).optSeed(11)
                .optLog(new PrintWriter(new StringWriter())).build().run();
        JsonNode trainRow = rows(run).get(0);
        assertEquals("train", trainRow.get("split").asText());
        double rec = trainRow.path("reconstruction").asDouble(Double.NaN);
        assertTrue(rec > 0 && Double.isFinite(rec), "train row lacks a reconstruction term: " + trainRow);
        assertTrue(trainRow.has("info_nce"), trainRow.toString());
        JsonNode cfg = JSON.readTree(Files.readString(run.resolve(RunDirectory.CONFIG))).get("config");
        assertTrue(cfg.path("model").path("reconstruction").asBoolean(false), cfg.toString());
        try (NDManager m = NDManager.newBaseManager();
                RunDirectory r = RunDirectory.resume(run, cfg, 11)) {
            Checkpoint c = r.latest(m).orElseThrow();
            assertTrue(c.parameters().containsKey("decoder.eeg/mask_token"), c.parameters().keySet().toString());
        }
        // without reconstruction a run's checkpoint has no decoder and its model specs no flag
        Path plain = dir.resolve("plain");
        train(plain, false, (e, t, v) -> { });
        JsonNode pc = JSON.readTree(Files.readString(plain.resolve(RunDirectory.CONFIG))).get("config");
        assertTrue(pc.path("model").path("reconstruction").isMissingNode(), pc.toString());
        // haemodynamic_patches 1: the fNIRS encoder reads its whole window as one patch, the EEG one is the preset's
        Path whole = dir.resolve("one-fnirs-patch");
        Pretrainer.builder().setStore(store).setRunDirectory(whole)
                .optConfig(config().with("epochs", "1").with("haemodynamic_patches", "1")).optSeed(11)
                .optLog(new PrintWriter(new StringWriter())).build().run();
        JsonNode wc = JSON.readTree(Files.readString(whole.resolve(RunDirectory.CONFIG))).get("config");
        JsonNode fn = wc.path("model").path("encoders").path("fnirs");
        assertEquals(fn.path("windowSamples").asInt(), fn.path("patchSamples").asInt(), fn.toString());
        JsonNode plainFnirs = pc.path("model").path("encoders").path("fnirs");
        assertTrue(plainFnirs.path("patchSamples").asInt() < plainFnirs.path("windowSamples").asInt(),
                plainFnirs.toString());
        assertEquals(pc.path("model").path("encoders").path("eeg"), wc.path("model").path("encoders").path("eeg"));
    }

    /**
     * One modality: self-supervised. The InfoNCE term contrasts two channel-dropout views of each window, beside
     * masked-patch reconstruction; validation retrieves a window's second view from its first; the subjects named in
     * {@code holdout} validate.
     */
    @Test
    void aSingleModalityRunContrastsTwoViewsOfEachWindow() throws Exception {
        Path run = dir.resolve("views");
        PretrainConfig c = config().with("modalities", "eeg").with("supcon_weight", "0")
                .with("view_dropout", "0.5").with("epochs", "6").with("holdout", "01").with("learning_rate", "0.003");
        Pretrainer.Summary s = Pretrainer.builder().setStore(store).setRunDirectory(run).optConfig(c).optSeed(11)
                .optLog(new PrintWriter(new StringWriter())).build().run();
        assertEquals(6, s.epochsRun());
        List<JsonNode> rows = rows(run);
        JsonNode first = rows.get(0);
        JsonNode last = rows.get(10);
        assertEquals("train", last.get("split").asText());
        assertTrue(first.has("info_nce") && !first.has("reconstruction") && !first.has("supcon"), first.toString());
        assertTrue(last.get("info_nce").asDouble() < first.get("info_nce").asDouble(),
                "the views' InfoNCE falls: " + first.get("info_nce") + " -> " + last.get("info_nce"));
        JsonNode val = rows.get(11);
        assertEquals("eeg->eeg.view", val.get("retrieval_direction").asText());
        // seed 11, 17 held-out windows: a window's other view ranks 4th (chance: 9th), in the top 5 for 10 of 17
        // (chance 5), and the held-out view loss falls
        assertTrue(val.get("median_rank").asDouble() < val.get("candidates").asDouble() / 2 - 2, val.toString());
        assertTrue(val.get("retrieval_top5").asDouble() > 1.5 * val.get("chance_top5").asDouble(), val.toString());
        assertTrue(val.get("loss").asDouble() < rows.get(1).get("loss").asDouble(), val.toString());
        assertTrue(!val.has("features_top1") && !val.has("oracle_top1"), "cross-modal references need two"
                + " modalities: " + val);
        JsonNode cfg = JSON.readTree(Files.readString(run.resolve(RunDirectory.CONFIG))).get("config");
        assertEquals("01", cfg.get("val_subjects").asText());
        assertEquals("02,03", cfg.get("train_subjects").asText());
        assertEquals(0.5, cfg.path("pretrain").path("view_dropout").asDouble());

        // with reconstruction, the second view is the masked pass: both terms are logged
        Path rec = dir.resolve("views-rec");
        Pretrainer.builder().setStore(store).setRunDirectory(rec).optConfig(c.with("epochs", "1")
                .with("reconstruction_weight", "0.5")).optSeed(11).optLog(new PrintWriter(new StringWriter())).build()
                .run();
        JsonNode t = rows(rec).get(0);
        assertTrue(t.get("info_nce").asDouble() > 0 && t.get("reconstruction").asDouble() > 0, t.toString());
        assertTrue(rows(rec).get(1).get("retrieval_top1").isNumber());
    }

    @Test
    void anInterruptedRunResumesToTheSameWeights() throws Exception {
        Path whole = dir.resolve("whole");
        Path cut = dir.resolve("cut");
        train(whole, false, (e, t, v) -> { });
        // a crash right after epoch 1's checkpoint, as a kill -9 during epoch 2 would leave it
        assertThrows(IllegalStateException.class, () -> train(cut, false, (e, t, v) -> {
            throw new IllegalStateException("killed after epoch " + e);
        }));
        assertEquals(2, rows(cut).size());
        train(cut, true, (e, t, v) -> { });
        assertArrayEquals(lastParameters(whole), lastParameters(cut));
        assertEquals(stripTimes(rows(whole)), stripTimes(rows(cut)));
    }

    @Test
    void resumingWithAnotherConfigurationIsRefused() {
        Path run = dir.resolve("mismatch");
        train(run, false, (e, t, v) -> { });
        assertThrows(ConfigMismatchException.class, () -> Pretrainer.builder().setStore(store).setRunDirectory(run)
                .optConfig(config().with("learning_rate", "0.5")).optSeed(11).optResume(true)
                .optLog(new PrintWriter(new StringWriter())).build().run());
    }

    private static List<JsonNode> rows(Path run) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve(RunDirectory.METRICS))) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private static List<JsonNode> stripTimes(List<JsonNode> rows) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode r : rows) {
            ObjectNode c = ((ObjectNode) r).deepCopy();
            c.remove(List.of("seconds", "windows_per_s"));
            out.add(c);
        }
        return out;
    }

    private static float[] lastParameters(Path run) {
        try (NDManager m = NDManager.newBaseManager();
                RunDirectory r = RunDirectory.resume(run, JSON.readTree(Files.readString(run.resolve(
                        RunDirectory.CONFIG))).get("config"), 11)) {
            Checkpoint c = r.latest(m).orElseThrow();
            List<Float> all = new ArrayList<>();
            c.parameters().values().forEach(a -> {
                for (float f : a.toFloatArray()) {
                    all.add(f);
                }
            });
            float[] out = new float[all.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = all.get(i);
            }
            return out;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
