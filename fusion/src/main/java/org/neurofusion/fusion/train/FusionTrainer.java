package org.neurofusion.fusion.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.neurofusion.alignment.NonFiniteLossException;
import org.neurofusion.alignment.run.Checkpoint;
import org.neurofusion.alignment.run.ProgressBar;
import org.neurofusion.alignment.run.RunDirectory;
import org.neurofusion.alignment.run.TrainingState;
import org.neurofusion.alignment.train.AdamW;
import org.neurofusion.alignment.train.LearningRate;
import org.neurofusion.datasets.store.WindowInfo;
import org.neurofusion.datasets.store.WindowStore;

/**
 * Trains one {@link Stage}: the teacher, a single-modality control, or the student, for {@link FusionConfig#steps}
 * steps, evaluating on the held-out subjects every {@link FusionConfig#evalEvery} steps (a {@code metrics.jsonl}
 * round and an atomic checkpoint), resumable bit-identically with {@code --resume}.
 *
 * <p>Determinism: the seed initialises the new blocks, draws the labelled subset, and (with the step number) each
 * step's windows, modality dropout and the engine's dropout stream, so a resumed run draws what an uninterrupted one
 * would have drawn.
 */
public final class FusionTrainer {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Told about every finished round (its checkpoint written); throwing from it interrupts the run. */
    @FunctionalInterface
    public interface RoundListener {
        /** Round {@code round} ended at step {@code step} with these {@code metrics.jsonl} rows. */
        void roundEnded(int round, long step, ObjectNode train, ObjectNode test);
    }

    /**
     * What a run ended with.
     *
     * @param testScores the final model's class probabilities on every test window, when asked for
     *     ({@link Builder#optScoreTest}), else empty
     */
    public record Summary(Path runDirectory, int rounds, long steps, ObjectNode lastTest, List<TestScore> testScores) {
        public Summary {
            testScores = List.copyOf(testScores);
        }
    }

    /** The class probabilities of one test window (its label as stored). */
    public record TestScore(WindowInfo window, float[] probabilities) {
    }

    private final Builder b;

    private FusionTrainer(Builder b) {
        this.b = b;
    }

