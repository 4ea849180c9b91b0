package org.neurofusion.alignment.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurofusion.alignment.AlignmentObjective;
import org.neurofusion.alignment.NonFiniteLossException;
import org.neurofusion.alignment.ObjectiveWeights;
import org.neurofusion.models.EncoderFixtures;
import org.neurofusion.models.EncoderSpec;

/**
 * One training step: it moves the weights; a non-finite loss stops it before any weight moves; gradients restart
 * from zero each step and nothing piles up in the model's manager.
 */
class ContrastiveStepTest {
    private static Map<String, EncoderSpec> specs() {
        Map<String, EncoderSpec> s = new LinkedHashMap<>();
        s.put("eeg", EncoderSpec.tiny("eeg", 100, 50));
        s.put("fnirs", EncoderSpec.tiny("fnirs", 40, 10));
        return s;
    }

    private static NDList batch(NDManager m, int b) {
        NDList out = new NDList();
        out.addAll(EncoderFixtures.batch(m, b, 6, 100, 1));
        out.addAll(EncoderFixtures.fnirsBatch(m, b, 4, 40, 2));
        return out;
    }

    private static List<float[]> snapshot(AlignmentModel model) {
        List<float[]> out = new ArrayList<>();
        model.parameters().values().forEach(a -> out.add(a.toFloatArray()));
        return out;
    }

    private static ContrastiveStep step(AlignmentModel model, NDManager root) {
        AlignmentObjective objective = AlignmentObjective.builder().setWeights(new ObjectiveWeights(1, 0.5, 0)).build();
        return new ContrastiveStep(model, objective, new AdamW(AdamW.Settings.withWeightDecay(0.01),
                model.parameters(), root), 1.0);
    }

    /**
     * One modality: the InfoNCE term is the symmetric InfoNCE between the two channel-dropout views, as computed here
     * directly in doubles from the views' embeddings and the logit scale; with patches hidden, the second view is the
     * projection of the masked pass's pooled output.
     */
    @Test
    void oneModalityContrastsItsTwoViewsAsADirectComputationDoes() {
        Map<String, EncoderSpec> eegOnly = new LinkedHashMap<>();
        eegOnly.put("eeg", EncoderSpec.tiny("eeg", 100, 50));
        for (boolean masked : new boolean[] {false, true}) {
            try (AlignmentModel model = new AlignmentModel(eegOnly, 16, 3, Device.cpu(),
                    ai.djl.ndarray.types.DataType.FLOAT32, masked);
                    NDManager sm = NDManager.newBaseManager()) {
                int b = 5;
                NDList batch = new NDList(EncoderFixtures.batch(sm, b, 6, 100, 1));
                NDArray labels = sm.create(new int[] {-1, -1, -1, -1, -1});
                AlignmentObjective objective = AlignmentObjective.builder()
                        .setWeights(ObjectiveWeights.infoNceOnly()).build();
                ChannelViews.Spec views = new ChannelViews.Spec(0.5, ChannelViews.seeds(9, new long[] {0, 1, 2, 3,
                    4}));
                int patches = model.encoder("eeg").spec().patches();
                NDArray hidden = masked ? org.neurofusion.alignment.PatchMasking.sample(b, 6, patches, 0.5, 4)
                        .toNDArray(sm) : null;
                double got = ContrastiveStep.evaluate(model, objective, batch, labels, views, hidden).total();
                NDList masks = ChannelViews.masks(batch.get(2), views);
                double[][][] z = new double[2][][];
                for (int v = 0; v < 2; v++) {
                    NDList in = new NDList(batch.get(0), batch.get(1), masks.get(v));
                    NDArray e = v == 1 && masked
                            ? model.project("eeg", model.reconstruct("eeg", in, hidden, false).pooled(), false)
                            : model.embed("eeg", in, false);
                    float[] flat = e.toFloatArray();
                    int d = flat.length / b;
                    z[v] = new double[b][d];
                    for (int i = 0; i < b; i++) {
                        for (int k = 0; k < d; k++) {
                            z[v][i][k] = flat[i * d + k];
                        }
                    }
                }
                double scale = Math.min(Math.exp(model.logScale(Device.cpu(), false).toFloatArray()[0]), 100);
                assertEquals(symmetricInfoNce(z[0], z[1], scale), got, 1e-4, "masked " + masked);
                // the views differ: the two embeddings of a window are not the same vector
                assertTrue(Math.abs(z[0][0][0] - z[1][0][0]) + Math.abs(z[0][0][1] - z[1][0][1]) > 1e-6);
            }
        }
    }

