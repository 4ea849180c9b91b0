package org.neurofusion.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.regex.Pattern;

/**
 * Every hyper-parameter of one {@link SensorTokenEncoder}: the artifact stores this record as JSON and rebuilds the
 * encoder from it, so a spec and a parameter file together are the whole model. The same design serves every
 * modality; only the numbers differ.
 *
 * <p>The window must be a whole number of patches: a remainder is refused rather than silently dropped, because
 * the windowing should choose window and patch lengths together. {@code lagSeconds} is recorded for haemodynamic
 * modalities (fNIRS, fMRI lag the neural event by several seconds); the windowing reads it, the encoder does not.
 *
 * @param modality lower-case modality name, the batch key ({@code "eeg"}, {@code "fnirs"})
 * @param windowSamples samples per channel in one window
 * @param sampleRate samples per second (Hz) of this modality's windows
 * @param patchSamples samples per time patch; divides {@code windowSamples}
 * @param lagSeconds how far this modality's window is shifted after the neural event ({@code 0} for EEG/MEG)
 * @param width token dimension
 * @param depth transformer layers over time
 * @param heads attention heads (cross- and self-attention); divides {@code width}
 * @param queries learned latent queries per time patch
 * @param embeddingSize size of the pooled embedding
 * @param mlpRatio hidden size of every MLP as a multiple of {@code width}
 * @param fourierFrequencies spatial frequencies per axis in the position encoding
 * @param dropout dropout rate after attention and MLP outputs while training, in {@code [0, 1)}
 */
public record EncoderSpec(String modality, int windowSamples, double sampleRate, int patchSamples, double lagSeconds,
        int width, int depth, int heads, int queries, int embeddingSize, int mlpRatio, int fourierFrequencies,
        double dropout) {

    private static final Pattern MODALITY = Pattern.compile("[a-z][a-z0-9_]*");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    /** Validates every field; the message names the field, its value and the rule. */
    public EncoderSpec {
        if (modality == null || !MODALITY.matcher(modality).matches()) {
            throw new IllegalArgumentException("encoder spec: modality '" + modality
                    + "' must be a lower-case name such as eeg or fnirs");
        }
        String at = "encoder spec (" + modality + "): ";
        positive(at, "windowSamples", windowSamples);
        positive(at, "patchSamples", patchSamples);
        positive(at, "width", width);
        positive(at, "depth", depth);
        positive(at, "heads", heads);
        positive(at, "queries", queries);
        positive(at, "embeddingSize", embeddingSize);
        positive(at, "mlpRatio", mlpRatio);
        positive(at, "fourierFrequencies", fourierFrequencies);
        if (!(sampleRate > 0) || !Double.isFinite(sampleRate)) {
            throw new IllegalArgumentException(at + "sampleRate " + sampleRate + " Hz must be positive and finite");
        }
        if (windowSamples % patchSamples != 0) {
            throw new IllegalArgumentException(at + "window of " + windowSamples + " samples is not a multiple of the "
                    + patchSamples + "-sample patch (remainder " + windowSamples % patchSamples
                    + "); choose a patch length that divides the window");
        }
        if (width % heads != 0) {
            throw new IllegalArgumentException(at + heads + " heads do not divide width " + width);
        }
        if (!(lagSeconds >= 0) || !Double.isFinite(lagSeconds)) {
            throw new IllegalArgumentException(at + "lagSeconds " + lagSeconds + " must be finite and >= 0");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException(at + "dropout " + dropout + " must be in [0, 1)");
        }
    }

    /**
     * A preset for training on two CPU cores (about 0.1 M parameters): width 64, 2 layers, 4 heads, 8 queries,
     * embedding 64, MLP ratio 2, 8 Fourier frequencies, dropout 0.1, lag 0, and at most 8 patches (see
     * {@link #patchFor}).
     */
    public static EncoderSpec tiny(String modality, int samples, double rate) {
        return new EncoderSpec(modality, samples, rate, patchFor(samples, 8), 0, 64, 2, 4, 8, 64, 2, 8, 0.1);
    }

    /**
     * A preset for a GPU (about 5 M parameters): width 256, 6 layers, 8 heads, 16 queries, embedding 256, MLP ratio
     * 4, 16 Fourier frequencies, dropout 0.1, lag 0, and at most 16 patches.
     */
    public static EncoderSpec base(String modality, int samples, double rate) {
        return new EncoderSpec(modality, samples, rate, patchFor(samples, 16), 0, 256, 6, 8, 16, 256, 4, 16, 0.1);
    }

    /**
     * The smallest divisor of {@code samples} that is at least {@code samples / maxPatches}: the shortest patch
     * that keeps the patch count at or below {@code maxPatches} with no remainder (400 samples, 8 patches: 50).
     */
    public static int patchFor(int samples, int maxPatches) {
        if (samples <= 0 || maxPatches <= 0) {
            throw new IllegalArgumentException("patchFor: samples " + samples + " and maxPatches " + maxPatches
                    + " must be positive");
        }
        for (int p = (samples + maxPatches - 1) / maxPatches; p < samples; p++) {
            if (samples % p == 0) {
                return p;
            }
        }
        return samples;
    }

    /** Number of time patches per window. */
    public int patches() {
        return windowSamples / patchSamples;
    }

    /** Window duration in seconds. */
    public double windowSeconds() {
        return windowSamples / sampleRate;
    }

    /** This spec with another lag (seconds after the neural event), for haemodynamic modalities. */
    public EncoderSpec withLagSeconds(double lag) {
        return new EncoderSpec(modality, windowSamples, sampleRate, patchSamples, lag, width, depth, heads, queries,
                embeddingSize, mlpRatio, fourierFrequencies, dropout);
    }

    /**
     * This spec with another patch length.
     *
     * @throws IllegalArgumentException when it does not divide the window
     */
    public EncoderSpec withPatchSamples(int samples) {
        return new EncoderSpec(modality, windowSamples, sampleRate, samples, lagSeconds, width, depth, heads, queries,
                embeddingSize, mlpRatio, fourierFrequencies, dropout);
    }

    /** This spec with another number of latent queries. */
    public EncoderSpec withQueries(int q) {
        return new EncoderSpec(modality, windowSamples, sampleRate, patchSamples, lagSeconds, width, depth, heads, q,
                embeddingSize, mlpRatio, fourierFrequencies, dropout);
    }

    /** This spec with another dropout rate. */
    public EncoderSpec withDropout(double rate) {
        return new EncoderSpec(modality, windowSamples, sampleRate, patchSamples, lagSeconds, width, depth, heads,
                queries, embeddingSize, mlpRatio, fourierFrequencies, rate);
    }

    /** The spec as a JSON object, one field per component. */
    public String toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("encoder spec (" + modality + ") could not be written as JSON", e);
        }
    }

    /**
     * Reads a spec written by {@link #toJson}.
     *
     * @throws IllegalArgumentException naming the problem when the JSON is malformed, misses or adds a field, or
     *         holds a spec the constructor refuses
     */
    public static EncoderSpec fromJson(String json) {
        if (json == null) {
            throw new IllegalArgumentException("encoder spec JSON is null");
        }
        try {
            return JSON.readValue(json, EncoderSpec.class);
        } catch (ValueInstantiationException e) {
            // the compact constructor's message is the useful one
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException(cause.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("encoder spec JSON is invalid: " + e.getOriginalMessage(), e);
        }
    }

    private static void positive(String at, String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(at + field + " " + value + " must be positive");
        }
    }
}
