package org.neurofusion.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.SensorFeatures;

/** Shapes, montage independence (channel counts, permutation, padding) and robustness of the encoder. */
class SensorTokenEncoderTest {
    static final EncoderSpec EEG = EncoderSpec.tiny("eeg", 400, 100);
    static final EncoderSpec FNIRS = EncoderSpec.tiny("fnirs", 100, 10);

    static SensorTokenEncoder build(NDManager m, EncoderSpec spec, int seed, DataType type) {
        Engine.getInstance().setRandomSeed(seed);
        SensorTokenEncoder e = new SensorTokenEncoder(spec);
        e.initialize(m, type, e.inputShapes(1, 1));
        return e;
    }

    static NDList run(SensorTokenEncoder e, NDList in, boolean training) {
        return e.forward(new ParameterStore(in.get(0).getManager(), false), in, training);
    }

    static float maxAbsDiff(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }

    @Test
    void outputsHaveTheDocumentedShapes() {
        try (NDManager m = NDManager.newBaseManager()) {
            SensorTokenEncoder e = build(m, EEG, 1, DataType.FLOAT32);
            NDList out = run(e, EncoderFixtures.batch(m, 3, 5, 400, 1), false);
            assertEquals(new Shape(3, 8, 8, 64), out.get(0).getShape());
            assertEquals(new Shape(3, 64), out.get(1).getShape());
            assertArrayEquals(new Shape[] {new Shape(3, 8, 8, 64), new Shape(3, 64)},
                    e.getOutputShapes(e.inputShapes(3, 5)));
            SensorTokenEncoder f = build(m, FNIRS, 1, DataType.FLOAT32);
            NDList g = run(f, EncoderFixtures.fnirsBatch(m, 2, 6, 100, 2), false);
            assertEquals(new Shape(2, 5, 8, 64), g.get(0).getShape());
            assertEquals(new Shape(2, 64), g.get(1).getShape());
        }
    }

    @Test
    void oneEncoderTakesAnyMontage() {
        try (NDManager m = NDManager.newBaseManager()) {
            SensorTokenEncoder eeg = build(m, EEG, 2, DataType.FLOAT32);
            for (int channels : new int[] {30, 19, 8}) {
                NDArray pooled = run(eeg, EncoderFixtures.batch(m, 2, channels, 400, channels), false).get(1);
                assertEquals(new Shape(2, 64), pooled.getShape());
                assertFinite(pooled, channels + " EEG channels");
            }
            SensorTokenEncoder fnirs = build(m, FNIRS, 2, DataType.FLOAT32);
            NDArray a = run(fnirs, EncoderFixtures.fnirsBatch(m, 2, 36, 100, 3), false).get(1);
            NDArray b = run(fnirs, EncoderFixtures.fnirsBatch(m, 2, 11, 100, 4), false).get(1);
            assertFinite(a, "probe A");
            assertFinite(b, "probe B");
            assertTrue(maxAbsDiff(a, b) > 1e-3, "two probes with other data gave the same embedding");
        }
    }

    @Test
    void permutingChannelsChangesNothing() {
        try (NDManager m = NDManager.newBaseManager()) {
            SensorTokenEncoder e = build(m, EEG, 3, DataType.FLOAT32);
            NDList in = EncoderFixtures.batch(m, 4, 12, 400, 5);
            int[] order = {7, 3, 11, 0, 5, 9, 1, 10, 2, 8, 6, 4};
            NDList out = run(e, in, false);
            NDList permuted = run(e, EncoderFixtures.permuteChannels(in, order), false);
            assertTrue(maxAbsDiff(out.get(1), permuted.get(1)) < 1e-5f);
            assertTrue(maxAbsDiff(out.get(0), permuted.get(0)) < 1e-5f);
            // the encoder does read which signal sits on which sensor: moving only the data changes the output
            NDList dataOnly = new NDList(EncoderFixtures.permuteChannels(in, order).get(0), in.get(1), in.get(2));
            assertTrue(maxAbsDiff(out.get(1), run(e, dataOnly, false).get(1)) > 1e-4f);
        }
    }

    @Test
    void paddingChannelsChangeNothing() {
        try (NDManager m = NDManager.newBaseManager()) {
            SensorTokenEncoder e = build(m, FNIRS, 4, DataType.FLOAT32);
            NDList in = EncoderFixtures.fnirsBatch(m, 3, 5, 100, 6);
            NDArray pooled = run(e, in, false).get(1);
            NDArray padded = run(e, EncoderFixtures.pad(in, 7, 9), false).get(1);
            assertTrue(maxAbsDiff(pooled, padded) < 1e-5f, "padding changed the embedding");
            // same padding features marked real (mask 1) must change it, or the test above proves nothing
            NDList real = EncoderFixtures.pad(in, 7, 9);
            real.set(2, m.ones(real.get(2).getShape()));
            assertTrue(maxAbsDiff(pooled, run(e, real, false).get(1)) > 1e-4f);
        }
    }

    @Test
    void fullyMaskedWindowIsFinite() {
        try (NDManager m = NDManager.newBaseManager()) {
            SensorTokenEncoder e = build(m, EEG, 5, DataType.FLOAT32);
            NDList in = EncoderFixtures.batch(m, 2, 6, 400, 7);
            in.set(2, m.zeros(in.get(2).getShape()));
            NDList out = run(e, in, true);
            assertFinite(out.get(0), "tokens");
            assertFinite(out.get(1), "pooled");
        }
    }

