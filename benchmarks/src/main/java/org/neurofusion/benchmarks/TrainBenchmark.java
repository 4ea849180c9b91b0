package org.neurofusion.benchmarks;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.neurofusion.core.AtomicFiles;
import org.neurofusion.models.SyntheticBatch;
import org.neurofusion.alignment.AlignmentObjective;
import org.neurofusion.alignment.ObjectiveWeights;
import org.neurofusion.alignment.train.AdamW;
import org.neurofusion.alignment.train.AlignmentModel;
import org.neurofusion.alignment.train.ContrastiveStep;
import org.neurofusion.alignment.train.PretrainConfig;
import org.neurofusion.models.EncoderSpec;

/**
 * {@code neurofusion bench train}: the contrastive pre-training step of the default EEG + fNIRS configuration on
 * the CPU, timed on DJL and then, in a subprocess with the same threads, on the plain-PyTorch twin
 * ({@code tools/reference/alignment_twin.py}, checked to be the same model and step by {@code TwinGoldenTest}),
 * starting from the same weights and batch. Prints windows/s, ms/step (median and p90), peak resident set and
 * parameter count of each side, and their ratio.
 *
 * <p>Default configuration: {@code EncoderSpec.tiny("eeg", 400, 100)} on 30 EEG channels (4 s at 100 Hz),
 * {@code EncoderSpec.tiny("fnirs", 100, 10)} on 72 fNIRS channels (36 pairs x HbO/HbR, 10 s at 10 Hz), the
 * {@link AlignmentModel} and {@link ContrastiveStep} of {@code pretrain} with the pre-training defaults (projection
 * 64, AdamW at lr 1e-3 with weight decay 0.05, clipping at global norm 1, dropout on), InfoNCE only, batch 32.
 */
public final class TrainBenchmark {
    /** Each side's peak RSS and times are its own; Python's limit is generous since it starts cold. */
    private static final long TWIN_TIMEOUT_S = 1800;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Width of the shared latent space (the pre-training default). */
    static final int PROJECTION = PretrainConfig.defaults().projectionDim();

    /**
     * What to run.
     *
     * @param threads intra-op threads of both sides
     * @param steps timed steps
     * @param warmup untimed steps before them
     * @param batch windows per step (each an EEG and an fNIRS window)
     * @param seed initial weights and synthetic data
     */
    public record Settings(int threads, int steps, int warmup, int batch, long seed) {
        public Settings {
            if (threads < 1 || steps < 1 || warmup < 0 || batch < 2) {
                throw new IllegalArgumentException("bench train needs threads >= 1, steps >= 1, warmup >= 0 and batch"
                        + " >= 2 (a contrastive batch needs a negative), got threads " + threads + ", steps " + steps
                        + ", warmup " + warmup + ", batch " + batch);
            }
        }
    }

    /**
     * One side's figures.
     *
     * @param name what ran (library and version)
     * @param stepMs each timed step, in order
     * @param peakRssBytes the process's peak resident set, or -1 where unknown
     * @param parameters trainable values
     * @param threads intra-op threads the library reported using
     */
    public record Side(String name, double[] stepMs, long peakRssBytes, long parameters, int threads) {
        public Side {
            stepMs = stepMs.clone();
        }

        /** Each timed step in ms, in order (a copy). */
        @Override
        public double[] stepMs() {
            return stepMs.clone();
        }

        /** Median step time in ms. */
        public double medianMs() {
            return percentile(0.5);
        }

        /** 90th percentile step time in ms (nearest rank). */
        public double p90Ms() {
            return percentile(0.9);
        }

        /** Windows per second at the median step time. */
        public double windowsPerSecond(int batch) {
            return batch * 1000.0 / medianMs();
        }

        private double percentile(double q) {
            double[] s = stepMs.clone();
            Arrays.sort(s);
            int rank = (int) Math.ceil(q * s.length);
            return s[Math.max(0, Math.min(s.length, rank) - 1)];
        }
    }

    /**
     * Both sides; {@code pytorch} is null when the twin could not run, and {@code missing} says why.
     */
    public record Result(Settings settings, Side djl, Side pytorch, String missing, String loadBefore,
            String loadAfter) {
        /** DJL's median ms/step over PyTorch's, or NaN without PyTorch. */
        public double ratio() {
            return pytorch == null ? Double.NaN : djl.medianMs() / pytorch.medianMs();
        }
    }

    private TrainBenchmark() {
    }

