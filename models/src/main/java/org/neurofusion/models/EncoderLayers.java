package org.neurofusion.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import java.util.function.Function;
import org.neurofusion.core.SensorFeatures;

/**
 * One forward pass of a {@link SensorTokenEncoder}, written as plain array operations so that a PyTorch twin can be
 * written line for line. Shapes: B windows, C channels, T samples, P patches of L samples, W width, H heads of
 * D = W / H, Q queries.
 *
 * <ol>
 *   <li>Window normalisation (no parameters): centre = each channel's mean over T; scale = a fixed unit of the
 *       channel's type ({@link #unitOf}: 50 uV for EEG, 1 uM for HbO/HbR, 1 pT for magnetometers...); x =
 *       clip((x - centre) / unit, -20, 20) * mask. A fixed unit, not a per-window one, keeps what matters in
 *       these signals: how strong a window is (band power falls in ERD; HbO rises) survives, and volts and molar
 *       both land near unit scale. Padding stays zero.</li>
 *   <li>Patch tokens: reshape to (B, C, P, L); {@code patch} linear L -> W plus {@code patch.power} (linear 1 -> W,
 *       no bias) of the patch's log power, log(mean over L of x^2 + 1e-4).</li>
 *   <li>Sensor embedding (B, C, W), added to every patch of that channel: {@code sensor.fourier}(sin and cos of
 *       2 pi p_a / lambda_k, a in x,y,z, lambda_k geometric from 0.01 m to 1 m, features ordered [sin(a,k) a-major,
 *       then cos(a,k)]; no bias) + one-hot(type code, 0 on padding) x {@code sensor.type} + {@code sensor.extra}
 *       (no bias)([has-position,
 *       orientation xyz, (source - detector) / 0.03 m xyz, |source - detector| / 0.03 m, wavelength um]).</li>
 *   <li>Latent cross-attention per patch: keys/values = LayerNorm {@code cross.norm_kv} of that patch's C tokens,
 *       queries = LayerNorm {@code cross.norm_q}({@code queries}); projections q, v, out with bias, k without
 *       (softmax cancels a key bias); scores = (q / sqrt(D)) k^T, + -1e9 where mask is 0 (finite, so a fully
 *       masked window stays finite); output
 *       z = queries + out-projection; then z += MLP({@code cross.norm_mlp}(z)); z: (B, P, Q, W).</li>
 *   <li>z += {@code time}[p] (the patch-index embedding), flatten to (B, P*Q, W) time-major, then {@code depth}
 *       pre-norm blocks: h += Attn(norm1(h)); h += MLP(norm2(h)); MLP = fc2(GELU(fc1)), GELU exact (erf).</li>
 *   <li>Final LayerNorm {@code norm}: tokens (B, P, Q, W); pooled = {@code head}(mean over the P*Q tokens).</li>
 * </ol>
 * Dropout (rate {@code spec.dropout()}, training only) follows every attention out-projection and every fc2.
 * LayerNorm eps is 1e-5 over the last axis only. Every scalar that touches the graph is an array in the step's
 * manager (DJL frees Java-number operands before backward).
 *
 * <p>The attention, MLP, linear and LayerNorm primitives serve the other blocks too ({@link FusionBlock},
 * {@link ImputationHead}): they need only a width, a head count and a dropout rate, which the second constructor
 * takes; the encoder-only passes need the {@link EncoderSpec}.
 */
final class EncoderLayers {
    static final float LAYER_NORM_EPS = 1e-5f;
    static final float MASK_BIAS = -1e9f;
    static final float CLIP = 20f;
    /** Added to a patch's mean square before its log: a silent or padded patch gives log(1e-4), not -inf. */
    static final float POWER_FLOOR = 1e-4f;
    static final double MIN_WAVELENGTH_M = 0.01;
    static final double MAX_WAVELENGTH_M = 1.0;
    static final float OPTODE_SCALE_M = 0.03f;

    private final EncoderSpec spec;
    private final int width;
    private final int heads;
    private final double dropout;
    private final Function<String, NDArray> params;
    private final NDManager step;
    private final boolean training;

    EncoderLayers(EncoderSpec spec, Function<String, NDArray> params, NDManager step, boolean training) {
        this(spec, spec.width(), spec.heads(), spec.dropout(), params, step, training);
    }

