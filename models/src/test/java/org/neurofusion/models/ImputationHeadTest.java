package org.neurofusion.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.neurofusion.models.BlockChecks.maxAbsDiff;
import static org.neurofusion.models.BlockChecks.random;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The imputation head: shapes, a unit-norm embedding, window independence, positions, seeds, gradients, errors. */
class ImputationHeadTest {
    static final ImputationSpec SPEC = new ImputationSpec("eeg", 16, 32, "fnirs", 10, 24, 12, 64, 2, 4, 2, 0.1);

    static ImputationHead build(NDManager m, ImputationSpec spec, int seed, DataType type) {
        Engine.getInstance().setRandomSeed(seed);
        ImputationHead h = new ImputationHead(spec);
        h.initialize(m, type, h.inputShapes(1));
        return h;
    }

    static NDList run(ImputationHead h, NDArray kept, boolean training) {
        return h.forward(new ParameterStore(kept.getManager(), false), new NDList(kept), training);
    }

    static NDArray kept(NDManager m, ImputationSpec spec, int b, long seed, DataType type) {
        return random(m, new Random(seed), new Shape(b, spec.keptTokens(), spec.keptWidth()), 1, type);
    }

    /** The parameter count written out from the architecture description, independently of the declarations. */
    static long countFromDescription(ImputationSpec s) {
        long w = s.width();
        long h = w * s.mlpRatio();
        long attention = 4 * w * w + 3 * w;
        long layer = 4 * 2 * w + 2 * attention + (2 * w * h + h + w);
        return (long) s.keptWidth() * w + w + (long) s.keptTokens() * w + (long) s.missingTokens() * w
                + s.depth() * layer + 2 * w + w * s.missingWidth() + s.missingWidth() + w * s.latentDim()
                + s.latentDim();
    }

    @Test
    void outputsAndParametersHaveTheDocumentedShapes() {
        try (NDManager m = NDManager.newBaseManager()) {
            ImputationHead h = build(m, SPEC, 1, DataType.FLOAT32);
            NDList out = run(h, kept(m, SPEC, 3, 1, DataType.FLOAT32), false);
            assertEquals(new Shape(3, 10, 24), out.get(0).getShape());
            assertEquals(new Shape(3, 12), out.get(1).getShape());
            assertArrayEquals(new Shape[] {new Shape(3, 10, 24), new Shape(3, 12)},
                    h.getOutputShapes(h.inputShapes(3)));
            Map<String, Shape> shapes = h.expectedShapes();
            List<String> names = List.copyOf(shapes.keySet());
            assertEquals(List.of("in.weight", "in.bias", "position", "queries", "layers.0.norm_q.gamma",
                    "layers.0.norm_q.beta", "layers.0.norm_kv.gamma", "layers.0.norm_kv.beta",
                    "layers.0.cross.q.weight"), names.subList(0, 9));
            assertEquals(List.of("norm.gamma", "norm.beta", "out.weight", "out.bias", "embed.weight", "embed.bias"),
                    names.subList(names.size() - 6, names.size()));
            assertEquals(new Shape(16, 64), shapes.get("position"));
            assertEquals(new Shape(10, 64), shapes.get("queries"));
            assertEquals(new Shape(64, 32), shapes.get("in.weight"));
            assertEquals(new Shape(12, 64), shapes.get("embed.weight"));
            assertEquals(countFromDescription(SPEC), h.parameterCount());
            h.checkShapes();
            ParameterShapeException x = assertThrows(ParameterShapeException.class, () -> ImputationHead.checkShapes(
                    new ImputationSpec("eeg", 16, 32, "fnirs", 10, 24, 16, 64, 2, 4, 2, 0.1), h.getParameters()));
            assertTrue(x.getMessage().contains("'embed.weight' has shape (12, 64) but the spec expects (16, 64)"),
                    x.getMessage());
            ImputationSpec fromEncoders = ImputationSpec.tiny(FusionSpecTest.EEG, FusionSpecTest.FNIRS, 32);
            assertArrayEquals(new Shape[] {new Shape(2, 20, 64), new Shape(2, 32)},
                    new ImputationHead(fromEncoders).getOutputShapes(new ImputationHead(fromEncoders).inputShapes(2)));
        }
    }