    private static double symmetricInfoNce(double[][] x, double[][] y, double scale) {
        int b = x.length;
        double loss = 0;
        for (int dir = 0; dir < 2; dir++) {
            double[][] a = dir == 0 ? x : y;
            double[][] c = dir == 0 ? y : x;
            for (int i = 0; i < b; i++) {
                double[] logits = new double[b];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < b; j++) {
                    double dot = 0;
                    for (int k = 0; k < a[i].length; k++) {
                        dot += a[i][k] * c[j][k];
                    }
                    logits[j] = scale * dot;
                    max = Math.max(max, logits[j]);
                }
                double sum = 0;
                for (double l : logits) {
                    sum += Math.exp(l - max);
                }
                loss += (Math.log(sum) + max - logits[i]) / b / 2;
            }
        }
        return loss;
    }

    @Test
    void aStepMovesEveryPartAndReportsItsTerms() {
        try (AlignmentModel model = new AlignmentModel(specs(), 16, 3, Device.cpu());
                NDManager root = NDManager.newBaseManager()) {
            List<float[]> before = snapshot(model);
            ContrastiveStep step = step(model, root);
            ContrastiveStep.Result r;
            try (NDManager sm = root.newSubManager()) {
                r = step.train(batch(sm, 6), sm.create(new int[] {0, 1, -1, 0, 1, -1}), 1e-3, 1);
            }
            assertTrue(Double.isFinite(r.loss()) && r.loss() > 0, "loss " + r.loss());
            assertTrue(r.terms().containsKey(AlignmentObjective.INFO_NCE) && r.terms().containsKey(
                    AlignmentObjective.SUPCON), "terms " + r.terms());
            assertEquals(r.terms().get(AlignmentObjective.INFO_NCE) + 0.5 * r.terms().get(AlignmentObjective.SUPCON),
                    r.loss(), 1e-4);
            List<float[]> after = snapshot(model);
            List<String> names = new ArrayList<>(model.parameters().keySet());
            for (String prefix : List.of("encoder.eeg/", "encoder.fnirs/", "head.eeg/", "head.fnirs/", "temperature/")) {
                boolean moved = false;
                for (int i = 0; i < names.size(); i++) {
                    if (names.get(i).startsWith(prefix) && !Arrays.equals(before.get(i), after.get(i))) {
                        moved = true;
                    }
                }
                assertTrue(moved, "no parameter of " + prefix + " moved");
            }
        }
    }

    @Test
    void theSupervisedTermRunsOnItsOwnMixedBatch() {
        try (AlignmentModel model = new AlignmentModel(specs(), 16, 3, Device.cpu());
                NDManager root = NDManager.newBaseManager()) {
            ContrastiveStep step = step(model, root);
            try (NDManager sm = root.newSubManager()) {
                // the contrastive batch has no labels: a supervised term can only come from the second batch
                ContrastiveStep.Result r = step.train(batch(sm, 4), sm.create(new int[] {-1, -1, -1, -1}),
                        batch(sm, 6), sm.create(new int[] {0, 1, 0, 1, 0, 1}), 1e-3, 1);
                double info = r.terms().get(AlignmentObjective.INFO_NCE);
                double sup = r.terms().get(AlignmentObjective.SUPCON);
                assertTrue(sup > 0, "supcon " + sup);
                assertEquals(info + 0.5 * sup, r.loss(), 1e-4);
                ContrastiveStep.Result alone = step.train(batch(sm, 4), sm.create(new int[] {-1, -1, -1, -1}), 1e-3,
                        2);
                // on the unlabelled contrastive batch alone the supervised term has no anchor
                assertTrue(alone.terms().containsKey(AlignmentObjective.SUPCON), "terms " + alone.terms());
                assertEquals(0.0, alone.terms().get(AlignmentObjective.SUPCON), 0.0);
            }
            AlignmentObjective infoOnly = AlignmentObjective.builder().setWeights(new ObjectiveWeights(1, 0, 0))
                    .build();
            ContrastiveStep noSup = new ContrastiveStep(model, infoOnly, new AdamW(AdamW.Settings.withWeightDecay(0),
                    model.parameters(), root), 1.0);
            try (NDManager sm = root.newSubManager()) {
                assertThrows(IllegalArgumentException.class, () -> noSup.train(batch(sm, 4), sm.create(new int[4]),
                        batch(sm, 4), sm.create(new int[4]), 1e-3, 3));
            }
        }
    }

    @Test
    void aNonFiniteLossStopsBeforeAnyWeightMoves() {
        try (AlignmentModel model = new AlignmentModel(specs(), 16, 3, Device.cpu());
                NDManager root = NDManager.newBaseManager()) {
            List<float[]> before = snapshot(model);
            ContrastiveStep step = step(model, root);
            try (NDManager sm = root.newSubManager()) {
                NDList b = batch(sm, 4);
                // an infinite sample is clipped by the encoder; a NaN one survives into the loss
                NDArray data = b.get(0);
                float[] v = data.toFloatArray();
                v[7] = Float.NaN;
                b.set(0, sm.create(v, data.getShape()));
                NonFiniteLossException e = assertThrows(NonFiniteLossException.class,
                        () -> step.train(b, sm.create(new int[] {-1, -1, -1, -1}), 1e-3, 17));
                assertEquals(17, e.step());
                assertTrue(e.getMessage().contains("17"), e.getMessage());
            }
            List<float[]> after = snapshot(model);
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(before.get(i), after.get(i), "parameter " + i + " moved after a NaN loss");
            }
        }
    }

    @Test
    void loadingRefusesOtherShapesAndNamesTheParameter() {
        try (AlignmentModel a = new AlignmentModel(specs(), 16, 3, Device.cpu());
                AlignmentModel b = new AlignmentModel(specs(), 8, 3, Device.cpu())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.load(b.parameters()));
            assertTrue(e.getMessage().contains("head.eeg/") && e.getMessage().contains("(8"), e.getMessage());
            Map<String, NDArray> missing = new LinkedHashMap<>(a.parameters());
            missing.remove("temperature/log_scale");
            e = assertThrows(IllegalArgumentException.class, () -> a.load(missing));
            assertTrue(e.getMessage().contains("temperature/log_scale"), e.getMessage());
            assertFalse(a.parameters().isEmpty());
            assertEquals(new Shape(), a.shapes().get("temperature/log_scale"));
        }
    }

    @Test
    void gradientsAreZeroedEachStepAndNoArrayIsLeftInTheModelsManager() {
        Map<String, EncoderSpec> specs = new LinkedHashMap<>();
        specs().forEach((m, s) -> specs.put(m, s.withDropout(0)));
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
                    NDArray labels = s.create(new int[] {-1, -1, -1, -1});
                    norms[i] = step.train(batch(s, 4), labels, 0, i + 1).gradientNorm();
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