    /**
     * The shared primitives only (attention, MLP, linear, LayerNorm) at {@code width} with {@code heads} heads and
     * dropout {@code dropout}; the encoder's own passes (forward, normalisation, sensor embedding) need a spec.
     */
    EncoderLayers(int width, int heads, double dropout, Function<String, NDArray> params, NDManager step,
            boolean training) {
        this(null, width, heads, dropout, params, step, training);
    }

    private EncoderLayers(EncoderSpec spec, int width, int heads, double dropout, Function<String, NDArray> params,
            NDManager step, boolean training) {
        this.spec = spec;
        this.width = width;
        this.heads = heads;
        this.dropout = dropout;
        this.params = params;
        this.step = step;
        this.training = training;
    }

    /** Refuses inputs that break the batch contract, naming the modality and the shapes. */
    static void checkInputs(EncoderSpec spec, NDList inputs) {
        checkInputShapes(spec, inputs);
        checkTypeCodes(spec, inputs);
    }

    /** The shape and data-type half of {@link #checkInputs}: reads no values. */
    static void checkInputShapes(EncoderSpec spec, NDList inputs) {
        String at = "encoder '" + spec.modality() + "': ";
        if (inputs == null || (inputs.size() != 3 && inputs.size() != 5)) {
            throw new IllegalArgumentException(at + "expected 3 inputs (data, sensors, mask) or 5 (and hidden,"
                    + " mask token), got " + (inputs == null ? "null" : inputs.size()));
        }
        Shape d = inputs.get(0).getShape();
        Shape s = inputs.get(1).getShape();
        Shape m = inputs.get(2).getShape();
        if (d.dimension() != 3 || d.get(2) != spec.windowSamples() || d.get(1) < 1) {
            throw new IllegalArgumentException(at + "data has shape " + d + ", expected (B, C >= 1, "
                    + spec.windowSamples() + ")");
        }
        Shape sensors = new Shape(d.get(0), d.get(1), SensorFeatures.COUNT);
        Shape mask = new Shape(d.get(0), d.get(1));
        if (!s.equals(sensors) || !m.equals(mask)) {
            throw new IllegalArgumentException(at + "sensors " + s + " and mask " + m + " do not match data " + d
                    + ": expected " + sensors + " and " + mask);
        }
        if (inputs.size() == 5) {
            Shape hidden = new Shape(d.get(0), d.get(1), spec.patches());
            if (!inputs.get(3).getShape().equals(hidden)) {
                throw new IllegalArgumentException(at + "hidden-patch mask has shape " + inputs.get(3).getShape()
                        + ", expected " + hidden + " (B, C, P)");
            }
            if (!inputs.get(4).getShape().equals(new Shape(spec.width()))) {
                throw new IllegalArgumentException(at + "mask token has shape " + inputs.get(4).getShape()
                        + ", expected (" + spec.width() + ")");
            }
        }
        DataType type = inputs.get(0).getDataType();
        for (int i = 0; i < 3; i++) {
            DataType t = inputs.get(i).getDataType();
            if (t != type || (t != DataType.FLOAT32 && t != DataType.FLOAT64)) {
                throw new IllegalArgumentException(at + "inputs are " + inputs.get(0).getDataType() + ", "
                        + inputs.get(1).getDataType() + ", " + inputs.get(2).getDataType()
                        + "; expected all float32 (or all float64 for gradient checks)");
            }
        }
    }

    /**
     * The value half of {@link #checkInputs}: every real channel's type code is one the type embedding has. It reads
     * the codes and the mask back to the host, a synchronisation on a GPU.
     */
    static void checkTypeCodes(EncoderSpec spec, NDList inputs) {
        String at = "encoder '" + spec.modality() + "': ";
        Shape d = inputs.get(0).getShape();
        // padded channels may carry anything: their codes are replaced by 0 in the forward pass
        float[] codes = inputs.get(1).get(":, :, " + SensorFeatures.TYPE).toType(DataType.FLOAT32, false)
                .toFloatArray();
        float[] real = inputs.get(2).toType(DataType.FLOAT32, false).toFloatArray();
        for (int i = 0; i < codes.length; i++) {
            float code = codes[i];
            if (real[i] != 0 && !(code >= 0 && code < SensorFeatures.TYPE_CODES && code == Math.rint(code))) {
                throw new IllegalArgumentException(at + "window " + i / d.get(1) + ", channel " + i % d.get(1)
                        + " has sensor type code " + code + ", expected an integer in [0, "
                        + SensorFeatures.TYPE_CODES + ")");
            }
        }
    }