    @Test
    void theEmbeddingHasUnitNormAndAZeroEmbeddingStaysFinite() {
        try (NDManager m = NDManager.newBaseManager()) {
            ImputationHead h = build(m, SPEC, 2, DataType.FLOAT32);
            NDArray x = kept(m, SPEC, 4, 2, DataType.FLOAT32);
            float[] norms = run(h, x.mul(30), true).get(1).square().sum(new int[] {1}).sqrt().toFloatArray();
            for (int i = 0; i < norms.length; i++) {
                assertEquals(1f, norms[i], 1e-5f, "window " + i);
            }
            // embed all zero: the direction is undefined, the output must stay finite (zero), not NaN
            h.getParameters().get("embed.weight").getArray().muli(0);
            h.getParameters().get("embed.bias").getArray().muli(0);
            NDArray zero = run(h, x, false).get(1);
            SensorTokenEncoderTest.assertFinite(zero, "embedding of a zero vector");
            assertEquals(0f, zero.abs().max().getFloat());
        }
    }

    /**
     * With {@code out} the identity the imputed tokens are norm(h) itself, so the embedding can be recomputed from
     * them as the description says: normalise(embed(mean over the queries)).
     */
    @Test
    void theEmbeddingIsTheNormalisedProjectionOfTheMeanToken() {
        ImputationSpec spec = new ImputationSpec("eeg", 6, 5, "fnirs", 4, 16, 3, 16, 1, 2, 2, 0);
        try (NDManager m = NDManager.newBaseManager()) {
            ImputationHead h = build(m, spec, 11, DataType.FLOAT64);
            h.getParameters().get("out.weight").getArray().muli(0).addi(m.eye(16).toType(DataType.FLOAT64, false));
            h.getParameters().get("out.bias").getArray().muli(0);
            NDList out = run(h, kept(m, spec, 3, 11, DataType.FLOAT64), false);
            double[] n = out.get(0).toDoubleArray(); // (3, 4, 16)
            double[] w = h.getParameters().get("embed.weight").getArray().toDoubleArray(); // (3, 16)
            double[] bias = h.getParameters().get("embed.bias").getArray().toDoubleArray();
            double[] got = out.get(1).toDoubleArray();
            for (int b = 0; b < 3; b++) {
                double[] e = new double[3];
                double norm = 0;
                for (int j = 0; j < 3; j++) {
                    e[j] = bias[j];
                    for (int k = 0; k < 16; k++) {
                        double mean = 0;
                        for (int q = 0; q < 4; q++) {
                            mean += n[(b * 4 + q) * 16 + k] / 4;
                        }
                        e[j] += w[j * 16 + k] * mean;
                    }
                    norm += e[j] * e[j];
                }
                for (int j = 0; j < 3; j++) {
                    assertEquals(e[j] / Math.sqrt(norm), got[b * 3 + j], 1e-12, "window " + b + ", component " + j);
                }
            }
        }
    }

