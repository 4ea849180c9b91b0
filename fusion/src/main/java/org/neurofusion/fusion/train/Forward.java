package org.neurofusion.fusion.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * The forward passes every stage shares, on a batch laid out as {@link FusionData#batch} lays it out (three arrays
 * per modality, in the order of {@code batchModalities}).
 */
final class Forward {
    private Forward() {
    }

    /** Data, sensors and mask of {@code modality} in a batch of {@code batchModalities}. */
    static NDList triple(NDList batch, List<String> batchModalities, String modality) {
        int k = batchModalities.indexOf(modality);
        if (k < 0) {
            throw new IllegalArgumentException("the batch holds " + batchModalities + ", not '" + modality + "'");
        }
        return new NDList(batch.get(3 * k), batch.get(3 * k + 1), batch.get(3 * k + 2));
    }

    /** Encoder tokens (B, N, W) of every modality {@code model} encodes, in its fusion block's input order. */
    static NDList tokens(FusionModel model, NDList batch, List<String> batchModalities, boolean training) {
        return tokens(model, batch, batchModalities, training, m -> true, null);
    }

    /**
     * As {@link #tokens(FusionModel, NDList, List, boolean)}, the encoders of the modalities {@code trains} accepts
     * in {@code training} mode; the others' tokens are taken from {@code frozen} (the same list, computed before
     * the gradient recording by {@link #frozenTokens}) without gradient.
     */
    static NDList tokens(FusionModel model, NDList batch, List<String> batchModalities, boolean training,
            java.util.function.Predicate<String> trains, NDList frozen) {
        return tokens(model, batch, batchModalities, training, trains, frozen, null);
    }

    /**
     * As {@link #tokens(FusionModel, NDList, List, boolean, java.util.function.Predicate, NDList)}, and, when
     * {@code pooled} is not null, adds to it each input's pooled encoder output in the same order (a frozen one's
     * from an inference pass, without gradient).
     */
    static NDList tokens(FusionModel model, NDList batch, List<String> batchModalities, boolean training,
            java.util.function.Predicate<String> trains, NDList frozen, NDList pooled) {
        NDList out = new NDList();
        int i = 0;
        for (var in : model.fusionSpec().inputs()) {
            String m = in.modality();
            NDList inputs = triple(batch, batchModalities, m);
            if (trains.test(m) || frozen == null) {
                NDList enc = model.encode(m, inputs, training);
                out.add(enc.get(0));
                if (pooled != null) {
                    pooled.add(enc.get(1));
                }
            } else {
                out.add(frozen.get(i).stopGradient());
                if (pooled != null) {
                    pooled.add(model.encode(m, inputs, false).get(1).stopGradient());
                }
            }
            i++;
        }
        return out;
    }

    /**
     * The tokens of the modalities {@code trains} rejects, in inference mode, and null in the slots of the others:
     * run before the gradient recording starts, so that no graph is kept for encoders that do not train.
     */
    static NDList frozenTokens(FusionModel model, NDList batch, List<String> batchModalities,
            java.util.function.Predicate<String> trains) {
        NDList out = new NDList();
        for (var in : model.fusionSpec().inputs()) {
            String m = in.modality();
            out.add(trains.test(m) ? null : model.encode(m, triple(batch, batchModalities, m), false).get(0));
        }
        return out;
    }

    /** (B, M) ones: every input present. */
    static NDArray allPresent(NDManager manager, long batch, int inputs) {
        return manager.ones(new Shape(batch, inputs), DataType.FLOAT32);
    }

    /** (B, M) with 1 only at {@code input}: one modality alone (the teacher with EEG only). */
    static NDArray only(NDManager manager, long batch, int inputs, int input) {
        float[] p = new float[(int) (batch * inputs)];
        for (int b = 0; b < batch; b++) {
            p[b * inputs + input] = 1;
        }
        return manager.create(p, new Shape(batch, inputs));
    }

