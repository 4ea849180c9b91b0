package org.neurofusion.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.ParameterList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.function.Function;

/**
 * The multimodal teacher's fusion (and a student's head over its own tokens): a pre-norm transformer over the
 * token sequences of several modalities, each token tagged with its modality and its position, read out through a
 * class token. A window may lack some modalities (a recording without fNIRS, a dropped modality in training): the
 * presence input says which, and absent modalities' tokens are hidden from every attention as keys, so they change
 * nothing.
 *
 * <p>Inputs, an {@code NDList}: for each {@link FusionSpec#inputs() input} m in spec order, its tokens
 * {@code (B, N_m, W_m)} (an encoder's {@code (B, P, Q, W)} tokens reshaped to {@code (B, P*Q, W)}); then
 * {@code presence (B, M)}, 1 where modality m is present in that window and 0 where it is absent. All float32 (or
 * all float64 for gradient checks). An absent modality's tokens must still be finite and of moderate size (their
 * values then do not matter; trainers pass zeros): they pass through the layers as queries, and a NaN or an
 * overflow there would reach the outputs through the arithmetic, not through attention.
 *
 * <p>Forward, W = {@code spec.width()}: token = {@code in.<m>}(x) + {@code modality.<m>} + {@code position.<m>}[n];
 * h = [{@code cls}; tokens of every modality in spec order]; attention keys of absent modalities get a bias of
 * -1e9 (finite, never -inf: the class token is always a key, so a window with nothing present stays finite);
 * {@code depth} blocks h += Attn({@code layers.i.norm1}(h)); h += MLP({@code layers.i.norm2}(h)), attention and MLP
 * as in {@link SensorTokenEncoder}; fused = {@code norm}(h[cls]). Outputs: {@code logits (B, classes)} =
 * {@code head}(fused) + sum over m of presence_m x {@code readout.<m>}(r_m), and {@code fused (B, W)}, where r_m
 * (B, Q_m * W_m) is m's input tokens averaged over its P_m time steps per query and flattened (a direct, linear
 * readout beside the class token, no bias, zero at initialisation: a region's averaged response reaches the
 * logits without having to be found by attention first). Windows never mix: a window's outputs do not depend on the rest of
 * the batch.
 */
public final class FusionBlock extends SpecBlock<FusionSpec> {
    private static final byte VERSION = 1;

    /** Builds the (uninitialised) fusion block that {@code spec} describes. */
    public FusionBlock(FusionSpec spec) {
        super(VERSION, spec, "FusionBlock");
        int w = spec.width();
        // insertion order is initialisation order: keep it fixed so a seed reproduces the weights
        for (FusionSpec.Input in : spec.inputs()) {
            linear("in." + in.modality(), in.width(), w);
            table("modality." + in.modality(), 1, w);
            table("position." + in.modality(), in.tokens(), w);
        }
        table("cls", 1, w);
        for (int i = 0; i < spec.depth(); i++) {
            norm("layers." + i + ".norm1", w);
            attention("layers." + i + ".attn", w);
            norm("layers." + i + ".norm2", w);
            mlp("layers." + i + ".mlp", w, w * spec.mlpRatio());
        }
        norm("norm", w);
        linear("head", w, spec.classes());
        // declared after the others, so that they draw what they drew before it existed; zero at first, so the
        // untrained block's logits are the class token's alone
        for (FusionSpec.Input in : spec.inputs()) {
            param("readout." + in.modality() + ".weight", ai.djl.nn.Parameter.Type.WEIGHT,
                    new Shape(spec.classes(), (long) in.queries() * in.width()),
                    ai.djl.training.initializer.Initializer.ZEROS);
        }
    }

