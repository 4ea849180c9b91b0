package org.neurofusion.models;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.SensorFeatures;

/**
 * One modality's part of a contrastive batch in the batch contract (data, sensors, mask), made up for timing: EEG
 * of microvolt-scale noise on electrodes spread over a 9 cm half sphere, or fNIRS HbO/HbR random walks of
 * micromolar scale at source-detector midpoints (30 mm apart, every fourth pair an 8 mm short channel). Held as
 * host arrays, so that each training step copies it into its own manager as a data loader would, and so that the
 * same numbers can be written for the PyTorch twin. Host-side {@link Random}: independent of the engine's seed.
 */
public final class SyntheticBatch {
    private static final double HEAD_RADIUS_M = 0.09;

    private final String modality;
    private final int windows;
    private final int channels;
    private final int samples;
    private final float[] data;
    private final float[] sensors;
    private final float[] mask;

    private SyntheticBatch(String modality, int windows, int channels, int samples, float[] data, float[] sensors,
            float[] mask) {
        this.modality = modality;
        this.windows = windows;
        this.channels = channels;
        this.samples = samples;
        this.data = data;
        this.sensors = sensors;
        this.mask = mask;
    }

    /** {@code windows} EEG windows of {@code channels} electrodes and {@code samples} samples, modality "eeg". */
    public static SyntheticBatch eeg(int windows, int channels, int samples, long seed) {
        check("eeg", windows, channels, samples);
        Random r = new Random(seed);
        int n = windows * channels;
        float[] data = new float[n * samples];
        float[] sensors = new float[n * SensorFeatures.COUNT];
        for (int i = 0; i < n; i++) {
            double offset = 2e-5 * r.nextGaussian();
            double gain = 5e-6 * (0.5 + r.nextDouble());
            for (int k = 0; k < samples; k++) {
                data[i * samples + k] = (float) (offset + gain * r.nextGaussian());
            }
            double[] p = onHead(r);
            features(sensors, i, p, p, p, ChannelType.EEG);
        }
        return new SyntheticBatch("eeg", windows, channels, samples, data, sensors, ones(n));
    }

    /**
     * {@code windows} fNIRS windows of {@code pairs} source-detector pairs (an HbO and an HbR channel each, so
     * {@code 2 * pairs} channels) and {@code samples} samples, modality "fnirs".
     */
    public static SyntheticBatch fnirs(int windows, int pairs, int samples, long seed) {
        check("fnirs", windows, pairs, samples);
        Random r = new Random(seed);
        int channels = 2 * pairs;
        int n = windows * channels;
        float[] data = new float[n * samples];
        float[] sensors = new float[n * SensorFeatures.COUNT];
        for (int w = 0; w < windows; w++) {
            for (int j = 0; j < pairs; j++) {
                double[] mid = onHead(r);
                double[] dir = tangent(mid, r);
                double half = (j % 4 == 3 ? 0.008 : 0.030) / 2;
                double[] src = new double[3];
                double[] det = new double[3];
                for (int a = 0; a < 3; a++) {
                    src[a] = mid[a] + half * dir[a];
                    det[a] = mid[a] - half * dir[a];
                }
                for (int h = 0; h < 2; h++) {
                    int i = w * channels + 2 * j + h;
                    double level = 1e-6 * r.nextGaussian();
                    for (int k = 0; k < samples; k++) {
                        level += 1e-7 * r.nextGaussian();
                        data[i * samples + k] = (float) level;
                    }
                    features(sensors, i, mid, src, det, h == 0 ? ChannelType.HBO : ChannelType.HBR);
                }
            }
        }
        return new SyntheticBatch("fnirs", windows, channels, samples, data, sensors, ones(n));
    }