    NDList forward(NDArray data, NDArray sensors, NDArray mask) {
        return forward(data, sensors, mask, null, null);
    }

    /**
     * The forward pass; with {@code hidden} (B, C, P), 1 = hide, and {@code maskToken} (W), the masked-patch pass:
     * centring uses the visible samples only, and a hidden (channel, patch) token is {@code maskToken} plus the
     * sensor embedding, with nothing from its samples. Returns tokens, pooled and, in the masked pass, the sensor
     * embedding (B, C, W) for a decoder.
     */
    NDList forward(NDArray data, NDArray sensors, NDArray mask, NDArray hidden, NDArray maskToken) {
        long b = data.getShape().get(0);
        long c = data.getShape().get(1);
        int p = spec.patches();
        int q = spec.queries();
        int w = spec.width();
        NDArray x = (hidden == null ? normaliseWindow(data, sensors, mask)
                : normaliseWindow(data, sensors, mask, hidden)).reshape(b, c, p, spec.patchSamples());
        NDArray keep = null;
        if (hidden != null) {
            // zero the hidden samples before anything reads them: the patch term below is then built from
            // visible samples only, and the blend with the mask token cannot carry a hidden sample through
            keep = one().sub(hidden.toType(data.getDataType(), false)).expandDims(3); // (B, C, P, 1)
            x = x.mul(keep);
        }
        // Each patch's log power joins its samples: the LayerNorm ahead of the attention keeps a token's direction,
        // not its size, and in these signals the size (band power, an HbO rise) is much of the message.
        NDArray power = x.square().mean(new int[] {3}, true).add(scalar(POWER_FLOOR)).log(); // (B,C,P,1)
        NDArray patchTerm = linear(x, "patch").add(linearNoBias(power, "patch.power"));
        NDArray types = typeOneHot(sensors, mask); // (B, C, TYPE_CODES), shared by the gains and the embedding
        patchTerm = patchTerm.mul(typeGain(types).expandDims(2)); // (B, C, 1, W)
        if (hidden != null) {
            NDArray hid = one().sub(keep);
            // a view of a parameter would land in the model's manager each step: own() moves it to the step's
            patchTerm = patchTerm.mul(keep).add(hid.mul(own(maskToken.reshape(1, 1, 1, w))));
        }
        NDArray sensorEmbedding = embedSensors(sensors, types); // (B, C, W)
        NDArray tokens = patchTerm.add(sensorEmbedding.expandDims(2)); // (B, C, P, W)
        NDArray kv = layerNorm(tokens.transpose(0, 2, 1, 3), "cross.norm_kv"); // (B, P, C, W)
        NDArray queries = params.apply("queries"); // a parameter: never attach it to the step
        NDArray bias = mask.sub(one()).mul(scalar(-MASK_BIAS)).reshape(b, 1, 1, 1, c); // 0 real, -1e9 padding
        bias = bias.add(spatialPrior(sensors, b, c, q)); // (B, 1, 1, Q, C)
        NDArray z = attention(layerNorm(queries, "cross.norm_q"), kv, bias, "cross.attn").add(queries);
        z = z.add(mlp(layerNorm(z, "cross.norm_mlp"), "cross.mlp"));
        z = z.add(own(params.apply("time").reshape(p, 1, w))); // (B, P, Q, W)
        NDArray h = z.reshape(b, (long) p * q, w);
        for (int i = 0; i < spec.depth(); i++) {
            String layer = "layers." + i;
            NDArray n1 = layerNorm(h, layer + ".norm1");
            h = h.add(attention(n1, n1, null, layer + ".attn"));
            h = h.add(mlp(layerNorm(h, layer + ".norm2"), layer + ".mlp"));
        }
        h = layerNorm(h, "norm");
        NDArray pooled = linear(h.mean(new int[] {1}), "head");
        NDList out = new NDList(h.reshape(b, p, q, w), pooled);
        if (hidden != null) {
            out.add(sensorEmbedding);
        }
        return out;
    }

