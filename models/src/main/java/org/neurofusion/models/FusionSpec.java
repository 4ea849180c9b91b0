package org.neurofusion.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Every hyper-parameter of one {@link FusionBlock}, the multimodal teacher's fusion transformer (and the students'
 * head over their own tokens): which modalities' token sequences it reads, in which order, and the transformer's
 * size. The artifact stores it as JSON and rebuilds the block from it. The order of {@link #inputs} is the order of
 * the block's inputs, of the presence columns and of the parameter declarations.
 *
 * @param inputs the modalities fused, in input order; at least one, names distinct
 * @param width token dimension of the fusion transformer
 * @param depth pre-norm transformer layers
 * @param heads attention heads; divides {@code width}
 * @param mlpRatio hidden size of every MLP as a multiple of {@code width}
 * @param classes number of classes of the head (at least 2)
 * @param dropout dropout rate after attention and MLP outputs while training, in {@code [0, 1)}
 */
public record FusionSpec(List<Input> inputs, int width, int depth, int heads, int mlpRatio, int classes,
        double dropout) {

    static final Pattern MODALITY = Pattern.compile("[a-z][a-z0-9_]*");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    /**
     * One fused modality: its name (the batch key) and the shape of the token sequence it contributes per window.
     *
     * @param modality lower-case modality name ({@code "eeg"}, {@code "fnirs"})
     * @param tokens tokens per window, N_m (an encoder's patches x queries)
     * @param width width of each token, W_m (the encoder's width)
     * @param queries tokens per time step, Q_m (an encoder's queries; the sequence is time-major, N_m = P_m x Q_m):
     *     the block's direct readout averages the sequence over its P_m time steps, per query. Divides
     *     {@code tokens}; equal to it for a sequence with one time step
     */
    public record Input(String modality, int tokens, int width, int queries) {
        /** Validates every field; the message names the field, its value and the rule. */
        public Input {
            if (modality == null || !MODALITY.matcher(modality).matches()) {
                throw new IllegalArgumentException("fusion spec: input modality '" + modality
                        + "' must be a lower-case name such as eeg or fnirs");
            }
            if (tokens <= 0) {
                throw new IllegalArgumentException("fusion spec: input '" + modality + "' tokens " + tokens
                        + " must be positive");
            }
            if (width <= 0) {
                throw new IllegalArgumentException("fusion spec: input '" + modality + "' width " + width
                        + " must be positive");
            }
            if (queries <= 0 || tokens % queries != 0) {
                throw new IllegalArgumentException("fusion spec: input '" + modality + "' queries " + queries
                        + " must be positive and divide its " + tokens + " tokens");
            }
        }

        /** A sequence read as one time step ({@code queries == tokens}). */
        public Input(String modality, int tokens, int width) {
            this(modality, tokens, width, tokens);
        }

        /** Time steps of the sequence, P_m = N_m / Q_m. */
        public int steps() {
            return tokens / queries;
        }

        /** The token sequence an encoder gives: (modality, patches x queries, width). */
        public static Input of(EncoderSpec e) {
            if (e == null) {
                throw new IllegalArgumentException("fusion spec: Input.of needs an encoder spec, got null");
            }
            return new Input(e.modality(), e.patches() * e.queries(), e.width(), e.queries());
        }
    }

    /** Validates every field; the message names the field, its value and the rule. Copies {@code inputs}. */
    public FusionSpec {
        if (inputs == null || inputs.isEmpty()) {
            throw new IllegalArgumentException("fusion spec: inputs " + inputs + " must list at least one modality");
        }
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Input in = inputs.get(i);
            if (in == null) {
                throw new IllegalArgumentException("fusion spec: inputs[" + i + "] is null");
            }
            int first = seen.indexOf(in.modality());
            if (first >= 0) {
                throw new IllegalArgumentException("fusion spec: inputs[" + i + "] modality '" + in.modality()
                        + "' repeats inputs[" + first + "]; modality names must be distinct");
            }
            seen.add(in.modality());
        }
        inputs = List.copyOf(inputs);
        String at = "fusion spec " + seen + ": ";
        positive(at, "width", width);
        positive(at, "depth", depth);
        positive(at, "heads", heads);
        positive(at, "mlpRatio", mlpRatio);
        if (width % heads != 0) {
            throw new IllegalArgumentException(at + "heads " + heads + " do not divide width " + width);
        }
        if (classes < 2) {
            throw new IllegalArgumentException(at + "classes " + classes + " must be at least 2");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException(at + "dropout " + dropout + " must be in [0, 1)");
        }
    }

    /** A preset for two CPU cores: width 64, 2 layers, 4 heads, MLP ratio 2, dropout 0.1. */
    public static FusionSpec tiny(List<Input> inputs, int classes) {
        return new FusionSpec(inputs, 64, 2, 4, 2, classes, 0.1);
    }

    /** This spec with another dropout rate. */
    public FusionSpec withDropout(double rate) {
        return new FusionSpec(inputs, width, depth, heads, mlpRatio, classes, rate);
    }

    /** Number of fused modalities, M (the presence has M columns). */
    public int modalities() {
        return inputs.size();
    }

    /** Length of the fused sequence: 1 (the class token) + the sum of the inputs' token counts. */
    public int sequenceLength() {
        int n = 1;
        for (Input in : inputs) {
            n += in.tokens();
        }
        return n;
    }

    /**
     * The position of {@code modality} in {@link #inputs} (its input slot and presence column).
     *
     * @throws IllegalArgumentException naming the modality and the known ones when it is not an input
     */
    public int index(String modality) {
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).modality().equals(modality)) {
                return i;
            }
        }
        List<String> known = new ArrayList<>();
        inputs.forEach(in -> known.add(in.modality()));
        throw new IllegalArgumentException("fusion spec has no input '" + modality + "'; its inputs are " + known);
    }

    /** The spec as a JSON object, one field per component. */
    public String toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("fusion spec could not be written as JSON", e);
        }
    }

    /**
     * Reads a spec written by {@link #toJson}.
     *
     * @throws IllegalArgumentException naming the problem when the JSON is malformed, misses or adds a field (in the
     *         spec or in an input), or holds a spec the constructors refuse
     */
    public static FusionSpec fromJson(String json) {
        if (json == null) {
            throw new IllegalArgumentException("fusion spec JSON is null");
        }
        try {
            return JSON.readValue(json, FusionSpec.class);
        } catch (ValueInstantiationException e) {
            // the compact constructor's message is the useful one
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException(cause.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("fusion spec JSON is invalid: " + e.getOriginalMessage(), e);
        }
    }

    private static void positive(String at, String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(at + field + " " + value + " must be positive");
        }
    }
}
