package org.neurofusion.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.ParameterList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.function.Function;

/**
 * Predicts what a missing modality would have given from the modality a student keeps: the missing encoder's
 * tokens and its shared-latent embedding, from the kept encoder's tokens. A distilled EEG-only student uses it to
 * stand in for fNIRS where the teacher had both, and to be trained against the real fNIRS tokens and embedding
 * where they exist.
 *
 * <p>Input: the kept modality's tokens {@code (B, N_k, W_k)} (an encoder's {@code (B, P, Q, W)} reshaped to
 * {@code (B, P*Q, W)}), float32 (or float64 for gradient checks). Outputs: the imputed tokens
 * {@code (B, missingTokens, missingWidth)} and the imputed embedding {@code (B, latentDim)}, of unit L2 norm.
 *
 * <p>Forward, W = {@code spec.width()}: memory = {@code in}(x) + {@code position}[n]; h = {@code queries}
 * (missingTokens, W), the same for every window; for each layer i: h += CrossAttn({@code layers.i.norm_q}(h) over
 * {@code layers.i.norm_kv}(memory)) ({@code layers.i.cross}); h += Attn({@code layers.i.norm1}(h))
 * ({@code layers.i.attn}); h += MLP({@code layers.i.norm2}(h)); attention and MLP as in {@link SensorTokenEncoder}.
 * Then n = {@code norm}(h): tokens = {@code out}(n); embedding = e / max(|e|, 1e-12) with e = {@code embed}(mean over
 * the queries of n), so a zero e stays finite (zero). Windows never mix.
 */
public final class ImputationHead extends SpecBlock<ImputationSpec> {
    private static final byte VERSION = 1;
    /** The floor on the embedding's norm before dividing by it (a zero vector stays zero, not NaN). */
    static final double NORM_EPS = 1e-12;

    /** Builds the (uninitialised) head that {@code spec} describes. */
    public ImputationHead(ImputationSpec spec) {
        super(VERSION, spec, "ImputationHead");
        int w = spec.width();
        // insertion order is initialisation order: keep it fixed so a seed reproduces the weights
        linear("in", spec.keptWidth(), w);
        table("position", spec.keptTokens(), w);
        table("queries", spec.missingTokens(), w);
        for (int i = 0; i < spec.depth(); i++) {
            String layer = "layers." + i;
            norm(layer + ".norm_q", w);
            norm(layer + ".norm_kv", w);
            attention(layer + ".cross", w);
            norm(layer + ".norm1", w);
            attention(layer + ".attn", w);
            norm(layer + ".norm2", w);
            mlp(layer + ".mlp", w, w * spec.mlpRatio());
        }
        norm("norm", w);
        linear("out", w, spec.missingWidth());
        linear("embed", w, spec.latentDim());
    }

    /** The input shape for a batch of {@code batch} windows, for {@code initialize}. */
    public Shape[] inputShapes(long batch) {
        return new Shape[] {new Shape(batch, spec.keptTokens(), spec.keptWidth())};
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        checkInputs(inputs);
        NDArray x = inputs.get(0);
        NDManager step = x.getManager();
        Function<String, NDArray> values = name -> store.getValue(parameters.get(name), x.getDevice(), training);
        EncoderLayers layers = new EncoderLayers(spec.width(), spec.heads(), spec.dropout(), values, step, training);
        long b = x.getShape().get(0);
        NDArray memory = layers.linear(x, "in").add(values.apply("position")); // (B, N_k, W)
        // zeros first, so that the sum lands in the step's manager and the parameter itself is never attached
        NDArray h = step.zeros(new Shape(b, spec.missingTokens(), spec.width()), x.getDataType())
                .add(values.apply("queries"));
        for (int i = 0; i < spec.depth(); i++) {
            String layer = "layers." + i;
            NDArray kv = layers.layerNorm(memory, layer + ".norm_kv");
            h = h.add(layers.attention(layers.layerNorm(h, layer + ".norm_q"), kv, null, layer + ".cross"));
            NDArray n1 = layers.layerNorm(h, layer + ".norm1");
            h = h.add(layers.attention(n1, n1, null, layer + ".attn"));
            h = h.add(layers.mlp(layers.layerNorm(h, layer + ".norm2"), layer + ".mlp"));
        }
        NDArray n = layers.layerNorm(h, "norm");
        NDArray tokens = layers.linear(n, "out");
        NDArray embedding = layers.linear(n.mean(new int[] {1}), "embed").normalize(2, 1, NORM_EPS);
        return new NDList(tokens, embedding);
    }

    private void checkInputs(NDList inputs) {
        String at = "imputation head (" + spec.kept() + " -> " + spec.missing() + "): ";
        if (inputs == null || inputs.size() != 1) {
            throw new IllegalArgumentException(at + "expected 1 input ('" + spec.kept() + "' tokens), got "
                    + (inputs == null ? "null" : inputs.size()));
        }
        Shape s = inputs.get(0).getShape();
        if (s.dimension() != 3 || s.get(0) < 1 || s.get(1) != spec.keptTokens() || s.get(2) != spec.keptWidth()) {
            throw new IllegalArgumentException(at + "'" + spec.kept() + "' tokens have shape " + s + ", expected (B, "
                    + spec.keptTokens() + ", " + spec.keptWidth() + ")");
        }
        DataType t = inputs.get(0).getDataType();
        if (t != DataType.FLOAT32 && t != DataType.FLOAT64) {
            throw new IllegalArgumentException(at + "'" + spec.kept() + "' tokens are " + t
                    + "; expected float32 (or float64 for gradient checks)");
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        return new Shape[] {new Shape(b, spec.missingTokens(), spec.missingWidth()), new Shape(b, spec.latentDim())};
    }

    /** Checks this head's current parameter arrays (after {@code Model.load}) against its spec. */
    public void checkShapes() {
        checkShapes(spec, getParameters());
    }

    /**
     * Checks that {@code loaded} holds exactly the parameters {@code spec} defines, each with the spec's shape.
     *
     * @throws ParameterShapeException naming the first parameter that is missing, unexpected, uninitialised or of
     *         the wrong shape, with both shapes
     */
    public static void checkShapes(ImputationSpec spec, ParameterList loaded) {
        checkShapes("imputation head (" + spec.kept() + " -> " + spec.missing() + ")",
                new ImputationHead(spec).expectedShapes(), loaded);
    }
}
