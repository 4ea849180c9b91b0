package org.neurofusion.models;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * The masked-patch decoder of one {@link SensorTokenEncoder}: from the encoder's latent tokens it predicts every
 * (channel, patch)'s {@code L} normalised samples, the targets {@link SensorTokenEncoder#normalisedPatches} gives.
 * It also owns the {@code mask_token} (width) that the encoder's masked pass puts in place of a hidden patch, so an
 * encoder, and any model of encoders only, keeps exactly its parameter set when reconstruction is off.
 *
 * <p>Forward, with the shapes of {@code EncoderLayers}: query of (c, p) = sensor embedding of c (the encoder's third
 * output of the masked pass, (B, C, W)) + {@code time}[p]; one pre-norm cross-attention of the C·P queries
 * ({@code norm_q}) over the P·Q latent tokens ({@code norm_kv}), projections as the encoder's
 * ({@code attn.q/k/v/out}, no key bias); h = query + attention; h += MLP({@code norm_mlp}(h)); prediction =
 * {@code out}({@code norm}(h)), W → L. Inputs: {@code latents (B, P, Q, W)}, {@code sensorEmbedding (B, C, W)}.
 * Output: {@code (B, C, P, L)}.
 */
public final class PatchDecoder extends SpecBlock<EncoderSpec> {
    private static final byte VERSION = 1;
    /** The parameter that replaces a hidden patch's samples in the encoder's masked pass. */
    public static final String MASK_TOKEN = "mask_token";

    /** Builds the (uninitialised) decoder for the encoder that {@code spec} describes. */
    public PatchDecoder(EncoderSpec spec) {
        super(VERSION, spec, "PatchDecoder");
        int w = spec.width();
        // insertion order is initialisation order: keep it fixed so a seed reproduces the weights
        param(MASK_TOKEN, Parameter.Type.WEIGHT, new Shape(w), new NormalInitializer(INIT_STD));
        table("time", spec.patches(), w);
        norm("norm_q", w);
        norm("norm_kv", w);
        attention("attn", w);
        norm("norm_mlp", w);
        mlp("mlp", w, w * spec.mlpRatio());
        norm("norm", w);
        linear("out", w, spec.patchSamples());
    }


    /** The input shapes for {@code batch} windows of {@code channels} channels, for {@code initialize}. */
    public Shape[] inputShapes(long batch, long channels) {
        return new Shape[] {new Shape(batch, spec.patches(), spec.queries(), spec.width()),
            new Shape(batch, channels, spec.width())};
    }

    /** The mask token as a graph array (gradients reach it when {@code training}). */
    public NDArray maskToken(ParameterStore store, Device device, boolean training) {
        return store.getValue(parameters.get(MASK_TOKEN), device, training);
    }


    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        String at = "decoder '" + spec.modality() + "': ";
        if (inputs == null || inputs.size() != 2) {
            throw new IllegalArgumentException(at + "expected 2 inputs (latents, sensor embedding), got "
                    + (inputs == null ? "null" : inputs.size()));
        }
        NDArray latents = inputs.get(0);
        NDArray sensors = inputs.get(1);
        Shape ls = latents.getShape();
        Shape ss = sensors.getShape();
        int p = spec.patches();
        int w = spec.width();
        if (!ls.equals(new Shape(ls.get(0), p, spec.queries(), w)) || ss.dimension() != 3
                || ss.get(0) != ls.get(0) || ss.get(2) != w) {
            throw new IllegalArgumentException(at + "latents " + ls + " and sensor embedding " + ss
                    + " do not fit: expected (B, " + p + ", " + spec.queries() + ", " + w + ") and (B, C, " + w + ")");
        }
        long b = ls.get(0);
        long c = ss.get(1);
        EncoderLayers layers = new EncoderLayers(spec, name -> store.getValue(parameters.get(name),
                latents.getDevice(), training), latents.getManager(), training);
        NDArray time = store.getValue(parameters.get("time"), latents.getDevice(), training);
        // (B, C, 1, W) + (1, 1, P, W): the sensor is first so the sum lands in the step's manager
        NDArray timeRows = time.reshape(1, 1, p, w);
        // a view of a parameter made in the model's manager: the step owns it (never the parameter itself)
        timeRows.attach(latents.getManager());
        NDArray query = sensors.expandDims(2).add(timeRows).reshape(b, c * p, w);
        NDArray kv = layers.layerNorm(latents.reshape(b, (long) p * spec.queries(), w), "norm_kv");
        NDArray h = query.add(layers.attention(layers.layerNorm(query, "norm_q"), kv, null, "attn"));
        h = h.add(layers.mlp(layers.layerNorm(h, "norm_mlp"), "mlp"));
        NDArray out = layers.linear(layers.layerNorm(h, "norm"), "out"); // (B, C*P, L)
        return new NDList(out.reshape(b, c, p, spec.patchSamples()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), inputShapes[1].get(1), spec.patches(),
            spec.patchSamples())};
    }
}
