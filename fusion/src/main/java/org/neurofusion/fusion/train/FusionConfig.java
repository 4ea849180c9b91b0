package org.neurofusion.fusion.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import org.neurofusion.alignment.run.SettingsJson;

/**
 * Everything that decides a teacher, student or control run besides its data and seed: written into the run's
 * {@code config.json} and compared on {@code --resume}. Read from JSON where every key is optional and an unknown
 * key is refused. One record serves every stage so that the controls share the student's budget by construction:
 * every stage trains for {@code steps} optimiser steps of {@code batchSize} windows.
 *
 * @param steps optimiser steps (the budget, equal for the student and every control)
 * @param evalEvery steps between two evaluations on the held-out subjects (a {@code metrics.jsonl} round and a
 *     checkpoint); the held-out figures are reported, never used to pick a model
 * @param batchSize windows per step
 * @param learningRate peak learning rate of the fusion, imputation and head parameters
 * @param encoderLearningRate peak learning rate of the encoders when {@code encoders} is {@code fine-tune}
 * @param encoders {@code frozen} (the aligned encoders as they are) or {@code fine-tune}
 * @param warmupFraction share of the steps spent warming up (then cosine decay to 1/100)
 * @param weightDecay AdamW's decoupled weight decay
 * @param clipNorm largest global gradient norm
 * @param modalityDropout the teacher's chance of dropping each modality of a training window (at least one stays)
 * @param labelledPerClass labelled windows kept per class and training subject, or -1 for all; the others become
 *     unlabelled windows (for the teacher and the EEG-only baseline they are simply absent)
 * @param labelledFraction share of a student or self-training batch drawn from the labelled windows
 * @param temperature softening temperature of the teacher's (or pseudo-labeller's) outputs
 * @param ceWeight weight of the cross-entropy on labelled windows
 * @param klWeight weight of the KL divergence to the softened teacher (or pseudo-labels)
 * @param cosineWeight weight of 1 - cos between imputed and real missing-modality embeddings
 * @param infoNceWeight weight of InfoNCE between imputed and real missing-modality embeddings
 * @param tokensWeight weight of the mean squared error between imputed and real missing-modality tokens
 * @param fusedWeight weight of the mean squared error between the student's and the teacher's fused class token
 * @param studentFusionInit {@code teacher} (the student's fusion block starts as the teacher's) or {@code fresh}
 * @param teacherSubsets {@code dropout}: the teacher sees each window with its modalities dropped at random
 *     ({@code modality_dropout}); {@code subsets}: every step averages the cross-entropy over every modality alone
 *     and all of them together, so that each modality's path learns on its own in every batch
 * @param encoderInit {@code aligned} (the pre-training run's encoders and heads) or {@code random} (initialised from
 *     the seed, the same architecture: the control that says what the alignment itself contributes)
 * @param teacherFrozen modalities whose encoders the teacher never trains, even when {@code encoders} is
 *     {@code fine-tune} (comma-separated, {@code ""} for none): a teacher whose EEG encoder stays as it started
 *     cannot memorise its training windows through the EEG before its fNIRS path has learnt anything. Only the
 *     teacher reads it, so a configuration shared by every stage leaves the EEG-only controls' encoders training
 * @param eegAlignment {@code none}, or the reference windows of a per-subject Euclidean alignment of the EEG
 *     ({@link SubjectAlignment}): {@code rest} (each subject's resting-state windows) or {@code all} (every window of
 *     the subject, labels unread); every stage and every evaluation then reads aligned EEG
 * @param teacherExpert modalities whose windows also reach the teacher through a {@link HaemodynamicExpert}
 *     (comma-separated, {@code ""} for none): a shrinkage LDA on two within-window differences per channel, fitted
 *     in closed form on the teacher's labelled training windows and never trained, weighted against the network by
 *     {@link Stacking} on out-of-fold outputs of two folds of training subjects. Only the teacher reads it
 * @param teacherLabelSmoothing the teacher's label smoothing ε in [0, 1): its cross-entropy targets are
 *     (1 − ε)·one-hot + ε/K, which bounds the confidence its network reaches on its training windows. Only the
 *     teacher reads it
 * @param fnirsAlignment {@code none}, or the reference windows of a per-subject Euclidean alignment of the fNIRS
 *     ({@link SubjectAlignment}, as {@code eeg_alignment}): every stage that reads fNIRS, and the teacher a student
 *     reads, then reads aligned fNIRS
 * @param fnirsBaseline the share of each fNIRS window's first samples whose per-channel mean every stage that
 *     reads fNIRS subtracts from the window (0, the default: none); the change from the window's start, as the
 *     teacher's expert reads it, instead of the absolute level, which drifts from subject to subject
 * @param teacherSupconWeight weight of a supervised contrastive term (Khosla et al. 2020, {@link
 *     org.neurofusion.alignment.SupConLoss}, temperature {@link #SUPCON_TEMPERATURE}) on the teacher's shared-space
 *     embeddings of every modality of its labelled windows, with the projection heads trained too: windows of one
 *     class are pulled together whichever modality they come from, so that the shared space the student's
 *     imputation targets carries the task. 0 (the default) leaves the heads as they started. Only the teacher
 *     reads it
 * @param imputationTarget what a student's imputation head predicts of the missing modality, and what its cosine
 *     and InfoNCE terms and its held-out imputation figures compare against: {@code embedding} (the default: the
 *     teacher's shared-space embedding of the window) or {@code haemodynamic} (the missing fNIRS window's
 *     haemodynamic features as the teacher's expert reads them, {@link HaemodynamicExpert#features}, in µmol/L:
 *     a fixed function of the window that, on subject-aligned fNIRS, carries the class to new subjects where the
 *     embedding does not; docs/fusion.md). Only the student reads it
 */