    /** The default specs: tiny EEG (400 samples at 100 Hz) and tiny fNIRS (100 samples at 10 Hz), in batch order. */
    public static Map<String, EncoderSpec> defaultSpecs() {
        Map<String, EncoderSpec> specs = new LinkedHashMap<>();
        specs.put("eeg", EncoderSpec.tiny("eeg", 400, 100));
        specs.put("fnirs", EncoderSpec.tiny("fnirs", 100, 10));
        return specs;
    }

    /** The synthetic batch of the default configuration: 30 EEG channels, 36 fNIRS pairs. */
    public static Map<String, SyntheticBatch> defaultBatch(int windows, long seed) {
        Map<String, SyntheticBatch> batch = new LinkedHashMap<>();
        batch.put("eeg", SyntheticBatch.eeg(windows, 30, 400, seed));
        batch.put("fnirs", SyntheticBatch.fnirs(windows, 36, 100, seed + 1));
        return batch;
    }

    /** The optimiser and clipping of the benchmark (the pre-training defaults, at the peak learning rate). */
    public static TwinFolder.StepSettings stepSettings() {
        PretrainConfig c = PretrainConfig.defaults();
        return new TwinFolder.StepSettings(AdamW.Settings.withWeightDecay(c.weightDecay()), c.learningRate(),
                (float) c.clipNorm(), true);
    }

    /**
     * The step {@code pretrain} runs, with the InfoNCE term alone: the synthetic windows carry no labels, so the
     * supervised term of the default objective would not apply to them anyway.
     */
    public static ContrastiveStep contrastiveStep(AlignmentModel model, TwinFolder.StepSettings settings,
            NDManager optimiserManager) {
        AdamW optimiser = new AdamW(settings.adamW(), model.parameters(), optimiserManager);
        AlignmentObjective objective = AlignmentObjective.builder().setWeights(new ObjectiveWeights(1, 0, 0)).build();
        return new ContrastiveStep(model, objective, optimiser, settings.clipNorm());
    }

    /** The batch as the step takes it: data, sensors, mask of each modality in the model's order, in {@code m}. */
    public static NDList batchArrays(AlignmentModel model, Map<String, SyntheticBatch> batch, NDManager m,
            DataType type) {
        NDList out = new NDList();
        for (String modality : model.modalities()) {
            out.addAll(batch.get(modality).toNDList(m, type));
        }
        return out;
    }

    /** Unlabelled windows: -1 for each. */
    public static NDArray noLabels(NDManager m, int windows) {
        int[] labels = new int[windows];
        Arrays.fill(labels, -1);
        return m.create(labels);
    }

    /** Runs both sides and returns their figures; the PyTorch side is skipped (with the reason) when unavailable. */
    public static Result run(Settings settings) {
        String loadBefore = loadAverage();
        Engine engine = Engine.getInstance();
        // the launcher (and Surefire) set the thread count at engine load; the option overrides it
        JniUtils.setNumThreads(settings.threads());
        Map<String, SyntheticBatch> batch = defaultBatch(settings.batch(), settings.seed());
        TwinFolder.StepSettings step = stepSettings();
        Path dir;
        try {
            dir = Files.createTempDirectory("neurofusion-bench-train");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temporary folder for the PyTorch twin", e);
        }
        try {
            Side djl;
            TwinFolder folder;
            try (AlignmentModel model = new AlignmentModel(defaultSpecs(), PROJECTION, settings.seed(), Device.cpu());
                    NDManager root = NDManager.newBaseManager()) {
                // the twin starts from these very weights
                folder = TwinFolder.write(dir, model, batch, step, DataType.FLOAT32);
                ContrastiveStep train = contrastiveStep(model, step, root);
                double[] ms = new double[settings.steps()];
                for (int i = 0; i < settings.warmup() + settings.steps(); i++) {
                    long stepNo = i + 1;
                    // as the pre-training loop does: a seed per step for dropout
                    Engine.getInstance().setRandomSeed(Long.hashCode(settings.seed() * 1_000_003L + stepNo));
                    try (NDManager s = root.newSubManager()) {
                        // the batch is handed over before the clock starts, on both sides
                        NDList arrays = batchArrays(model, batch, s, DataType.FLOAT32);
                        NDArray labels = noLabels(s, settings.batch());
                        long t0 = System.nanoTime();
                        train.train(arrays, labels, step.learningRate(), stepNo);
                        long t1 = System.nanoTime();
                        if (i >= settings.warmup()) {
                            ms[i - settings.warmup()] = (t1 - t0) / 1e6;
                        }
                    }
                }
                djl = new Side("DJL " + Engine.getDjlVersion() + " / libtorch " + engine.getVersion(), ms,
                        HeapWatch.peakRss(), model.parameterCount(), JniUtils.getNumThreads());
            }
            String why = TwinFolder.unavailable();
            Side torch = why == null ? twin(folder, settings) : null;
            return new Result(settings, djl, torch, why, loadBefore, loadAverage());
        } finally {
            try {
                AtomicFiles.deleteTree(dir);
            } catch (IOException e) {
                // a left-over temporary folder must not hide the figures (or the failure) of the run
                System.err.println("could not remove " + dir + ": " + e.getMessage());
            }
        }
    }

