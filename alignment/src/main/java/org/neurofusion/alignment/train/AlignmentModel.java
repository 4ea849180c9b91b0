package org.neurofusion.alignment.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurofusion.alignment.LearnableTemperature;
import org.neurofusion.alignment.ProjectionHead;
import org.neurofusion.alignment.ProjectionSpec;
import org.neurofusion.models.EncoderSpec;
import org.neurofusion.models.PatchDecoder;
import org.neurofusion.models.SensorTokenEncoder;

/**
 * The networks that pre-training optimises: one {@link SensorTokenEncoder} and one {@link ProjectionHead} per
 * modality, and the InfoNCE temperature. Parameters are named {@code encoder.<m>/<name>}, {@code head.<m>/<name>}
 * and {@code temperature/<name>}, the keys of checkpoints and of the optimiser's state. Built from its specs
 * alone ({@link #specsJson}), so a run folder can rebuild it, and initialised from a seed.
 *
 * <p>With reconstruction on, each modality also has a {@link PatchDecoder} ({@code decoder.<m>/<name>}, its
 * {@code mask_token} included), initialised after everything else, so the other parameters draw the same values
 * from the seed as without it; with reconstruction off the parameter set is exactly the alignment model's.
 */
public final class AlignmentModel implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NDManager manager;
    private final Map<String, SensorTokenEncoder> encoders = new LinkedHashMap<>();
    private final Map<String, ProjectionHead> heads = new LinkedHashMap<>();
    private final Map<String, PatchDecoder> decoders = new LinkedHashMap<>();
    private final LearnableTemperature temperature = new LearnableTemperature();
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final ParameterStore store;
    private final int latentDim;

    /**
     * Builds and initialises the model on {@code device}, its weights drawn from {@code seed}.
     *
     * @param specs the encoder of each modality, in the order of the batches' modalities
     * @param latentDim size of the shared latent space
     */
    public AlignmentModel(Map<String, EncoderSpec> specs, int latentDim, long seed, Device device) {
        this(specs, latentDim, seed, device, DataType.FLOAT32);
    }

    /**
     * The same in another floating type: float64 for checks against a reference to rounding (the PyTorch twin's
     * golden test, finite differences). Training and checkpoints use float32.
     */
    public AlignmentModel(Map<String, EncoderSpec> specs, int latentDim, long seed, Device device, DataType type) {
        this(specs, latentDim, seed, device, type, false);
    }

    /**
     * The same, with a masked-patch {@link PatchDecoder} per modality when {@code reconstruction} is true.
     */
    public AlignmentModel(Map<String, EncoderSpec> specs, int latentDim, long seed, Device device, DataType type,
            boolean reconstruction) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("an alignment model needs at least one encoder");
        }
        if (type != DataType.FLOAT32 && type != DataType.FLOAT64) {
            throw new IllegalArgumentException("an alignment model is float32 or float64, not " + type);
        }
        this.latentDim = latentDim;
        this.manager = NDManager.newBaseManager(device);
        Engine.getInstance().setRandomSeed(Long.hashCode(seed));
        specs.forEach((m, spec) -> {
            if (!m.equals(spec.modality())) {
                throw new IllegalArgumentException("encoder spec for '" + m + "' names modality '" + spec.modality()
                        + "'");
            }
            SensorTokenEncoder e = new SensorTokenEncoder(spec);
            e.initialize(manager, type, e.inputShapes(1, 1));
            encoders.put(m, e);
            ProjectionHead h = new ProjectionHead(ProjectionSpec.of(spec.embeddingSize(), spec.embeddingSize(),
                    latentDim));
            h.initialize(manager, type, new Shape(1, spec.embeddingSize()));
            heads.put(m, h);
            collect("encoder." + m, e);
            collect("head." + m, h);
        });
        temperature.initialize(manager, type, new Shape(1));
        collect("temperature", temperature);
        if (reconstruction) {
            specs.forEach((m, spec) -> {
                PatchDecoder d = new PatchDecoder(spec);
                d.initialize(manager, type, d.inputShapes(1, 1));
                decoders.put(m, d);
                collect("decoder." + m, d);
            });
        }
        this.store = new ParameterStore(manager, false);
    }

    /** Rebuilds a model from {@link #specsJson()}, initialised from {@code seed} (then load a checkpoint). */
    public static AlignmentModel fromSpecsJson(JsonNode specs, long seed, Device device) {
        Map<String, EncoderSpec> es = new LinkedHashMap<>();
        JsonNode encs = specs.path("encoders");
        if (!encs.isObject() || encs.isEmpty() || !specs.path("latent_dim").canConvertToInt()) {
            throw new IllegalArgumentException("model specs need 'encoders' (an object) and 'latent_dim', got "
                    + specs);
        }
        encs.fields().forEachRemaining(e -> es.put(e.getKey(), EncoderSpec.fromJson(e.getValue().toString())));
        return new AlignmentModel(es, specs.get("latent_dim").asInt(), seed, device, DataType.FLOAT32,
                specs.path("reconstruction").asBoolean(false));
    }

    /**
     * The specs that rebuild this model: {@code {"encoders": {m: spec}, "latent_dim": d}}, and
     * {@code "reconstruction": true} only when it has decoders (so older run folders read the same).
     */
    public ObjectNode specsJson() {
        ObjectNode o = JSON.createObjectNode();
        ObjectNode e = o.putObject("encoders");
        encoders.forEach((m, enc) -> {
            try {
                e.set(m, JSON.readTree(enc.spec().toJson()));
            } catch (java.io.IOException ex) {
                throw new IllegalStateException("encoder spec JSON of '" + m + "' does not parse", ex);
            }
        });
        o.put("latent_dim", latentDim);
        if (!decoders.isEmpty()) {
            o.put("reconstruction", true);
        }
        return o;
    }

    /** The modalities, in order. */
    public List<String> modalities() {
        return new ArrayList<>(encoders.keySet());
    }

    /** The encoder of {@code modality}. */
    public SensorTokenEncoder encoder(String modality) {
        SensorTokenEncoder e = encoders.get(modality);
        if (e == null) {
            throw new IllegalArgumentException("no encoder for modality '" + modality + "'; the model has "
                    + encoders.keySet());
        }
        return e;
    }

    /** Size of the shared latent space. */
    public int latentDim() {
        return latentDim;
    }

    /** Every trainable array by its checkpoint name, in a fixed order. */
    public Map<String, NDArray> parameters() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        parameters.forEach((k, p) -> out.put(k, p.getArray()));
        return out;
    }

    /** Every parameter's shape by its checkpoint name. */
    public Map<String, Shape> shapes() {
        Map<String, Shape> out = new LinkedHashMap<>();
        parameters.forEach((k, p) -> out.put(k, p.getArray().getShape()));
        return out;
    }

    /** Total number of trainable values. */
    public long parameterCount() {
        return parameters.values().stream().mapToLong(p -> p.getArray().size()).sum();
    }

    /**
     * Copies {@code saved} into this model's parameters.
     *
     * @throws IllegalArgumentException naming the parameter when one is missing, extra, or of another shape
     */
    public void load(Map<String, NDArray> saved) {
        if (!saved.keySet().equals(parameters.keySet())) {
            List<String> missing = new ArrayList<>(parameters.keySet());
            missing.removeAll(saved.keySet());
            List<String> extra = new ArrayList<>(saved.keySet());
            extra.removeAll(parameters.keySet());
            throw new IllegalArgumentException("saved parameters do not match the model: missing " + missing
                    + ", unexpected " + extra);
        }
        parameters.forEach((k, p) -> {
            NDArray s = saved.get(k);
            NDArray a = p.getArray();
            if (!s.getShape().equals(a.getShape()) || s.getDataType() != a.getDataType()) {
                throw new IllegalArgumentException("parameter '" + k + "' is " + s.getDataType() + s.getShape()
                        + " in the checkpoint but " + a.getDataType() + a.getShape() + " in the model");
            }
            a.set(s.toByteBuffer());
        });
    }

    /**
     * The pooled encoder output of one modality: (B, embedding size).
     *
     * @param inputs data (B, C, T), sensors (B, C, F), mask (B, C), in the step's manager
     */
    public NDArray encode(String modality, NDList inputs, boolean training) {
        return encoder(modality).forward(store, inputs, training).get(1);
    }

    /**
     * Both encoder outputs of one modality: tokens (B, P, Q, W) and pooled (B, embedding size), for models that
     * build on the aligned encoders (the fusion teacher and its students).
     */
    public NDList encodeTokens(String modality, NDList inputs, boolean training) {
        return encoder(modality).forward(store, inputs, training);
    }

    /** The projection head of {@code modality} applied to a pooled encoder output: (B, latent dim), unit norm. */
    public NDArray project(String modality, NDArray pooled, boolean training) {
        ProjectionHead h = heads.get(modality);
        if (h == null) {
            throw new IllegalArgumentException("no projection head for modality '" + modality + "'; the model has "
                    + heads.keySet());
        }
        return h.forward(store, new NDList(pooled), training).singletonOrThrow();
    }

    /** Whether this model has masked-patch decoders. */
    public boolean reconstructs() {
        return !decoders.isEmpty();
    }

    /**
     * One modality's masked-patch pass: predictions (B, C, P, L), targets (B, C, P, L, the encoder's normalised
     * input centred on the visible samples, no gradient) and the pooled encoder output of the masked input
     * (B, embedding size).
     */
    public record MaskedPass(NDArray predicted, NDArray target, NDArray pooled) {
    }

    /**
     * Encodes one modality with the patches of {@code hidden} (B, C, P; 1 = hidden) replaced by the decoder's mask
     * token and decodes every patch.
     *
     * @param inputs data (B, C, T), sensors (B, C, F), mask (B, C), in the step's manager
     * @throws IllegalStateException when the model was built without reconstruction
     */
    public MaskedPass reconstruct(String modality, NDList inputs, NDArray hidden, boolean training) {
        PatchDecoder d = decoders.get(modality);
        if (d == null) {
            throw new IllegalStateException(decoders.isEmpty()
                    ? "this alignment model was built without reconstruction (reconstruction_weight 0)"
                    : "no decoder for modality '" + modality + "'; the model has " + decoders.keySet());
        }
        NDArray data = inputs.get(0);
        NDArray h = hidden.toType(data.getDataType(), false);
        NDArray token = d.maskToken(store, data.getDevice(), training);
        NDList out = encoder(modality).forward(store, new NDList(data, inputs.get(1), inputs.get(2), h, token),
                training);
        NDArray predicted = d.forward(store, new NDList(out.get(0), out.get(2)), training).singletonOrThrow();
        NDArray target = SensorTokenEncoder.normalisedPatches(encoder(modality).spec(), data, inputs.get(1),
                inputs.get(2), h).stopGradient();
        return new MaskedPass(predicted, target, out.get(1));
    }

    /** The L2-normalised shared-space embedding of one modality: (B, latent dim). */
    public NDArray embed(String modality, NDList inputs, boolean training) {
        NDArray pooled = encode(modality, inputs, training);
        return heads.get(modality).forward(store, new NDList(pooled), training).singletonOrThrow();
    }

    /** The temperature's log scale, log(1/τ), as a graph array. */
    public NDArray logScale(Device device, boolean training) {
        return temperature.logScale(store, device, training);
    }

    @Override
    public void close() {
        manager.close();
    }

    private void collect(String prefix, AbstractBlock block) {
        block.getParameters().forEach(p -> parameters.put(prefix + "/" + p.getKey(), p.getValue()));
    }
}
