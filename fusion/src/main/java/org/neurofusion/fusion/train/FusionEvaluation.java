package org.neurofusion.fusion.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.neurofusion.evaluation.Metrics;

/**
 * Held-out evaluation of a fusion run: accuracy and balanced accuracy over the test subjects' labelled windows, in
 * all and per subject; for the teacher also with each modality alone (the teacher with EEG only) and each of its
 * experts alone ({@code accuracy_<m>_expert}); for a student also
 * how close its imputed embedding comes to the real missing-modality embedding (mean cosine), beside the mean
 * training embedding as the baseline the imputation must beat. Nothing here picks a model: the rows are reported.
 */
final class FusionEvaluation {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Training windows whose real embeddings give the student's baseline (the mean training embedding). */
    static final int MEAN_SAMPLE = 256;

    private final Stage stage;
    private final FusionModel model;
    private final FusionModel teacher;
    private final FusionData data;
    private final String keep;
    private final int batchSize;
    private final long seed;
    private float[] meanEmbedding;

    FusionEvaluation(Stage stage, FusionModel model, FusionModel teacher, FusionData data, String keep,
            int batchSize, long seed) {
        this.stage = stage;
        this.model = model;
        this.teacher = teacher;
        this.data = data;
        this.keep = keep;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    private List<String> batchModalities() {
        return stage == Stage.TEACHER || stage == Stage.STUDENT ? data.modalities() : List.of(keep);
    }

    /** The {@code metrics.jsonl} row of round {@code round}. */
    ObjectNode run(int round, long step, NDManager root) {
        List<Long> test = data.test();
        int[] truth = new int[test.size()];
        Map<String, int[]> predicted = new LinkedHashMap<>();
        double cosSum = 0;
        double baseSum = 0;
        double centredSum = 0;
        if (stage == Stage.STUDENT && meanEmbedding == null) {
            meanEmbedding = meanTrainingEmbedding(root);
        }
        List<String> mods = batchModalities();
        for (int from = 0; from < test.size(); from += batchSize) {
            List<Long> idx = test.subList(from, Math.min(test.size(), from + batchSize));
            try (NDManager sm = root.newSubManager()) {
                FusionData.Batch batch = data.batch(sm, idx, mods, i -> true);
                int[] labels = batch.labels().toIntArray();
                System.arraycopy(labels, 0, truth, from, labels.length);
                NDList d = batch.data();
                long b = idx.size();
                switch (stage) {
                    case TEACHER -> {
                        NDList tokens = Forward.tokens(model, d, mods, false);
                        int m = tokens.size();
                        NDArray all = Forward.allPresent(sm, b, m);
                        record(predicted, "", from, test.size(),
                                model.withExperts(model.fuse(tokens, all, false).get(0), d, mods, all));
                        for (int k = 0; k < m; k++) {
                            String only = "_" + model.fusionSpec().inputs().get(k).modality() + "_only";
                            NDArray one = Forward.only(sm, b, m, k);
                            record(predicted, only, from, test.size(),
                                    model.withExperts(model.fuse(tokens, one, false).get(0), d, mods, one));
                        }
                        for (String e : model.experts().keySet()) {
                            record(predicted, "_" + e + "_expert", from, test.size(), model.expertLogits(e, d, mods));
                        }
                    }
                    case SUPERVISED, SELF_TRAINING -> {
                        NDList tokens = Forward.tokens(model, d, mods, false);
                        record(predicted, "", from, test.size(),
                                model.fuse(tokens, Forward.allPresent(sm, b, 1), false).get(0));
                    }
                    case STUDENT -> {
                        Forward.StudentView sv = Forward.student(model, d, mods, keep, false);
                        record(predicted, "", from, test.size(), sv.logits());
                        Forward.TeacherView tv = Forward.teacher(teacher, d, mods, missing());
                        float[] imp = sv.imputedEmbedding().toFloatArray();
                        float[] real = tv.realEmbedding().toFloatArray();
                        int dim = meanEmbedding.length;
                        for (int r = 0; r < b; r++) {
                            cosSum += cosine(imp, r * dim, real, r * dim, dim);
                            baseSum += cosine(meanEmbedding, 0, real, r * dim, dim);
                            centredSum += centredCosine(imp, real, meanEmbedding, r * dim, dim);
                        }
                    }
                    default -> throw new IllegalStateException("unknown stage " + stage);
                }
            }
        }
        ObjectNode row = JSON.createObjectNode();
        row.put("epoch", round);
        row.put("split", "test");
        row.put("stage", stage.label());
        row.put("step", step);
        row.put("windows", test.size());
        row.put("classes", data.classes());
        row.put("chance", majorityShare(truth));
        for (Map.Entry<String, int[]> e : predicted.entrySet()) {
            row.put("accuracy" + e.getKey(), Metrics.accuracy(truth, e.getValue()));
            row.put("balanced_accuracy" + e.getKey(), Metrics.balancedAccuracy(truth, e.getValue()));
        }
        Map<String, List<Integer>> bySubject = new TreeMap<>();
        for (int i = 0; i < test.size(); i++) {
            bySubject.computeIfAbsent(data.info(test.get(i)).key().subject(), k -> new ArrayList<>()).add(i);
        }
        ObjectNode per = row.putObject("per_subject");
        bySubject.forEach((s, rows) -> {
            int[] t = rows.stream().mapToInt(i -> truth[i]).toArray();
            ObjectNode o = per.putObject(s);
            predicted.forEach((variant, all) -> {
                int[] p = rows.stream().mapToInt(i -> all[i]).toArray();
                o.put("accuracy" + variant, Metrics.accuracy(t, p));
                o.put("balanced_accuracy" + variant, Metrics.balancedAccuracy(t, p));
            });
            o.put("windows", t.length);
        });
        if (stage == Stage.STUDENT) {
            row.put("imputation_cosine", cosSum / test.size());
            row.put("mean_embedding_cosine", baseSum / test.size());
            row.put("imputation_margin", (cosSum - baseSum) / test.size());
            row.put("imputation_cosine_centred", centredSum / test.size());
        }
        return row;
    }

    /**
     * The model's class probabilities (softmax of its logits, all modalities present for the teacher) for every test
     * window, in the order of {@link FusionData#test()}.
     */
    List<float[]> probabilities(NDManager root) {
        List<Long> test = data.test();
        List<String> mods = batchModalities();
        List<float[]> out = new ArrayList<>(test.size());
        for (int from = 0; from < test.size(); from += batchSize) {
            List<Long> idx = test.subList(from, Math.min(test.size(), from + batchSize));
            try (NDManager sm = root.newSubManager()) {
                FusionData.Batch batch = data.batch(sm, idx, mods, i -> true);
                NDList d = batch.data();
                long b = idx.size();
                NDArray logits = switch (stage) {
                    case TEACHER -> {
                        NDList tokens = Forward.tokens(model, d, mods, false);
                        NDArray all = Forward.allPresent(sm, b, tokens.size());
                        yield model.withExperts(model.fuse(tokens, all, false).get(0), d, mods, all);
                    }
                    case SUPERVISED, SELF_TRAINING -> model.fuse(Forward.tokens(model, d, mods, false),
                            Forward.allPresent(sm, b, 1), false).get(0);
                    case STUDENT -> Forward.student(model, d, mods, keep, false).logits();
                };
                float[] p = logits.softmax(1).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
                int k = (int) logits.getShape().get(1);
                for (int r = 0; r < b; r++) {
                    out.add(java.util.Arrays.copyOfRange(p, r * k, (r + 1) * k));
                }
            }
        }
        return out;
    }

    private String missing() {
        for (var in : model.fusionSpec().inputs()) {
            if (!in.modality().equals(keep)) {
                return in.modality();
            }
        }
        throw new IllegalStateException("the student's fusion block reads only '" + keep + "'");
    }

    /** The teacher's mean real missing-modality embedding over up to {@link #MEAN_SAMPLE} training windows. */
    private float[] meanTrainingEmbedding(NDManager root) {
        List<Long> pool = new ArrayList<>(data.labelled());
        pool.addAll(data.unlabelled());
        List<Long> sample = StepSampler.draw(pool, MEAN_SAMPLE, new SplittableRandom(seed ^ 0x5DEECE66DL));
        double[] sum = null;
        for (int from = 0; from < sample.size(); from += batchSize) {
            List<Long> idx = sample.subList(from, Math.min(sample.size(), from + batchSize));
            try (NDManager sm = root.newSubManager()) {
                FusionData.Batch batch = data.batch(sm, idx, data.modalities(), i -> false);
                NDArray real = Forward.teacher(teacher, batch.data(), data.modalities(), missing()).realEmbedding();
                float[] v = real.toFloatArray();
                int dim = (int) real.getShape().get(1);
                if (sum == null) {
                    sum = new double[dim];
                }
                for (int i = 0; i < v.length; i++) {
                    sum[i % dim] += v[i];
                }
            }
        }
        float[] mean = new float[sum.length];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = (float) (sum[i] / sample.size());
        }
        return mean;
    }

