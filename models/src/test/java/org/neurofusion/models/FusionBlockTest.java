package org.neurofusion.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.neurofusion.models.BlockChecks.maxAbsDiff;
import static org.neurofusion.models.BlockChecks.random;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fusion transformer: shapes, absent modalities, window independence, positions, seeds, gradients, errors. */
class FusionBlockTest {
    static final FusionSpec SPEC = FusionSpec.tiny(List.of(FusionSpecTest.EEG_IN, FusionSpecTest.FNIRS_IN), 3);
    /** Windows: both present, EEG only, fNIRS only, none. */
    static final float[] PRESENCE = {1, 1, 1, 0, 0, 1, 0, 0};

    static FusionBlock build(NDManager m, FusionSpec spec, int seed, DataType type) {
        Engine.getInstance().setRandomSeed(seed);
        FusionBlock f = new FusionBlock(spec);
        f.initialize(m, type, f.inputShapes(1));
        return f;
    }

    static NDList run(FusionBlock f, NDList in, boolean training) {
        return f.forward(new ParameterStore(in.get(0).getManager(), false), in, training);
    }

    /** Unit-scale tokens for every input of {@code spec}, then {@code presence}. */
    static NDList batch(NDManager m, FusionSpec spec, int b, float[] presence, long seed, DataType type) {
        Random r = new Random(seed);
        NDList in = new NDList();
        for (FusionSpec.Input i : spec.inputs()) {
            in.add(random(m, r, new Shape(b, i.tokens(), i.width()), 1, type));
        }
        in.add(m.create(presence, new Shape(b, spec.modalities())).toType(type, false));
        return in;
    }

    /** The parameter count written out from the architecture description, independently of the declarations. */
    static long countFromDescription(FusionSpec s) {
        long w = s.width();
        long h = w * s.mlpRatio();
        long n = 0;
        for (FusionSpec.Input i : s.inputs()) {
            n += (long) i.width() * w + w + w + (long) i.tokens() * w;
        }
        long layer = 2 * 2 * w + (4 * w * w + 3 * w) + (2 * w * h + h + w);
        long readouts = 0;
        for (FusionSpec.Input i : s.inputs()) {
            readouts += (long) s.classes() * i.queries() * i.width();
        }
        return n + w + s.depth() * layer + 2 * w + w * s.classes() + s.classes() + readouts;
    }

    @Test
    void outputsAndParametersHaveTheDocumentedShapes() {
        try (NDManager m = NDManager.newBaseManager()) {
            FusionBlock f = build(m, SPEC, 1, DataType.FLOAT32);
            NDList out = run(f, batch(m, SPEC, 4, PRESENCE, 1, DataType.FLOAT32), false);
            assertEquals(new Shape(4, 3), out.get(0).getShape());
            assertEquals(new Shape(4, 64), out.get(1).getShape());
            assertArrayEquals(new Shape[] {new Shape(4, 3), new Shape(4, 64)}, f.getOutputShapes(f.inputShapes(4)));
            assertArrayEquals(new Shape[] {new Shape(4, 16, 32), new Shape(4, 10, 24), new Shape(4, 2)},
                    f.inputShapes(4));
            Map<String, Shape> shapes = f.expectedShapes();
            List<String> names = List.copyOf(shapes.keySet());
            assertEquals(List.of("in.eeg.weight", "in.eeg.bias", "modality.eeg", "position.eeg", "in.fnirs.weight",
                    "in.fnirs.bias", "modality.fnirs", "position.fnirs", "cls", "layers.0.norm1.gamma"),
                    names.subList(0, 10));
            assertEquals(List.of("norm.gamma", "norm.beta", "head.weight", "head.bias", "readout.eeg.weight",
                    "readout.fnirs.weight"), names.subList(names.size() - 6, names.size()));
            assertEquals(new Shape(3, 4 * 32), shapes.get("readout.eeg.weight")); // 4 queries of 4 time steps
            assertEquals(new Shape(3, 10 * 24), shapes.get("readout.fnirs.weight")); // one time step
            assertEquals(new Shape(64, 32), shapes.get("in.eeg.weight"));
            assertEquals(new Shape(10, 64), shapes.get("position.fnirs"));
            assertEquals(new Shape(1, 64), shapes.get("modality.fnirs"));
            assertEquals(new Shape(64, 64), shapes.get("layers.1.attn.k.weight"));
            assertEquals(null, shapes.get("layers.1.attn.k.bias"));
            assertEquals(countFromDescription(SPEC), f.parameterCount());
            f.checkShapes();
            ParameterShapeException x = assertThrows(ParameterShapeException.class, () -> FusionBlock.checkShapes(
                    new FusionSpec(SPEC.inputs(), 64, 3, 4, 2, 3, 0.1), f.getParameters()));
            assertTrue(x.getMessage().contains("'layers.2.norm1.gamma'") && x.getMessage().contains("missing"),
                    x.getMessage());
        }
    }

