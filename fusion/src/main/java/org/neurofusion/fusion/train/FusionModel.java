package org.neurofusion.fusion.train;

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
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurofusion.alignment.train.AlignmentModel;
import org.neurofusion.models.FusionBlock;
import org.neurofusion.models.FusionSpec;
import org.neurofusion.models.ImputationHead;
import org.neurofusion.models.ImputationSpec;

/**
 * The networks of a teacher, a student or an EEG-only control: the aligned encoders and projection heads of the
 * modalities it reads (an {@link AlignmentModel}, parameters {@code encoder.<m>/...}, {@code head.<m>/...},
 * {@code temperature/...}), a {@link FusionBlock} ({@code fusion/...}) and, for a student, an {@link ImputationHead}
 * ({@code imputation/...}); a teacher may add fixed {@link HaemodynamicExpert}s ({@code expert.<m>/weight},
 * {@code expert.<m>/bias}, and the network's stacking weight {@code expert.network/scale}: zero (one) until fitted,
 * saved in checkpoints, never trained, and not among {@link #headParameters()}). The names are the keys of checkpoints and optimiser state. Built from its specs alone
 * ({@link #specsJson}), the new blocks initialised from the seed after the aligned ones, so that the same seed gives
 * them the same values whatever the encoders are.
 */
