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
 * training embedding as the baseline the imputation must beat. With {@code imputation_target=haemodynamic} the
 * "embedding" throughout is the imputation target, the missing window's haemodynamic features ({@link
 * Forward#target}). Nothing here picks a model: the rows are reported.
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
    /** Whether the imputation target is the haemodynamic features ({@link FusionConfig#imputesHaemodynamics}). */
    private final boolean haemodynamic;
    private float[] meanEmbedding;
    /** Per class, the teacher's mean real missing-modality embedding over the labelled training windows. */
    private float[][] classMeans;
    /** The mean real missing-modality embedding over the labelled training windows (task windows only). */
    private float[] labelledMean;
    /** The shrinkage factors of the imputation towards the mean training embedding that the bound tries. */
    static final double[] ALPHAS = {0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1};

    FusionEvaluation(Stage stage, FusionModel model, FusionModel teacher, FusionData data, String keep,
            int batchSize, long seed, boolean haemodynamic) {
        this.stage = stage;
        this.haemodynamic = haemodynamic;
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
        double protoSum = 0;
        double taskSum = 0;
        double[] shrunk = new double[ALPHAS.length];
        List<float[]> reals = new ArrayList<>();
        if (stage == Stage.STUDENT && meanEmbedding == null) {
            meanEmbedding = meanTrainingEmbedding(root);
            LabelledMeans lm = classMeans(root);
            classMeans = lm.perClass();
            labelledMean = lm.all();
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
                        float[] real = target(tv, d, mods).toFloatArray();
                        float[] post = sv.logits().softmax(1).toFloatArray();
                        int dim = meanEmbedding.length;
                        int k = classMeans.length;
                        for (int r = 0; r < b; r++) {
                            cosSum += cosine(imp, r * dim, real, r * dim, dim);
                            baseSum += cosine(meanEmbedding, 0, real, r * dim, dim);
                            centredSum += centredCosine(imp, real, meanEmbedding, r * dim, dim);
                            protoSum += cosine(prototype(post, r * k, classMeans), 0, real, r * dim, dim);
                            taskSum += cosine(labelledMean, 0, real, r * dim, dim);
                            for (int g = 0; g < ALPHAS.length; g++) {
                                shrunk[g] += cosine(shrink(imp, r * dim, meanEmbedding, ALPHAS[g]), 0, real,
                                        r * dim, dim);
                            }
                            reals.add(java.util.Arrays.copyOfRange(real, r * dim, (r + 1) * dim));
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
            row.put("prototype_cosine", protoSum / test.size());
            row.put("prototype_margin", (protoSum - baseSum) / test.size());
            row.put("labelled_mean_margin", (taskSum - baseSum) / test.size());
            int best = 0;
            for (int g = 1; g < ALPHAS.length; g++) {
                best = shrunk[g] > shrunk[best] ? g : best;
            }
            row.put("shrink_oracle_alpha", ALPHAS[best]);
            row.put("shrink_oracle_margin", (shrunk[best] - baseSum) / test.size());
            String[] subjects = new String[test.size()];
            for (int i = 0; i < subjects.length; i++) {
                subjects[i] = data.info(test.get(i)).key().subject();
            }
            double oracle = classOracleMargin(reals, truth, subjects);
            if (Double.isFinite(oracle)) {
                row.put("class_oracle_margin", oracle);
            }
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

    /** The student's imputation target of a batch ({@link Forward#target}). */
    private NDArray target(Forward.TeacherView tv, NDList batch, List<String> mods) {
        return Forward.target(tv, batch, mods, missing(), haemodynamic,
                model.imputationSpec().latentDim());
    }

    /** The teacher's mean real missing-modality embedding over up to {@link #MEAN_SAMPLE} training windows. */
    private float[] meanTrainingEmbedding(NDManager root) {
        List<Long> pool = new ArrayList<>(data.labelled());
        pool.addAll(data.unlabelled());
        List<Long> sample = StepSampler.draw(pool, MEAN_SAMPLE, new SplittableRandom(seed ^ 0x5DEECE66DL));
        double[][] sum = new double[1][];
        realEmbeddings(root, sample, false, (v, labels, dim) -> {
            if (sum[0] == null) {
                sum[0] = new double[dim];
            }
            for (int i = 0; i < v.length; i++) {
                sum[0][i % dim] += v[i];
            }
        });
        float[] mean = new float[sum[0].length];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = (float) (sum[0][i] / sample.size());
        }
        return mean;
    }

    /** What {@link #realEmbeddings} hands over per batch: embeddings (B × dim, row-major), labels, dim. */
    private interface EmbeddingBatch {
        void accept(float[] embeddings, int[] labels, int dim);
    }

    /**
     * The teacher's real missing-modality embeddings of {@code windows}, batch by batch in order, with their labels
     * ({@code withLabels}) or −1.
     */
    private void realEmbeddings(NDManager root, List<Long> windows, boolean withLabels, EmbeddingBatch out) {
        for (int from = 0; from < windows.size(); from += batchSize) {
            List<Long> idx = windows.subList(from, Math.min(windows.size(), from + batchSize));
            try (NDManager sm = root.newSubManager()) {
                FusionData.Batch batch = data.batch(sm, idx, data.modalities(), i -> withLabels);
                NDArray real = target(Forward.teacher(teacher, batch.data(), data.modalities(), missing()),
                        batch.data(), data.modalities());
                out.accept(real.toFloatArray(), batch.labels().toIntArray(), (int) real.getShape().get(1));
            }
        }
    }

    /**
     * Per class, the teacher's mean real missing-modality embedding over the labelled training windows (the labels
     * this run has); a class without a labelled window gets the mean over all of them.
     */
    /** Per class and over every class, the mean real embedding of the labelled training windows. */
    private record LabelledMeans(float[][] perClass, float[] all) {
    }

    private LabelledMeans classMeans(NDManager root) {
        int k = data.classes();
        List<Long> pool = data.labelled();
        double[][][] box = new double[1][][];
        int[] counts = new int[k];
        realEmbeddings(root, pool, true, (v, y, dim) -> {
            if (box[0] == null) {
                box[0] = new double[k][dim];
            }
            for (int r = 0; r < y.length; r++) {
                if (y[r] < 0 || y[r] >= k) {
                    throw new IllegalStateException("a labelled training window has label " + y[r] + " of " + k
                            + " classes");
                }
                counts[y[r]]++;
                for (int d = 0; d < dim; d++) {
                    box[0][y[r]][d] += v[r * dim + d];
                }
            }
        });
        double[][] sums = box[0];
        if (sums == null) {
            throw new IllegalStateException("the student has no labelled training window to take class means from");
        }
        int dim = sums[0].length;
        int total = java.util.Arrays.stream(counts).sum();
        double[] all = new double[dim];
        for (double[] classSum : sums) {
            for (int d = 0; d < dim; d++) {
                all[d] += classSum[d];
            }
        }
        float[][] out = new float[k][dim];
        float[] mean = new float[dim];
        for (int d = 0; d < dim; d++) {
            mean[d] = (float) (all[d] / total);
        }
        for (int c = 0; c < k; c++) {
            for (int d = 0; d < dim; d++) {
                out[c][d] = counts[c] == 0 ? mean[d] : (float) (sums[c][d] / counts[c]);
            }
        }
        return new LabelledMeans(out, mean);
    }

    /**
     * What knowing a held-out window's class could give at most: over the held-out windows, the mean cosine between
     * a window's real embedding and the mean real embedding of the other held-out subjects' windows of its class,
     * minus the same with the other subjects' windows of every class. Positive when the class moves the embedding
     * the same way on new subjects; about 0 when the embedding does not carry the class across subjects, and then
     * no imputation that reads the class from the kept modality can beat the mean. NaN with fewer than two held-out
     * subjects (or a class no other subject has).
     */
    static double classOracleMargin(List<float[]> reals, int[] labels, String[] subjects) {
        int n = reals.size();
        if (n == 0) {
            return Double.NaN;
        }
        int dim = reals.get(0).length;
        // sums over every held-out window, and over each subject's own: the other subjects' sum is the difference
        // (cosine is scale-free, so sums stand for means)
        Map<Integer, double[]> classTotal = new TreeMap<>();
        Map<String, double[]> own = new TreeMap<>();
        Map<Integer, Integer> classCount = new TreeMap<>();
        Map<String, Integer> ownCount = new TreeMap<>();
        double[] total = new double[dim];
        Map<String, double[]> ownAll = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            float[] v = reals.get(i);
            add(classTotal.computeIfAbsent(labels[i], x -> new double[dim]), v);
            add(own.computeIfAbsent(subjects[i] + "|" + labels[i], x -> new double[dim]), v);
            add(ownAll.computeIfAbsent(subjects[i], x -> new double[dim]), v);
            add(total, v);
            classCount.merge(labels[i], 1, Integer::sum);
            ownCount.merge(subjects[i] + "|" + labels[i], 1, Integer::sum);
        }
        double classSum = 0;
        double allSum = 0;
        float[] ofClass = new float[dim];
        float[] ofAll = new float[dim];
        for (int i = 0; i < n; i++) {
            String key = subjects[i] + "|" + labels[i];
            if (classCount.get(labels[i]) - ownCount.get(key) == 0) {
                return Double.NaN; // no other held-out subject has this class (or there is no other subject)
            }
            double[] c = classTotal.get(labels[i]);
            double[] o = own.get(key);
            double[] oa = ownAll.get(subjects[i]);
            for (int d = 0; d < dim; d++) {
                ofClass[d] = (float) (c[d] - o[d]);
                ofAll[d] = (float) (total[d] - oa[d]);
            }
            classSum += cosine(ofClass, 0, reals.get(i), 0, dim);
            allSum += cosine(ofAll, 0, reals.get(i), 0, dim);
        }
        return (classSum - allSum) / n;
    }

    private static void add(double[] sum, float[] v) {
        for (int d = 0; d < sum.length; d++) {
            sum[d] += v[d];
        }
    }

    /** mean + α·(imputed row − mean). */
    static float[] shrink(float[] imputed, int at, float[] mean, double alpha) {
        float[] out = new float[mean.length];
        for (int d = 0; d < out.length; d++) {
            out[d] = (float) (mean[d] + alpha * (imputed[at + d] - mean[d]));
        }
        return out;
    }

    /** Σ_k p_k · means[k], with p the row of {@code post} at {@code at}. */
    static float[] prototype(float[] post, int at, float[][] means) {
        float[] out = new float[means[0].length];
        for (int c = 0; c < means.length; c++) {
            for (int d = 0; d < out.length; d++) {
                out[d] += post[at + c] * means[c][d];
            }
        }
        return out;
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
