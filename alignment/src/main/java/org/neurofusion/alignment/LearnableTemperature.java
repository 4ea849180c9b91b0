package org.neurofusion.alignment;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

/**
 * The learnable contrastive temperature, held as one scalar parameter {@code log_scale = log(1/τ)} (as in
 * CLIP): optimising the logarithm keeps the scale positive and its steps relative. Add it to the model's
 * block tree so the trainer updates and saves it; {@link InfoNceLoss} clamps the scale it implies.
 */
public final class LearnableTemperature extends AbstractBlock {
    /** CLIP's initial temperature. */
    public static final double DEFAULT_INITIAL_TEMPERATURE = 0.07;
    private static final byte VERSION = 1;

    private final double initialTemperature;
    private final Parameter logScale;

    /** A temperature starting at {@link #DEFAULT_INITIAL_TEMPERATURE}. */
    public LearnableTemperature() {
        this(DEFAULT_INITIAL_TEMPERATURE);
    }

    /** A temperature starting at {@code initialTemperature} (positive, finite). */
    public LearnableTemperature(double initialTemperature) {
        super(VERSION);
        if (!(initialTemperature > 0) || !Double.isFinite(initialTemperature)) {
            throw new IllegalArgumentException("initial temperature must be positive and finite, got "
                    + initialTemperature);
        }
        this.initialTemperature = initialTemperature;
        this.logScale = addParameter(Parameter.builder().setName("log_scale").setType(Parameter.Type.OTHER)
                .optShape(new Shape())
                .optInitializer(new ConstantInitializer((float) Math.log(1 / initialTemperature))).build());
    }

    /** The temperature the parameter starts at. */
    public double initialTemperature() {
        return initialTemperature;
    }

    /** The parameter {@code log(1/τ)} (0-d) on {@code device}, recorded for gradients when training. */
    public NDArray logScale(ParameterStore parameterStore, Device device, boolean training) {
        return parameterStore.getValue(logScale, device, training);
    }

    /** Inputs: any one array on the target device (only its device is used). Output: the 0-d log scale. */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("the temperature block needs one array to know the device");
        }
        return new NDList(logScale(parameterStore, inputs.head().getDevice(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape()};
    }
}