    @Test
    void absentModalitiesTokensChangeNothing() {
        try (NDManager m = NDManager.newBaseManager()) {
            FusionBlock f = build(m, SPEC, 2, DataType.FLOAT32);
            NDList in = batch(m, SPEC, 4, PRESENCE, 2, DataType.FLOAT32);
            NDList out = run(f, in, false);
            // replace every absent token (window 1 fNIRS, window 2 EEG, window 3 both) by large random values
            NDList other = batch(m, SPEC, 4, PRESENCE, 99, DataType.FLOAT32);
            NDArray eeg = in.get(0).duplicate();
            NDArray fnirs = in.get(1).duplicate();
            eeg.set(new ai.djl.ndarray.index.NDIndex("2:4"), other.get(0).get("2:4").mul(50));
            fnirs.set(new ai.djl.ndarray.index.NDIndex("1"), other.get(1).get("1").mul(50));
            fnirs.set(new ai.djl.ndarray.index.NDIndex("3"), other.get(1).get("3").mul(-7));
            NDList swapped = run(f, new NDList(eeg, fnirs, in.get(2)), false);
            assertTrue(maxAbsDiff(out.get(0), swapped.get(0)) < 1e-5f, "absent tokens changed the logits");
            assertTrue(maxAbsDiff(out.get(1), swapped.get(1)) < 1e-5f, "absent tokens changed the fused vector");
            // the same change made to present tokens must show, or the check above proves nothing
            NDArray eegPresent = in.get(0).duplicate();
            eegPresent.set(new ai.djl.ndarray.index.NDIndex("0:2"), other.get(0).get("0:2"));
            NDArray changed = run(f, new NDList(eegPresent, in.get(1), in.get(2)), false).get(1);
            assertTrue(maxAbsDiff(out.get(1).get("0:2"), changed.get("0:2")) > 1e-3f);
        }
    }

    @Test
    void aWindowWithNothingPresentIsFiniteAndReadsOnlyTheClassToken() {
        try (NDManager m = NDManager.newBaseManager()) {
            FusionBlock f = build(m, SPEC, 3, DataType.FLOAT32);
            NDList in = batch(m, SPEC, 3, new float[6], 3, DataType.FLOAT32);
            NDList out = run(f, in, true); // training: dropout on, still finite
            SensorTokenEncoderTest.assertFinite(out.get(0), "logits");
            SensorTokenEncoderTest.assertFinite(out.get(1), "fused");
            NDArray fused = run(f, in, false).get(1);
            // nothing but the class token is visible: three windows with different tokens fuse to the same vector
            assertTrue(maxAbsDiff(fused.get("0"), fused.get("1")) < 1e-6f);
            assertTrue(maxAbsDiff(fused.get("0"), fused.get("2")) < 1e-6f);
        }
    }

