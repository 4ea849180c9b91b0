package org.neurofusion.alignment.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.neurofusion.alignment.AlignmentObjective;
import org.neurofusion.alignment.ObjectiveWeights;
import org.neurofusion.alignment.SupConLoss;
import org.neurofusion.alignment.run.Checkpoint;
import org.neurofusion.alignment.run.ProgressBar;
import org.neurofusion.alignment.run.RunDirectory;
import org.neurofusion.alignment.run.TrainingState;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.store.SubjectBlockedSampler;
import org.neurofusion.datasets.store.SubjectMixedSampler;
import org.neurofusion.datasets.store.WindowDataset;
import org.neurofusion.datasets.store.WindowStore;
import org.neurofusion.models.EncoderSpec;

/**
 * Alignment pre-training: encoders and projection heads for every configured modality trained with the alignment
 * objective on contrastive batches of one subject and session (windows kept apart in time), validated every epoch
 * on held-out subjects ({@link Validation}), stopped early on a named validation metric, and checkpointed into a
 * {@link RunDirectory} after every epoch so that {@code --resume} continues bit-identically.
 *
 * <p>Determinism: the seed initialises the weights, orders the batches of each epoch, and (offset by the step)
 * seeds the engine's random stream before every step, so dropout after a resume draws what it would have drawn.
 */
public final class Pretrainer {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The provenance entry that says where the run's window store lay when it started. */
    public static final String WINDOW_STORE_DIR = RunDirectory.WINDOW_STORE_DIR;

    /** Told about every finished epoch, after its checkpoint is written. */
    @FunctionalInterface
    public interface EpochListener {
        /** Epoch {@code epoch} ended with these {@code metrics.jsonl} rows. */
        void epochEnded(int epoch, ObjectNode train, ObjectNode validation);
    }

    /** What a run ended with. */
    public record Summary(Path runDirectory, int epochsRun, int bestEpoch, double bestMetric, boolean stoppedEarly,
            ObjectNode lastValidation) {
    }

    private final WindowStore store;
    private final Path runDir;
    private final PretrainConfig config;
    private final long seed;
    private final boolean resume;
    private final Optional<Path> truth;
    private final Device device;
    private final PrintWriter log;
    private final EpochListener listener;

    private Pretrainer(Builder b) {
        this.store = b.store;
        this.runDir = b.runDir;
        this.config = b.config;
        this.seed = b.seed;
        this.resume = b.resume;
        this.truth = b.truth;
        this.device = b.device;
        this.log = b.log;
        this.listener = b.listener;
    }

    /** A builder; the store and the run folder are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains (or resumes) and returns how the run ended.
     *
     * @throws org.neurofusion.alignment.NonFiniteLossException when a loss or gradient turns non-finite
     * @throws org.neurofusion.alignment.run.RunDirectoryException for a run folder that cannot be created or resumed
     */
    public Summary run() {
        // load the engine, then: inference in validation must not record a graph, whichever thread runs this
        Engine.getInstance();
        JniUtils.setGradMode(false);
        TrainingData data = TrainingData.split(store, config, seed);
        Map<String, EncoderSpec> specs = data.encoderSpecs(config.preset(), config.haemodynamicPatches());
        try (AlignmentModel model = new AlignmentModel(specs, config.projectionDim(), seed, device,
                ai.djl.ndarray.types.DataType.FLOAT32, config.reconstructionWeight() > 0);
                NDManager root = NDManager.newBaseManager(device)) {
            ObjectNode cfg = JSON.createObjectNode();
            cfg.set("pretrain", config.toJson());
            cfg.set("model", model.specsJson());
            cfg.put("store_key", store.provenance().key());
            cfg.put("train_subjects", String.join(",", data.trainSubjects()));
            cfg.put("val_subjects", String.join(",", data.valSubjects()));
            AdamW optimizer = new AdamW(AdamW.Settings.withWeightDecay(config.weightDecay()), model.parameters(),
                    root);
            AlignmentObjective objective = AlignmentObjective.builder()
                    .setWeights(new ObjectiveWeights(config.infoNceWeight(), config.supConWeight(),
                            config.reconstructionWeight()))
                    .optSupCon(SupConLoss.builder().optTemperature(config.supConTemperature()).build()).build();
            ContrastiveStep step = new ContrastiveStep(model, objective, optimizer, config.clipNorm(),
                    config.maskRatio(), seed, config.viewDropout());
            Validation validation = new Validation(data, model, objective, config, truth, root);
            TrainingState state;
            try (RunDirectory run = open(cfg)) {
                Optional<Checkpoint> last = resume ? run.latest(root) : Optional.empty();
                if (last.isPresent()) {
                    Checkpoint c = last.get();
                    c.requireShapes(model.shapes(), shapesOf(optimizer.state()));
                    model.load(c.parameters());
                    optimizer.restore(c.optimizerState(), c.state().step());
                    state = c.state();
                    log.printf(Locale.ROOT, "resuming %s after epoch %d (step %d)%n", runDir, state.epoch(),
                            state.step());
                } else {
                    ObjectNode extra = JSON.createObjectNode();
                    extra.put("subject_probe_init", validation.subjectProbe());
                    state = new TrainingState(0, 0, Double.NaN, 0, extra);
                    log.printf(Locale.ROOT, "pre-training %s: %d parameters, train subjects %s, validation %s%n",
                            config.modalities(), model.parameterCount(), data.trainSubjects(), data.valSubjects());
                }
                return loop(run, model, optimizer, step, validation, data, state, root);
            }
        }
    }

