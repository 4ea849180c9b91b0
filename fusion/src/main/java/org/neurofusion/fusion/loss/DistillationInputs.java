package org.neurofusion.fusion.loss;

import ai.djl.ndarray.NDArray;

/**
 * One batch's inputs to the {@link DistillationObjective}. The student sees EEG alone; the teacher saw every
 * modality the window has. Any input may be null when the weight of every term that reads it is 0; the
 * objective names the term when a weighted one lacks its input. The shapes of the inputs that are given are
 * checked here, against each other and against one batch size B.
 *
 * @param studentLogits (B, K) the student's class scores (ce, kl)
 * @param teacherLogits (B, K) the teacher's (kl); it exists for every row, because a teacher trained with
 *     modality dropout runs on EEG alone
 * @param labels (B) int32, −1 unlabelled (ce)
 * @param imputedEmbedding (B, D) the student's imputed embedding of the missing modality (cosine, info_nce)
 * @param realEmbedding (B, D) the teacher's embedding of it where the window has it (cosine, info_nce)
 * @param imputedTokens (B, N, W) the student's imputed latent tokens (tokens)
 * @param realTokens (B, N, W) the teacher's latent tokens of the real modality (tokens)
 * @param studentFused (B, W) the student's fused class token (fused)
 * @param teacherFused (B, W) the teacher's (fused)
 * @param paired (B) float, 1 where the window has the real missing modality, 0 otherwise (cosine, info_nce,
 *     tokens, fused); values on unpaired rows of the real-side inputs are never read into the loss
 */
public record DistillationInputs(NDArray studentLogits, NDArray teacherLogits, NDArray labels,
        NDArray imputedEmbedding, NDArray realEmbedding, NDArray imputedTokens, NDArray realTokens,
        NDArray studentFused, NDArray teacherFused, NDArray paired) {
    public DistillationInputs {
        sameShape("studentLogits", studentLogits, "teacherLogits", teacherLogits);
        sameShape("imputedEmbedding", imputedEmbedding, "realEmbedding", realEmbedding);
        sameShape("imputedTokens", imputedTokens, "realTokens", realTokens);
        sameShape("studentFused", studentFused, "teacherFused", teacherFused);
        String[] names = {"studentLogits", "teacherLogits", "labels", "imputedEmbedding", "realEmbedding",
            "imputedTokens", "realTokens", "studentFused", "teacherFused", "paired"};
        NDArray[] arrays = {studentLogits, teacherLogits, labels, imputedEmbedding, realEmbedding, imputedTokens,
            realTokens, studentFused, teacherFused, paired};
        String first = null;
        long rows = -1;
        for (int i = 0; i < arrays.length; i++) {
            if (arrays[i] == null) {
                continue;
            }
            if (arrays[i].getShape().dimension() == 0) {
                throw new IllegalArgumentException("distillation inputs: " + names[i] + " has no batch axis, shape "
                        + arrays[i].getShape());
            }
            long b = arrays[i].getShape().get(0);
            if (first == null) {
                first = names[i];
                rows = b;
            } else if (b != rows) {
                throw new IllegalArgumentException("distillation inputs: " + names[i] + " has " + b + " rows, "
                        + first + " has " + rows);
            }
        }
        if (first == null) {
            throw new IllegalArgumentException("distillation inputs: every input is missing");
        }
    }

    private static void sameShape(String xName, NDArray x, String yName, NDArray y) {
        if (x != null && y != null && !x.getShape().equals(y.getShape())) {
            throw new IllegalArgumentException("distillation inputs: " + xName + " " + x.getShape() + " and "
                    + yName + " " + y.getShape() + " must have one shape");
        }
    }
}
