package org.neurofusion.alignment.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neurofusion.alignment.AlignmentObjective;
import org.neurofusion.alignment.ObjectiveResult;
import org.neurofusion.alignment.metrics.EmbeddingGeometry;
import org.neurofusion.alignment.metrics.OracleRetrieval;
import org.neurofusion.alignment.metrics.Retrieval;
import org.neurofusion.alignment.metrics.RetrievalResult;
import org.neurofusion.alignment.metrics.SimulationTruth;
import org.neurofusion.alignment.metrics.SubjectProbe;
import org.neurofusion.alignment.metrics.TruthFeatures;
import org.neurofusion.alignment.metrics.TruthWindow;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.Extent;
import org.neurofusion.datasets.store.SubjectBlockedSampler;
import org.neurofusion.datasets.store.WindowDataset;
import org.neurofusion.datasets.store.WindowInfo;

/**
 * The validation of one epoch on the held-out subjects, as one {@code metrics.jsonl} row: the objective on
 * contrastive batches; retrieval from the first modality to the second and back within each subject and session
 * (with pool size and chance), and with three or more modalities the same for every pair; the oracle retrieval from the simulator's ground truth when it is known; alignment
 * and uniformity; and a cross-validated subject-identity probe on the first modality's embeddings. Validation always
 * uses true pairs, also for the time-shuffled control: the control asks whether mismatched training learns anything.
 */
final class Validation {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TrainingData data;
    private final AlignmentModel model;
    private final AlignmentObjective objective;
    private final PretrainConfig config;
    private final Optional<Path> truth;
    private final NDManager root;
    private final List<String> groups = new ArrayList<>();
    private final List<String> subjects = new ArrayList<>();
    private final List<String> runs = new ArrayList<>();
    private final double[] starts;
    private final List<List<Long>> lossBatches;
    private ObjectNode references;

    Validation(TrainingData data, AlignmentModel model, AlignmentObjective objective, PretrainConfig config,
            Optional<Path> truth, NDManager root) {
        this.data = data;
        this.model = model;
        this.objective = objective;
        this.config = config;
        this.truth = truth;
        this.root = root;
        WindowDataset val = data.val();
        starts = new double[Math.toIntExact(val.size())];
        for (int i = 0; i < val.size(); i++) {
            WindowInfo w = val.info(i);
            groups.add(w.key().subject() + "/" + w.key().session());
            subjects.add(w.key().subject());
            runs.add(w.key().toString());
            starts[i] = w.start();
        }
        // the same batches every epoch: a fixed seed and epoch
        lossBatches = new SubjectBlockedSampler(config.batchSize(), config.minGapSeconds(), 0).batches(val, 0);
    }

    /** The subject probe's accuracy on the first modality's embeddings now (NaN with fewer than 2 subjects). */
    double subjectProbe() {
        return probe(embedAll().get(data.modalityNames().get(0))).map(SubjectProbe.Result::accuracy)
                .orElse(Double.NaN);
    }

    ObjectNode run(int epoch, long step, double probeInit) {
        ObjectNode o = JSON.createObjectNode();
        o.put("epoch", epoch);
        o.put("split", "val");
        o.put("step", step);
        put(o, "loss", loss());
        List<String> names = data.modalityNames();
        boolean views = names.size() == 1;
        // one modality: retrieval from each window's first view to its second, among its subject's and session's
        Map<String, float[][]> z = views ? embedViews() : embedAll();
        List<String> keys = views ? List.of(names.get(0), names.get(0) + ChannelViews.SECOND) : names;
        float[][] a = z.get(keys.get(0));
        float[][] b = z.get(keys.get(1));
        Retrieval.Result r = Retrieval.evaluate(a, b, groups);
        retrieval(o, "", r.aToB());
        retrieval(o, "reverse_", r.bToA());
        o.put("retrieval_direction", keys.get(0) + "->" + keys.get(1));
        if (names.size() > 2) {
            pairRetrieval(o, z, names);
        }
        if (!views) {
            o.setAll(references());
        }
        put(o, "alignment", EmbeddingGeometry.alignment(a, b));
        put(o, "uniformity", EmbeddingGeometry.uniformity(a));
        Optional<SubjectProbe.Result> p = probe(a);
        put(o, "subject_probe", p.map(SubjectProbe.Result::accuracy).orElse(Double.NaN));
        put(o, "subject_probe_init", probeInit);
        put(o, "subject_chance", p.map(SubjectProbe.Result::chance).orElse(Double.NaN));
        return o;
    }

