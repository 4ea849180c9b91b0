package org.neurofusion.fusion.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.neurofusion.alignment.train.AdamW;
import org.neurofusion.alignment.train.LearningRate;

/**
 * The stacking of a teacher with experts ({@link FusionConfig#teacherExpert}): out-of-fold outputs of fold networks
 * and experts, the {@link Stacking} weights, and the experts fitted on every labelled window, set into the teacher
 * before its first step. Split from {@link FusionTrainer}, which calls it for a fresh teacher run.
 */
final class TeacherStacking {
    private final FusionTrainer.Builder b;
    private final Function<NDManager, FusionModel> networks;

    /**
     * @param b the run's settings (seed, configuration, log)
     * @param networks builds, in the given manager, a network teacher without experts as the run builds its own
     */
    TeacherStacking(FusionTrainer.Builder b, Function<NDManager, FusionModel> networks) {
        this.b = b;
        this.networks = networks;
    }

    /**
     * Makes a teacher with experts a stacked one ({@link Stacking}), before its first step: the training subjects are
     * split into two folds (a seeded draw); for each fold a network teacher without experts is trained, as the main
     * one will be (the same configuration and steps), on the other fold's labelled windows and scores this fold's,
     * and each expert is fitted on the other fold's windows and scores this fold's; the stacking weights are fitted
     * on those out-of-fold outputs. The main network then trains alone, and the teacher's logits are its logits times
     * the network's weight plus each expert, fitted on every labelled window, times its weight. A resumed run reads
     * the weights and experts from its checkpoint.
     */
    void stack(FusionData data, NDManager root, FusionModel model) {
        long t0 = System.nanoTime();
        List<Long> labelled = data.labelled();
        int n = labelled.size();
        int classes = data.classes();
        List<String> subjects = new ArrayList<>(new java.util.TreeSet<>(data.trainSubjects()));
        if (subjects.size() < 2) {
            throw new FusionSetupException("teacher_expert needs at least two training subjects (the teacher's parts"
                    + " are weighted on outputs for subjects they were not trained on); these windows have "
                    + subjects);
        }
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(b.seed ^ 0x5A7C4ED5L);
        for (int i = subjects.size() - 1; i > 0; i--) {
            java.util.Collections.swap(subjects, i, rnd.nextInt(i + 1));
        }
        Set<String> first = new java.util.TreeSet<>(subjects.subList(0, subjects.size() / 2));
        Set<String> second = new java.util.TreeSet<>(subjects.subList(subjects.size() / 2, subjects.size()));
        String[] foldOf = new String[n];
        List<List<Long>> byFold = List.of(new ArrayList<>(), new ArrayList<>());
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            boolean inFirst = first.contains(data.info(labelled.get(i)).key().subject());
            foldOf[i] = inFirst ? "first" : "second";
            byFold.get(inFirst ? 0 : 1).add(labelled.get(i));
            y[i] = data.storedLabel(labelled.get(i));
        }
        float[][][] parts = new float[1 + model.experts().size()][][];
        parts[0] = new float[n][];
        Map<Long, Integer> row = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            row.put(labelled.get(i), i);
        }
        for (int f = 0; f < 2; f++) {
            List<Long> scoreOn = byFold.get(f);
            float[][] scores = foldNetwork(data, byFold.get(1 - f), scoreOn, f, root);
            for (int i = 0; i < scoreOn.size(); i++) {
                parts[0][row.get(scoreOn.get(i))] = scores[i];
            }
        }
        List<HaemodynamicExpert.Fit> fits = new ArrayList<>();
        int j = 1;
        for (Map.Entry<String, Integer> e : model.experts().entrySet()) {
            double[][] x = expertFeatures(e.getKey(), e.getValue(), data, labelled, root);
            parts[j++] = HaemodynamicExpert.crossFit(x, y, foldOf, classes);
            fits.add(HaemodynamicExpert.fit(x, y, classes));
        }
        double[] theta = Stacking.fit(parts, y);
        model.setNetworkScale(theta[0]);
        StringBuilder weights = new StringBuilder(String.format(Locale.ROOT, "network %.4f (out-of-fold accuracy"
                + " %.3f)", theta[0], accuracy(parts[0], y)));
        j = 1;
        for (String m : model.experts().keySet()) {
            HaemodynamicExpert.Fit fit = fits.get(j - 1);
            model.setExpert(m, HaemodynamicExpert.scaled(fit, theta[j]));
            weights.append(String.format(Locale.ROOT, ", expert on %s %.4f (out-of-fold accuracy %.3f; fitted on all"
                    + " %d windows: %d features, Ledoit-Wolf shrinkage %.3f, training accuracy %.3f)", m, theta[j],
                    accuracy(parts[j], y), n, fit.weight().length / classes, fit.shrinkage(),
                    fit.trainingAccuracy()));
            j++;
        }
        float[][] stacked = new float[n][classes];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < parts.length; p++) {
                for (int c = 0; c < classes; c++) {
                    stacked[i][c] += (float) (theta[p] * parts[p][i][c]);
                }
            }
        }
        b.log.printf(Locale.ROOT, "teacher stacking over the folds %s / %s: %s; stacked out-of-fold accuracy %.3f"
                + " (%.0f s)%n", first, second, weights, accuracy(stacked, y), (System.nanoTime() - t0) / 1e9);
    }

    private static double accuracy(float[][] scores, int[] y) {
        int right = 0;
        for (int i = 0; i < y.length; i++) {
            int best = 0;
            for (int c = 1; c < scores[i].length; c++) {
                best = scores[i][c] > scores[i][best] ? c : best;
            }
            right += best == y[i] ? 1 : 0;
        }
        return right / (double) Math.max(1, y.length);
    }

    /** The expert features (n × 2C) of {@code windows}, in double. */
    private static double[][] expertFeatures(String m, int channels, FusionData data, List<Long> windows,
            NDManager root) {
        double[][] x = new double[windows.size()][];
        int p = HaemodynamicExpert.featureCount(channels);
        int chunk = 64;
        for (int from = 0; from < windows.size(); from += chunk) {
            List<Long> idx = windows.subList(from, Math.min(windows.size(), from + chunk));
            try (NDManager sm = root.newSubManager()) {
                FusionData.Batch batch = data.batch(sm, idx, List.of(m), i -> true);
                NDList t = Forward.triple(batch.data(), List.of(m), m);
                float[] f = HaemodynamicExpert.features(t.get(0), t.get(2)).toType(
                        ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
                for (int r = 0; r < idx.size(); r++) {
                    double[] v = new double[p];
                    for (int q = 0; q < p; q++) {
                        v[q] = f[r * p + q];
                    }
                    x[from + r] = v;
                }
            }
        }
        return x;
    }

    /**
     * Trains a network teacher without experts on the labelled windows {@code trainOn} for the configured steps (its
     * own seeded draws, modality dropout and dropout stream) and returns its logits (every modality present) on
     * {@code scoreOn}.
     */
    private float[][] foldNetwork(FusionData data, List<Long> trainOn, List<Long> scoreOn, int fold,
            NDManager root) {
        long t0 = System.nanoTime();
        FusionConfig c = b.config;
        long seed = b.seed + 7919L * (fold + 1);
        List<String> mods = data.modalities();
        Set<Long> labelledSet = new HashSet<>(data.labelled());
        try (NDManager fm = root.newSubManager();
                FusionModel net = networks.apply(fm)) {
            AdamW headOpt = new AdamW(AdamW.Settings.withWeightDecay(c.weightDecay()),
                    FusionStep.trainedHeads(net, Stage.TEACHER, c), fm);
            Map<String, NDArray> encoders = net.encoderParameters(m -> c.trains(Stage.TEACHER, m));
            AdamW encOpt = encoders.isEmpty() ? null
                    : new AdamW(AdamW.Settings.withWeightDecay(c.weightDecay()), encoders, fm);
            FusionStep stepper = new FusionStep(Stage.TEACHER, net, null, null, b.keep, c, seed, headOpt, encOpt);
            LearningRate lr = new LearningRate(c.learningRate(), c.learningRate() / 100,
                    Math.round(c.warmupFraction() * c.steps()), c.steps());
            double encScale = c.encoderLearningRate() / c.learningRate();
            for (long s = 1; s <= c.steps(); s++) {
                Engine.getInstance().setRandomSeed(Long.hashCode(seed * 1_000_003L + s));
                try (NDManager sm = fm.newSubManager()) {
                    List<Long> idx = StepSampler.draw(trainOn, c.batchSize(),
                            new java.util.SplittableRandom(seed * 0x9E3779B97F4A7C15L + s));
                    FusionData.Batch batch = data.batch(sm, idx, mods, labelledSet::contains);
                    stepper.train(batch.data(), batch.labels(), mods, s, lr.at(s), encScale);
                }
            }
            float[][] out = new float[scoreOn.size()][];
            for (int from = 0; from < scoreOn.size(); from += c.batchSize()) {
                List<Long> idx = scoreOn.subList(from, Math.min(scoreOn.size(), from + c.batchSize()));
                try (NDManager sm = fm.newSubManager()) {
                    NDList d = data.batch(sm, idx, mods, i -> true).data();
                    NDList tokens = Forward.tokens(net, d, mods, false);
                    float[] z = net.fuse(tokens, Forward.allPresent(sm, idx.size(), tokens.size()), false).get(0)
                            .toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
                    int k = z.length / idx.size();
                    for (int r = 0; r < idx.size(); r++) {
                        out[from + r] = java.util.Arrays.copyOfRange(z, r * k, (r + 1) * k);
                    }
                }
            }
            b.log.printf(Locale.ROOT, "teacher stacking: fold network %d/2 trained on %d labelled windows for %d steps,"
                    + " scored %d (%.0f s)%n", fold + 1, trainOn.size(), c.steps(), scoreOn.size(),
                    (System.nanoTime() - t0) / 1e9);
            return out;
        }
    }
}
