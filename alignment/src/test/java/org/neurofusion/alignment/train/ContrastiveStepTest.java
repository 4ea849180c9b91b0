package org.neurofusion.alignment.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurofusion.alignment.AlignmentObjective;
import org.neurofusion.alignment.ObjectiveWeights;
import org.neurofusion.models.EncoderFixtures;
import org.neurofusion.models.EncoderSpec;

/** The step's housekeeping: gradients start from zero each step, and nothing piles up in the model's manager. */
class ContrastiveStepTest {
    @Test
    void gradientsAreZeroedEachStepAndNoArrayIsLeftInTheModelsManager() {
        Map<String, EncoderSpec> specs = new LinkedHashMap<>();
        specs.put("eeg", EncoderSpec.tiny("eeg", 400, 100).withDropout(0));
        specs.put("fnirs", EncoderSpec.tiny("fnirs", 100, 10).withDropout(0));
        try (AlignmentModel model = new AlignmentModel(specs, 16, 3, Device.cpu());
                NDManager root = NDManager.newBaseManager()) {
            // learning rate 0 (and so no weight decay either): every step sees the same weights and batch
            AdamW optimizer = new AdamW(AdamW.Settings.withWeightDecay(0.05), model.parameters(), root);
            ContrastiveStep step = new ContrastiveStep(model,
                    AlignmentObjective.builder().setWeights(new ObjectiveWeights(1, 0, 0)).build(), optimizer, 1e6);
            NDManager modelManager = model.parameters().values().iterator().next().getManager();
            double[] norms = new double[4];
            int[] arrays = new int[4];
            for (int i = 0; i < norms.length; i++) {
                try (NDManager s = root.newSubManager()) {
                    NDList batch = new NDList();
                    batch.addAll(EncoderFixtures.batch(s, 4, 3, 400, 1));
                    batch.addAll(EncoderFixtures.fnirsBatch(s, 4, 2, 100, 2));
                    NDArray labels = s.create(new int[] {-1, -1, -1, -1});
                    norms[i] = step.train(batch, labels, 0, i + 1).gradientNorm();
                }
                arrays[i] = modelManager.getManagedArrays().size();
            }
            assertTrue(norms[0] > 0, "the gradient must not vanish: " + norms[0]);
            for (int i = 1; i < norms.length; i++) {
                // accumulated gradients would give (i + 1) times the first norm
                assertEquals(norms[0], norms[i], 1e-9 * norms[0], "step " + (i + 1) + "'s gradient norm");
                assertEquals(arrays[0], arrays[i], "arrays in the model's manager after step " + (i + 1));
            }
        }
    }
}
