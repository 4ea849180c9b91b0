package org.neurofusion.fusion.train;

/**
 * What a fusion run trains. Every stage trains for the same number of steps on batches of the same size, so the
 * controls get the student's budget.
 */
public enum Stage {
    /** The multimodal teacher: every modality's encoder and the fusion block, on the labelled windows, with modality
     * dropout. */
    TEACHER("teacher"),
    /** One modality's encoder and a fusion block over it alone, on the labelled windows: the baseline from the few
     * labels ({@code scratch}) or, with every label, the all-labels ceiling. */
    SUPERVISED("supervised"),
    /** The same single-modality model trained on the labelled windows and on the unlabelled ones against the
     * softened outputs of a trained {@link #SUPERVISED} model: what the student must beat. */
    SELF_TRAINING("self-training"),
    /** The distilled student: the kept modality's encoder, an imputation head for the missing one and a fusion block
     * like the teacher's, trained against the teacher on labelled and unlabelled paired windows. */
    STUDENT("student");

    private final String label;

    Stage(String label) {
        this.label = label;
    }

    /** The name in configuration files and metrics. */
    public String label() {
        return label;
    }
}
