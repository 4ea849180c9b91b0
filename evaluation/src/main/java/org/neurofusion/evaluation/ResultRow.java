package org.neurofusion.evaluation;

import java.util.Objects;

/**
 * One line of {@code results.csv}: the metrics of one condition on one subject's test windows in one fold
 * of one repetition.
 */
public record ResultRow(String subject, int fold, long seed, String protocol, String task, String condition,
        String modalities, int nTrainLabelled, Metrics.FoldMetrics metrics, int kShot, String pretrained) {
    /** The header of {@code results.csv}, in column order. */
    public static final String HEADER = "subject,fold,seed,protocol,task,condition,modalities,n_train_labelled,"
            + "accuracy,balanced_accuracy,kappa,f1_macro,roc_auc,k_shot,pretrained";

    /** A row of a condition that starts from no pre-trained run, under a protocol without calibration trials. */
    public ResultRow(String subject, int fold, long seed, String protocol, String task, String condition,
            String modalities, int nTrainLabelled, Metrics.FoldMetrics metrics) {
        this(subject, fold, seed, protocol, task, condition, modalities, nTrainLabelled, metrics, -1, "");
    }

    public ResultRow {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(modalities, "modalities");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(pretrained, "pretrained");
        if (kShot < -1) {
            throw new IllegalArgumentException("k_shot is -1 (not a few-shot protocol) or a count, got " + kShot);
        }
    }
}
