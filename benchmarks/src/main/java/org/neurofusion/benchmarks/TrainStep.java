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
 * One contrastive training step of a {@link ContrastiveModel}, the unit {@code bench train} times: the batch is
 * copied into the step's manager (as a data loader hands it over), forward of every encoder and head, the InfoNCE,
 * backward, clipping by global norm, an AdamW update, and the gradients zeroed for the next step.
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

    /** One step on {@code batch} (modality to its synthetic batch), in the step's own manager. */
    public Outcome run(NDManager step, Map<String, SyntheticBatch> batch, boolean training) {
        Map<String, NDList> inputs = new TreeMap<>();
        batch.forEach((m, b) -> inputs.put(m, b.toNDList(step, type)));
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
