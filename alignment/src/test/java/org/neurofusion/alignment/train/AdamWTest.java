package org.neurofusion.alignment.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamWTest {
    /** Minimises sum(c·w²) for three steps and compares with AdamW written out in double. */
    @Test
    void followsTheDecoupledAdamUpdateStepByStep() {
        double[] w0 = {0.5, -1.5, 2.0};
        double[] c = {1.0, 3.0, -0.5};
        AdamW.Settings s = new AdamW.Settings(0.9, 0.999, 1e-8, 0.01);
        double[] lrs = {0.1, 0.05, 0.2};
        try (NDManager root = NDManager.newBaseManager()) {
            NDArray w = root.create(w0);
            w.setRequiresGradient(true);
            NDArray coef = root.create(c);
            AdamW opt = new AdamW(s, Map.of("w", w), root);
            double[] ew = w0.clone();
            double[] m = new double[3];
            double[] v = new double[3];
            for (int t = 1; t <= 3; t++) {
                try (NDManager step = root.newSubManager();
                        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.zeroGradients();
                    NDArray loss = w.square().mul(coef).sum();
                    loss.attach(step);
                    gc.backward(loss);
                }
                opt.update(Map.of("w", w), lrs[t - 1], List.of());
                double lr = lrs[t - 1];
                for (int i = 0; i < 3; i++) {
                    double g = 2 * c[i] * ew[i];
                    ew[i] *= 1 - lr * 0.01;
                    m[i] = 0.9 * m[i] + 0.1 * g;
                    v[i] = 0.999 * v[i] + 0.001 * g * g;
                    double mh = m[i] / (1 - Math.pow(0.9, t));
                    double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8;
                    ew[i] -= lr * mh / denom;
                }
                assertArrayEquals(ew, w.toDoubleArray(), 1e-12, "step " + t);
            }
            assertEquals(3, opt.step());
        }
    }

    @Test
    void restoredStateContinuesIdentically() {
        try (NDManager root = NDManager.newBaseManager()) {
            float[][] runs = new float[2][];
            for (int r = 0; r < 2; r++) {
                NDArray w = root.create(new float[] {1f, -2f});
                w.setRequiresGradient(true);
                AdamW opt = new AdamW(AdamW.Settings.withWeightDecay(0.05), Map.of("w", w), root);
                for (int t = 1; t <= 4; t++) {
                    if (r == 1 && t == 3) {
                        // a fresh optimiser from the saved state, as after a resume
                        Map<String, NDArray> saved = Map.of("m/w", opt.state().get("m/w").duplicate(),
                                "v/w", opt.state().get("v/w").duplicate());
                        long at = opt.step();
                        opt = new AdamW(AdamW.Settings.withWeightDecay(0.05), Map.of("w", w), root);
                        opt.restore(saved, at);
                    }
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.zeroGradients();
                        gc.backward(w.pow(4).sum());
                    }
                    opt.update(Map.of("w", w), 0.1, List.of());
                }
                runs[r] = w.toFloatArray();
            }
            assertArrayEquals(runs[0], runs[1]);
        }
    }

    @Test
    void refusesMismatchedStateAndSettings() {
        try (NDManager root = NDManager.newBaseManager()) {
            NDArray w = root.create(new float[] {1f, 2f});
            AdamW opt = new AdamW(AdamW.Settings.withWeightDecay(0), Map.of("w", w), root);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> opt.restore(Map.of("m/w", root.zeros(new ai.djl.ndarray.types.Shape(3)),
                            "v/w", root.zeros(new ai.djl.ndarray.types.Shape(2))), 1));
            assertTrue(e.getMessage().contains("m/w"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> opt.restore(Map.of(), 1));
            assertThrows(IllegalArgumentException.class, () -> opt.update(Map.of("x", w), 0.1, List.of()));
            assertThrows(IllegalArgumentException.class, () -> new AdamW.Settings(1.0, 0.9, 1e-8, 0));
        }
    }

    @Test
    void learningRateWarmsUpThenFollowsTheCosine() {
        LearningRate lr = new LearningRate(1e-3, 1e-5, 10, 110);
        assertEquals(1e-4, lr.at(1), 1e-15);
        assertEquals(1e-3, lr.at(10), 1e-15);
        assertEquals(1e-5 + 0.5 * (1e-3 - 1e-5), lr.at(60), 1e-15);
        assertEquals(1e-5, lr.at(110), 1e-15);
        assertEquals(1e-5, lr.at(500), 1e-15);
        assertTrue(lr.at(30) > lr.at(31));
        assertThrows(IllegalArgumentException.class, () -> lr.at(0));
        assertThrows(IllegalArgumentException.class, () -> new LearningRate(1e-3, 1e-2, 1, 10));
    }
}
