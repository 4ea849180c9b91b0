package org.neurofusion.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.models.SyntheticBatch;
import org.neurofusion.alignment.AlignmentObjective;
import org.neurofusion.alignment.ObjectiveWeights;
import org.neurofusion.alignment.train.AdamW;
import org.neurofusion.alignment.train.AlignmentModel;
import org.neurofusion.alignment.train.ContrastiveStep;
import org.neurofusion.models.EncoderSpec;

/**
 * The PyTorch twin ({@code tools/reference/alignment_twin.py}) is the same model and the same step as the DJL code
 * that {@code bench train} times ({@link AlignmentModel}, {@link ContrastiveStep}): both start from the same float64
 * parameters and batch (EEG with padding channels, so the mask bias matters), and the pooled embeddings,
 * projections, loss, every gradient, the global gradient norm and every parameter after one clipped AdamW step agree
 * to float64 rounding. Dropout 0, so that training mode is deterministic. Skipped with a message where
 * {@code /usr/bin/python3} cannot import torch.
 */
class TwinGoldenTest {
    private static final double TOLERANCE = 1e-9;

    @TempDir
    Path tmp;

    @BeforeAll
    static void twinAvailable() {
        String why = TwinFolder.unavailable();
        Assumptions.assumeTrue(why == null, () -> "PyTorch twin not checked: " + why);
    }

    @Test
    void twinMatchesTheDjlModelAndStepInFloat64() {
        // dropout 0: training mode is then deterministic, so the step itself (ContrastiveStep.train) is checked
        Map<String, EncoderSpec> specs = new LinkedHashMap<>();
        TrainBenchmark.defaultSpecs().forEach((m, s) -> specs.put(m, s.withDropout(0)));
        Map<String, SyntheticBatch> batch = new LinkedHashMap<>();
        // EEG with padding channels, so that the mask bias and the zeroed padding matter
        batch.put("eeg", SyntheticBatch.eeg(6, 5, 400, 3).padded(2, 4));
        batch.put("fnirs", SyntheticBatch.fnirs(6, 3, 100, 5));
        // small enough that clipping scales the gradients, so the twin's clipping is checked too
        float clip = 1e-3f;
        TwinFolder.StepSettings settings = new TwinFolder.StepSettings(AdamW.Settings.withWeightDecay(0.05), 1e-3,
                clip, true);
        DataType f64 = DataType.FLOAT64;
        try (AlignmentModel model = new AlignmentModel(specs, 64, 11, Device.cpu(), f64);
                NDManager root = NDManager.newBaseManager()) {
            TwinFolder folder = TwinFolder.write(tmp, model, batch, settings, f64);

            // the forward pass and gradients, read before the step clips them in place
            Map<String, double[]> expected = new LinkedHashMap<>();
            try (NDManager step = root.newSubManager()) {
                NDList arrays = TrainBenchmark.batchArrays(model, batch, step, f64);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    for (int k = 0; k < model.modalities().size(); k++) {
                        String m = model.modalities().get(k);
                        NDList in = new NDList(arrays.get(3 * k), arrays.get(3 * k + 1), arrays.get(3 * k + 2));
                        expected.put("pooled." + m, model.encode(m, in, true).toDoubleArray());
                        expected.put("latent." + m, model.embed(m, in, true).toDoubleArray());
                    }
                    NDArray loss = ContrastiveStep.evaluate(model, objective(), arrays, TrainBenchmark.noLabels(step, 6))
                            .loss();
                    gc.backward(loss);
                    expected.put("loss", new double[] {loss.getDouble()});
                }
                model.parameters().forEach((name, p) -> {
                    try (NDArray g = p.getGradient()) {
                        expected.put("grad." + name, g.toDoubleArray());
                    }
                });
            }
            ContrastiveStep step = TrainBenchmark.contrastiveStep(model, settings, root);
            try (NDManager s = root.newSubManager()) {
                ContrastiveStep.Result r = step.train(TrainBenchmark.batchArrays(model, batch, s, f64),
                        TrainBenchmark.noLabels(s, 6), settings.learningRate(), 1);
                assertEquals(expected.get("loss")[0], r.loss(), 0, "the step's loss is the forward pass's");
                assertTrue(r.gradientNorm() > clip, "clipping must act: norm " + r.gradientNorm());
                expected.put("norm", new double[] {r.gradientNorm()});
            }
            model.parameters().forEach((name, p) -> expected.put("updated." + name, p.toDoubleArray()));

            folder.runTwin("golden", 1, 300);
            int compared = 0;
            for (Map.Entry<String, double[]> e : expected.entrySet()) {
                double[] twin = folder.output(e.getKey());
                // an AdamW step moves a weight by about lr * g / (|g| + eps): where |g| is near eps, float64
                // rounding of g shows at 1e-12 of a step of 1e-3; a millionth of the step is still far below any
                // wrong setting (weight decay 0.05 vs 0.04 moves a weight of 0.02 by 2e-7)
                double floor = e.getKey().startsWith("updated.") ? 1e-6 * settings.learningRate() : 0;
                assertClose(e.getValue(), twin, e.getKey(), floor);
                compared++;
            }
            // 2 x (pooled, latent), loss, norm, and a gradient and an updated value per parameter array
            assertEquals(6 + 2 * model.parameters().size(), compared);
        }
    }

    private static AlignmentObjective objective() {
        return AlignmentObjective.builder().setWeights(new ObjectiveWeights(1, 0, 0)).build();
    }

    /** Equal within {@link #TOLERANCE} relative to the array's largest magnitude, or within {@code floor}. */
    static void assertClose(double[] djl, double[] twin, String what, double floor) {
        assertEquals(djl.length, twin.length, what + ": length");
        double scale = 0;
        for (double v : djl) {
            scale = Math.max(scale, Math.abs(v));
        }
        double worst = 0;
        int at = -1;
        for (int i = 0; i < djl.length; i++) {
            double d = Math.abs(djl[i] - twin[i]);
            if (!(d <= worst)) {
                worst = d;
                at = i;
            }
        }
        double allowed = Math.max(floor, TOLERANCE * Math.max(scale, 1e-3));
        int i = at;
        assertTrue(worst <= allowed, () -> what + ": DJL and the PyTorch twin differ by " + djlAndTwin(djl, twin, i)
                + " (allowed " + allowed + ")");
    }

    private static String djlAndTwin(double[] djl, double[] twin, int i) {
        return Math.abs(djl[i] - twin[i]) + " at " + i + ": " + djl[i] + " vs " + twin[i];
    }
}