    /** logits = head(fused), and fused is a LayerNorm output: zero mean and unit variance times gamma plus beta. */
    @Test
    void logitsAreTheHeadOfTheFusedClassToken() {
        try (NDManager m = NDManager.newBaseManager()) {
            FusionBlock f = build(m, SPEC, 10, DataType.FLOAT64);
            NDList out = run(f, batch(m, SPEC, 4, PRESENCE, 10, DataType.FLOAT64), false);
            double[] fused = out.get(1).toDoubleArray();
            double[] logits = out.get(0).toDoubleArray();
            double[] w = f.getParameters().get("head.weight").getArray().toDoubleArray(); // (3, 64)
            double[] bias = f.getParameters().get("head.bias").getArray().toDoubleArray();
            for (int b = 0; b < 4; b++) {
                double mean = 0;
                double square = 0;
                for (int k = 0; k < 64; k++) {
                    mean += fused[b * 64 + k] / 64;
                    square += fused[b * 64 + k] * fused[b * 64 + k] / 64;
                }
                // gamma 1 and beta 0 at initialisation: the LayerNorm's output has mean 0 and variance ~1 (eps 1e-5)
                assertEquals(0, mean, 1e-9, "window " + b);
                assertEquals(1, square, 1e-3, "window " + b);
                for (int c = 0; c < 3; c++) {
                    double expected = bias[c];
                    for (int k = 0; k < 64; k++) {
                        expected += w[c * 64 + k] * fused[b * 64 + k];
                    }
                    assertEquals(expected, logits[b * 3 + c], 1e-12, "window " + b + ", class " + c);
                }
            }
        }
    }

    @Test
    void theReadoutAddsEachPresentModalitysTimeAveragedQueriesThroughALinearMap() {
        try (NDManager m = NDManager.newBaseManager()) {
            FusionBlock f = build(m, SPEC, 11, DataType.FLOAT64);
            NDList in = batch(m, SPEC, 4, PRESENCE, 11, DataType.FLOAT64);
            double[] before = run(f, in, false).get(0).toDoubleArray(); // the readouts start at zero
            Random r = new Random(12);
            double[][] w = new double[2][];
            for (int i = 0; i < 2; i++) {
                NDArray a = f.getParameters().get("readout." + SPEC.inputs().get(i).modality() + ".weight").getArray();
                a.set(random(m, r, a.getShape(), 0.1, DataType.FLOAT64).toByteBuffer());
                w[i] = a.toDoubleArray();
            }
            NDList out = run(f, in, false);
            double[] after = out.get(0).toDoubleArray();
            for (int b = 0; b < 4; b++) {
                for (int c = 0; c < 3; c++) {
                    double expected = before[b * 3 + c];
                    for (int i = 0; i < 2; i++) {
                        FusionSpec.Input spec = SPEC.inputs().get(i);
                        if (PRESENCE[b * 2 + i] == 0) {
                            continue;
                        }
                        double[] tokens = in.get(i).toDoubleArray(); // (B, P * Q, W), time-major
                        int q = spec.queries();
                        int width = spec.width();
                        int steps = spec.tokens() / q;
                        for (int k = 0; k < q; k++) {
                            for (int d = 0; d < width; d++) {
                                double mean = 0;
                                for (int t = 0; t < steps; t++) {
                                    mean += tokens[(b * spec.tokens() + t * q + k) * width + d] / steps;
                                }
                                expected += w[i][c * q * width + k * width + d] * mean;
                            }
                        }
                    }
                    assertEquals(expected, after[b * 3 + c], 1e-10, "window " + b + ", class " + c);
                }
            }
            // the fused class token does not read the readout
            assertEquals(0, maxAbsDiff(run(f, in, false).get(1), out.get(1)), 0);
        }
    }