    private Summary loop(RunDirectory run, AlignmentModel model, AdamW optimizer, ContrastiveStep step,
            Validation validation, TrainingData data, TrainingState start, NDManager root) {
        SubjectBlockedSampler sampler = new SubjectBlockedSampler(config.batchSize(), config.minGapSeconds(), seed);
        int perEpoch = Math.max(1, sampler.batches(data.train(), 0).size());
        long total = (long) perEpoch * config.epochs();
        LearningRate lr = new LearningRate(config.learningRate(), config.learningRate() / 100,
                Math.round(config.warmupFraction() * total), total);
        ProgressBar bar = ProgressBar.onStderr(log);
        TrainingState state = start;
        ObjectNode lastVal = null;
        // stopped early when the metric has not improved for `patience` epochs: derived, not stored
        while (state.epoch() < config.epochs() && state.epochsWithoutImprovement() < config.patience()) {
            int epoch = state.epoch() + 1;
            List<List<Long>> batches = sampler.batches(data.train(), epoch - 1);
            // the supervised term runs on labelled windows of several subjects, so its positives cross subjects
            List<List<Long>> mixed = config.supConWeight() > 0 && data.labelled().size() >= 2
                    ? new SubjectMixedSampler(config.batchSize(), seed, false).batches(data.labelled().size(),
                            epoch - 1).stream().filter(m -> m.size() >= 2).toList()
                    : List.of();
            bar.startEpoch(epoch, config.epochs(), batches.size());
            long t0 = System.nanoTime();
            long stepNo = state.step();
            double lossSum = 0;
            double normSum = 0;
            Map<String, Double> termSums = new LinkedHashMap<>();
            int windows = 0;
            for (List<Long> b : batches) {
                stepNo++;
                Engine.getInstance().setRandomSeed(Long.hashCode(seed * 1_000_003L + stepNo));
                try (NDManager sm = root.newSubManager()) {
                    TrainingData.Batch batch = data.batch(data.train(), sm, b);
                    ContrastiveStep.Result r;
                    if (mixed.isEmpty()) {
                        r = step.train(batch.data(), batch.labels(), lr.at(stepNo), stepNo);
                    } else {
                        TrainingData.Batch sup = data.batch(data.labelled(), sm,
                                mixed.get((int) ((stepNo - 1) % mixed.size())));
                        r = step.train(batch.data(), batch.labels(), sup.data(), sup.labels(), lr.at(stepNo), stepNo);
                    }
                    lossSum += r.loss();
                    normSum += r.gradientNorm();
                    r.terms().forEach((k, v) -> termSums.merge(k, v, Double::sum));
                    windows += b.size();
                }
                bar.advance(1);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            int n = Math.max(1, batches.size());
            ObjectNode train = JSON.createObjectNode();
            train.put("epoch", epoch);
            train.put("split", "train");
            train.put("step", stepNo);
            train.put("loss", lossSum / n);
            termSums.forEach((k, v) -> train.put(k, v / n));
            train.put("grad_norm", normSum / n);
            train.put("learning_rate", lr.at(Math.max(1, stepNo)));
            train.put("batches", batches.size());
            train.put("windows_per_s", windows / Math.max(seconds, 1e-9));
            train.put("seconds", seconds);
            run.appendMetrics(train);
            ObjectNode val = validation.run(epoch, stepNo, state.extra().path("subject_probe_init").asDouble());
            run.appendMetrics(val);
            lastVal = val;
            double metric = stopMetric(val, epoch);
            boolean improved = Double.isNaN(state.bestMetric()) || metric > state.bestMetric() + 1e-12;
            int bad = improved ? 0 : state.epochsWithoutImprovement() + 1;
            state = new TrainingState(epoch, stepNo, improved ? metric : state.bestMetric(), bad, state.extra());
            run.saveCheckpoint(Checkpoint.of(model.parameters(), optimizer.state(), state), improved);
            bar.endEpoch(String.format(Locale.ROOT, "loss %.4f, val %s %.3f (chance %.3f, oracle %s)",
                    lossSum / n, config.stopMetric(), metric, val.path("chance").asDouble(),
                    val.has("oracle_top1") ? String.format(Locale.ROOT, "%.3f", val.get("oracle_top1").asDouble())
                            : "n/a"));
            listener.epochEnded(epoch, train, val);
        }
        int bestEpoch = Double.isNaN(state.bestMetric()) ? 0 : state.epoch() - state.epochsWithoutImprovement();
        return new Summary(runDir, state.epoch(), bestEpoch, state.bestMetric(),
                state.epochsWithoutImprovement() >= config.patience() && state.epoch() < config.epochs(), lastVal);
    }

    /**
     * The early-stopping metric of a validation row (higher is better).
     *
     * @throws IllegalStateException naming the metric and the epoch when the row has no finite value for it (it is
     *     written as null): stopping on a missing value would read it as 0
     */
    private double stopMetric(ObjectNode val, int epoch) {
        // neg_X: X is better lower (the loss, the partner's median rank), so the metric is its negative
        String key = config.stopMetric().startsWith("neg_") ? config.stopMetric().substring(4) : config.stopMetric();
        com.fasterxml.jackson.databind.JsonNode v = val.get(key);
        if (v == null || !v.isNumber()) {
            throw new IllegalStateException("epoch " + epoch + ": the early-stopping metric '" + config.stopMetric()
                    + "' has no value on the held-out subjects (" + key + " = " + v + "); with neg_loss this means"
                    + " the held-out windows give no contrastive batch: lower min_gap_s or batch_size, or stop on"
                    + " retrieval_top1");
        }
        return config.stopMetric().startsWith("neg_") ? -v.asDouble() : v.asDouble();
    }

    private RunDirectory open(ObjectNode cfg) {
        return RunDirectory.open(runDir, cfg, seed, resume, "pretrain", store.provenance().key(), store.directory());
    }

    private static Map<String, ai.djl.ndarray.types.Shape> shapesOf(Map<String, NDArray> arrays) {
        Map<String, ai.djl.ndarray.types.Shape> out = new LinkedHashMap<>();
        arrays.forEach((k, a) -> out.put(k, a.getShape()));
        return out;
    }

    /** Builds a {@link Pretrainer}. */
    public static final class Builder {
        private WindowStore store;
        private Path runDir;
        private PretrainConfig config = PretrainConfig.defaults();
        private long seed = 42;
        private boolean resume;
        private Optional<Path> truth = Optional.empty();
        private Device device = Device.cpu();
        private PrintWriter log = new PrintWriter(System.err, true);
        private EpochListener listener = (e, t, v) -> { };

        private Builder() {
        }

        /** Called after every epoch's checkpoint (default: nothing). */
        public Builder optEpochListener(EpochListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The windows to train and validate on (required). */
        public Builder setStore(WindowStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** The run folder (required): created, or continued with {@link #optResume}. */
        public Builder setRunDirectory(Path dir) {
            this.runDir = Objects.requireNonNull(dir, "run directory");
            return this;
        }

        /** The configuration (default {@link PretrainConfig#defaults()}). */
        public Builder optConfig(PretrainConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** The seed (default 42). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Continue the run in the folder from its last checkpoint (a fresh start when it has none). */
        public Builder optResume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /** A simulated BIDS folder whose ground truth gives the oracle retrieval. */
        public Builder optTruth(Path bidsRoot) {
            this.truth = Optional.of(bidsRoot);
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

        /** @throws IllegalArgumentException when the store or run folder is missing */
        public Pretrainer build() {
            if (store == null || runDir == null) {
                throw new IllegalArgumentException("a pre-training run needs a window store and a run folder");
            }
            return new Pretrainer(this);
        }
    }

    static Modality modality(String name) {
        return Modality.parse(name);
    }
}