    /**
     * With three or more modalities, retrieval between every pair (in configuration order), both directions, under
     * {@code pair_retrieval} ({@code "eeg->meg": {top1, top5, median_rank, reverse_top1, ..., chance}}), and the mean
     * top-1 over every pair and direction as {@code pair_mean_top1}. The headline keys above stay those of the first
     * pair, so a two-modality row reads as it always has.
     */
    private void pairRetrieval(ObjectNode o, Map<String, float[][]> z, List<String> names) {
        ObjectNode pairs = o.putObject("pair_retrieval");
        double sum = 0;
        int n = 0;
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                Retrieval.Result r = Retrieval.evaluate(z.get(names.get(i)), z.get(names.get(j)), groups);
                ObjectNode p = pairs.putObject(names.get(i) + "->" + names.get(j));
                put(p, "top1", r.aToB().top1());
                put(p, "top5", r.aToB().top5());
                put(p, "median_rank", r.aToB().medianRank());
                put(p, "reverse_top1", r.bToA().top1());
                put(p, "reverse_top5", r.bToA().top5());
                put(p, "reverse_median_rank", r.bToA().medianRank());
                put(p, "chance", r.aToB().chanceTop1());
                sum += r.aToB().top1() + r.bToA().top1();
                n += 2;
            }
        }
        put(o, "pair_mean_top1", sum / n);
    }

    private static void retrieval(ObjectNode o, String prefix, RetrievalResult r) {
        put(o, prefix + "retrieval_top1", r.top1());
        put(o, prefix + "retrieval_top5", r.top5());
        put(o, prefix + "median_rank", r.medianRank());
        if (prefix.isEmpty()) {
            put(o, "candidates", r.meanPoolSize());
            put(o, "chance", r.chanceTop1());
            put(o, "chance_top5", r.chanceTop5());
            o.put("queries", r.queries());
            o.put("top1_chance_bound", r.chanceBound(1, 0.01));
            o.put("top1_hits", Math.round(r.hits(1)));
        }
    }

    private Optional<SubjectProbe.Result> probe(float[][] x) {
        if (data.valSubjects().size() < 2) {
            return Optional.empty();
        }
        return Optional.of(SubjectProbe.builder().build().evaluate(x, subjects, runs, starts));
    }

    /** Seeds of the held-out windows' views: fixed, so that every epoch validates on the same views. */
    private ChannelViews.Spec viewsOf(List<Long> rows) {
        long[] r = rows.stream().mapToLong(Long::longValue).toArray();
        return new ChannelViews.Spec(config.viewDropout(), ChannelViews.seeds(VIEW_SEED, r));
    }

    private static final long VIEW_SEED = 0x5EED_0F_71E35L;

    /**
     * The patches the second view hides, for a model that reconstructs (as in training), drawn from the batch's first
     * row so that every epoch validates on the same views; null for a model without decoders.
     */
    private NDArray hiddenOf(NDList batch, List<Long> rows) {
        if (!model.reconstructs()) {
            return null;
        }
        NDArray data = batch.get(0);
        int b = (int) data.getShape().get(0);
        int c = (int) data.getShape().get(1);
        int p = model.encoder(data().modalityNames().get(0)).spec().patches();
        return org.neurofusion.alignment.PatchMasking.sample(b, c, p, config.maskRatio(), VIEW_SEED + rows.get(0))
                .toNDArray(data.getManager());
    }

    private TrainingData data() {
        return data;
    }

    /** Every held-out window's two views' embeddings, for a model of one modality. */
    private Map<String, float[][]> embedViews() {
        WindowDataset val = data.val();
        int n = Math.toIntExact(val.size());
        String m = data.modalityNames().get(0);
        Map<String, float[][]> out = new LinkedHashMap<>();
        out.put(m, new float[n][]);
        out.put(m + ChannelViews.SECOND, new float[n][]);
        for (int from = 0; from < n; from += config.batchSize()) {
            int to = Math.min(n, from + config.batchSize());
            try (NDManager sm = root.newSubManager()) {
                List<Long> rows = java.util.stream.LongStream.range(from, to).boxed().toList();
                NDList batch = data.batch(val, sm, rows).data();
                ContrastiveStep.TwoViews views = ContrastiveStep.twoViews(model, batch, viewsOf(rows),
                        hiddenOf(batch, rows), false);
                int v = 0;
                for (String key : out.keySet()) {
                    NDArray e = v++ == 0 ? views.first() : views.second();
                    int d = Math.toIntExact(e.getShape().get(1));
                    float[] flat = e.toFloatArray();
                    for (int i = from; i < to; i++) {
                        out.get(key)[i] = java.util.Arrays.copyOfRange(flat, (i - from) * d, (i - from + 1) * d);
                    }
                }
            }
        }
        return out;
    }

    /** Mean objective over the held-out contrastive batches, without dropout or gradients. */
    private double loss() {
        WindowDataset val = data.val();
        List<List<Long>> batches = lossBatches;
        if (batches.isEmpty()) {
            return Double.NaN;
        }
        double sum = 0;
        for (List<Long> b : batches) {
            try (NDManager sm = root.newSubManager()) {
                TrainingData.Batch batch = data.batch(val, sm, b);
                ObjectiveResult r = data.modalityNames().size() == 1
                        ? ContrastiveStep.evaluate(model, objective, batch.data(), batch.labels(), viewsOf(b),
                                hiddenOf(batch.data(), b))
                        : ContrastiveStep.evaluate(model, objective, batch.data(), batch.labels());
                sum += r.total();
            }
        }
        return sum / batches.size();
    }

    /** Every held-out window's shared-space embedding, per modality, in dataset order. */
    Map<String, float[][]> embedAll() {
        WindowDataset val = data.val();
        int n = Math.toIntExact(val.size());
        Map<String, float[][]> out = new LinkedHashMap<>();
        List<String> names = data.modalityNames();
        names.forEach(m -> out.put(m, new float[n][]));
        for (int from = 0; from < n; from += config.batchSize()) {
            int to = Math.min(n, from + config.batchSize());
            try (NDManager sm = root.newSubManager()) {
                List<Long> rows = java.util.stream.LongStream.range(from, to).boxed().toList();
                NDList batch = data.batch(val, sm, rows).data();
                for (int k = 0; k < names.size(); k++) {
                    NDArray e = model.embed(names.get(k),
                            new NDList(batch.get(3 * k), batch.get(3 * k + 1), batch.get(3 * k + 2)), false);
                    int d = Math.toIntExact(e.getShape().get(1));
                    float[] flat = e.toFloatArray();
                    for (int i = from; i < to; i++) {
                        out.get(names.get(k))[i] = java.util.Arrays.copyOfRange(flat, (i - from) * d, (i - from + 1) * d);
                    }
                }
            }
        }
        return out;
    }

    /**
     * The figures that do not depend on the model, computed once for the run (they are repeated in every row so that
     * each row reads on its own): the classical-feature control (when all windows share a montage) and, with the
     * simulator's truth, the oracle and where the information is lost (measured features of each modality
     * retrieving their own window's truth). The truth and the features are each read once.
     */
    private ObjectNode references() {
        if (references != null) {
            return references;
        }
        references = JSON.createObjectNode();
        Optional<FeatureBaseline.Features> f = FeatureBaseline.compute(data.store(), data.train(), data.val(),
                data.modalities());
        OracleRetrieval ridge = OracleRetrieval.builder().build();
        f.ifPresent(x -> ranks(references, "features", ridge.evaluate(x.trainA(), x.trainB(), x.valA(), x.valB(),
                groups)));
        List<Modality> ms = data.modalities();
        if (truth.isPresent() && ms.get(0) == Modality.EEG && ms.get(1) == Modality.FNIRS) {
            TruthFeatures tr = SimulationTruth.read(truth.get(), truthWindows(data.train()));
            TruthFeatures va = SimulationTruth.read(truth.get(), truthWindows(data.val()));
            ranks(references, "oracle", ridge.evaluate(tr, va, groups));
            f.ifPresent(x -> {
                ranks(references, "features_eeg_to_truth", ridge.evaluate(x.trainA(), tr.eeg(), x.valA(), va.eeg(),
                        groups));
                ranks(references, "features_fnirs_to_truth", ridge.evaluate(x.trainB(), tr.fnirs(), x.valB(),
                        va.fnirs(), groups));
            });
        }
        return references;
    }

    private static void ranks(ObjectNode o, String prefix, Retrieval.Result r) {
        put(o, prefix + "_top1", r.aToB().top1());
        put(o, prefix + "_top5", r.aToB().top5());
        put(o, prefix + "_median_rank", r.aToB().medianRank());
    }

    private static List<TruthWindow> truthWindows(WindowDataset ds) {
        List<TruthWindow> out = new ArrayList<>();
        for (long i = 0; i < ds.size(); i++) {
            WindowInfo w = ds.info(i);
            Extent e = w.extent(Modality.EEG);
            Extent f = w.extent(Modality.FNIRS);
            out.add(new TruthWindow(w.key(), e.start(), e.length(), f.start(), f.length()));
        }
        return out;
    }

    /** JSON has no NaN: a value that is not finite is written as null. */
    static void put(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }
}
