package org.neurofusion.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.neurofusion.core.SensorFeatures;

/**
 * Small fake batches in the batch contract (data, sensors, mask) for tests of encoders and of the modules built on
 * them (exported in the models test-jar). Host-side {@link Random} keeps them independent of the engine's seed.
 */
public final class EncoderFixtures {
    private EncoderFixtures() {
    }

    /**
     * An EEG batch: {@code data (b, c, t)} of microvolt-scale noise in volts with per-channel offsets, sensors at
     * random points of the upper half of a 0.09 m sphere (type EEG, position known), mask all ones
     * ({@link SyntheticBatch#eeg}, in float32).
     */
    public static NDList batch(NDManager manager, int b, int c, int t, long seed) {
        return SyntheticBatch.eeg(b, c, t, seed).toNDList(manager, DataType.FLOAT32);
    }

    /**
     * An fNIRS haemoglobin batch: {@code pairs} source–detector pairs, each giving an HbO and an HbR channel
     * (2 * pairs channels) at the pair's midpoint, 30 mm apart (every fourth pair 8 mm, a short channel), data of
     * micromolar scale in molar, mask all ones ({@link SyntheticBatch#fnirs}, in float32).
     */
    public static NDList fnirsBatch(NDManager manager, int b, int pairs, int t, long seed) {
        return SyntheticBatch.fnirs(b, pairs, t, seed).toNDList(manager, DataType.FLOAT32);
    }

    /** The same batch with its channels in {@code order} (channel i of the result is channel order[i]). */
    public static NDList permuteChannels(NDList batch, int[] order) {
        NDList out = new NDList();
        for (NDArray a : batch) {
            NDList parts = new NDList();
            for (int i : order) {
                parts.add(a.get(":, " + i + ":" + (i + 1)));
            }
            out.add(NDArrays.concat(parts, 1));
        }
        return out;
    }

    /**
     * The batch with {@code extra} padding channels appended: zero data, mask 0, and arbitrary (random, finite)
     * sensor features with any valid type code, so an encoder that looked at padding would change its output.
     */
    public static NDList pad(NDList batch, int extra, long seed) {
        NDManager m = batch.get(0).getManager();
        Shape s = batch.get(1).getShape();
        long b = s.get(0);
        Random r = new Random(seed);
        float[] features = new float[(int) (b * extra * SensorFeatures.COUNT)];
        for (int i = 0; i < features.length; i++) {
            features[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < b * extra; i++) {
            features[i * SensorFeatures.COUNT + SensorFeatures.TYPE] = r.nextInt(SensorFeatures.TYPE_CODES);
        }
        long t = batch.get(0).getShape().get(2);
        return new NDList(batch.get(0).concat(m.zeros(new Shape(b, extra, t)), 1),
                batch.get(1).concat(m.create(features, new Shape(b, extra, SensorFeatures.COUNT)), 1),
                batch.get(2).concat(m.zeros(new Shape(b, extra)), 1));
    }
}
