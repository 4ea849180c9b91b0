package org.neurofusion.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.SensorFeatures;

/**
 * Small fake batches in the batch contract (data, sensors, mask) for tests of encoders and of the modules built on
 * them (exported in the models test-jar). Host-side {@link Random} keeps them independent of the engine's seed.
 */
public final class EncoderFixtures {
    /** Head radius used for the fake sensor positions, in metres. */
    public static final double HEAD_RADIUS_M = 0.09;

    private EncoderFixtures() {
    }

    /**
     * An EEG batch: {@code data (b, c, t)} of microvolt-scale noise in volts with per-channel offsets, sensors at
     * random points of the upper half of a 0.09 m sphere (type EEG, position known), mask all ones.
     */
    public static NDList batch(NDManager manager, int b, int c, int t, long seed) {
        Random r = new Random(seed);
        float[] data = new float[b * c * t];
        float[] sensors = new float[b * c * SensorFeatures.COUNT];
        for (int i = 0; i < b * c; i++) {
            double offset = r.nextGaussian() * 2e-5;
            double gain = 5e-6 * (0.5 + r.nextDouble());
            for (int k = 0; k < t; k++) {
                data[i * t + k] = (float) (offset + gain * r.nextGaussian());
            }
            double[] p = onSphere(r);
            put(sensors, i, p, p, p, 0, ChannelType.EEG);
        }
        return new NDList(manager.create(data, new Shape(b, c, t)),
                manager.create(sensors, new Shape(b, c, SensorFeatures.COUNT)), manager.ones(new Shape(b, c)));
    }

    /**
     * An fNIRS haemoglobin batch: {@code pairs} source–detector pairs, each giving an HbO and an HbR channel
     * (2 * pairs channels) at the pair's midpoint, 30 mm apart (every fourth pair 8 mm, a short channel), data of
     * micromolar scale in molar, mask all ones.
     */
    public static NDList fnirsBatch(NDManager manager, int b, int pairs, int t, long seed) {
        Random r = new Random(seed);
        int c = 2 * pairs;
        float[] data = new float[b * c * t];
        float[] sensors = new float[b * c * SensorFeatures.COUNT];
        for (int w = 0; w < b; w++) {
            for (int j = 0; j < pairs; j++) {
                double[] mid = onSphere(r);
                double[] dir = tangent(mid, r);
                double half = (j % 4 == 3 ? 0.008 : 0.030) / 2;
                double[] src = new double[3];
                double[] det = new double[3];
                for (int a = 0; a < 3; a++) {
                    src[a] = mid[a] + half * dir[a];
                    det[a] = mid[a] - half * dir[a];
                }
                for (int h = 0; h < 2; h++) {
                    int i = w * c + 2 * j + h;
                    double level = r.nextGaussian() * 1e-6;
                    for (int k = 0; k < t; k++) {
                        level += r.nextGaussian() * 1e-7;
                        data[i * t + k] = (float) level;
                    }
                    put(sensors, i, mid, src, det, 0, h == 0 ? ChannelType.HBO : ChannelType.HBR);
                }
            }
        }
        return new NDList(manager.create(data, new Shape(b, c, t)),
                manager.create(sensors, new Shape(b, c, SensorFeatures.COUNT)), manager.ones(new Shape(b, c)));
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

    private static void put(float[] sensors, int channel, double[] p, double[] src, double[] det, double wavelengthUm,
            ChannelType type) {
        int o = channel * SensorFeatures.COUNT;
        for (int a = 0; a < 3; a++) {
            sensors[o + SensorFeatures.POSITION + a] = (float) p[a];
            sensors[o + SensorFeatures.SOURCE + a] = (float) src[a];
            sensors[o + SensorFeatures.DETECTOR + a] = (float) det[a];
        }
        sensors[o + SensorFeatures.HAS_POSITION] = 1;
        sensors[o + SensorFeatures.WAVELENGTH] = (float) wavelengthUm;
        sensors[o + SensorFeatures.TYPE] = SensorFeatures.typeCode(type);
    }

    private static double[] onSphere(Random r) {
        double[] v;
        do {
            v = new double[] {r.nextGaussian(), r.nextGaussian(), Math.abs(r.nextGaussian())};
        } while (norm(v) < 1e-6);
        double n = norm(v);
        return new double[] {HEAD_RADIUS_M * v[0] / n, HEAD_RADIUS_M * v[1] / n, HEAD_RADIUS_M * v[2] / n};
    }

    private static double[] tangent(double[] p, Random r) {
        double[] g = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
        double dot = (g[0] * p[0] + g[1] * p[1] + g[2] * p[2]) / (norm(p) * norm(p));
        double[] t = {g[0] - dot * p[0], g[1] - dot * p[1], g[2] - dot * p[2]};
        double n = norm(t);
        return new double[] {t[0] / n, t[1] / n, t[2] / n};
    }

    private static double norm(double[] v) {
        return Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    }
}