    /**
     * The latent queries' spatial prior, added to the cross-attention scores: query k prefers the sensors whose
     * direction from the head frame's origin lies near a fixed direction u_k ({@link #queryDirections}), by
     * {@link #SPATIAL_PRIOR} times the cosine between the two. Without it every query starts by averaging all
     * channels alike, which cancels what differs between regions (an ERD or an HbO rise over one hemisphere), and the
     * attention has no gradient to leave that average by. Built from positions only, it keeps the encoder
     * montage-agnostic and permutation-invariant; a sensor without a position gets no preference. (B, 1, 1, Q, C).
     */
    NDArray spatialPrior(NDArray sensors, long b, long c, int q) {
        NDArray position = sensors.get(":, :, " + SensorFeatures.POSITION + ":" + (SensorFeatures.POSITION + 3));
        NDArray norm = position.square().sum(new int[] {2}, true).sqrt();
        NDArray unit = position.div(norm.maximum(scalar(1e-6f))); // (B, C, 3); zero where there is no position
        NDArray dirs = step.create(priorDirections(q), new Shape(q, 3)).toType(sensors.getDataType(), false);
        return unit.matMul(dirs.transpose()).transpose(0, 2, 1).reshape(b, 1, 1, q, c); // strength_k cos, (B,1,1,Q,C)
    }

    private static final java.util.Map<Integer, float[]> PRIOR_DIRECTIONS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The query directions scaled by each query's prior strength, (Q × 3) row-major; made once per Q. */
    static float[] priorDirections(int q) {
        return PRIOR_DIRECTIONS.computeIfAbsent(q, n -> {
            float[] d = queryDirections(n);
            float[] s = priorStrengths(n);
            for (int k = 0; k < n; k++) {
                for (int a = 0; a < 3; a++) {
                    d[3 * k + a] *= s[k];
                }
            }
            return d;
        });
    }

    /**
     * Each query's prior strength: {@link #SPATIAL_PRIOR} for the first ceil(Q/2) queries, 0 for the others, which
     * start by pooling every sensor alike. Regional queries keep what differs between regions (lateralised
     * responses); pooled ones keep what every channel shares at the best signal-to-noise ratio. With the prior on
     * every query, a signal spread over the whole head was learnt far more slowly (alignment test: top-5 0.24
     * instead of 0.60 after 12 epochs).
     */
    static float[] priorStrengths(int q) {
        float[] s = new float[q];
        for (int k = 0; k < (q + 1) / 2; k++) {
            s[k] = SPATIAL_PRIOR;
        }
        return s;
    }

    /** Strength of the queries' spatial prior: the score gap between a sensor on a query's direction and one at 90°. */
    static final float SPATIAL_PRIOR = 4f;

    /**
     * Q unit vectors spread evenly over the upper half of the head (z >= 0 in the head frame, +x right, +y front,
     * +z up), on a Fibonacci spiral from the vertex down: query 0 points at the vertex, the others turn by the golden
     * angle and descend so that each covers about the same area.
     */
    static float[] queryDirections(int q) {
        float[] d = new float[3 * q];
        double golden = Math.PI * (3 - Math.sqrt(5));
        for (int k = 0; k < q; k++) {
            double z = 1 - (k + 0.5) / q; // heights spread evenly over (0, 1]: equal areas on the hemisphere
            double r = Math.sqrt(1 - z * z);
            double phi = k * golden;
            d[3 * k] = (float) (r * Math.cos(phi));
            d[3 * k + 1] = (float) (r * Math.sin(phi));
            d[3 * k + 2] = (float) z;
        }
        return d;
    }

    /** (B, C, TYPE_CODES): each channel's type code one-hot, padding counted as code 0. */
    static NDArray typeOneHot(NDArray sensors, NDArray mask) {
        NDArray codes = sensors.get(":, :, " + SensorFeatures.TYPE).mul(mask).toType(DataType.INT64, false);
        return codes.oneHot(SensorFeatures.TYPE_CODES, sensors.getDataType());
    }

    /** (B, C, W): 1 + the channel type's row of {@code patch.type_gain}, from {@link #typeOneHot}. */
    NDArray typeGain(NDArray typeOneHot) {
        return typeOneHot.matMul(params.apply("patch.type_gain")).add(one());
    }

    /** Per-channel centring and scaling by the type's unit, of (B, C, T); padded channels stay zero. */
    NDArray normaliseWindow(NDArray data, NDArray sensors, NDArray mask) {
        return scaled(data.sub(data.mean(new int[] {2}, true)), sensors, mask);
    }

