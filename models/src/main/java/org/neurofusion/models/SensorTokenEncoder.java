package org.neurofusion.models;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.ParameterList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.IOException;
import java.nio.file.Path;
import org.neurofusion.core.SensorFeatures;

/**
 * The montage-agnostic encoder of one modality: tokens are (sensor, time patch) pairs, a sensor is known only by its
 * {@link SensorFeatures} (position, type, optode geometry), and a fixed set of learned latent queries cross-attends
 * to each patch's sensors, so any cap, probe or channel count gives the same output shape at a cost linear in the
 * channel count. Nothing mixes channels except that attention, so permuting channels leaves the outputs unchanged
 * and masked (padding) channels change nothing.
 *
 * <p>Input (the batch contract): {@code data (B, C, T)} with {@code T == spec.windowSamples()},
 * {@code sensors (B, C, SensorFeatures.COUNT)}, {@code mask (B, C)} (1 real, 0 padding), all float32. Output:
 * {@code tokens (B, P, Q, width)} (P patches, Q queries; flatten to {@code (B, P*Q, width)} in time-major order for
 * a sequence) and {@code pooled (B, embeddingSize)}.
 *
 * <p>Masked-patch pass: two more inputs, {@code hidden (B, C, P)} (1 = hide that channel's patch) and a
 * replacement token {@code (width)} (a {@link PatchDecoder}'s {@code mask_token}; this block owns no such parameter,
 * so its parameter set and its 3-input outputs are unchanged). Centring then uses the visible samples only, a
 * hidden token is the replacement plus the sensor embedding with nothing from its samples, and a third output,
 * the sensor embedding {@code (B, C, width)}, feeds the decoder's queries. The architecture, step by step, is written down in {@code EncoderLayers}
 * and in {@code docs/}; parameter names follow a PyTorch state dict ({@code layers.0.attn.q.weight}).
 *
 * <p>Every parameter is a direct parameter of this block with its shape fixed by the spec, so the shapes are known
 * before initialisation and {@link #checkShapes} can compare a loaded file against the spec.
 */
public final class SensorTokenEncoder extends SpecBlock<EncoderSpec> {
    private static final byte VERSION = 1;
    /** Per-sensor features besides position and type: has-position, orientation(3), optode offset(3), separation,
     * wavelength. */
    public static final int EXTRA_FEATURES = 9;
    /**
     * Spread of the per-type gains on the patch term at initialisation: gains 1 + N(0, 1) per type and width
     * dimension, so that channel types sharing a position (HbO and HbR of one pair) write their samples into
     * different directions and an attention that pools both does not cancel their opposite responses.
     */
    static final float TYPE_GAIN_STD = 1f;

    /** Builds the (uninitialised) encoder that {@code spec} describes. */
    /**
     * A forward parameter ({@code forward(store, inputs, training, params)}) saying the caller has checked the sensor
     * type codes on the host, from the channels they came from: the encoder then reads no input value back, so a
     * deployed model's forward pass stays on its device. Any value will do; the key is what counts.
     */
    public static final String CODES_CHECKED = "sensor_codes_checked";

    public SensorTokenEncoder(EncoderSpec spec) {
        super(VERSION, spec, "SensorTokenEncoder");
        int w = spec.width();
        int hidden = w * spec.mlpRatio();
        // insertion order is initialisation order: keep it fixed so a seed reproduces the weights
        linear("patch", spec.patchSamples(), w);
        linear("patch.power", 1, w, false);
        // the three sensor terms and the patch are summed: one bias (the patch's) is enough
        linear("sensor.fourier", 6 * spec.fourierFrequencies(), w, false);
        table("sensor.type", SensorFeatures.TYPE_CODES, w);
        linear("sensor.extra", EXTRA_FEATURES, w, false);
        table("time", spec.patches(), w);
        table("queries", spec.queries(), w);
        norm("cross.norm_q", w);
        norm("cross.norm_kv", w);
        attention("cross.attn", w);
        norm("cross.norm_mlp", w);
        mlp("cross.mlp", w, hidden);
        for (int i = 0; i < spec.depth(); i++) {
            norm("layers." + i + ".norm1", w);
            attention("layers." + i + ".attn", w);
            norm("layers." + i + ".norm2", w);
            mlp("layers." + i + ".mlp", w, hidden);
        }
        norm("norm", w);
        linear("head", w, spec.embeddingSize());
        // declared last, so every other parameter draws what it drew before this one existed
        param("patch.type_gain", ai.djl.nn.Parameter.Type.WEIGHT, new Shape(SensorFeatures.TYPE_CODES, w),
                new ai.djl.training.initializer.NormalInitializer(TYPE_GAIN_STD));
    }


