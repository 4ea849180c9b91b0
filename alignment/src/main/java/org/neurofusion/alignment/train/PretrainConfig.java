package org.neurofusion.alignment.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.neurofusion.alignment.run.SettingsJson;

/**
 * Everything that decides a pre-training run, besides its data: written into the run's {@code config.json} (with
 * the encoder specs it resolves to) and compared on {@code --resume}. Read from a JSON file where every key is
 * optional (the defaults are below) and an unknown key is refused, so a misspelt setting never goes unnoticed.
 *
 * @param modalities the modalities to encode and align, lower case ({@code eeg}, {@code fnirs}, {@code meg}, {@code fmri})
 * @param preset encoder size, {@code tiny} (2 CPU cores) or {@code base} (a GPU)
 * @param projectionDim size of the shared latent space
 * @param infoNceWeight weight of the symmetric cross-modal InfoNCE
 * @param supConWeight weight of the task-aligned supervised contrastive term (mixed-subject labelled batches)
 * @param supConTemperature its fixed temperature
 * @param batchSize windows per contrastive batch (one subject and session each)
 * @param minGapSeconds smallest onset distance between two windows of one contrastive batch
 * @param epochs most epochs
 * @param learningRate peak learning rate
 * @param warmupFraction share of all steps spent warming up
 * @param weightDecay AdamW's decoupled weight decay
 * @param clipNorm largest global gradient norm; larger gradients are scaled down to it
 * @param patience epochs without improvement of {@code stopMetric} before stopping
 * @param stopMetric the validation metric early stopping watches (higher is better)
 * @param holdoutSubjects subjects held out for validation (the last ones in sorted order)
 * @param control {@code none}, or {@code time-shuffled}: each window's second modality is taken from another
 *     window of the same session, so that nothing but chance can align them (the negative control)
 * @param reconstructionWeight weight of masked-patch reconstruction ({@code reconstruction_weight}); above 0 the
 *     model gains a patch decoder per modality and each step runs a second, masked encoder pass
 * @param maskRatio share of each channel's patches hidden for reconstruction ({@code mask_ratio}), in (0, 1]
 * @param viewDropout with a single modality, the share of each window's channels hidden from each of its two views
 *     ({@code view_dropout}, in (0, 1)); the InfoNCE term then contrasts the two views of every window
 * @param holdout the subjects that validate ({@code holdout}, comma-separated labels), overriding
 *     {@code holdoutSubjects}; empty: the last {@code holdoutSubjects} in sorted order
 * @param haemodynamicPatches time patches per window of a haemodynamic encoder (fNIRS, fMRI;
 *     {@code haemodynamic_patches}): 0 keeps the preset's (at most 8 for {@code tiny}, 16 for {@code base}); 1 makes
 *     one patch of the whole window, so that the patch embedding reads the slow response's shape at once
 */