    /**
     * The teacher's view of a batch, without gradient: logits (its experts' log-odds included) and fused token with
     * every modality present, and the
     * missing modality's real tokens and shared-space embedding for a student.
     */
    record TeacherView(NDArray logits, NDArray fused, NDArray realTokens, NDArray realEmbedding) {
    }

    static TeacherView teacher(FusionModel teacher, NDList batch, List<String> batchModalities, String missing) {
        NDList tokens = new NDList();
        NDArray realTokens = null;
        NDArray realEmbedding = null;
        for (var in : teacher.fusionSpec().inputs()) {
            NDList enc = teacher.encode(in.modality(), triple(batch, batchModalities, in.modality()), false);
            tokens.add(enc.get(0));
            if (in.modality().equals(missing)) {
                realTokens = enc.get(0);
                realEmbedding = teacher.embed(in.modality(), enc.get(1), false);
            }
        }
        NDArray presence = allPresent(batch.head().getManager(), batch.head().getShape().get(0), tokens.size());
        NDList out = teacher.fuse(tokens, presence, false);
        return new TeacherView(teacher.withExperts(out.get(0), batch, batchModalities, presence), out.get(1),
                realTokens, realEmbedding);
    }

    /** µmol/L per mol/L: the haemodynamic imputation target is written in µmol/L. */
    static final float MICROMOLAR = 1e6f;

    /**
     * What a student's imputation head is asked to predict of the missing modality in a batch, without gradient:
     * the teacher's real shared-space embedding ({@code imputation_target=embedding}), or, with
     * {@code haemodynamic}, the {@link HaemodynamicExpert#features} (B, 2C) of the missing modality's windows in
     * µmol/L, read from the batch as every stage reads it (aligned, baseline-corrected where the configuration says).
     *
     * @param features the head's embedding size, 2C for the haemodynamic target
     * @throws FusionSetupException when the batch's missing-modality windows do not have the C channels the head was
     *     built for
     */
    static NDArray target(TeacherView tv, NDList batch, List<String> batchModalities, String missing,
            boolean haemodynamic, long features) {
        if (!haemodynamic) {
            return tv.realEmbedding();
        }
        NDList t = triple(batch, batchModalities, missing);
        long c = t.get(0).getShape().get(1);
        if (2 * c != features) {
            throw new FusionSetupException("the student imputes the haemodynamic features of " + features / 2 + " "
                    + missing + " channels; this batch's windows have " + c);
        }
        return HaemodynamicExpert.features(t.get(0), t.get(2)).mul(MICROMOLAR).stopGradient();
    }

    /** The student's outputs: logits, fused token, imputed tokens and imputed embedding. */
    record StudentView(NDArray logits, NDArray fused, NDArray imputedTokens, NDArray imputedEmbedding) {
    }

    static StudentView student(FusionModel student, NDList batch, List<String> batchModalities, String keep,
            boolean training) {
        return student(student, batch, batchModalities, keep, training, true);
    }

    /**
     * As {@link #student(FusionModel, NDList, List, String, boolean)}; with {@code encoderTrains} false the kept
     * encoder runs in inference mode and its tokens carry no gradient (a frozen encoder), while the imputation head
     * and fusion block still run in {@code training} mode.
     */
    static StudentView student(FusionModel student, NDList batch, List<String> batchModalities, String keep,
            boolean training, boolean encoderTrains) {
        NDArray kept = student.encode(keep, triple(batch, batchModalities, keep), training && encoderTrains).get(0);
        if (!encoderTrains) {
            kept = kept.stopGradient();
        }
        NDList imputed = student.impute(kept, training);
        NDList tokens = new NDList();
        for (var in : student.fusionSpec().inputs()) {
            tokens.add(in.modality().equals(keep) ? kept : imputed.get(0));
        }
        NDArray presence = allPresent(kept.getManager(), kept.getShape().get(0), tokens.size());
        NDList out = student.fuse(tokens, presence, training);
        return new StudentView(out.get(0), out.get(1), imputed.get(0), imputed.get(1));
    }
}
