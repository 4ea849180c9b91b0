package org.neurofusion.fusion.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.neurofusion.alignment.train.AdamW;
import org.neurofusion.fusion.train.FusionConfig;
import org.neurofusion.fusion.train.FusionModel;
import org.neurofusion.fusion.train.FusionStep;
import org.neurofusion.fusion.train.Stage;
import org.neurofusion.models.EncoderSpec;
import org.neurofusion.models.FusionSpec;
import org.neurofusion.models.ImputationSpec;
import org.neurofusion.models.SyntheticBatch;

/**
 * Times one training step of the teacher and of the EEG-only student (imputation head, fusion block, the teacher's
 * forward pass included) on the default tiny EEG + fNIRS configuration and a synthetic batch, as {@code bench train}
 * prints them beside the alignment step. The encoders fine-tune (the default), so these are the dearest steps.
 */
public final class FusionStepBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One stage's figures: per-step milliseconds after warm-up, and the trained parameter count. */
    public record Figures(Stage stage, double[] stepMs, long parameters) {
        /** The median step. */
        public double medianMs() {
            double[] s = stepMs.clone();
            Arrays.sort(s);
            int n = s.length;
            return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        }
    }

    private FusionStepBenchmark() {
    }

    /** The aligned-encoder specs of the benchmark: tiny EEG (400 samples at 100 Hz), tiny fNIRS (100 at 10 Hz). */
    static ObjectNode alignedSpecs(List<String> modalities) {
        ObjectNode o = JSON.createObjectNode();
        ObjectNode e = o.putObject("encoders");
        for (String m : modalities) {
            EncoderSpec s = m.equals("eeg") ? EncoderSpec.tiny("eeg", 400, 100) : EncoderSpec.tiny("fnirs", 100, 10);
            try {
                e.set(m, JSON.readTree(s.toJson()));
            } catch (java.io.IOException ex) {
                throw new IllegalStateException(ex);
            }
        }
        o.put("latent_dim", 64);
        return o;
    }

    /**
     * Times {@code steps} steps of the teacher and of the student after {@code warmup} untimed ones.
     *
     * @param batch windows per step (half of the student's labelled)
     */
    public static List<Figures> run(int steps, int warmup, int batch, long seed) {
        Engine.getInstance();
        JniUtils.setGradMode(false);
        FusionConfig cfg = FusionConfig.defaults();
        List<String> both = List.of("eeg", "fnirs");
        EncoderSpec eeg = EncoderSpec.tiny("eeg", 400, 100);
        EncoderSpec fnirs = EncoderSpec.tiny("fnirs", 100, 10);
        FusionSpec fusion = FusionSpec.tiny(List.of(FusionSpec.Input.of(eeg), FusionSpec.Input.of(fnirs)), 2);
        List<Figures> out = new ArrayList<>();
        try (NDManager root = NDManager.newBaseManager(Device.cpu());
                FusionModel teacher = new FusionModel(alignedSpecs(both), fusion, null, seed, Device.cpu());
                FusionModel student = new FusionModel(alignedSpecs(List.of("eeg")), fusion,
                        ImputationSpec.tiny(eeg, fnirs, 64), seed + 1, Device.cpu())) {
            SyntheticBatch e = SyntheticBatch.eeg(batch, 30, 400, seed);
            SyntheticBatch f = SyntheticBatch.fnirs(batch, 36, 100, seed + 1);
            int[] labels = new int[batch];
            for (int i = 0; i < batch; i++) {
                labels[i] = i < batch / 2 ? i % 2 : -1;
            }
            for (Stage stage : List.of(Stage.TEACHER, Stage.STUDENT)) {
                FusionModel m = stage == Stage.TEACHER ? teacher : student;
                AdamW head = new AdamW(AdamW.Settings.withWeightDecay(cfg.weightDecay()),
                        FusionStep.trainedHeads(m, stage, cfg), root);
                AdamW enc = new AdamW(AdamW.Settings.withWeightDecay(cfg.weightDecay()), m.encoderParameters(), root);
                FusionStep step = new FusionStep(stage, m, stage == Stage.STUDENT ? teacher : null, null, "eeg", cfg,
                        seed, head, enc);
                double[] ms = new double[steps];
                for (int s = 0; s < warmup + steps; s++) {
                    Engine.getInstance().setRandomSeed(Long.hashCode(seed + s));
                    try (NDManager sm = root.newSubManager()) {
                        NDList data = new NDList();
                        data.addAll(e.toNDList(sm, DataType.FLOAT32));
                        data.addAll(f.toNDList(sm, DataType.FLOAT32));
                        NDArray y = sm.create(labels);
                        long t0 = System.nanoTime();
                        step.train(data, y, both, s + 1, cfg.learningRate(), 0.1);
                        if (s >= warmup) {
                            ms[s - warmup] = (System.nanoTime() - t0) / 1e6;
                        }
                    }
                }
                long params = FusionStep.trainedHeads(m, stage, cfg).values().stream().mapToLong(NDArray::size).sum()
                        + m.encoderParameters().values().stream().mapToLong(NDArray::size).sum();
                out.add(new Figures(stage, ms, params));
            }
        }
        return out;
    }

    /** Prints the figures, one line a stage. */
    public static void print(List<Figures> figures, int batch, PrintStream out) {
        for (Figures f : figures) {
            out.printf(Locale.ROOT, "%-8s step (DJL, batch %d, %d trained parameters): median %.1f ms, %.0f windows/s%n",
                    f.stage().label(), batch, f.parameters(), f.medianMs(), batch / (f.medianMs() / 1000));
        }
    }
}