public record FusionConfig(int steps, int evalEvery, int batchSize, double learningRate, double encoderLearningRate,
        String encoders, double warmupFraction, double weightDecay, double clipNorm, double modalityDropout,
        int labelledPerClass, double labelledFraction, double temperature, double ceWeight, double klWeight,
        double cosineWeight, double infoNceWeight, double tokensWeight, double fusedWeight,
        String studentFusionInit, String teacherSubsets, String encoderInit, String teacherFrozen,
        String eegAlignment, String teacherExpert, double teacherLabelSmoothing, double teacherSupconWeight,
        String fnirsAlignment, double fnirsBaseline, String imputationTarget) {
    /** The fixed temperature of the teacher's supervised contrastive term. */
    public static final double SUPCON_TEMPERATURE = 0.1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WHAT = "fusion";
    private static final Set<String> ENCODERS = Set.of("frozen", "fine-tune");
    private static final Set<String> INITS = Set.of("teacher", "fresh");
    private static final Set<String> ENCODER_INITS = Set.of("aligned", "random");
    private static final Set<String> SUBSETS = Set.of("dropout", "subsets");
    /** The values of {@code imputation_target}. */
    public static final Set<String> IMPUTATION_TARGETS = Set.of("embedding", "haemodynamic");
    private static final java.util.regex.Pattern FROZEN =
            java.util.regex.Pattern.compile("|[a-z][a-z0-9_]*(,[a-z][a-z0-9_]*)*");

    public FusionConfig {
        check(steps >= 1, "steps must be at least 1, got " + steps);
        check(evalEvery >= 1, "eval_every must be at least 1, got " + evalEvery);
        check(batchSize >= 2, "batch_size must be at least 2, got " + batchSize);
        check(learningRate > 0 && Double.isFinite(learningRate), "learning_rate must be positive, got "
                + learningRate);
        check(encoderLearningRate > 0 && Double.isFinite(encoderLearningRate),
                "encoder_learning_rate must be positive, got " + encoderLearningRate);
        check(ENCODERS.contains(encoders), "encoders must be one of " + ENCODERS + ", got '" + encoders + "'");
        check(warmupFraction >= 0 && warmupFraction < 1, "warmup_fraction must lie in [0, 1), got " + warmupFraction);
        check(weightDecay >= 0 && Double.isFinite(weightDecay), "weight_decay must be >= 0, got " + weightDecay);
        check(clipNorm > 0 && Double.isFinite(clipNorm), "clip_norm must be positive, got " + clipNorm);
        check(modalityDropout >= 0 && modalityDropout < 1, "modality_dropout must lie in [0, 1), got "
                + modalityDropout);
        check(labelledPerClass == -1 || labelledPerClass >= 1, "labelled_per_class must be -1 (all) or at least 1,"
                + " got " + labelledPerClass);
        check(labelledFraction > 0 && labelledFraction <= 1, "labelled_fraction must lie in (0, 1], got "
                + labelledFraction);
        check(temperature > 0 && Double.isFinite(temperature), "temperature must be positive, got " + temperature);
        for (double w : new double[] {ceWeight, klWeight, cosineWeight, infoNceWeight, tokensWeight, fusedWeight}) {
            check(w >= 0 && Double.isFinite(w), "loss weights must be finite and >= 0, got " + w);
        }
        check(ceWeight + klWeight + cosineWeight + infoNceWeight + tokensWeight + fusedWeight > 0,
                "at least one loss weight must be positive");
        check(INITS.contains(studentFusionInit), "student_fusion_init must be one of " + INITS + ", got '"
                + studentFusionInit + "'");
        check(SUBSETS.contains(teacherSubsets), "teacher_subsets must be one of " + SUBSETS + ", got '"
                + teacherSubsets + "'");
        check(ENCODER_INITS.contains(encoderInit), "encoder_init must be one of " + ENCODER_INITS + ", got '"
                + encoderInit + "'");
        check(teacherFrozen != null && FROZEN.matcher(teacherFrozen).matches(), "teacher_frozen must be"
                + " empty or lower-case modality names separated by commas, such as eeg or eeg,fnirs, got '"
                + teacherFrozen + "'");
        check(eegAlignment != null && (eegAlignment.equals("none")
                || SubjectAlignment.REFERENCES.contains(eegAlignment)), "eeg_alignment must be one of [all, none,"
                + " rest], got '" + eegAlignment + "'");
        check(teacherExpert != null && FROZEN.matcher(teacherExpert).matches(), "teacher_expert must be"
                + " empty or lower-case modality names separated by commas, such as fnirs, got '" + teacherExpert
                + "'");
        check(teacherLabelSmoothing >= 0 && teacherLabelSmoothing < 1, "teacher_label_smoothing must lie in [0, 1),"
                + " got " + teacherLabelSmoothing);
        check(fnirsAlignment != null && (fnirsAlignment.equals("none")
                || SubjectAlignment.REFERENCES.contains(fnirsAlignment)), "fnirs_alignment must be one of [all, none,"
                + " rest], got '" + fnirsAlignment + "'");
        check(fnirsBaseline >= 0 && fnirsBaseline < 1, "fnirs_baseline must lie in [0, 1), got " + fnirsBaseline);
        check(teacherSupconWeight >= 0 && Double.isFinite(teacherSupconWeight), "teacher_supcon_weight must be"
                + " finite and >= 0, got " + teacherSupconWeight);
        check(IMPUTATION_TARGETS.contains(imputationTarget), "imputation_target must be one of [embedding,"
                + " haemodynamic], got '" + imputationTarget + "'");
    }

    /** Whether a student imputes the missing fNIRS window's haemodynamic features instead of its embedding. */
    public boolean imputesHaemodynamics() {
        return imputationTarget.equals("haemodynamic");
    }

    /** The modalities of {@code teacher_expert}, in the order given. */
    public List<String> teacherExpertList() {
        return teacherExpert.isEmpty() ? List.of() : List.of(teacherExpert.split(","));
    }

    /** The modalities of {@code teacher_frozen}, in the order given. */
    public List<String> teacherFrozenList() {
        return teacherFrozen.isEmpty() ? List.of() : List.of(teacherFrozen.split(","));
    }

    /**
     * Whether a {@code stage} run trains the encoder of {@code modality}: when fine-tuning, unless the stage is the
     * teacher's and the modality among {@code teacher_frozen}.
     */
    public boolean trains(Stage stage, String modality) {
        return fineTunes() && !(stage == Stage.TEACHER && teacherFrozenList().contains(modality));
    }

    /** The defaults, as measured in docs/fusion.md. */
    public static FusionConfig defaults() {
        return new FusionConfig(400, 50, 32, 1e-3, 1e-4, "fine-tune", 0.1, 0.05, 1.0, 0.3, -1, 0.5, 2.0, 1.0, 1.0,
                1.0, 0.5, 0.5, 0.5, "teacher", "dropout", "aligned", "", "none", "", 0, 0, "none", 0, "embedding");
    }

    /** Whether the encoders train. */
    public boolean fineTunes() {
        return encoders.equals("fine-tune");
    }

    /** This configuration with one setting changed, by its JSON key. */
    public FusionConfig with(String key, String value) {
        return fromJson(SettingsJson.with(allKeys(), key, value, WHAT));
    }

    /** The JSON keys, in order. */
    public static List<String> keys() {
        return SettingsJson.keys(defaults().allKeys());
    }

    /**
     * As JSON. The settings added after runs and map blocks were first recorded ({@link #LATE_KEYS}) appear only
     * when they differ from their defaults, so that an older run's configuration still compares equal on resume and
     * an older block record still matches its plan.
     */
    public ObjectNode toJson() {
        ObjectNode o = allKeys();
        ObjectNode d = defaults().allKeys();
        for (String k : LATE_KEYS) {
            if (o.get(k).equals(d.get(k))) {
                o.remove(k);
            }
        }
        return o;
    }

    /** The settings added after runs and map blocks were first recorded. */
    static final List<String> LATE_KEYS = List.of("teacher_expert", "teacher_label_smoothing",
            "teacher_supcon_weight", "fnirs_alignment", "fnirs_baseline", "imputation_target");

    /** Every setting, present (the late ones too). */
    ObjectNode allKeys() {
        ObjectNode o = JSON.createObjectNode();
        o.put("steps", steps);
        o.put("eval_every", evalEvery);
        o.put("batch_size", batchSize);
        o.put("learning_rate", learningRate);
        o.put("encoder_learning_rate", encoderLearningRate);
        o.put("encoders", encoders);
        o.put("warmup_fraction", warmupFraction);
        o.put("weight_decay", weightDecay);
        o.put("clip_norm", clipNorm);
        o.put("modality_dropout", modalityDropout);
        o.put("labelled_per_class", labelledPerClass);
        o.put("labelled_fraction", labelledFraction);
        o.put("temperature", temperature);
        o.put("ce_weight", ceWeight);
        o.put("kl_weight", klWeight);
        o.put("cosine_weight", cosineWeight);
        o.put("infonce_weight", infoNceWeight);
        o.put("tokens_weight", tokensWeight);
        o.put("fused_weight", fusedWeight);
        o.put("student_fusion_init", studentFusionInit);
        o.put("teacher_subsets", teacherSubsets);
        o.put("encoder_init", encoderInit);
        o.put("teacher_frozen", teacherFrozen);
        o.put("eeg_alignment", eegAlignment);
        o.put("teacher_expert", teacherExpert);
        o.put("teacher_label_smoothing", teacherLabelSmoothing);
        o.put("teacher_supcon_weight", teacherSupconWeight);
        o.put("fnirs_alignment", fnirsAlignment);
        o.put("fnirs_baseline", fnirsBaseline);
        o.put("imputation_target", imputationTarget);
        return o;
    }

    /** Reads a configuration from JSON text; absent keys take the defaults. */
    public static FusionConfig fromJson(String json) {
        return fromJson(SettingsJson.parse(json, WHAT));
    }

    /**
     * Reads a configuration; absent keys take the defaults.
     *
     * @throws IllegalArgumentException naming the key for an unknown key, a value of the wrong type or out of range
     */
    public static FusionConfig fromJson(JsonNode given) {
        ObjectNode o = SettingsJson.merge(defaults().allKeys(), given, WHAT);
        return new FusionConfig(o.get("steps").asInt(), o.get("eval_every").asInt(), o.get("batch_size").asInt(),
                o.get("learning_rate").asDouble(), o.get("encoder_learning_rate").asDouble(),
                o.get("encoders").asText(), o.get("warmup_fraction").asDouble(), o.get("weight_decay").asDouble(),
                o.get("clip_norm").asDouble(), o.get("modality_dropout").asDouble(),
                o.get("labelled_per_class").asInt(), o.get("labelled_fraction").asDouble(),
                o.get("temperature").asDouble(), o.get("ce_weight").asDouble(), o.get("kl_weight").asDouble(),
                o.get("cosine_weight").asDouble(), o.get("infonce_weight").asDouble(),
                o.get("tokens_weight").asDouble(), o.get("fused_weight").asDouble(),
                o.get("student_fusion_init").asText(), o.get("teacher_subsets").asText(),
                o.get("encoder_init").asText(), o.get("teacher_frozen").asText(),
                o.get("eeg_alignment").asText(), o.get("teacher_expert").asText(),
                o.get("teacher_label_smoothing").asDouble(), o.get("teacher_supcon_weight").asDouble(),
                o.get("fnirs_alignment").asText(), o.get("fnirs_baseline").asDouble(),
                o.get("imputation_target").asText());
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
