package org.neurofusion.alignment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.neurofusion.alignment.Reference.assertClose;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;

/** The projection head against a plain-Java forward pass, its normalisation, spec and temperature block. */
class ProjectionHeadTest {
    private static double[][] matrix(NDArray w) {
        long[] s = w.getShape().getShape();
        float[] f = w.toFloatArray();
        double[][] out = new double[(int) s[0]][(int) s[1]];
        for (int i = 0; i < s[0]; i++) {
            for (int j = 0; j < s[1]; j++) {
                out[i][j] = f[(int) (i * s[1] + j)];
            }
        }
        return out;
    }

    /** y = W x + b with W (out, in), as DJL's Linear stores it. */
    private static double[] linear(double[][] w, float[] bias, double[] x) {
        double[] y = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            y[i] = bias[i] + Reference.dot(w[i], x);
        }
        return y;
    }

    @Test
    void forwardMatchesLinearGeluLinearNormalise() {
        ProjectionSpec spec = ProjectionSpec.of(6, 8, 4);
        Engine.getInstance().setRandomSeed(3);
        ProjectionHead head = new ProjectionHead(spec);
        try (NDManager m = NDManager.newBaseManager()) {
            head.initialize(m, DataType.FLOAT32, new Shape(3, 6));
            Map<String, NDArray> p = new HashMap<>();
            for (Pair<String, Parameter> e : head.getParameters()) {
                // child blocks prefix their names ("01hidden_weight"): keep the part after the number
                p.put(e.getKey().replaceFirst("^[0-9]+", ""), e.getValue().getArray());
            }
            assertEquals(java.util.Set.of("hidden_weight", "hidden_bias", "latent_weight", "latent_bias"), p.keySet());
            NDArray x = m.randomNormal(new Shape(3, 6));
            NDArray y = head.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
            assertEquals(new Shape(3, 4), y.getShape());
            assertEquals(new Shape(3, 4), head.getOutputShapes(new Shape[] {new Shape(3, 6)})[0]);
            float[] xs = x.toFloatArray();
            float[] ys = y.toFloatArray();
            for (int r = 0; r < 3; r++) {
                double[] in = new double[6];
                for (int j = 0; j < 6; j++) {
                    in[j] = xs[r * 6 + j];
                }
                double[] h = linear(matrix(p.get("hidden_weight")), p.get("hidden_bias").toFloatArray(), in);
                for (int j = 0; j < h.length; j++) {
                    h[j] = 0.5 * h[j] * (1 + Erf.erf(h[j] / Math.sqrt(2))); // exact GELU
                }
                double[] z = linear(matrix(p.get("latent_weight")), p.get("latent_bias").toFloatArray(), h);
                double n = Math.sqrt(Reference.dot(z, z));
                double[] expected = new double[4];
                double[] got = new double[4];
                for (int j = 0; j < 4; j++) {
                    expected[j] = z[j] / n;
                    got[j] = ys[r * 4 + j];
                }
                assertClose(expected, got, 1e-5, 1e-6, "row " + r);
                assertEquals(1, Reference.dot(got, got), 1e-5, "unit norm");
            }
            assertThrows(IllegalArgumentException.class, () -> head.forward(new ParameterStore(m, false),
                    new NDList(m.zeros(new Shape(3, 5))), false));
        }
    }

    @Test
    void normalisingZeroGivesZeroWithAFiniteGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new double[] {0, 0, 0, 3, 4, 0}, new Shape(2, 3));
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = ProjectionHead.l2Normalize(x, 1e-12);
                assertClose(new double[] {0, 0, 0, 0.6, 0.8, 0}, y.toDoubleArray(), 1e-9, 0, "normalised");
                gc.backward(y.get(0).sum().add(y.get(1).get(0)));
                double[] g = x.getGradient().toDoubleArray();
                // d(sum x/sqrt(|x|²+ε))/dx at 0 is 1/sqrt(ε) per component: large but finite, never NaN
                for (int j = 0; j < 3; j++) {
                    assertEquals(1e6, g[j], 1e-3);
                }
                // d(x0/|x|)/dx at (3, 4, 0): (|x|² − x0²)/|x|³ = 16/125, −x0·x1/|x|³ = −12/125, 0
                assertClose(new double[] {16.0 / 125, -12.0 / 125, 0}, new double[] {g[3], g[4], g[5]}, 1e-6, 1e-12,
                        "gradient of a real row");
            }
        }
    }

    @Test
    void specRoundTripsThroughJsonAndRefusesBadValues() {
        ProjectionSpec spec = new ProjectionSpec(64, 128, 32, 1e-10);
        assertEquals(spec, ProjectionSpec.fromJson(spec.toJson()));
        assertEquals(ProjectionSpec.DEFAULT_EPSILON,
                ProjectionSpec.fromJson("{\"input_dim\": 1, \"hidden_dim\": 2, \"latent_dim\": 3}").epsilon());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProjectionSpec.fromJson("{\"input_dim\": 1, \"latent_dim\": 3}"));
        assertEquals(true, e.getMessage().contains("hidden_dim"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ProjectionSpec(1, 2, 0, 1e-12));
        assertThrows(IllegalArgumentException.class, () -> new ProjectionSpec(1, 2, 3, 0));
    }

    @Test
    void temperatureStartsAtLogOneOverTauAndLearns() {
        LearnableTemperature temperature = new LearnableTemperature(0.05);
        try (NDManager m = NDManager.newBaseManager()) {
            temperature.initialize(m, DataType.FLOAT32, new Shape(1));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray logScale = temperature.logScale(ps, Device.cpu(), true);
            assertEquals(new Shape(), logScale.getShape());
            assertEquals(Math.log(20), logScale.getFloat(), 1e-6);
            NDArray a = m.randomNormal(new Shape(4, 3));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray fromForward = temperature.forward(ps, new NDList(a), true).singletonOrThrow();
                NDArray loss = InfoNceLoss.builder().build().evaluate(a, a.flip(0), fromForward);
                gc.backward(loss);
                float g = temperature.getParameters().get("log_scale").getArray().getGradient().getFloat();
                assertEquals(true, Float.isFinite(g) && g != 0, "the log scale receives a gradient: " + g);
            }
        }
    }
}