    /** A builder; the stage, store, run folder and pre-training run are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains (or resumes) and returns how the run ended.
     *
     * @throws IllegalArgumentException when the runs and data do not fit together (named)
     * @throws NonFiniteLossException when a loss or gradient turns non-finite
     */
    public Summary run() {
        Engine.getInstance();
        JniUtils.setGradMode(false);
        SourceRun pre = SourceRun.read(b.pretrained);
        String storeKey = b.store.provenance().key();
        List<String> all = pre.modalities();
        boolean transfer = !pre.storeKey().equals(storeKey);
        if (transfer) {
            if (!b.transfer) {
                throw new FusionSetupException("the pre-training run " + pre.dir() + " was trained on window"
                        + " store " + pre.storeKey() + ", but " + b.store.directory() + " is " + storeKey
                        + "; fuse and distil on the windows the encoders were aligned on");
            }
            if (b.stage != Stage.SUPERVISED) {
                throw new FusionSetupException("on another window store than the pre-training's (a transfer),"
                        + " only single-modality supervised models train, not the " + b.stage.label());
            }
            // the new windows need hold only the kept modality: the encoder of the others is not used
            all = List.of(b.keep);
        }
        for (String m : b.config.teacherFrozenList()) {
            if (!all.contains(m)) {
                throw new FusionSetupException("teacher_frozen names '" + m + "', but the pre-training run "
                        + pre.dir() + " encodes " + all);
            }
        }
        FusionData data;
        if (b.trainWindows == null) {
            data = FusionData.split(b.store, all, pre.trainSubjects(), pre.testSubjects(), b.config.labelledPerClass(),
                    b.seed);
        } else {
            Set<String> pretrainedOn = Set.copyOf(pre.trainSubjects());
            data = FusionData.split(b.store, all, b.trainWindows, w -> {
                boolean t = b.testWindows.test(w);
                if (t && pretrainedOn.contains(w.key().subject())) {
                    throw new FusionSetupException("test window " + w.key() + " at " + w.onset() + " s belongs to"
                            + " subject " + w.key().subject() + ", whose windows pre-trained " + pre.dir()
                            + "; test only on the subjects the pre-training held out " + pre.testSubjects());
                }
                return t;
            }, b.config.labelledPerClass(), b.seed);
        }
        data.align("eeg", b.config.eegAlignment());
        if (data.modalities().contains("fnirs")) {
            data.align("fnirs", b.config.fnirsAlignment());
            data.baseline("fnirs", b.config.fnirsBaseline());
        }
        try (NDManager root = NDManager.newBaseManager(b.device);
                TrainedRuns others = TrainedRuns.load(b, pre, all, data, root);
                FusionModel model = ModelAssembly.assemble(b, pre, all, data, others, root, true)) {
            ObjectNode cfg = JSON.createObjectNode();
            cfg.put("stage", b.stage.label());
            cfg.set("fusion", b.config.toJson());
            cfg.set("model", model.specsJson());
            cfg.put("pretrained", pre.dir().toString());
            cfg.put("store_key", storeKey);
            if (transfer) {
                cfg.put("transferred_from_store", pre.storeKey());
            }
            cfg.put("train_subjects", String.join(",", data.trainSubjects()));
            if (b.windowsId != null) {
                cfg.put("windows", b.windowsId);
            }
            cfg.put("test_subjects", String.join(",", data.testSubjects()));
            cfg.put("classes", data.classes());
            if (b.stage != Stage.TEACHER) {
                cfg.put("keep", b.keep);
            }
            if (others.teacher != null) {
                cfg.put("teacher", others.teacherDir.toString());
            }
            if (others.labeller != null) {
                cfg.put("labeller", others.labellerDir.toString());
            }
            Map<String, NDArray> heads = FusionStep.trainedHeads(model, b.stage, b.config);
            Map<String, NDArray> encoders = model.encoderParameters(m -> b.config.trains(b.stage, m));
            AdamW headOpt = new AdamW(AdamW.Settings.withWeightDecay(b.config.weightDecay()), heads, root);
            AdamW encOpt = encoders.isEmpty() ? null
                    : new AdamW(AdamW.Settings.withWeightDecay(b.config.weightDecay()), encoders, root);
            TrainingState state;
            try (RunDirectory run = open(cfg)) {
                var last = b.resume ? run.latest(root) : java.util.Optional.<Checkpoint>empty();
                if (last.isPresent()) {
                    Checkpoint c = last.get();
                    c.requireShapes(model.shapes(), shapes(optimiserState(headOpt, encOpt)));
                    model.load(c.parameters(), List.of(""));
                    headOpt.restore(c.optimizerState(), c.state().step());
                    if (encOpt != null) {
                        encOpt.restore(c.optimizerState(), c.state().step());
                    }
                    state = c.state();
                    b.log.printf(Locale.ROOT, "resuming %s after step %d%n", b.runDir, state.step());
                } else {
                    state = new TrainingState(0, 0, Double.NaN, 0);
                    b.log.printf(Locale.ROOT, "%s: %d parameters (%d trained), %d labelled and %d unlabelled training"
                            + " windows, %d test windows, subjects %s / %s%n", b.stage.label(),
                            model.parameterCount(), count(heads) + count(encoders), data.labelled().size(),
                            data.unlabelled().size(), data.test().size(), data.trainSubjects(), data.testSubjects());
                    if (!model.experts().isEmpty()) {
                        List<String> encoded = all;
                        FusionData windows = data;
                        new TeacherStacking(b, fm -> ModelAssembly.assemble(b, pre, encoded, windows, others, fm, false))
                                .stack(data, root, model);
                    }
                }
                return loop(run, model, others, data, headOpt, encOpt, state, root);
            }
        }
    }