    @Test
    void normalisationCentresEachChannelAndScalesByItsTypesUnit() {
        try (NDManager m = NDManager.newBaseManager()) {
            // channel 0 HbO (unit 1 uM), channel 1 EEG (unit 50 uV), channel 2 padding that carries data anyway
            float[] ramp = {0, 1e-6f, 2e-6f, 3e-6f, 4e-6f, 5e-6f, 6e-6f, 7e-6f, 8e-6f, 20e-6f}; // mean 5.6e-6
            NDArray one = m.create(ramp, new Shape(1, 1, 10));
            NDArray data = one.concat(one, 1).concat(one, 1);
            float[] feats = new float[3 * SensorFeatures.COUNT];
            feats[SensorFeatures.TYPE] = SensorFeatures.typeCode(ChannelType.HBO);
            feats[SensorFeatures.COUNT + SensorFeatures.TYPE] = SensorFeatures.typeCode(ChannelType.EEG);
            feats[2 * SensorFeatures.COUNT + SensorFeatures.TYPE] = SensorFeatures.typeCode(ChannelType.HBR);
            NDArray sensors = m.create(feats, new Shape(1, 3, SensorFeatures.COUNT));
            EncoderSpec spec = new EncoderSpec("fnirs", 10, 10, 5, 0, 8, 1, 2, 2, 4, 1, 1, 0);
            EncoderLayers layers = new EncoderLayers(spec, n -> null, m, false);
            NDArray x = layers.normaliseWindow(data, sensors, m.create(new float[] {1, 1, 0}, new Shape(1, 3)));
            float[] v = x.toFloatArray();
            // HbO in micromolar: the 20 uM sample sits 14.4 units above the mean, clipped at 20 only beyond
            assertEquals(-5.6, v[0], 1e-4);
            assertEquals(14.4, v[9], 1e-4);
            // the same numbers as volts, in units of 50 uV
            assertEquals(-5.6e-6 / 5e-5, v[10], 1e-6);
            assertEquals(14.4e-6 / 5e-5, v[19], 1e-6);
            for (int i = 20; i < 30; i++) {
                assertEquals(0f, v[i], 0f, "padded channel must stay zero");
            }
            // a window twice as strong is twice as large: the scale is not the window's own
            NDArray y = layers.normaliseWindow(data.mul(2), sensors, m.create(new float[] {1, 1, 0}, new Shape(1, 3)));
            assertEquals(2 * 2.4, y.toFloatArray()[8], 1e-4);
            assertEquals(20f, y.toFloatArray()[9], 0f, "28.8 units is clipped at 20");
        }
    }

    @Test
    void refusesInputsThatBreakTheContract() {
        try (NDManager m = NDManager.newBaseManager()) {
            SensorTokenEncoder e = build(m, EEG, 6, DataType.FLOAT32);
            NDList shortWindow = EncoderFixtures.batch(m, 1, 3, 300, 1);
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> run(e, shortWindow, false));
            assertTrue(x.getMessage().contains("(1, 3, 300)") && x.getMessage().contains("400"), x.getMessage());
            NDList badType = EncoderFixtures.batch(m, 2, 3, 400, 1);
            NDArray s = badType.get(1);
            s.set(new ai.djl.ndarray.index.NDIndex("1, 2, " + SensorFeatures.TYPE), 99f);
            x = assertThrows(IllegalArgumentException.class, () -> run(e, badType, false));
            assertTrue(x.getMessage().contains("window 1, channel 2") && x.getMessage().contains("99"),
                    x.getMessage());
            x = assertThrows(IllegalArgumentException.class, () -> run(e, new NDList(s), false));
            assertTrue(x.getMessage().contains("3 inputs"), x.getMessage());
        }
    }

    @Test
    void sameSeedSameOutputs() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList in = EncoderFixtures.batch(m, 2, 9, 400, 8);
            NDArray a = run(build(m, EEG, 42, DataType.FLOAT32), in, false).get(1);
            NDArray b = run(build(m, EEG, 42, DataType.FLOAT32), in, false).get(1);
            NDArray c = run(build(m, EEG, 43, DataType.FLOAT32), in, false).get(1);
            assertArrayEquals(a.toFloatArray(), b.toFloatArray());
            assertTrue(maxAbsDiff(a, c) > 1e-4f, "another seed gave the same weights");
        }
    }

    @Test
    void gradientsReachEveryParameter() {
        try (NDManager m = NDManager.newBaseManager()) {
            SensorTokenEncoder e = build(m, EEG, 7, DataType.FLOAT32);
            NDList in = EncoderFixtures.pad(EncoderFixtures.batch(m, 3, 10, 400, 9), 2, 3);
            try (var collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(run(e, in, true).get(1).sum());
            }
            for (Pair<String, Parameter> p : e.getParameters()) {
                NDArray g = p.getValue().getArray().getGradient();
                float max = g.abs().max().getFloat();
                assertTrue(max > 0 && Float.isFinite(max), p.getKey() + " has gradient max |g| = " + max);
                assertFinite(g, p.getKey());
            }
        }
    }

    static void assertFinite(NDArray a, String what) {
        for (float v : a.toType(DataType.FLOAT32, false).toFloatArray()) {
            assertTrue(Float.isFinite(v), what + " holds " + v);
        }
    }
}
