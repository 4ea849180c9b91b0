package org.neurofusion.alignment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Maps one modality's encoder output into the shared latent space: Linear → GELU → Linear, then L2
 * normalisation, so that dot products between modalities are cosine similarities. Input (..., inputDim),
 * output (..., latentDim) with unit norm along the last axis (a zero vector stays zero).
 *
 * <p>Constants of the normalisation are created in the input's manager: give the head inputs that live in
 * the training step's manager (see {@link GraphConstants}).
 */
public final class ProjectionHead extends AbstractBlock {
    private static final byte VERSION = 1;

    private final ProjectionSpec spec;
    private final Linear hidden;
    private final Linear latent;

    /** A head built from its spec; initialise it with input shape (batch, spec.inputDim()). */
    public ProjectionHead(ProjectionSpec spec) {
        super(VERSION);
        if (spec == null) {
            throw new IllegalArgumentException("a projection head needs a spec");
        }
        this.spec = spec;
        this.hidden = addChildBlock("hidden", Linear.builder().setUnits(spec.hiddenDim()).build());
        this.latent = addChildBlock("latent", Linear.builder().setUnits(spec.latentDim()).build());
    }

    /** The spec this head was built from. */
    public ProjectionSpec spec() {
        return spec;
    }

    /**
     * {@code x / sqrt(sum(x², last axis) + epsilon)}: unit norm for any real vector, zero (with a finite
     * gradient) for a zero vector, where {@code x / max(|x|, eps)} would have a kink and {@code x / |x|} NaN.
     */
    public static NDArray l2Normalize(NDArray x, double epsilon) {
        GraphConstants.requireFloating(x, "the array to normalise");
        NDArray eps = GraphConstants.scalar(x.getManager(), epsilon, x.getDataType());
        NDArray squaredNorm = x.square().sum(new int[] {-1}, true);
        return x.div(squaredNorm.add(eps).sqrt());
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        checkInput(x.getShape());
        NDArray h = hidden.forward(parameterStore, new NDList(x), training).singletonOrThrow();
        NDArray y = latent.forward(parameterStore, new NDList(Activation.gelu(h)), training).singletonOrThrow();
        return new NDList(l2Normalize(y, spec.epsilon()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        checkInput(in);
        long[] dims = in.getShape();
        dims[dims.length - 1] = spec.latentDim();
        return new Shape[] {new Shape(dims)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInput(inputShapes[0]);
        hidden.initialize(manager, dataType, inputShapes);
        Shape[] hiddenShapes = hidden.getOutputShapes(inputShapes);
        latent.initialize(manager, dataType, hiddenShapes);
    }

    private void checkInput(Shape shape) {
        if (shape.dimension() < 1 || shape.get(shape.dimension() - 1) != spec.inputDim()) {
            throw new IllegalArgumentException("projection head expects input (..., " + spec.inputDim() + "), got "
                    + shape);
        }
    }

    @Override
    public String toString() {
        return "ProjectionHead" + spec.toJson();
    }
}
