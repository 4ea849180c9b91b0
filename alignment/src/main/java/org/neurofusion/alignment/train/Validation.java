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
 * (with pool size and chance); the oracle retrieval from the simulator's ground truth when it is known; alignment
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
    private Optional<Retrieval.Result> oracle;
    private Optional<Retrieval.Result> features;
    private Map<String, Retrieval.Result> recovery;

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
        Map<String, float[][]> z = embedAll();
        List<String> names = data.modalityNames();
        float[][] a = z.get(names.get(0));
        float[][] b = z.get(names.get(1));
        Retrieval.Result r = Retrieval.evaluate(a, b, groups);
        retrieval(o, "", r.aToB());
        retrieval(o, "reverse_", r.bToA());
        o.put("retrieval_direction", names.get(0) + "->" + names.get(1));
        oracle().ifPresent(or -> {
            put(o, "oracle_top1", or.aToB().top1());
            put(o, "oracle_top5", or.aToB().top5());
            put(o, "oracle_median_rank", or.aToB().medianRank());
        });
        features().ifPresent(fr -> {
            put(o, "features_top1", fr.aToB().top1());
            put(o, "features_top5", fr.aToB().top5());
            put(o, "features_median_rank", fr.aToB().medianRank());
        });
        recovery().forEach((m, rr) -> {
            put(o, "features_" + m + "_to_truth_top1", rr.aToB().top1());
            put(o, "features_" + m + "_to_truth_median_rank", rr.aToB().medianRank());
        });
        put(o, "alignment", EmbeddingGeometry.alignment(a, b));
        put(o, "uniformity", EmbeddingGeometry.uniformity(a));
        Optional<SubjectProbe.Result> p = probe(a);
        put(o, "subject_probe", p.map(SubjectProbe.Result::accuracy).orElse(Double.NaN));
        put(o, "subject_probe_init", probeInit);
        put(o, "subject_chance", p.map(SubjectProbe.Result::chance).orElse(Double.NaN));
        return o;
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

    /** Mean objective over the held-out contrastive batches, without dropout or gradients. */
    private double loss() {
        WindowDataset val = data.val();
        List<List<Long>> batches = new SubjectBlockedSampler(config.batchSize(), config.minGapSeconds(), 0)
                .batches(val, 0);
        if (batches.isEmpty()) {
            return Double.NaN;
        }
        double sum = 0;
        for (List<Long> b : batches) {
            try (NDManager sm = root.newSubManager()) {
                TrainingData.Batch batch = data.batch(val, sm, b);
                ObjectiveResult r = ContrastiveStep.evaluate(model, objective, batch.data(), batch.labels());
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

    /** The classical-feature baseline's retrieval on the held-out windows; computed once. */
    private Optional<Retrieval.Result> features() {
        if (features == null) {
            features = FeatureBaseline.evaluate(data.store(), data.train(), data.val(), data.modalities(), groups);
        }
        return features;
    }

    /**
     * Where the information is lost, when the simulator's truth is known and the montage is fixed: for each of EEG
     * and fNIRS, how well the classical features of the measured windows retrieve their own window's truth (ridge
     * from measured features to the truth features of the same modality, the same pools). Computed once.
     */
    private Map<String, Retrieval.Result> recovery() {
        if (recovery == null) {
            recovery = new LinkedHashMap<>();
            List<Modality> ms = data.modalities();
            if (truth.isPresent() && ms.contains(Modality.EEG) && ms.contains(Modality.FNIRS) && features().isPresent()) {
                TruthFeatures tr = SimulationTruth.read(truth.get(), truthWindows(data.train()));
                TruthFeatures va = SimulationTruth.read(truth.get(), truthWindows(data.val()));
                OracleRetrieval ridge = OracleRetrieval.builder().build();
                recovery.put("eeg", ridge.evaluate(FeatureBaseline.features(data.store(), data.train(), Modality.EEG),
                        tr.eeg(), FeatureBaseline.features(data.store(), data.val(), Modality.EEG), va.eeg(), groups));
                recovery.put("fnirs", ridge.evaluate(FeatureBaseline.features(data.store(), data.train(),
                        Modality.FNIRS), tr.fnirs(), FeatureBaseline.features(data.store(), data.val(), Modality.FNIRS),
                        va.fnirs(), groups));
            }
        }
        return recovery;
    }

    /** The oracle's retrieval on the held-out windows, fitted on the training windows; computed once. */
    private Optional<Retrieval.Result> oracle() {
        if (oracle == null) {
            oracle = Optional.empty();
            List<Modality> ms = data.modalities();
            if (truth.isPresent() && ms.contains(Modality.EEG) && ms.contains(Modality.FNIRS)) {
                TruthFeatures tr = SimulationTruth.read(truth.get(), truthWindows(data.train()));
                TruthFeatures va = SimulationTruth.read(truth.get(), truthWindows(data.val()));
                oracle = Optional.of(OracleRetrieval.builder().build().evaluate(tr, va, groups));
            }
        }
        return oracle;
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