    /** The input shapes for a batch of {@code batch} windows (every input's tokens, then presence), for initialize. */
    public Shape[] inputShapes(long batch) {
        int m = spec.modalities();
        Shape[] shapes = new Shape[m + 1];
        for (int i = 0; i < m; i++) {
            FusionSpec.Input in = spec.inputs().get(i);
            shapes[i] = new Shape(batch, in.tokens(), in.width());
        }
        shapes[m] = new Shape(batch, m);
        return shapes;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        checkInputs(inputs);
        NDArray first = inputs.get(0);
        NDManager step = first.getManager();
        Function<String, NDArray> values = name -> store.getValue(parameters.get(name), first.getDevice(), training);
        EncoderLayers layers = new EncoderLayers(spec.width(), spec.heads(), spec.dropout(), values, step, training);
        long b = first.getShape().get(0);
        int w = spec.width();
        int m = spec.modalities();
        DataType type = first.getDataType();
        NDArray presence = inputs.get(m).toType(type, false);

        NDList sequence = new NDList();
        NDList keep = new NDList(); // (B, 1) or (B, N_m) blocks: 1 = this key may be attended to
        // zeros first, so that the sum lands in the step's manager and the parameter itself is never attached
        sequence.add(step.zeros(new Shape(b, 1, w), type).add(values.apply("cls")));
        keep.add(step.ones(new Shape(b, 1), type));
        for (int i = 0; i < m; i++) {
            FusionSpec.Input in = spec.inputs().get(i);
            String name = in.modality();
            sequence.add(layers.linear(inputs.get(i), "in." + name).add(values.apply("modality." + name))
                    .add(values.apply("position." + name)));
            keep.add(presence.get(":, " + i + ":" + (i + 1)).repeat(1, in.tokens()));
        }
        NDArray h = NDArrays.concat(sequence, 1); // (B, S, W), S = 1 + sum N_m
        long s = h.getShape().get(1);
        // 0 for a key that counts, -1e9 for an absent modality's key; broadcast over heads and queries
        NDArray bias = NDArrays.concat(keep, 1).sub(layers.one()).mul(layers.scalar(-EncoderLayers.MASK_BIAS))
                .reshape(b, 1, 1, s);
        for (int i = 0; i < spec.depth(); i++) {
            String layer = "layers." + i;
            NDArray n1 = layers.layerNorm(h, layer + ".norm1");
            h = h.add(layers.attention(n1, n1, bias, layer + ".attn"));
            h = h.add(layers.mlp(layers.layerNorm(h, layer + ".norm2"), layer + ".mlp"));
        }
        // LayerNorm acts per token: normalising the class token alone equals taking it from norm(h)
        NDArray fused = layers.layerNorm(h.get(":, 0, :"), "norm");
        NDArray logits = layers.linear(fused, "head");
        for (int i = 0; i < m; i++) {
            // the direct readout: each query's token averaged over the time steps, read by a linear map, counted
            // only where the modality is present
            FusionSpec.Input in = spec.inputs().get(i);
            NDArray pooled = inputs.get(i).reshape(b, in.steps(), in.queries(), in.width()).mean(new int[] {1})
                    .reshape(b, (long) in.queries() * in.width());
            NDArray direct = layers.linearNoBias(pooled, "readout." + in.modality());
            logits = logits.add(direct.mul(presence.get(":, " + i + ":" + (i + 1))));
        }
        return new NDList(logits, fused);
    }

    /** Refuses inputs that break the contract, naming the modality, the window and the shapes. */
    private void checkInputs(NDList inputs) {
        int m = spec.modalities();
        String at = "fusion block: ";
        if (inputs == null || inputs.size() != m + 1) {
            StringBuilder names = new StringBuilder();
            spec.inputs().forEach(in -> names.append(in.modality()).append(" tokens, "));
            throw new IllegalArgumentException(at + "expected " + (m + 1) + " inputs (" + names + "presence), got "
                    + (inputs == null ? "null" : inputs.size()));
        }
        long b = inputs.get(0).getShape().dimension() == 0 ? -1 : inputs.get(0).getShape().get(0);
        DataType type = inputs.get(0).getDataType();
        for (int i = 0; i < m; i++) {
            FusionSpec.Input in = spec.inputs().get(i);
            Shape actual = inputs.get(i).getShape();
            Shape expected = new Shape(b, in.tokens(), in.width());
            if (!actual.equals(expected) || b < 1) {
                throw new IllegalArgumentException(at + "input " + i + " ('" + in.modality() + "' tokens) has shape "
                        + actual + ", expected (B, " + in.tokens() + ", " + in.width() + ") with B = " + b
                        + " windows, as the first input");
            }
            DataType t = inputs.get(i).getDataType();
            if (t != type || (t != DataType.FLOAT32 && t != DataType.FLOAT64)) {
                throw new IllegalArgumentException(at + "'" + in.modality() + "' tokens are " + t + " and '"
                        + spec.inputs().get(0).modality() + "' tokens " + type
                        + "; expected all float32 (or all float64 for gradient checks)");
            }
        }
        NDArray presence = inputs.get(m);
        if (!presence.getShape().equals(new Shape(b, m))) {
            throw new IllegalArgumentException(at + "presence has shape " + presence.getShape() + ", expected ("
                    + b + ", " + m + ") (B windows, one column per modality " + names() + ")");
        }
        if (!presence.getDataType().isFloating()) {
            throw new IllegalArgumentException(at + "presence is " + presence.getDataType()
                    + ", expected a float array of 0 and 1");
        }
        float[] v = presence.toType(DataType.FLOAT32, false).toFloatArray();
        for (int k = 0; k < v.length; k++) {
            if (v[k] != 0f && v[k] != 1f) {
                throw new IllegalArgumentException(at + "presence of window " + k / m + ", modality '"
                        + spec.inputs().get(k % m).modality() + "' is " + v[k]
                        + "; expected 0 (absent) or 1 (present)");
            }
        }
    }

    private String names() {
        return spec.inputs().stream().map(FusionSpec.Input::modality).toList().toString();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        return new Shape[] {new Shape(b, spec.classes()), new Shape(b, spec.width())};
    }

    /** Checks this block's current parameter arrays (after {@code Model.load}) against its spec. */
    public void checkShapes() {
        checkShapes(spec, getParameters());
    }

    /**
     * Checks that {@code loaded} holds exactly the parameters {@code spec} defines, each with the spec's shape.
     *
     * @throws ParameterShapeException naming the first parameter that is missing, unexpected, uninitialised or of
     *         the wrong shape, with both shapes
     */
    public static void checkShapes(FusionSpec spec, ParameterList loaded) {
        FusionBlock expected = new FusionBlock(spec);
        checkShapes("fusion block " + expected.names(), expected.expectedShapes(), loaded);
    }
}
