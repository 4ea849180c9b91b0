package org.neurofusion.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/** The encoder's masked pass and the patch decoder: no leak from hidden samples, the plain pass untouched. */
class PatchDecoderTest {
    static final EncoderSpec EEG = EncoderSpec.tiny("eeg", 400, 100).withDropout(0);

    /** Encoder and decoder on one batch: (predicted (B, C, P, L), encoder tokens). */
    static NDList masked(SensorTokenEncoder e, PatchDecoder d, NDList batch, NDArray hidden) {
        ParameterStore store = new ParameterStore(batch.get(0).getManager(), false);
        NDArray token = d.maskToken(store, batch.get(0).getDevice(), false);
        NDList out = e.forward(store, new NDList(batch.get(0), batch.get(1), batch.get(2), hidden, token), false);
        assertEquals(3, out.size());
        NDArray pred = d.forward(store, new NDList(out.get(0), out.get(2)), false).singletonOrThrow();
        return new NDList(pred, out.get(0));
    }

    static NDArray hiddenPattern(NDManager m, int b, int c, int p) {
        float[] h = new float[b * c * p];
        for (int i = 0; i < h.length; i++) {
            h[i] = (i % 3 == 0) ? 1f : 0f; // window 0, channel 0, patches 0, 3, 6 hidden; patch 1 visible
        }
        return m.create(h, new Shape(b, c, p));
    }

    /** The batch with the samples of (window 0, channel 0, patch) replaced by large noise. */
    static NDList withPatchChanged(NDManager m, NDList batch, int patch) {
        NDArray data = batch.get(0).duplicate();
        int l = EEG.patchSamples();
        data.set(new ai.djl.ndarray.index.NDIndex("0, 0, " + patch * l + ":" + (patch + 1) * l),
                m.randomNormal(0, 1e-4f, new Shape(l), DataType.FLOAT32));
        return new NDList(data, batch.get(1), batch.get(2));
    }

    @Test
    void hiddenSamplesCannotLeakVisibleOnesDo() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            SensorTokenEncoder e = new SensorTokenEncoder(EEG);
            e.initialize(m, DataType.FLOAT32, e.inputShapes(1, 1));
            PatchDecoder d = new PatchDecoder(EEG);
            d.initialize(m, DataType.FLOAT32, d.inputShapes(1, 1));
            NDList batch = EncoderFixtures.batch(m, 2, 4, 400, 3);
            NDArray hidden = hiddenPattern(m, 2, 4, EEG.patches());
            NDList base = masked(e, d, batch, hidden);
            assertEquals(new Shape(2, 4, EEG.patches(), EEG.patchSamples()), base.get(0).getShape());
            // patch 3 of window 0, channel 0 is hidden: nothing the decoder or encoder outputs may change
            NDList hid = masked(e, d, withPatchChanged(m, batch, 3), hidden);
            assertArrayEquals(base.get(0).toFloatArray(), hid.get(0).toFloatArray());
            assertArrayEquals(base.get(1).toFloatArray(), hid.get(1).toFloatArray());
            // patch 1 is visible: the predictions must move
            NDList vis = masked(e, d, withPatchChanged(m, batch, 1), hidden);
            assertTrue(vis.get(0).sub(base.get(0)).abs().max().getFloat() > 1e-4f);
            // and the hidden patch's target does see its own samples
            NDArray t0 = SensorTokenEncoder.normalisedPatches(EEG, batch.get(0), batch.get(1), batch.get(2), hidden);
            NDList changed = withPatchChanged(m, batch, 3);
            NDArray t1 = SensorTokenEncoder.normalisedPatches(EEG, changed.get(0), batch.get(1), batch.get(2), hidden);
            assertTrue(t1.sub(t0).abs().max().getFloat() > 1e-2f);
            // visible patches' targets are centred on the visible mean, so unchanged too
            assertArrayEquals(t0.get("0, 0, 1").toFloatArray(), t1.get("0, 0, 1").toFloatArray());
        }
    }

    @Test
    void plainPassKeepsItsParametersAndOutputs() {
        try (NDManager m = NDManager.newBaseManager()) {
            SensorTokenEncoder e = SensorTokenEncoderTest.build(m, EEG, 9, DataType.FLOAT64);
            assertFalse(e.expectedShapes().containsKey(PatchDecoder.MASK_TOKEN));
            PatchDecoder d = new PatchDecoder(EEG);
            d.initialize(m, DataType.FLOAT64, d.inputShapes(1, 1));
            NDList batch = EncoderFixtures.batch(m, 2, 5, 400, 4);
            NDList b64 = new NDList(batch.get(0).toType(DataType.FLOAT64, false),
                    batch.get(1).toType(DataType.FLOAT64, false), batch.get(2).toType(DataType.FLOAT64, false));
            NDList plain = SensorTokenEncoderTest.run(e, b64, false);
            assertEquals(2, plain.size());
            ParameterStore store = new ParameterStore(m, false);
            NDArray zero = m.zeros(new Shape(2, 5, EEG.patches()), DataType.FLOAT64);
            NDList none = e.forward(store, new NDList(b64.get(0), b64.get(1), b64.get(2), zero,
                    d.maskToken(store, m.getDevice(), false)), false);
            // nothing hidden: the masked pass is the plain pass up to the rounding of the visible-mean centre
            assertTrue(plain.get(0).sub(none.get(0)).abs().max().getDouble() < 1e-9);
            assertTrue(plain.get(1).sub(none.get(1)).abs().max().getDouble() < 1e-9);
            NDArray target = SensorTokenEncoder.normalisedPatches(EEG, b64.get(0), b64.get(1), b64.get(2), null);
            NDArray visible = SensorTokenEncoder.normalisedPatches(EEG, b64.get(0), b64.get(1), b64.get(2), zero);
            assertTrue(target.sub(visible).abs().max().getDouble() < 1e-12);
        }
    }

    @Test
    void normalisedPatchesAreCentredOnTheVisibleSamples() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList batch = EncoderFixtures.batch(m, 2, 4, 400, 8);
            NDArray data = batch.get(0).toType(DataType.FLOAT64, false);
            NDArray hidden = hiddenPattern(m, 2, 4, EEG.patches()).toType(DataType.FLOAT64, false);
            NDArray x = SensorTokenEncoder.normalisedPatches(EEG, data, batch.get(1).toType(DataType.FLOAT64, false),
                    batch.get(2).toType(DataType.FLOAT64, false), hidden);
            double[] xs = x.toDoubleArray();
            double[] raw = data.toDoubleArray();
            double[] hs = hidden.toDoubleArray();
            int p = EEG.patches();
            int l = EEG.patchSamples();
            for (int row = 0; row < 8; row++) {
                double sum = 0;
                int n = 0;
                for (int k = 0; k < p * l; k++) {
                    if (hs[row * p + k / l] == 0) {
                        sum += raw[row * p * l + k];
                        n++;
                    }
                }
                double centre = sum / n;
                for (int k = 0; k < p * l; k += 37) {
                    double expect = Math.max(-20, Math.min(20, (raw[row * p * l + k] - centre) / (double) 5e-5f));
                    assertEquals(expect, xs[row * p * l + k], 1e-9, "row " + row + " sample " + k);
                }
            }
        }
    }
}
