package org.neurofusion.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.alignment.train.AdamW;
import org.neurofusion.models.EncoderSpec;

/**
 * The PyTorch twin ({@code tools/reference/alignment_twin.py}) is the same model and the same step as the DJL code
 * that {@code bench train} times: both start from the same float64 parameters and batch (EEG with padding channels,
 * so the mask bias matters), and the pooled embeddings, projections, loss, every gradient, the global gradient norm
 * and every parameter after one clipped AdamW step agree to float64 rounding. Eval mode: dropout off. Skipped with
 * a message where {@code /usr/bin/python3} cannot import torch.
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
        EncoderSpec eegSpec = EncoderSpec.tiny("eeg", 400, 100);
        EncoderSpec fnirsSpec = EncoderSpec.tiny("fnirs", 100, 10);
        Map<String, SyntheticBatch> batch = new TreeMap<>(Map.of(
                "eeg", SyntheticBatch.eeg(6, 5, 400, 3).padded(2, 4),
                "fnirs", SyntheticBatch.fnirs(6, 3, 100, 5)));
        // small enough that clipping scales the gradients, so the twin's clipping is checked too
        float clip = 1e-3f;
        TwinFolder.StepSettings settings = new TwinFolder.StepSettings(AdamW.Settings.withWeightDecay(0.05), 1e-3,
                clip, false);
        DataType f64 = DataType.FLOAT64;
        try (NDManager root = NDManager.newBaseManager()) {
            ContrastiveModel model = ContrastiveModel.build(root, List.of(eegSpec, fnirsSpec), 64, 11, f64);
            TwinFolder folder = TwinFolder.write(tmp, model, batch, settings, f64);

            // the forward pass and gradients, read before the step clips them in place
            Map<String, double[]> expected = new LinkedHashMap<>();
            try (NDManager step = root.newSubManager()) {
                Map<String, NDList> inputs = new TreeMap<>();
                batch.forEach((m, b) -> inputs.put(m, b.toNDList(step, f64)));
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    ContrastiveModel.Output out = model.forward(inputs, false);
                    gc.backward(out.loss());
                    out.pooled().forEach((m, a) -> expected.put("pooled." + m, a.toDoubleArray()));
                    out.latent().forEach((m, a) -> expected.put("latent." + m, a.toDoubleArray()));
                    expected.put("loss", new double[] {out.loss().getDouble()});
                }
                model.parameters().forEach((name, p) -> {
                    try (NDArray g = p.getGradient()) {
                        expected.put("grad." + name, g.toDoubleArray());
                        g.subi(g);
                    }
                });
            }
            TrainStep trainStep = new TrainStep(model, settings.adamW(), settings.learningRate(), clip, root, f64);
            try (NDManager step = root.newSubManager()) {
                TrainStep.Outcome outcome = trainStep.run(trainStep.inputs(step, batch), false);
                assertEquals(expected.get("loss")[0], outcome.loss(), 0, "the step's loss is the forward pass's");
                assertTrue(outcome.gradientNorm() > clip, "clipping must act: norm " + outcome.gradientNorm());
                expected.put("norm", new double[] {outcome.gradientNorm()});
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