    private Summary loop(RunDirectory run, FusionModel model, TrainedRuns others, FusionData data, AdamW headOpt,
            AdamW encOpt, TrainingState start, NDManager root) {
        FusionConfig c = b.config;
        LearningRate lr = new LearningRate(c.learningRate(), c.learningRate() / 100,
                Math.round(c.warmupFraction() * c.steps()), c.steps());
        double encScale = c.encoderLearningRate() / c.learningRate();
        FusionStep stepper = new FusionStep(b.stage, model, others.teacher, others.labeller, b.keep, c, b.seed,
                headOpt, encOpt);
        FusionEvaluation eval = new FusionEvaluation(b.stage, model, others.teacher, data, b.keep, c.batchSize(),
                b.seed, c.imputesHaemodynamics());
        Set<Long> labelledSet = new HashSet<>(data.labelled());
        List<String> batchModalities = b.stage == Stage.STUDENT || b.stage == Stage.TEACHER ? data.modalities()
                : List.of(b.keep);
        ProgressBar bar = ProgressBar.onStderr(b.log);
        TrainingState state = start;
        ObjectNode lastTest = null;
        int rounds = (c.steps() + c.evalEvery() - 1) / c.evalEvery();
        while (state.step() < c.steps()) {
            int round = state.epoch() + 1;
            long from = state.step();
            long to = Math.min(c.steps(), from + c.evalEvery());
            bar.startEpoch(round, rounds, to - from);
            long t0 = System.nanoTime();
            double lossSum = 0;
            double normSum = 0;
            Map<String, Double> terms = new LinkedHashMap<>();
            for (long s = from + 1; s <= to; s++) {
                Engine.getInstance().setRandomSeed(Long.hashCode(b.seed * 1_000_003L + s));
                try (NDManager sm = root.newSubManager()) {
                    List<Long> idx = StepSampler.sample(data, b.stage, b.config, b.seed, s);
                    FusionData.Batch batch = data.batch(sm, idx, batchModalities, labelledSet::contains);
                    FusionStep.Result r = stepper.train(batch.data(), batch.labels(), batchModalities, s,
                            lr.at(s), encScale);
                    r.terms().forEach((k, v) -> terms.merge(k, v, Double::sum));
                    lossSum += r.loss();
                    normSum += r.gradientNorm();
                }
                bar.advance(1);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long n = Math.max(1, to - from);
            ObjectNode train = JSON.createObjectNode();
            train.put("epoch", round);
            train.put("split", "train");
            train.put("stage", b.stage.label());
            train.put("step", to);
            train.put("loss", lossSum / n);
            terms.forEach((k, v) -> train.put(k, v / n));
            train.put("grad_norm", normSum / n);
            train.put("learning_rate", lr.at(to));
            train.put("windows_per_s", n * c.batchSize() / Math.max(seconds, 1e-9));
            train.put("seconds", seconds);
            run.appendMetrics(train);
            ObjectNode test = eval.run(round, to, root);
            run.appendMetrics(test);
            lastTest = test;
            state = new TrainingState(round, to, Double.NaN, 0);
            run.saveCheckpoint(Checkpoint.of(model.parameters(), optimiserState(headOpt, encOpt), state), false);
            bar.endEpoch(String.format(Locale.ROOT, "loss %.4f, test accuracy %.3f (balanced %.3f)", lossSum / n,
                    test.path("accuracy").asDouble(), test.path("balanced_accuracy").asDouble()));
            b.listener.roundEnded(round, to, train, test);
        }
        if (lastTest == null) {
            lastTest = eval.run(state.epoch(), state.step(), root);
        }
        List<TestScore> scores = new ArrayList<>();
        if (b.scoreTest) {
            List<float[]> p = eval.probabilities(root);
            for (int i = 0; i < p.size(); i++) {
                scores.add(new TestScore(data.info(data.test().get(i)), p.get(i)));
            }
        }
        return new Summary(b.runDir, state.epoch(), state.step(), lastTest, scores);
    }

    private static Map<String, NDArray> optimiserState(AdamW head, AdamW enc) {
        Map<String, NDArray> s = new LinkedHashMap<>(head.state());
        if (enc != null) {
            s.putAll(enc.state());
        }
        return s;
    }

    private static Map<String, Shape> shapes(Map<String, NDArray> arrays) {
        Map<String, Shape> out = new LinkedHashMap<>();
        arrays.forEach((k, a) -> out.put(k, a.getShape()));
        return out;
    }

    private static long count(Map<String, NDArray> arrays) {
        return arrays.values().stream().mapToLong(NDArray::size).sum();
    }

    private RunDirectory open(ObjectNode cfg) {
        return RunDirectory.open(b.runDir, cfg, b.seed, b.resume, "fusion", b.store.provenance().key(),
                b.store.directory());
    }

    /** Builds a {@link FusionTrainer}. */
    public static final class Builder {
        Stage stage;
        WindowStore store;
        Path runDir;
        Path pretrained;
        Path teacherDir;
        Path labellerDir;
        String keep = "eeg";
        FusionConfig config = FusionConfig.defaults();
        long seed = 42;
        boolean resume;
        Device device = Device.cpu();
        PrintWriter log = new PrintWriter(System.err, true);
        RoundListener listener = (r, s, t, v) -> { };
        java.util.function.Predicate<WindowInfo> trainWindows;
        java.util.function.Predicate<WindowInfo> testWindows;
        String windowsId;
        boolean scoreTest;
        boolean transfer;

        private Builder() {
        }

        /**
         * Trains on the windows {@code train} picks and tests on those {@code test} picks, instead of the pre-training
         * run's training and held-out subjects: a fold of an evaluation protocol. A test window of a subject the
         * pre-training run trained on is refused (its encoders have seen that subject). {@code id} names the
         * selection in the run's configuration, so that a resumed run must be the same fold.
         */
        public Builder optWindows(java.util.function.Predicate<WindowInfo> train,
                java.util.function.Predicate<WindowInfo> test, String id) {
            this.trainWindows = Objects.requireNonNull(train, "train windows");
            this.testWindows = Objects.requireNonNull(test, "test windows");
            this.windowsId = Objects.requireNonNull(id, "windows id");
            return this;
        }

        /**
         * Allows a store other than the pre-training run's (default no): a transfer, where the aligned encoder of the
         * kept modality is fine-tuned (or probed) on windows it never saw, e.g. real recordings after pre-training on
         * simulated ones. Only single-modality supervised stages train so; the windows must have the encoder's
         * length and rate.
         */
        public Builder optTransfer(boolean transfer) {
            this.transfer = transfer;
            return this;
        }

        /** Whether the summary carries the final model's probabilities on every test window (default no). */
        public Builder optScoreTest(boolean score) {
            this.scoreTest = score;
            return this;
        }

        /** What to train (required). */
        public Builder setStage(Stage stage) {
            this.stage = Objects.requireNonNull(stage, "stage");
            return this;
        }

        /** The windows (required): the store the pre-training run was trained on. */
        public Builder setStore(WindowStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** The run folder (required). */
        public Builder setRunDirectory(Path dir) {
            this.runDir = Objects.requireNonNull(dir, "run directory");
            return this;
        }

        /** The pre-training run whose aligned encoders every stage starts from (required). */
        public Builder setPretrained(Path dir) {
            this.pretrained = Objects.requireNonNull(dir, "pre-training run");
            return this;
        }

        /** The teacher run (required for {@link Stage#STUDENT}). */
        public Builder optTeacher(Path dir) {
            this.teacherDir = Objects.requireNonNull(dir, "teacher run");
            return this;
        }

        /** The supervised run that pseudo-labels (required for {@link Stage#SELF_TRAINING}). */
        public Builder optPseudoLabeller(Path dir) {
            this.labellerDir = Objects.requireNonNull(dir, "pseudo-labeller run");
            return this;
        }

        /** The modality a single-modality stage keeps (default {@code eeg}). */
        public Builder optKeep(String modality) {
            this.keep = Objects.requireNonNull(modality, "kept modality").toLowerCase(Locale.ROOT);
            return this;
        }

        /** The configuration (default {@link FusionConfig#defaults()}). */
        public Builder optConfig(FusionConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** The seed (default 42). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Continue the run in the folder from its last checkpoint. */
        public Builder optResume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /** Where to train (default the CPU). */
        public Builder optDevice(Device device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        /** Where progress and messages go (default standard error). */
        public Builder optLog(PrintWriter log) {
            this.log = Objects.requireNonNull(log, "log");
            return this;
        }

        /** Called after every round's checkpoint (default: nothing). */
        public Builder optRoundListener(RoundListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** @throws IllegalArgumentException when a required setting for the stage is missing */
        public FusionTrainer build() {
            if (stage == null || store == null || runDir == null || pretrained == null) {
                throw new FusionSetupException("a fusion run needs a stage, a window store, a run folder and a"
                        + " pre-training run");
            }
            if (stage == Stage.STUDENT && teacherDir == null) {
                throw new FusionSetupException("a student needs a teacher run (optTeacher)");
            }
            if (stage == Stage.SELF_TRAINING && labellerDir == null) {
                throw new FusionSetupException("self-training needs a trained supervised run to pseudo-label"
                        + " (optPseudoLabeller)");
            }
            return new FusionTrainer(this);
        }
    }
}