public final class FusionModel implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlignmentModel aligned;
    private final FusionSpec fusionSpec;
    private final ImputationSpec imputationSpec;
    private final FusionBlock fusion;
    private final ImputationHead imputation;
    private final NDManager manager;
    private final ParameterStore store;
    private final Map<String, Parameter> own = new LinkedHashMap<>();
    /** Each expert's modality and channel count, in the order given. */
    private final Map<String, Integer> expertChannels = new LinkedHashMap<>();
    /** expert.m/weight (2C, K) and expert.m/bias (K) of each expert. */
    private final Map<String, NDArray> expertArrays = new LinkedHashMap<>();

    /**
     * Builds the model.
     *
     * @param alignedSpecs {@link AlignmentModel#specsJson()} of the encoders this model reads
     * @param imputationSpec the imputation head's spec, or null for a model without one
     */
    public FusionModel(JsonNode alignedSpecs, FusionSpec fusionSpec, ImputationSpec imputationSpec, long seed,
            Device device) {
        this(alignedSpecs, fusionSpec, imputationSpec, Map.of(), seed, device);
    }

    /**
     * Builds the model with fixed experts.
     *
     * @param experts the channel count of each modality that gets a {@link HaemodynamicExpert} (in this order),
     *     each one of the fusion block's inputs; its arrays start at zero (no contribution) until
     *     {@link #setExpert} or a checkpoint fills them
     */
    public FusionModel(JsonNode alignedSpecs, FusionSpec fusionSpec, ImputationSpec imputationSpec,
            Map<String, Integer> experts, long seed, Device device) {
        this.aligned = AlignmentModel.fromSpecsJson(alignedSpecs, seed, device);
        this.fusionSpec = fusionSpec;
        this.imputationSpec = imputationSpec;
        for (FusionSpec.Input in : fusionSpec.inputs()) {
            boolean encoded = aligned.modalities().contains(in.modality());
            boolean imputed = imputationSpec != null && imputationSpec.missing().equals(in.modality());
            if (!encoded && !imputed) {
                throw new IllegalArgumentException("the fusion block reads '" + in.modality() + "', which this model"
                        + " neither encodes " + aligned.modalities() + " nor imputes");
            }
        }
        this.manager = NDManager.newBaseManager(device);
        Engine.getInstance().setRandomSeed(Long.hashCode(seed * 31 + 7));
        this.fusion = new FusionBlock(fusionSpec);
        fusion.initialize(manager, DataType.FLOAT32, fusion.inputShapes(1));
        collect("fusion", fusion);
        if (imputationSpec != null) {
            this.imputation = new ImputationHead(imputationSpec);
            imputation.initialize(manager, DataType.FLOAT32,
                    new Shape(1, imputationSpec.keptTokens(), imputationSpec.keptWidth()));
            collect("imputation", imputation);
        } else {
            this.imputation = null;
        }
        this.store = new ParameterStore(manager, false);
        experts.forEach((m, channels) -> {
            if (fusionSpec.inputs().stream().noneMatch(in -> in.modality().equals(m)) || channels < 1) {
                manager.close();
                aligned.close();
                throw new IllegalArgumentException("an expert on '" + m + "' with " + channels + " channels: the"
                        + " fusion block must read that modality, and it needs at least one channel");
            }
            int k = fusionSpec.classes();
            expertChannels.put(m, channels);
            // zeros: no draw from the seed, so the other blocks start where they would without experts
            expertArrays.put(expertName(m, "weight"), manager.zeros(new Shape(HaemodynamicExpert.featureCount(
                    channels), k), DataType.FLOAT32));
            expertArrays.put(expertName(m, "bias"), manager.zeros(new Shape(k), DataType.FLOAT32));
        });
        if (!experts.isEmpty()) {
            expertArrays.put(NETWORK_SCALE, manager.ones(new Shape(1), DataType.FLOAT32));
        }
    }

    /** The network's stacking weight in a model with experts. */
    static final String NETWORK_SCALE = "expert.network/scale";

    private static String expertName(String modality, String part) {
        return "expert." + modality + "/" + part;
    }

    /** The channel count of each expert's modality, in order (empty for a model without experts). */
    public Map<String, Integer> experts() {
        return java.util.Collections.unmodifiableMap(expertChannels);
    }

    /**
     * Sets the expert on {@code modality} from a fit.
     *
     * @throws IllegalArgumentException when the model has no expert on it or the fit's shapes differ
     */
    public void setExpert(String modality, HaemodynamicExpert.Fit fit) {
        NDArray w = expertArrays.get(expertName(modality, "weight"));
        NDArray b = expertArrays.get(expertName(modality, "bias"));
        if (w == null) {
            throw new IllegalArgumentException("this model has no expert on '" + modality + "'; it has "
                    + expertChannels.keySet());
        }
        if (fit.weight().length != w.size() || fit.bias().length != b.size()) {
            throw new IllegalArgumentException("the expert on '" + modality + "' is " + w.getShape() + " + "
                    + b.getShape() + ", the fit has " + fit.weight().length + " + " + fit.bias().length + " values");
        }
        w.set(fit.weight());
        b.set(fit.bias());
    }

    /**
     * The stacked teacher's logits: {@code logits} (the network's) times the network's stacking weight, plus each
     * expert's log-odds on the batch's windows of its modality (its arrays already carry its stacking weight) where
     * {@code presence} (B, M, the fusion block's input order) marks that modality present; {@code logits} itself for a
     * model without experts. Nothing here carries a gradient but {@code logits}.
     */
    public NDArray withExperts(NDArray logits, NDList batch, List<String> batchModalities, NDArray presence) {
        if (expertChannels.isEmpty()) {
            return logits;
        }
        NDArray out = logits.mul(expertArrays.get(NETWORK_SCALE));
        for (String m : expertChannels.keySet()) {
            NDArray on = presence.get(new ai.djl.ndarray.index.NDIndex(":, {}", inputIndex(m)))
                    .reshape(presence.getShape().get(0), 1);
            out = out.add(expertLogits(m, batch, batchModalities).mul(on));
        }
        return out;
    }

    /** Sets the network's stacking weight (the factor of the fusion block's logits in {@link #withExperts}). */
    public void setNetworkScale(double scale) {
        NDArray a = expertArrays.get(NETWORK_SCALE);
        if (a == null) {
            throw new IllegalArgumentException("a model without experts has no stacking weights");
        }
        a.set(new float[] {(float) scale});
    }

    /** The log-odds (B, K) of the expert on {@code modality} alone. */
    public NDArray expertLogits(String modality, NDList batch, List<String> batchModalities) {
        Integer channels = expertChannels.get(modality);
        if (channels == null) {
            throw new IllegalArgumentException("this model has no expert on '" + modality + "'");
        }
        NDList t = Forward.triple(batch, batchModalities, modality);
        long c = t.get(0).getShape().get(1);
        if (c != channels) {
            throw new FusionSetupException("the expert on '" + modality + "' was fitted on windows of " + channels
                    + " channels; this batch has " + c);
        }
        NDArray f = HaemodynamicExpert.features(t.get(0), t.get(2));
        return f.matMul(expertArrays.get(expertName(modality, "weight")))
                .add(expertArrays.get(expertName(modality, "bias")));
    }

    private int inputIndex(String modality) {
        List<FusionSpec.Input> in = fusionSpec.inputs();
        for (int i = 0; i < in.size(); i++) {
            if (in.get(i).modality().equals(modality)) {
                return i;
            }
        }
        throw new IllegalStateException("the fusion block does not read '" + modality + "'");
    }

    /** Rebuilds a model from {@link #specsJson()} (then load a checkpoint). */
    public static FusionModel fromSpecsJson(JsonNode specs, long seed, Device device) {
        if (specs == null || !specs.path("aligned").isObject() || !specs.path("fusion").isObject()) {
            throw new IllegalArgumentException("fusion model specs need 'aligned' and 'fusion' objects, got " + specs);
        }
        JsonNode imp = specs.path("imputation");
        Map<String, Integer> experts = new LinkedHashMap<>();
        JsonNode ex = specs.path("experts");
        if (!ex.isMissingNode()) {
            if (!ex.isArray()) {
                throw new IllegalArgumentException("fusion model specs: 'experts' must be a list, got " + ex);
            }
            for (JsonNode e : ex) {
                if (!e.path("modality").isTextual() || !e.path("channels").canConvertToInt()
                        || !HaemodynamicExpert.FEATURES.equals(e.path("features").asText())) {
                    throw new IllegalArgumentException("fusion model specs: an expert needs 'modality', 'channels'"
                            + " and 'features' " + HaemodynamicExpert.FEATURES + ", got " + e);
                }
                experts.put(e.get("modality").asText(), e.get("channels").asInt());
            }
        }
        return new FusionModel(specs.get("aligned"), FusionSpec.fromJson(specs.get("fusion").toString()),
                imp.isObject() ? ImputationSpec.fromJson(imp.toString()) : null, experts, seed, device);
    }

    /** The specs that rebuild this model. */
    public ObjectNode specsJson() {
        ObjectNode o = JSON.createObjectNode();
        o.set("aligned", aligned.specsJson());
        o.set("fusion", tree(fusionSpec.toJson()));
        if (imputationSpec != null) {
            o.set("imputation", tree(imputationSpec.toJson()));
        }
        if (!expertChannels.isEmpty()) {
            var list = o.putArray("experts");
            expertChannels.forEach((m, c) -> list.addObject().put("modality", m).put("channels", c)
                    .put("features", HaemodynamicExpert.FEATURES));
        }
        return o;
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("a spec's JSON does not parse: " + json, e);
        }
    }

    /** The aligned encoders and heads. */
    public AlignmentModel aligned() {
        return aligned;
    }

    /** The fusion block's spec. */
    public FusionSpec fusionSpec() {
        return fusionSpec;
    }

    /** The imputation head's spec, or null. */
    public ImputationSpec imputationSpec() {
        return imputationSpec;
    }

    /** The modalities this model encodes from data, in order. */
    public List<String> encoded() {
        return aligned.modalities();
    }

    /** Every parameter by its checkpoint name: the aligned ones first, then fusion, imputation and experts. */
    public Map<String, NDArray> parameters() {
        Map<String, NDArray> out = new LinkedHashMap<>(aligned.parameters());
        own.forEach((k, p) -> out.put(k, p.getArray()));
        out.putAll(expertArrays);
        return out;
    }

    /** The fusion and imputation parameters (always trained). */
    public Map<String, NDArray> headParameters() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        own.forEach((k, p) -> out.put(k, p.getArray()));
        return out;
    }

    /** The shared-space projection heads' parameters ({@code head.<m>/...}; trained only by a teacher's SupCon term). */
    public Map<String, NDArray> projectionParameters() {
        return alignedStartingWith("head.");
    }

    /**
     * The encoders' parameters (trained when fine-tuning; projection heads are trained only by a teacher's SupCon
     * term, the temperature never).
     */
    public Map<String, NDArray> encoderParameters() {
        return alignedStartingWith("encoder.");
    }

    private Map<String, NDArray> alignedStartingWith(String prefix) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        aligned.parameters().forEach((k, a) -> {
            if (k.startsWith(prefix)) {
                out.put(k, a);
            }
        });
        return out;
    }

    /** The encoder parameters of the modalities {@code trains} accepts (their checkpoint names start so). */
    public Map<String, NDArray> encoderParameters(java.util.function.Predicate<String> trains) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        encoderParameters().forEach((k, a) -> {
            int slash = k.indexOf('/');
            if (slash > 0 && trains.test(k.substring("encoder.".length(), slash))) {
                out.put(k, a);
            }
        });
        return out;
    }

    /** Every parameter's shape by name. */
    public Map<String, Shape> shapes() {
        Map<String, Shape> out = new LinkedHashMap<>();
        parameters().forEach((k, a) -> out.put(k, a.getShape()));
        return out;
    }

    /** Total number of values. */
    public long parameterCount() {
        return parameters().values().stream().mapToLong(NDArray::size).sum();
    }

    /**
     * Copies every array of {@code saved} whose name this model has into it, and requires that each name in
     * {@code required} is among them.
     *
     * @throws IllegalArgumentException naming the parameter when one is required but missing, or has another shape
     *     or type
     */
    public void load(Map<String, NDArray> saved, List<String> requiredPrefixes) {
        Map<String, NDArray> mine = parameters();
        List<String> missing = new ArrayList<>();
        for (String k : mine.keySet()) {
            if (requiredPrefixes.stream().anyMatch(k::startsWith) && !saved.containsKey(k)) {
                missing.add(k);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("saved parameters lack " + missing.size() + " of this model's: "
                    + missing.subList(0, Math.min(5, missing.size())) + (missing.size() > 5 ? " ..." : ""));
        }
        saved.forEach((k, s) -> {
            NDArray a = mine.get(k);
            if (a == null) {
                return;
            }
            if (!s.getShape().equals(a.getShape()) || s.getDataType() != a.getDataType()) {
                throw new IllegalArgumentException("parameter '" + k + "' is " + s.getDataType() + s.getShape()
                        + " in the saved model but " + a.getDataType() + a.getShape() + " here");
            }
            a.set(s.toByteBuffer());
        });
    }

    /**
     * One modality's encoder tokens flattened to (B, P*Q, W), and its pooled output (B, E).
     *
     * @param inputs data, sensors, mask of that modality
     */
    public NDList encode(String modality, NDList inputs, boolean training) {
        NDList out = aligned.encodeTokens(modality, inputs, training);
        NDArray t = out.get(0);
        Shape s = t.getShape();
        return new NDList(t.reshape(s.get(0), s.get(1) * s.get(2), s.get(3)), out.get(1));
    }

    /** The shared-space embedding (unit norm) of a pooled encoder output. */
    public NDArray embed(String modality, NDArray pooled, boolean training) {
        return aligned.project(modality, pooled, training);
    }

    /**
     * The fusion block: tokens of each of its inputs, in its spec's order, and presence (B, M).
     *
     * @return logits (B, classes) and the fused class token (B, W)
     */
    public NDList fuse(NDList tokens, NDArray presence, boolean training) {
        NDList in = new NDList(tokens);
        in.add(presence);
        return fusion.forward(store, in, training);
    }

    /**
     * The imputation head on the kept modality's tokens.
     *
     * @return imputed tokens (B, N, W) and imputed embedding (B, latent dim)
     * @throws IllegalStateException when the model has none
     */
    public NDList impute(NDArray keptTokens, boolean training) {
        if (imputation == null) {
            throw new IllegalStateException("this model has no imputation head");
        }
        return imputation.forward(store, new NDList(keptTokens), training);
    }

    @Override
    public void close() {
        manager.close();
        aligned.close();
    }

    private void collect(String prefix, AbstractBlock block) {
        block.getParameters().forEach(p -> own.put(prefix + "/" + p.getKey(), p.getValue()));
    }
}