    /**
     * As {@link #normaliseWindow(NDArray, NDArray, NDArray)}, centred on the mean of the visible samples only
     * ({@code hidden} (B, C, P), 1 = hidden), so that a hidden patch's samples do not reach the visible ones through
     * the centre; a channel with every patch hidden is centred on 0. Hidden samples keep their values (they are the
     * reconstruction's targets).
     */
    NDArray normaliseWindow(NDArray data, NDArray sensors, NDArray mask, NDArray hidden) {
        long b = data.getShape().get(0);
        long c = data.getShape().get(1);
        NDArray visible = one().sub(hidden.toType(data.getDataType(), false)).expandDims(3)
                .repeat(3, spec.patchSamples()).reshape(b, c, spec.windowSamples()); // (B, C, T)
        NDArray count = visible.sum(new int[] {2}, true).maximum(one());
        NDArray centre = data.mul(visible).sum(new int[] {2}, true).div(count);
        return scaled(data.sub(centre), sensors, mask);
    }

    /** (B, C, T) deviations divided by each channel's type unit, clipped and zeroed on padding. */
    private NDArray scaled(NDArray dev, NDArray sensors, NDArray mask) {
        // (B, C) type codes, 0 on padding, as one-hot rows times the unit table: (B, C, 1)
        NDArray codes = sensors.get(":, :, " + SensorFeatures.TYPE).mul(mask).toType(DataType.INT32, false);
        NDArray units = step.create(UNITS).toType(dev.getDataType(), false).reshape(SensorFeatures.TYPE_CODES, 1);
        NDArray unit = codes.oneHot(SensorFeatures.TYPE_CODES).toType(dev.getDataType(), false).matMul(units);
        return dev.div(unit).clip(-CLIP, CLIP).mul(mask.expandDims(2));
    }

    /**
     * The unit a channel of type code {@code code} is measured in before patching: EEG-like voltages 50 uV, ECG 1 mV,
     * magnetometers 1 pT, gradiometers 100 pT/m (1 fT/cm), optical density 0.01, HbO and HbR 1 uM; 1 for the rest
     * (raw fNIRS intensity should be converted to optical density or haemoglobin first, as the default pipelines
     * do).
     */
    static float unitOf(int code) {
        return UNITS[code];
    }

    private static final float[] UNITS = units();

    private static float[] units() {
        float[] u = new float[SensorFeatures.TYPE_CODES];
        java.util.Arrays.fill(u, 1f);
        for (org.neurofusion.core.ChannelType t : org.neurofusion.core.ChannelType.values()) {
            float v = switch (t) {
                case EEG, EOG, EMG, SEEG, ECOG -> 5e-5f;
                case ECG -> 1e-3f;
                case MAG, REF_MEG -> 1e-12f;
                case GRAD -> 1e-10f;
                case FNIRS_OD -> 1e-2f;
                case HBO, HBR -> 1e-6f;
                default -> 1f;
            };
            u[SensorFeatures.typeCode(t)] = v;
        }
        return u;
    }

    /** (B, C, COUNT) features to (B, C, W): Fourier position + type table + the other features. */
    NDArray sensorEmbedding(NDArray sensors, NDArray mask) {
        return embedSensors(sensors, typeOneHot(sensors, mask));
    }

    /** As {@link #sensorEmbedding(NDArray, NDArray)}, with the type one-hot already made. */
    private NDArray embedSensors(NDArray sensors, NDArray typeOneHot) {
        long b = sensors.getShape().get(0);
        long c = sensors.getShape().get(1);
        int f = spec.fourierFrequencies();
        float[] omega = new float[f];
        for (int k = 0; k < f; k++) {
            double lambda = MIN_WAVELENGTH_M * Math.pow(MAX_WAVELENGTH_M / MIN_WAVELENGTH_M,
                    f == 1 ? 0 : (double) k / (f - 1));
            omega[k] = (float) (2 * Math.PI / lambda);
        }
        NDArray position = sensors.get(":, :, " + SensorFeatures.POSITION + ":" + (SensorFeatures.POSITION + 3));
        NDArray angles = position.expandDims(3).mul(step.create(omega).toType(sensors.getDataType(), false)).reshape(b, c, 3L * f);
        NDArray fourier = linearNoBias(angles.sin().concat(angles.cos(), 2), "sensor.fourier");

        NDArray type = typeOneHot.matMul(params.apply("sensor.type"));

        NDArray offset = sensors.get(":, :, " + SensorFeatures.SOURCE + ":" + (SensorFeatures.SOURCE + 3))
                .sub(sensors.get(":, :, " + SensorFeatures.DETECTOR + ":" + (SensorFeatures.DETECTOR + 3)))
                .div(scalar(OPTODE_SCALE_M));
        NDArray extra = NDArrays.concat(new NDList(
                sensors.get(":, :, " + SensorFeatures.HAS_POSITION + ":" + (SensorFeatures.HAS_POSITION + 1)),
                sensors.get(":, :, " + SensorFeatures.ORIENTATION + ":" + (SensorFeatures.ORIENTATION + 3)),
                offset,
                offset.square().sum(new int[] {2}, true).sqrt(),
                sensors.get(":, :, " + SensorFeatures.WAVELENGTH + ":" + (SensorFeatures.WAVELENGTH + 1))), 2);
        return fourier.add(type).add(linearNoBias(extra, "sensor.extra"));
    }