    private static void record(Map<String, int[]> predicted, String variant, int from, int total, NDArray logits) {
        int[] p = predicted.computeIfAbsent(variant, k -> new int[total]);
        int[] arg = logits.argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false).toIntArray();
        System.arraycopy(arg, 0, p, from, arg.length);
    }

    static double cosine(float[] a, int ai, float[] b, int bi, int n) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < n; i++) {
            dot += (double) a[ai + i] * b[bi + i];
            na += (double) a[ai + i] * a[ai + i];
            nb += (double) b[bi + i] * b[bi + i];
        }
        return dot / Math.max(Math.sqrt(na * nb), 1e-12);
    }

    /**
     * The cosine between imputed and real embeddings after subtracting the mean training embedding from both: what
     * the imputation got right about this window beyond what every window shares (0 for the mean itself, whose
     * centred vector is zero). When the embeddings hardly vary, the raw cosine is near 1 for any guess and says
     * nothing; this one still does.
     */
    static double centredCosine(float[] imputed, float[] real, float[] mean, int at, int n) {
        float[] a = new float[n];
        float[] b = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = imputed[at + i] - mean[i];
            b[i] = real[at + i] - mean[i];
        }
        return cosine(a, 0, b, 0, n);
    }

    static double majorityShare(int[] truth) {
        Map<Integer, Integer> counts = new TreeMap<>();
        for (int t : truth) {
            counts.merge(t, 1, Integer::sum);
        }
        int max = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        return truth.length == 0 ? Double.NaN : (double) max / truth.length;
    }
}
