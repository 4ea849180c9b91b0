package org.neurofusion.fusion.experiment;

import java.util.Arrays;
import java.util.Locale;

/**
 * One column of the distillation map: the student, the EEG-only controls it must beat, the ceilings it can approach,
 * and the teacher it learns from.
 */
public enum Condition {
    /** EEG-only model trained on the few labels alone. */
    SCRATCH("scratch"),
    /** The scratch model's architecture trained on the few labels and on the unlabelled windows against the scratch
     * model's softened predictions: the gain any use of unlabelled EEG gives, with no second modality. */
    SELF_TRAINING("self-training"),
    /** The EEG-only student distilled from the multimodal teacher on labelled and unlabelled paired windows. */
    STUDENT("student"),
    /** EEG-only model given every training label: the ceiling of what the labels can teach. */
    ALL_LABELS("all-labels"),
    /** Shrinkage LDA on the simulator's true EEG-visible source features of every labelled training window: what
     * the EEG could give with perfect feature extraction. */
    IDEAL("ideal"),
    /** The multimodal teacher on EEG and fNIRS. */
    TEACHER("teacher"),
    /** The same teacher given EEG alone (fNIRS dropped as in modality dropout). */
    TEACHER_EEG_ONLY("teacher-eeg-only");

    private final String label;

    Condition(String label) {
        this.label = label;
    }

    /** The name in {@code map.csv}. */
    public String label() {
        return label;
    }

    /**
     * The condition named {@code label}.
     *
     * @throws IllegalArgumentException naming the label and the known ones
     */
    public static Condition of(String label) {
        for (Condition c : values()) {
            if (c.label.equals(label)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown condition '" + label + "'; known: "
                + Arrays.stream(values()).map(Condition::label).toList().toString().toLowerCase(Locale.ROOT));
    }
}