public record PretrainConfig(List<String> modalities, String preset, int projectionDim, double infoNceWeight,
        double supConWeight, double supConTemperature, int batchSize, double minGapSeconds, int epochs,
        double learningRate, double warmupFraction, double weightDecay, double clipNorm, int patience,
        String stopMetric, int holdoutSubjects, String control, double reconstructionWeight, double maskRatio,
        double viewDropout, List<String> holdout, int haemodynamicPatches) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WHAT = "pre-training";
    private static final Set<String> PRESETS = Set.of("tiny", "base");
    private static final Set<String> CONTROLS = Set.of("none", "time-shuffled");
    private static final Set<String> METRICS = Set.of("retrieval_top1", "retrieval_top5", "neg_loss",
            "neg_median_rank", "pair_mean_top1");
    /** The default share of channels a view hides. */
    static final double VIEW_DROPOUT = 0.25;

    public PretrainConfig {
        modalities = List.copyOf(modalities);
        holdout = List.copyOf(holdout);
        if (modalities.isEmpty()) {
            throw new IllegalArgumentException("pre-training needs at least one modality");
        }
        check(viewDropout > 0 && viewDropout < 1, "view_dropout must lie in (0, 1), got " + viewDropout);
        if (modalities.size() == 1) {
            check(infoNceWeight > 0, "with one modality (" + modalities.get(0) + ") pre-training is self-supervised:"
                    + " infonce_weight must be positive (it contrasts two views of each window, view_dropout of the"
                    + " channels hidden from each), got " + infoNceWeight);
            check(control.equals("none"), "the time-shuffled control needs two modalities, got " + modalities);
        }
        for (String h : holdout) {
            check(h.matches("[A-Za-z0-9]+"), "holdout lists subject labels (alphanumeric), got '" + h + "'");
        }
        if (modalities.stream().distinct().count() != modalities.size()) {
            throw new IllegalArgumentException("modalities are listed twice: " + modalities);
        }
        check(PRESETS.contains(preset), "preset must be one of " + PRESETS + ", got '" + preset + "'");
        check(CONTROLS.contains(control), "control must be one of " + CONTROLS + ", got '" + control + "'");
        check(METRICS.contains(stopMetric), "stop_metric must be one of " + METRICS + ", got '" + stopMetric + "'");
        check(!stopMetric.equals("pair_mean_top1") || modalities.size() >= 3, "stop_metric pair_mean_top1 averages"
                + " the top-1 of every pair, which validation reports with three or more modalities; got "
                + modalities + " (use retrieval_top1)");
        check(projectionDim >= 2, "projection_dim must be at least 2, got " + projectionDim);
        check(infoNceWeight >= 0 && supConWeight >= 0 && infoNceWeight + supConWeight > 0,
                "objective weights must be >= 0 and not all 0, got infonce " + infoNceWeight + ", supcon "
                        + supConWeight);
        check(supConTemperature > 0 && Double.isFinite(supConTemperature),
                "supcon_temperature must be positive, got " + supConTemperature);
        check(batchSize >= 2, "batch_size must be at least 2, got " + batchSize);
        check(minGapSeconds >= 0 && Double.isFinite(minGapSeconds), "min_gap_s must be >= 0, got " + minGapSeconds);
        check(epochs >= 1, "epochs must be at least 1, got " + epochs);
        check(learningRate > 0 && Double.isFinite(learningRate), "learning_rate must be positive, got "
                + learningRate);
        check(warmupFraction >= 0 && warmupFraction < 1, "warmup_fraction must lie in [0, 1), got " + warmupFraction);
        check(weightDecay >= 0 && Double.isFinite(weightDecay), "weight_decay must be >= 0, got " + weightDecay);
        check(clipNorm > 0 && Double.isFinite(clipNorm), "clip_norm must be positive, got " + clipNorm);
        check(patience >= 1, "patience must be at least 1, got " + patience);
        check(reconstructionWeight >= 0 && Double.isFinite(reconstructionWeight),
                "reconstruction_weight must be >= 0, got " + reconstructionWeight);
        check(maskRatio > 0 && maskRatio <= 1, "mask_ratio must lie in (0, 1], got " + maskRatio);
        check(holdoutSubjects >= 1, "holdout_subjects must be at least 1, got " + holdoutSubjects);
        check(haemodynamicPatches >= 0, "haemodynamic_patches must be 0 (the preset's) or a patch count of at least"
                + " 1, got " + haemodynamicPatches);
    }

    /** The defaults: EEG and fNIRS, tiny encoders, as measured in docs/alignment.md. */
    public static PretrainConfig defaults() {
        return new PretrainConfig(List.of("eeg", "fnirs"), "tiny", 64, 1.0, 0.5, 0.1, 32, 5.0, 30, 1e-3, 0.1, 0.05,
                1.0, 5, "retrieval_top1", 4, "none", 0.0, 0.5, VIEW_DROPOUT, List.of(), 0);
    }

    /** This configuration with another seed-independent setting changed, by its JSON key. */
    public PretrainConfig with(String key, String value) {
        return fromJson(SettingsJson.with(allKeys(), key, value, WHAT));
    }

    /** The JSON keys, in order. */
    public static List<String> keys() {
        return SettingsJson.keys(defaults().allKeys());
    }

    /**
     * As JSON. The settings added after runs were first written ({@code view_dropout}, {@code holdout},
     * {@code haemodynamic_patches}) appear only when they differ from their defaults, so that the configuration of an
     * older run still compares equal on resume.
     */
    public ObjectNode toJson() {
        ObjectNode o = allKeys();
        if (viewDropout == VIEW_DROPOUT) {
            o.remove("view_dropout");
        }
        if (holdout.isEmpty()) {
            o.remove("holdout");
        }
        if (haemodynamicPatches == 0) {
            o.remove("haemodynamic_patches");
        }
        return o;
    }

    /** Every setting, present. */
    private ObjectNode allKeys() {
        ObjectNode o = JSON.createObjectNode();
        o.set("modalities", JSON.valueToTree(modalities));
        o.put("preset", preset);
        o.put("projection_dim", projectionDim);
        o.put("infonce_weight", infoNceWeight);
        o.put("supcon_weight", supConWeight);
        o.put("supcon_temperature", supConTemperature);
        o.put("batch_size", batchSize);
        o.put("min_gap_s", minGapSeconds);
        o.put("epochs", epochs);
        o.put("learning_rate", learningRate);
        o.put("warmup_fraction", warmupFraction);
        o.put("weight_decay", weightDecay);
        o.put("clip_norm", clipNorm);
        o.put("patience", patience);
        o.put("stop_metric", stopMetric);
        o.put("holdout_subjects", holdoutSubjects);
        o.put("control", control);
        o.put("reconstruction_weight", reconstructionWeight);
        o.put("mask_ratio", maskRatio);
        o.put("view_dropout", viewDropout);
        o.put("holdout", String.join(",", holdout));
        o.put("haemodynamic_patches", haemodynamicPatches);
        return o;
    }

    /**
     * Reads a configuration; absent keys take the defaults.
     *
     * @throws IllegalArgumentException naming the key for an unknown key, a value of the wrong type or out of range
     */
    public static PretrainConfig fromJson(String json) {
        return fromJson(SettingsJson.parse(json, WHAT));
    }

    /** As {@link #fromJson(String)}, from a parsed tree. */
    public static PretrainConfig fromJson(JsonNode given) {
        ObjectNode o = SettingsJson.merge(defaults().allKeys(), given, WHAT);
        List<String> ms = new ArrayList<>();
        o.get("modalities").forEach(n -> ms.add(n.asText().toLowerCase(Locale.ROOT)));
        return new PretrainConfig(ms, o.get("preset").asText(), o.get("projection_dim").asInt(),
                o.get("infonce_weight").asDouble(), o.get("supcon_weight").asDouble(),
                o.get("supcon_temperature").asDouble(), o.get("batch_size").asInt(), o.get("min_gap_s").asDouble(),
                o.get("epochs").asInt(), o.get("learning_rate").asDouble(), o.get("warmup_fraction").asDouble(),
                o.get("weight_decay").asDouble(), o.get("clip_norm").asDouble(), o.get("patience").asInt(),
                o.get("stop_metric").asText(), o.get("holdout_subjects").asInt(), o.get("control").asText(),
                o.get("reconstruction_weight").asDouble(), o.get("mask_ratio").asDouble(),
                o.get("view_dropout").asDouble(), holdoutList(o.get("holdout").asText()),
                o.get("haemodynamic_patches").asInt());
    }

    private static List<String> holdoutList(String text) {
        List<String> out = new ArrayList<>();
        for (String s : text.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