    /**
     * This batch with {@code extra} padding channels appended to every window: zero data, mask 0, random finite
     * sensor features with a valid type code, so that a model that looked at padding would change its output.
     */
    public SyntheticBatch padded(int extra, long seed) {
        if (extra < 0) {
            throw new IllegalArgumentException(modality + " batch: cannot add " + extra + " padding channels");
        }
        Random r = new Random(seed);
        int c = channels + extra;
        float[] d = new float[windows * c * samples];
        float[] s = new float[windows * c * SensorFeatures.COUNT];
        float[] m = new float[windows * c];
        for (int w = 0; w < windows; w++) {
            System.arraycopy(data, w * channels * samples, d, w * c * samples, channels * samples);
            System.arraycopy(sensors, w * channels * SensorFeatures.COUNT, s, w * c * SensorFeatures.COUNT,
                    channels * SensorFeatures.COUNT);
            System.arraycopy(mask, w * channels, m, w * c, channels);
            for (int i = w * c + channels; i < (w + 1) * c; i++) {
                for (int f = 0; f < SensorFeatures.COUNT; f++) {
                    s[i * SensorFeatures.COUNT + f] = (float) r.nextGaussian();
                }
                s[i * SensorFeatures.COUNT + SensorFeatures.TYPE] = r.nextInt(SensorFeatures.TYPE_CODES);
            }
        }
        return new SyntheticBatch(modality, windows, c, samples, d, s, m);
    }

    /** The modality's batch key. */
    public String modality() {
        return modality;
    }

    /** Windows in the batch. */
    public int windows() {
        return windows;
    }

    /** Channels per window. */
    public int channels() {
        return channels;
    }

    /** Samples per channel. */
    public int samples() {
        return samples;
    }

    /** data (B, C, T), sensors (B, C, COUNT), mask (B, C) as new arrays of {@code type} in {@code manager}. */
    public NDList toNDList(NDManager manager, DataType type) {
        return new NDList(manager.create(data, new Shape(windows, channels, samples)).toType(type, false),
                manager.create(sensors, new Shape(windows, channels, SensorFeatures.COUNT)).toType(type, false),
                manager.create(mask, new Shape(windows, channels)).toType(type, false));
    }

    private static void check(String what, int windows, int channels, int samples) {
        if (windows < 1 || channels < 1 || samples < 1) {
            throw new IllegalArgumentException(what + " batch needs at least one window, channel and sample, got "
                    + windows + " x " + channels + " x " + samples);
        }
    }

    private static float[] ones(int n) {
        float[] m = new float[n];
        java.util.Arrays.fill(m, 1f);
        return m;
    }

    private static void features(float[] sensors, int channel, double[] p, double[] src, double[] det,
            ChannelType type) {
        int o = channel * SensorFeatures.COUNT;
        for (int a = 0; a < 3; a++) {
            sensors[o + SensorFeatures.POSITION + a] = (float) p[a];
            sensors[o + SensorFeatures.SOURCE + a] = (float) src[a];
            sensors[o + SensorFeatures.DETECTOR + a] = (float) det[a];
        }
        sensors[o + SensorFeatures.HAS_POSITION] = 1;
        sensors[o + SensorFeatures.TYPE] = SensorFeatures.typeCode(type);
    }

    /** A random point of the upper half of the head sphere. */
    private static double[] onHead(Random r) {
        double[] v;
        double n;
        do {
            v = new double[] {r.nextGaussian(), r.nextGaussian(), Math.abs(r.nextGaussian())};
            n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        } while (n < 1e-6);
        return new double[] {HEAD_RADIUS_M * v[0] / n, HEAD_RADIUS_M * v[1] / n, HEAD_RADIUS_M * v[2] / n};
    }

    /** A random unit vector tangent to the sphere at {@code p}: the direction from detector to source. */
    private static double[] tangent(double[] p, Random r) {
        double[] g = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
        double pp = p[0] * p[0] + p[1] * p[1] + p[2] * p[2];
        double dot = (g[0] * p[0] + g[1] * p[1] + g[2] * p[2]) / pp;
        double[] t = {g[0] - dot * p[0], g[1] - dot * p[1], g[2] - dot * p[2]};
        double n = Math.sqrt(t[0] * t[0] + t[1] * t[1] + t[2] * t[2]);
        return new double[] {t[0] / n, t[1] / n, t[2] / n};
    }
}
