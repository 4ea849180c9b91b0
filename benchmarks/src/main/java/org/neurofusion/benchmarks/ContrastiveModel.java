package org.neurofusion.benchmarks;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.neurofusion.alignment.InfoNceLoss;
import org.neurofusion.alignment.LearnableTemperature;
import org.neurofusion.alignment.MaskedEmbeddings;
import org.neurofusion.alignment.MultiModalInfoNce;
import org.neurofusion.alignment.ProjectionHead;
import org.neurofusion.alignment.ProjectionSpec;
import org.neurofusion.models.EncoderSpec;
import org.neurofusion.models.SensorTokenEncoder;

/**
 * The contrastive alignment model whose training step {@code bench train} times: one {@link SensorTokenEncoder}
 * and one {@link ProjectionHead} (input = the encoder's embedding size, hidden = twice that, output = the shared
 * projection width) per modality, a shared {@link LearnableTemperature}, and the multi-modal symmetric InfoNCE.
 * Its parameters are named as the PyTorch twin ({@code tools/reference/alignment_twin.py}) names them:
 * {@code encoders.<m>.<encoder name>}, {@code heads.<m>.<DJL name>}, {@code temperature.log_scale}.
 */
public final class ContrastiveModel {
    private final TreeMap<String, SensorTokenEncoder> encoders = new TreeMap<>();
    private final TreeMap<String, ProjectionHead> heads = new TreeMap<>();
    private final LearnableTemperature temperature = new LearnableTemperature();
    private final MultiModalInfoNce loss = new MultiModalInfoNce(InfoNceLoss.builder().build());
    private final ParameterStore store;

    private ContrastiveModel(NDManager manager) {
        this.store = new ParameterStore(manager, false);
    }

    /**
     * Builds and initialises the model in {@code manager}: the seed fixes every initial weight (modalities are
     * initialised in name order).
     */
    public static ContrastiveModel build(NDManager manager, List<EncoderSpec> specs, int projectionDim, long seed,
            DataType type) {
        if (specs == null || specs.size() < 2) {
            throw new IllegalArgumentException("a contrastive model needs at least two encoder specs, got " + specs);
        }
        ContrastiveModel model = new ContrastiveModel(manager);
        for (EncoderSpec s : specs) {
            if (model.encoders.put(s.modality(), new SensorTokenEncoder(s)) != null) {
                throw new IllegalArgumentException("modality '" + s.modality() + "' has two encoder specs");
            }
        }
        Engine.getInstance().setRandomSeed((int) seed);
        model.encoders.forEach((m, e) -> {
            e.initialize(manager, type, e.inputShapes(1, 1));
            int width = e.spec().embeddingSize();
            ProjectionHead head = new ProjectionHead(ProjectionSpec.of(width, 2 * width, projectionDim));
            head.initialize(manager, type, new Shape(1, width));
            model.heads.put(m, head);
        });
        model.temperature.initialize(manager, type, new Shape(1));
        return model;
    }

    /** The encoders by modality, in name order. */
    public Map<String, SensorTokenEncoder> encoders() {
        return java.util.Collections.unmodifiableMap(encoders);
    }

    /** The projection heads by modality, in name order. */
    public Map<String, ProjectionHead> heads() {
        return java.util.Collections.unmodifiableMap(heads);
    }

    /** Every parameter array under its twin name, encoders and heads in modality order, then the temperature. */
    public Map<String, NDArray> parameters() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        encoders.forEach((m, e) -> add(out, "encoders." + m + ".", e));
        heads.forEach((m, h) -> add(out, "heads." + m + ".", h));
        add(out, "temperature.", temperature);
        return out;
    }

    /** Number of trainable values. */
    public long parameterCount() {
        return parameters().values().stream().mapToLong(a -> a.getShape().size()).sum();
    }

    /**
     * The forward pass on one batch (modality to data, sensors, mask, every modality of the model present; every
     * array in the step's manager, where the intermediates then land).
     *
     * @param pooled each encoder's pooled embedding (B, embedding)
     * @param latent each head's unit-norm projection (B, projection)
     * @param loss the mean pairwise symmetric InfoNCE (0-d)
     */
    public record Output(Map<String, NDArray> pooled, Map<String, NDArray> latent, NDArray loss) {
    }

    /** The pooled embeddings, projections and InfoNCE of {@code batch}; dropout on when {@code training}. */
    public Output forward(Map<String, NDList> batch, boolean training) {
        Map<String, NDArray> pooled = new TreeMap<>();
        Map<String, NDArray> latent = new TreeMap<>();
        Map<String, MaskedEmbeddings> views = new TreeMap<>();
        encoders.forEach((m, e) -> {
            NDList in = batch.get(m);
            if (in == null) {
                throw new IllegalArgumentException("the batch has no '" + m + "' arrays; it has " + batch.keySet());
            }
            NDArray p = e.forward(store, in, training).get(1);
            NDArray z = heads.get(m).forward(store, new NDList(p), training).singletonOrThrow();
            pooled.put(m, p);
            latent.put(m, z);
            views.put(m, MaskedEmbeddings.allPresent(z));
        });
        NDArray anyInput = batch.get(encoders.firstKey()).head();
        NDArray logScale = temperature.logScale(store, anyInput.getDevice(), training);
        return new Output(pooled, latent, loss.evaluate(views, logScale).loss());
    }

    private static void add(Map<String, NDArray> out, String prefix, Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            out.put(prefix + p.getKey(), p.getValue().getArray());
        }
    }
}