    @Test
    void aWindowsOutputsDoNotDependOnTheRestOfTheBatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            FusionBlock f = build(m, SPEC, 4, DataType.FLOAT32);
            NDList in = batch(m, SPEC, 4, PRESENCE, 4, DataType.FLOAT32);
            NDList out = run(f, in, false);
            for (int w = 0; w < 4; w++) {
                String k = w + ":" + (w + 1);
                NDList alone = run(f, new NDList(in.get(0).get(k), in.get(1).get(k), in.get(2).get(k)), false);
                assertTrue(maxAbsDiff(out.get(0).get(k), alone.get(0)) < 1e-5f, "window " + w);
                assertTrue(maxAbsDiff(out.get(1).get(k), alone.get(1)) < 1e-5f, "window " + w);
            }
        }
    }

    @Test
    void permutingAModalitysTokensChangesTheOutput() {
        try (NDManager m = NDManager.newBaseManager()) {
            FusionBlock f = build(m, SPEC, 5, DataType.FLOAT32);
            NDList in = batch(m, SPEC, 2, new float[] {1, 1, 1, 1}, 5, DataType.FLOAT32);
            NDArray fused = run(f, in, false).get(1);
            // reverse the fNIRS tokens' order: the same set, other positions
            NDArray reversed = in.get(1).flip(1);
            NDArray moved = run(f, new NDList(in.get(0), reversed, in.get(2)), false).get(1);
            float d = maxAbsDiff(fused, moved);
            assertTrue(d > 1e-3f, "positions are not embedded: reversing the fNIRS tokens changed fused by " + d);
        }
    }

    @Test
    void sameSeedSameParametersAndOutputsAnotherSeedDiffers() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList in = batch(m, SPEC, 3, new float[] {1, 1, 0, 1, 1, 0}, 6, DataType.FLOAT32);
            FusionBlock a = build(m, SPEC, 42, DataType.FLOAT32);
            FusionBlock b = build(m, SPEC, 42, DataType.FLOAT32);
            FusionBlock c = build(m, SPEC, 43, DataType.FLOAT32);
            for (Pair<String, Parameter> p : a.getParameters()) {
                assertArrayEquals(p.getValue().getArray().toFloatArray(),
                        b.getParameters().get(p.getKey()).getArray().toFloatArray(), p.getKey());
            }
            assertArrayEquals(run(a, in, false).get(0).toFloatArray(), run(b, in, false).get(0).toFloatArray());
            assertTrue(maxAbsDiff(run(a, in, false).get(0), run(c, in, false).get(0)) > 1e-4f,
                    "another seed gave the same weights");
            assertTrue(maxAbsDiff(a.getParameters().get("position.eeg").getArray(),
                    c.getParameters().get("position.eeg").getArray()) > 0);
        }
    }

    /** d/dtheta of sum(logits * r1) + sum(fused * r2), against central differences, in float64. */
    @Test
    void gradientsMatchFiniteDifferencesInDoublePrecision() {
        FusionSpec spec = new FusionSpec(List.of(new FusionSpec.Input("eeg", 6, 6, 2), new FusionSpec.Input("fnirs", 3,
                4)), 8, 1, 2, 2, 3, 0);
        try (NDManager m = NDManager.newBaseManager()) {
            FusionBlock f = build(m, spec, 7, DataType.FLOAT64);
            Random init = new Random(9);
            for (String name : List.of("readout.eeg.weight", "readout.fnirs.weight")) {
                NDArray a = f.getParameters().get(name).getArray();
                a.set(random(m, init, a.getShape(), 0.3, DataType.FLOAT64).toByteBuffer());
            }
            // both, EEG only, none: the bias and the class-token-only path are both in the loss
            NDList in = batch(m, spec, 3, new float[] {1, 1, 1, 0, 0, 0}, 7, DataType.FLOAT64);
            NDArray eeg = in.get(0);
            NDArray fnirs = in.get(1);
            eeg.setRequiresGradient(true);
            fnirs.setRequiresGradient(true);
            Random r = new Random(8);
            NDArray r1 = random(m, r, new Shape(3, 3), 1, DataType.FLOAT64);
            NDArray r2 = random(m, r, new Shape(3, 8), 1, DataType.FLOAT64);
            String[] names = {"in.eeg.weight", "modality.fnirs", "position.eeg", "cls", "layers.0.attn.k.weight",
                "layers.0.attn.v.bias", "layers.0.norm1.gamma", "layers.0.mlp.fc1.weight", "norm.beta", "head.weight",
                "readout.eeg.weight", "readout.fnirs.weight", "input eeg"};
            NDArray[] arrays = new NDArray[names.length];
            for (int i = 0; i < names.length - 1; i++) {
                arrays[i] = f.getParameters().get(names[i]).getArray();
            }
            arrays[names.length - 1] = eeg;
            BlockChecks.checkGradients(() -> {
                NDList out = run(f, in, false);
                return out.get(0).mul(r1).sum().add(out.get(1).mul(r2).sum());
            }, r, names, arrays);
            // absent tokens (fNIRS of windows 1 and 2, EEG of window 2) receive exactly no gradient
            assertEquals(0f, fnirs.getGradient().get("1:3").abs().max().toType(DataType.FLOAT32, false).getFloat());
            assertEquals(0f, eeg.getGradient().get("2").abs().max().toType(DataType.FLOAT32, false).getFloat());
            assertTrue(fnirs.getGradient().get("0").abs().max().getDouble() > 0);
        }
    }

    @Test
    void saveAndLoadGiveTheSameOutputsAndShapesAreChecked(@TempDir Path dir) throws Exception {
        try (NDManager m = NDManager.newBaseManager(); Model model = Model.newInstance("fusion")) {
            FusionBlock f = build(model.getNDManager(), SPEC, 12, DataType.FLOAT32);
            model.setBlock(f);
            model.save(dir, "fusion");
            NDList in = batch(m, SPEC, 2, new float[] {1, 0, 1, 1}, 12, DataType.FLOAT32);
            float[] expected = run(f, in, false).get(0).toFloatArray();
            try (Model loaded = Model.newInstance("fusion")) {
                FusionBlock g = new FusionBlock(SPEC);
                loaded.setBlock(g);
                loaded.load(dir, "fusion");
                g.checkShapes();
                assertArrayEquals(expected, run(g, in, false).get(0).toFloatArray());
            }
            // a spec with more classes loads the file without complaint (DJL checks no shape): checkShapes names it
            try (Model loaded = Model.newInstance("fusion")) {
                FusionBlock g = new FusionBlock(new FusionSpec(SPEC.inputs(), 64, 2, 4, 2, 5, 0.1));
                loaded.setBlock(g);
                loaded.load(dir, "fusion");
                ParameterShapeException x = assertThrows(ParameterShapeException.class, g::checkShapes);
                assertTrue(x.getMessage().contains("'head.weight' has shape (3, 64) but the spec expects (5, 64)"),
                        x.getMessage());
            }
        }
    }

    @Test
    void refusesInputsThatBreakTheContractNamingTheModality() {
        try (NDManager m = NDManager.newBaseManager()) {
            FusionBlock f = build(m, SPEC, 9, DataType.FLOAT32);
            NDList good = batch(m, SPEC, 2, new float[] {1, 0, 1, 1}, 9, DataType.FLOAT32);
            assertMessage("expected 3 inputs (eeg tokens, fnirs tokens, presence), got 1",
                    () -> run(f, new NDList(good.get(0)), false));
            assertMessage("input 1 ('fnirs' tokens) has shape (2, 10, 32), expected (B, 10, 24) with B = 2",
                    () -> run(f, new NDList(good.get(0), m.zeros(new Shape(2, 10, 32)), good.get(2)), false));
            assertMessage("'fnirs' tokens) has shape (3, 10, 24)",
                    () -> run(f, new NDList(good.get(0), m.zeros(new Shape(3, 10, 24)), good.get(2)), false));
            assertMessage("input 0 ('eeg' tokens) has shape (2, 16)",
                    () -> run(f, new NDList(m.zeros(new Shape(2, 16)), good.get(1), good.get(2)), false));
            assertMessage("'fnirs' tokens are float64 and 'eeg' tokens float32", () -> run(f, new NDList(good.get(0),
                    good.get(1).toType(DataType.FLOAT64, false), good.get(2)), false));
            assertMessage("presence has shape (2, 3), expected (2, 2)",
                    () -> run(f, new NDList(good.get(0), good.get(1), m.ones(new Shape(2, 3))), false));
            assertMessage("presence of window 1, modality 'fnirs' is 0.5", () -> run(f, new NDList(good.get(0),
                    good.get(1), m.create(new float[] {1, 0, 1, 0.5f}, new Shape(2, 2))), false));
            assertMessage("presence of window 0, modality 'eeg' is NaN", () -> run(f, new NDList(good.get(0),
                    good.get(1), m.create(new float[] {Float.NaN, 0, 1, 1}, new Shape(2, 2))), false));
            assertMessage("presence is int32", () -> run(f, new NDList(good.get(0), good.get(1),
                    m.create(new int[] {1, 0, 1, 1}, new Shape(2, 2))), false));
            assertMessage("FusionBlock needs a spec", () -> new FusionBlock(null));
        }
    }

    static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
        FusionSpecTest.assertMessage(part, e);
    }
}
