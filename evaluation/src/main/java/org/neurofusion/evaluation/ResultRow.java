package org.neurofusion.evaluation;

import java.util.Objects;

/**
 * One line of {@code results.csv}: the metrics of one condition on one subject's test windows in one fold
 * of one repetition.
 */
public record ResultRow(String subject, int fold, long seed, String protocol, String task, String condition,
        String modalities, int nTrainLabelled, Metrics.FoldMetrics metrics) {
    /** The header of {@code results.csv}, in column order. */
    public static final String HEADER = "subject,fold,seed,protocol,task,condition,modalities,n_train_labelled,"
            + "accuracy,balanced_accuracy,kappa,f1_macro,roc_auc";

    public ResultRow {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(modalities, "modalities");
        Objects.requireNonNull(metrics, "metrics");
    }
}