    @Test
    void aWindowsOutputsDoNotDependOnTheRestOfTheBatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            ImputationHead h = build(m, SPEC, 3, DataType.FLOAT32);
            NDArray x = kept(m, SPEC, 3, 3, DataType.FLOAT32);
            NDList out = run(h, x, false);
            for (int w = 0; w < 3; w++) {
                String k = w + ":" + (w + 1);
                NDList alone = run(h, x.get(k), false);
                assertTrue(maxAbsDiff(out.get(0).get(k), alone.get(0)) < 1e-5f, "window " + w);
                assertTrue(maxAbsDiff(out.get(1).get(k), alone.get(1)) < 1e-5f, "window " + w);
            }
            // and the windows do differ, so the comparison above is not between constants
            assertTrue(maxAbsDiff(out.get(1).get("0"), out.get(1).get("1")) > 1e-3f);
        }
    }

    @Test
    void permutingTheKeptTokensChangesTheOutput() {
        try (NDManager m = NDManager.newBaseManager()) {
            ImputationHead h = build(m, SPEC, 4, DataType.FLOAT32);
            NDArray x = kept(m, SPEC, 2, 4, DataType.FLOAT32);
            NDList out = run(h, x, false);
            NDList moved = run(h, x.flip(1), false);
            float d = maxAbsDiff(out.get(0), moved.get(0));
            assertTrue(d > 1e-3f, "positions are not embedded: reversing the kept tokens changed the output by " + d);
        }
    }

    @Test
    void sameSeedSameParametersAndOutputsAnotherSeedDiffers() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = kept(m, SPEC, 2, 5, DataType.FLOAT32);
            ImputationHead a = build(m, SPEC, 42, DataType.FLOAT32);
            ImputationHead b = build(m, SPEC, 42, DataType.FLOAT32);
            ImputationHead c = build(m, SPEC, 43, DataType.FLOAT32);
            for (Pair<String, Parameter> p : a.getParameters()) {
                assertArrayEquals(p.getValue().getArray().toFloatArray(),
                        b.getParameters().get(p.getKey()).getArray().toFloatArray(), p.getKey());
            }
            assertArrayEquals(run(a, x, false).get(0).toFloatArray(), run(b, x, false).get(0).toFloatArray());
            assertArrayEquals(run(a, x, false).get(1).toFloatArray(), run(b, x, false).get(1).toFloatArray());
            assertTrue(maxAbsDiff(run(a, x, false).get(1), run(c, x, false).get(1)) > 1e-4f,
                    "another seed gave the same weights");
        }
    }

    /** d/dtheta of sum(tokens * r1) + sum(embedding * r2), against central differences, in float64. */
    @Test
    void gradientsMatchFiniteDifferencesInDoublePrecision() {
        ImputationSpec spec = new ImputationSpec("eeg", 5, 6, "fnirs", 3, 4, 5, 8, 1, 2, 2, 0);
        try (NDManager m = NDManager.newBaseManager()) {
            ImputationHead h = build(m, spec, 7, DataType.FLOAT64);
            NDArray x = kept(m, spec, 2, 7, DataType.FLOAT64);
            x.setRequiresGradient(true);
            Random r = new Random(8);
            NDArray r1 = random(m, r, new Shape(2, 3, 4), 1, DataType.FLOAT64);
            NDArray r2 = random(m, r, new Shape(2, 5), 1, DataType.FLOAT64);
            String[] names = {"in.weight", "position", "queries", "layers.0.norm_kv.gamma", "layers.0.cross.k.weight",
                "layers.0.cross.q.bias", "layers.0.attn.v.weight", "layers.0.mlp.fc2.weight", "norm.gamma",
                "out.weight", "embed.weight", "embed.bias", "input eeg"};
            NDArray[] arrays = new NDArray[names.length];
            for (int i = 0; i < names.length - 1; i++) {
                arrays[i] = h.getParameters().get(names[i]).getArray();
            }
            arrays[names.length - 1] = x;
            BlockChecks.checkGradients(() -> {
                NDList out = run(h, x, false);
                return out.get(0).mul(r1).sum().add(out.get(1).mul(r2).sum());
            }, r, names, arrays);
        }
    }

    @Test
    void refusesBadInputsNamingTheModality() {
        try (NDManager m = NDManager.newBaseManager()) {
            ImputationHead h = build(m, SPEC, 9, DataType.FLOAT32);
            NDArray x = kept(m, SPEC, 2, 9, DataType.FLOAT32);
            FusionSpecTest.assertMessage("imputation head (eeg -> fnirs): expected 1 input ('eeg' tokens), got 2",
                    () -> h.forward(new ParameterStore(m, false), new NDList(x, x), false));
            FusionSpecTest.assertMessage("'eeg' tokens have shape (2, 15, 32), expected (B, 16, 32)",
                    () -> run(h, m.zeros(new Shape(2, 15, 32)), false));
            FusionSpecTest.assertMessage("'eeg' tokens have shape (2, 16, 32, 1)",
                    () -> run(h, m.zeros(new Shape(2, 16, 32, 1)), false));
            FusionSpecTest.assertMessage("'eeg' tokens are int32",
                    () -> run(h, m.zeros(new Shape(2, 16, 32), DataType.INT32), false));
            FusionSpecTest.assertMessage("ImputationHead needs a spec", () -> new ImputationHead(null));
        }
    }
}
