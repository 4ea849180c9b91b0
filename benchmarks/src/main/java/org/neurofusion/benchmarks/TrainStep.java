package org.neurofusion.benchmarks;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.neurofusion.alignment.GradientClipping;
import org.neurofusion.alignment.train.AdamW;

/**
 * One contrastive training step of a {@link ContrastiveModel}, the unit {@code bench train} times: forward of every
 * encoder and head on a batch already in the step's manager, the InfoNCE, backward, clipping by global norm, an
 * AdamW update, and the gradients zeroed for the next step.
 *
 * <p>Written from the alignment pieces until the pre-training loop's own step exists; {@link #run} is the one
 * method to swap for it.
 */
public final class TrainStep {
    private final ContrastiveModel model;
    private final Map<String, NDArray> parameters;
    private final AdamW optimiser;
    private final float clipNorm;
    private final double learningRate;
    private final DataType type;

    /**
     * @param manager where the optimiser's moments live (the model's manager)
     * @param type the type the batch is given to the model in (the model's)
     */
    public TrainStep(ContrastiveModel model, AdamW.Settings settings, double learningRate, float clipNorm,
            NDManager manager, DataType type) {
        this.model = model;
        this.parameters = model.parameters();
        this.optimiser = new AdamW(settings, parameters, manager);
        this.learningRate = learningRate;
        this.clipNorm = clipNorm;
        this.type = type;
    }

    /** What a step reports: the loss it minimised and the global gradient norm before clipping. */
    public record Outcome(double loss, double gradientNorm) {
    }

    /** The batch as the step takes it: each modality's arrays, of the model's type, in {@code step}. */
    public Map<String, NDList> inputs(NDManager step, Map<String, SyntheticBatch> batch) {
        Map<String, NDList> inputs = new TreeMap<>();
        batch.forEach((m, b) -> inputs.put(m, b.toNDList(step, type)));
        return inputs;
    }

    /**
     * One step on {@code inputs} (modality to data, sensors, mask), whose arrays live in the step's own manager:
     * every intermediate lands there and goes when it closes.
     */
    public Outcome run(Map<String, NDList> inputs, boolean training) {
        double loss;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray l = model.forward(inputs, training).loss();
            collector.backward(l);
            loss = l.getDataType() == DataType.FLOAT64 ? l.getDouble() : l.getFloat();
        }
        List<NDArray> gradients = new ArrayList<>();
        parameters.values().forEach(p -> gradients.add(p.getGradient()));
        double norm = GradientClipping.clipByGlobalNorm(gradients, clipNorm);
        gradients.forEach(NDArray::close);
        optimiser.update(parameters, learningRate, List.of());
        zeroGradients();
        return new Outcome(loss, norm);
    }

    /** Sets every gradient to zero: the engine adds each backward pass to what is there. */
    public void zeroGradients() {
        for (NDArray p : parameters.values()) {
            try (NDArray g = p.getGradient()) {
                g.subi(g);
            }
        }
    }
}