    private static Side twin(TwinFolder folder, Settings settings) {
        String out = folder.runTwin("bench", settings.threads(), TWIN_TIMEOUT_S, "--threads",
                Integer.toString(settings.threads()), "--steps", Integer.toString(settings.steps()), "--warmup",
                Integer.toString(settings.warmup()));
        try {
            String last = out.strip();
            JsonNode r = JSON.readTree(last.substring(last.lastIndexOf('\n') + 1));
            double[] ms = new double[r.get("ms").size()];
            for (int i = 0; i < ms.length; i++) {
                ms[i] = r.get("ms").get(i).asDouble();
            }
            return new Side("PyTorch " + r.get("torch").asText() + " (" + TwinFolder.python() + ")", ms,
                    r.get("peak_rss_kib").asLong() * 1024, r.get("parameters").asLong(), r.get("threads").asInt());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("could not read the PyTorch twin's result: " + out, e);
        }
    }

    /** Prints the table of {@code r}. */
    public static void print(Result r, PrintStream out) {
        Settings s = r.settings();
        out.printf(Locale.ROOT, "contrastive step: EEG 30 ch x 400 samples + fNIRS 72 ch x 100 samples (tiny encoders),"
                + " projection 64, batch %d, %d thread%s, %d warm-up + %d timed steps%n", s.batch(), s.threads(),
                s.threads() == 1 ? "" : "s", s.warmup(), s.steps());
        out.println("load average before: " + r.loadBefore() + ", after: " + r.loadAfter());
        Side d = r.djl();
        Side t = r.pytorch();
        String[] names = {d.name(), t == null ? "PyTorch" : t.name()};
        int w = Math.max(14, Math.max(names[0].length(), names[1].length()) + 2);
        String row = "%-18s%" + w + "s%" + w + "s%14s%n";
        out.printf(Locale.ROOT, row, "", names[0], names[1], "DJL/PyTorch");
        out.printf(Locale.ROOT, row, "windows/s", f1(d.windowsPerSecond(s.batch())),
                t == null ? "-" : f1(t.windowsPerSecond(s.batch())),
                t == null ? "-" : f2(d.windowsPerSecond(s.batch()) / t.windowsPerSecond(s.batch())));
        out.printf(Locale.ROOT, row, "ms/step median", f1(d.medianMs()), t == null ? "-" : f1(t.medianMs()),
                t == null ? "-" : f2(r.ratio()));
        out.printf(Locale.ROOT, row, "ms/step p90", f1(d.p90Ms()), t == null ? "-" : f1(t.p90Ms()),
                t == null ? "-" : f2(d.p90Ms() / t.p90Ms()));
        out.printf(Locale.ROOT, row, "peak RSS MiB", mib(d.peakRssBytes()), t == null ? "-" : mib(t.peakRssBytes()),
                t == null || d.peakRssBytes() < 0 ? "-" : f2((double) d.peakRssBytes() / t.peakRssBytes()));
        out.printf(Locale.ROOT, row, "parameters", Long.toString(d.parameters()),
                t == null ? "-" : Long.toString(t.parameters()), "");
        out.printf(Locale.ROOT, row, "threads", Integer.toString(d.threads()),
                t == null ? "-" : Integer.toString(t.threads()), "");
        if (t == null) {
            out.println("PyTorch side not run: " + r.missing());
        } else {
            out.printf(Locale.ROOT, "DJL takes %.2fx PyTorch's time per step (target: at most 1.25x)%n", r.ratio());
        }
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", bytes / 1048576.0);
    }

    /** The 1, 5 and 15 minute load averages, or "n/a" where /proc/loadavg is absent. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
