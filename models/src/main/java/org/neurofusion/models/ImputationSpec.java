package org.neurofusion.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

/**
 * Every hyper-parameter of one {@link ImputationHead}: from the token sequence of the modality a student keeps
 * (EEG) it predicts the tokens the missing modality's encoder would have given (fNIRS) and that modality's
 * shared-latent embedding. The artifact stores it as JSON and rebuilds the head from it.
 *
 * @param kept lower-case name of the modality the head reads
 * @param keptTokens tokens per window of the kept modality, N_k (its encoder's patches x queries)
 * @param keptWidth width of the kept modality's tokens, W_k
 * @param missing lower-case name of the modality the head imputes; differs from {@code kept}
 * @param missingTokens tokens per window to predict (the missing encoder's patches x queries)
 * @param missingWidth width of the predicted tokens (the missing encoder's width)
 * @param latentDim size of the imputed shared-latent embedding
 * @param width token dimension inside the head
 * @param depth layers (cross-attention, self-attention, MLP)
 * @param heads attention heads; divides {@code width}
 * @param mlpRatio hidden size of every MLP as a multiple of {@code width}
 * @param dropout dropout rate after attention and MLP outputs while training, in {@code [0, 1)}
 */
public record ImputationSpec(String kept, int keptTokens, int keptWidth, String missing, int missingTokens,
        int missingWidth, int latentDim, int width, int depth, int heads, int mlpRatio, double dropout) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    /** Validates every field; the message names the field, its value and the rule. */
    public ImputationSpec {
        name("kept", kept);
        name("missing", missing);
        String at = "imputation spec (" + kept + " -> " + missing + "): ";
        if (kept.equals(missing)) {
            throw new IllegalArgumentException(at + "kept and missing are both '" + kept
                    + "'; a head imputes another modality");
        }
        positive(at, "keptTokens", keptTokens);
        positive(at, "keptWidth", keptWidth);
        positive(at, "missingTokens", missingTokens);
        positive(at, "missingWidth", missingWidth);
        positive(at, "latentDim", latentDim);
        positive(at, "width", width);
        positive(at, "depth", depth);
        positive(at, "heads", heads);
        positive(at, "mlpRatio", mlpRatio);
        if (width % heads != 0) {
            throw new IllegalArgumentException(at + "heads " + heads + " do not divide width " + width);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException(at + "dropout " + dropout + " must be in [0, 1)");
        }
    }

    /**
     * A preset for two CPU cores between two encoders' token sequences: width 64, 2 layers, 4 heads, MLP ratio 2,
     * dropout 0.1.
     */
    public static ImputationSpec tiny(EncoderSpec kept, EncoderSpec missing, int latentDim) {
        if (kept == null || missing == null) {
            throw new IllegalArgumentException("imputation spec: tiny needs both encoder specs, got kept " + kept
                    + " and missing " + missing);
        }
        return new ImputationSpec(kept.modality(), kept.patches() * kept.queries(), kept.width(), missing.modality(),
                missing.patches() * missing.queries(), missing.width(), latentDim, 64, 2, 4, 2, 0.1);
    }

    /** This spec with another dropout rate. */
    public ImputationSpec withDropout(double rate) {
        return new ImputationSpec(kept, keptTokens, keptWidth, missing, missingTokens, missingWidth, latentDim, width,
                depth, heads, mlpRatio, rate);
    }

    /** The spec as a JSON object, one field per component. */
    public String toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("imputation spec could not be written as JSON", e);
        }
    }

    /**
     * Reads a spec written by {@link #toJson}.
     *
     * @throws IllegalArgumentException naming the problem when the JSON is malformed, misses or adds a field, or
     *         holds a spec the constructor refuses
     */
    public static ImputationSpec fromJson(String json) {
        if (json == null) {
            throw new IllegalArgumentException("imputation spec JSON is null");
        }
        try {
            return JSON.readValue(json, ImputationSpec.class);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException(cause.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("imputation spec JSON is invalid: " + e.getOriginalMessage(), e);
        }
    }

    private static void name(String field, String value) {
        if (value == null || !FusionSpec.MODALITY.matcher(value).matches()) {
            throw new IllegalArgumentException("imputation spec: " + field + " '" + value
                    + "' must be a lower-case modality name such as eeg or fnirs");
        }
    }

    private static void positive(String at, String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(at + field + " " + value + " must be positive");
        }
    }
}