    /**
     * Multi-head attention: {@code queries (..., Nq, W)} attend to {@code keysValues (..., Nk, W)}, both already
     * normalised; {@code bias} (broadcast to (..., H, Nq, Nk)) is added to the scores, or null. Returns the
     * out-projection (..., Nq, W) after dropout.
     */
    NDArray attention(NDArray queries, NDArray keysValues, NDArray bias, String name) {
        long d = width / heads;
        NDArray q = splitHeads(linear(queries, name + ".q"), heads).mul(scalar((float) (1 / Math.sqrt(d))));
        NDArray k = splitHeads(linearNoBias(keysValues, name + ".k"), heads);
        NDArray v = splitHeads(linear(keysValues, name + ".v"), heads);
        NDArray scores = q.matMul(k.swapAxes(-1, -2)); // (..., H, Nq, Nk)
        if (bias != null) {
            scores = scores.add(bias);
        }
        NDArray mixed = scores.softmax(-1).matMul(v); // (..., H, Nq, D)
        Shape s = mixed.getShape();
        int n = s.dimension();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        order[n - 3] = n - 2;
        order[n - 2] = n - 3;
        NDArray merged = mixed.transpose(order); // (..., Nq, H, D)
        Shape m = merged.getShape();
        merged = merged.reshape(m.slice(0, n - 2).add(width));
        return dropout(linear(merged, name + ".out"));
    }

    /** (..., N, W) to (..., H, N, W / H). */
    private static NDArray splitHeads(NDArray x, int heads) {
        Shape s = x.getShape();
        int n = s.dimension();
        NDArray split = x.reshape(s.slice(0, n - 1).addAll(new Shape(heads, s.get(n - 1) / heads)));
        return split.swapAxes(n - 2, n - 1);
    }

    NDArray mlp(NDArray x, String name) {
        return dropout(linear(Activation.gelu(linear(x, name + ".fc1")), name + ".fc2"));
    }

    NDArray linear(NDArray x, String name) {
        return own(Linear.linear(x, params.apply(name + ".weight"), params.apply(name + ".bias")).singletonOrThrow());
    }

    /** A linear map without bias (the sensor terms and the attention keys). */
    NDArray linearNoBias(NDArray x, String name) {
        return own(Linear.linear(x, params.apply(name + ".weight")).singletonOrThrow());
    }

    NDArray layerNorm(NDArray x, String name) {
        Shape last = new Shape(x.getShape().get(x.getShape().dimension() - 1));
        return own(LayerNorm.layerNorm(x, last, params.apply(name + ".gamma"), params.apply(name + ".beta"),
                LAYER_NORM_EPS).singletonOrThrow());
    }

    private NDArray dropout(NDArray x) {
        if (!training || dropout == 0) {
            return x;
        }
        return own(Dropout.dropout(x, (float) dropout, true).singletonOrThrow());
    }

    /**
     * Arrays computed from parameters alone land in the model's manager; move them to the step's. Never pass a
     * parameter itself: closing the step would free it.
     */
    NDArray own(NDArray x) {
        if (x.getManager() != step) {
            x.attach(step);
        }
        return x;
    }

    NDArray one() {
        return scalar(1f);
    }

    /** A scalar array in the step's manager, of the step's lifetime (never a Java-number operand). */
    NDArray scalar(float value) {
        return step.create(value);
    }
}
