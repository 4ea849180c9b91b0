package org.neurofusion.alignment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Clipping by global norm, in place, from below as well as from above. */
class GradientClippingTest {
    @Test
    void aNegativeGradientIsClippedToTheNormUnlikeDjlsClipGrad() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray g = m.create(new float[] {-5f});
            assertEquals(5, GradientClipping.clipByGlobalNorm(List.of(g), 0.1f), 1e-6);
            assertArrayEquals(new float[] {-0.1f}, g.toFloatArray(), 1e-7f);

            // DJL's optClipGrad: the same gradient, limit 0.1, learning rate 1 moves the weight by 5, not 0.1.
            Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(1f)).optClipGrad(0.1f).build();
            NDArray weight = m.create(new float[] {0f});
            sgd.update("w", weight, m.create(new float[] {-5f}));
            assertEquals(5f, weight.getFloat(0), 1e-6f);
        }
    }

    @Test
    void theGlobalNormScalesEveryArrayByOneFactor() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {3f});
            NDArray b = m.create(new float[] {0f, -4f});
            assertEquals(5, GradientClipping.clipByGlobalNorm(List.of(a, b), 1f), 1e-6);
            assertArrayEquals(new float[] {0.6f}, a.toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0f, -0.8f}, b.toFloatArray(), 1e-6f);
            // below the bound nothing changes
            assertEquals(1, GradientClipping.clipByGlobalNorm(List.of(a, b), 2f), 1e-6);
            assertArrayEquals(new float[] {0.6f}, a.toFloatArray(), 0f);
            // a non-finite norm is reported and the gradients are left for the caller to discard
            NDArray nan = m.create(new float[] {Float.NaN, 1f});
            assertEquals(true, Double.isNaN(GradientClipping.clipByGlobalNorm(List.of(nan), 1f)));
            assertArrayEquals(new float[] {Float.NaN, 1f}, nan.toFloatArray(), 0f);
            assertThrows(IllegalArgumentException.class, () -> GradientClipping.clipByGlobalNorm(List.of(a), 0f));
        }
    }

    @Test
    void parameterGradientsAreClippedInPlace() {
        Engine.getInstance().setRandomSeed(9);
        Linear linear = Linear.builder().setUnits(3).build();
        try (NDManager m = NDManager.newBaseManager()) {
            linear.initialize(m, DataType.FLOAT32, new Shape(2, 4));
            ParameterStore ps = new ParameterStore(m, false);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = linear.forward(ps, new NDList(m.randomNormal(new Shape(2, 4)).mul(10)), true).singletonOrThrow();
                gc.backward(y.square().sum());
                double before = norm(linear);
                assertEquals(true, before > 1, "a gradient worth clipping: " + before);
                assertEquals(before, GradientClipping.clipByGlobalNorm(linear.getParameters(), 0.5f), before * 1e-5);
                // read back through fresh views: the parameters' own gradients changed
                assertEquals(0.5, norm(linear), 1e-5);
            }
        }
    }

    private static double norm(Linear block) {
        double s = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            try (NDArray g = p.getValue().getArray().getGradient()) {
                for (float v : g.toFloatArray()) {
                    s += (double) v * v;
                }
            }
        }
        return Math.sqrt(s);
    }
}