    /** The input shapes for a batch of {@code batch} windows of {@code channels} channels, for {@code initialize}. */
    public Shape[] inputShapes(long batch, long channels) {
        return new Shape[] {new Shape(batch, channels, spec.windowSamples()),
            new Shape(batch, channels, SensorFeatures.COUNT), new Shape(batch, channels)};
    }



    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        EncoderLayers.checkInputShapes(spec, inputs);
        if (params == null || !params.contains(CODES_CHECKED)) {
            EncoderLayers.checkTypeCodes(spec, inputs);
        }
        NDArray data = inputs.get(0);
        NDManager step = data.getManager();
        EncoderLayers layers = new EncoderLayers(spec, name -> store.getValue(parameters.get(name), data.getDevice(),
                training), step, training);
        if (inputs.size() == 5) {
            return layers.forward(data, inputs.get(1), inputs.get(2), inputs.get(3), inputs.get(4));
        }
        return layers.forward(data, inputs.get(1), inputs.get(2));
    }

    /**
     * The encoder's normalised input as patches (B, C, P, L), the targets of masked-patch reconstruction in the
     * encoder's own units: centred per channel and divided by the type's unit, clipped, zero on padding. With
     * {@code hidden} (B, C, P), 1 = hidden, centred on the visible samples' mean as the masked pass centres them;
     * with null, as the plain pass does. Arrays land in {@code data}'s manager.
     */
    public static NDArray normalisedPatches(EncoderSpec spec, NDArray data, NDArray sensors, NDArray mask,
            NDArray hidden) {
        EncoderLayers.checkInputs(spec, new NDList(data, sensors, mask));
        EncoderLayers layers = new EncoderLayers(spec, name -> {
            throw new IllegalStateException("normalisation reads no parameter, asked for " + name);
        }, data.getManager(), false);
        NDArray x = hidden == null ? layers.normaliseWindow(data, sensors, mask)
                : layers.normaliseWindow(data, sensors, mask, hidden);
        Shape s = data.getShape();
        return x.reshape(s.get(0), s.get(1), spec.patches(), spec.patchSamples());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        if (inputShapes.length == 5) {
            return new Shape[] {new Shape(b, spec.patches(), spec.queries(), spec.width()),
                new Shape(b, spec.embeddingSize()), new Shape(b, inputShapes[0].get(1), spec.width())};
        }
        return new Shape[] {new Shape(b, spec.patches(), spec.queries(), spec.width()),
            new Shape(b, spec.embeddingSize())};
    }

    /** Checks this encoder's current parameter arrays (after {@code Model.load}) against its spec. */
    public void checkShapes() {
        checkShapes(spec, getParameters());
    }

    /**
     * Checks that {@code loaded} holds exactly the parameters {@code spec} defines, each with the spec's shape.
     *
     * @throws ParameterShapeException naming the first parameter that is missing, unexpected, uninitialised or of
     *         the wrong shape, with both shapes
     */
    public static void checkShapes(EncoderSpec spec, ParameterList loaded) {
        checkShapes("encoder '" + spec.modality() + "'", new SensorTokenEncoder(spec).expectedShapes(), loaded);
    }

    /**
     * Loads parameters saved with {@code Model.save(dir, name)} into an encoder rebuilt from {@code spec} and checks
     * every shape. The caller closes the returned model; its block is the encoder.
     *
     * @throws IOException when the file cannot be read
     * @throws MalformedModelException when DJL cannot parse it
     * @throws ParameterShapeException when the file does not match the spec
     */
    public static Model loadChecked(Path dir, String name, EncoderSpec spec)
            throws IOException, MalformedModelException {
        SensorTokenEncoder encoder = new SensorTokenEncoder(spec);
        Model model = Model.newInstance(name);
        try {
            model.setBlock(encoder);
            model.load(dir, name);
            encoder.checkShapes();
            return model;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
