package org.neurofusion.fusion.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.neurofusion.alignment.GradientClipping;
import org.neurofusion.alignment.LossGuard;
import org.neurofusion.alignment.ObjectiveResult;
import org.neurofusion.alignment.train.AdamW;
import org.neurofusion.fusion.loss.DistillationInputs;
import org.neurofusion.fusion.loss.DistillationObjective;
import org.neurofusion.fusion.loss.DistillationWeights;

/**
 * One optimisation step of a fusion stage, the step {@link FusionTrainer} runs and {@code bench train} times: the
 * parts that do not train (frozen encoders, the teacher, the pseudo-labeller) run before the gradient recording
 * starts, then the trained parts, the stage's objective, backward, clipping by global norm over every trained
 * parameter, and AdamW updates (the encoders at their own learning rate). The caller gives the batch in a manager of
 * its own, closed after the step, and seeds the engine's random stream (dropout) before calling.
 *
 * <p>A non-finite loss or gradient norm throws {@link org.neurofusion.alignment.NonFiniteLossException} naming the
 * step and the term before any weight changes.
 */
public final class FusionStep {
    /** What one step did: the loss, its terms, the gradient norm before clipping. */
    public record Result(double loss, Map<String, Double> terms, double gradientNorm) {
    }

    private final Stage stage;
    private final FusionModel model;
    private final FusionModel teacher;
    private final FusionModel labeller;
    private final String keep;
    private final String missing;
    private final FusionConfig config;
    private final long seed;
    private final AdamW headOpt;
    private final AdamW encOpt;
    private final DistillationObjective objective;
    private final java.util.Set<String> tuned;

    /**
     * A step.
     *
     * @param teacher the teacher ({@link Stage#STUDENT}), else null
     * @param labeller the pseudo-labeller ({@link Stage#SELF_TRAINING}), else null
     * @param keep the kept modality of a single-modality stage (ignored by the teacher)
     * @param headOpt the optimiser of {@link FusionModel#headParameters()}
     * @param encOpt the optimiser of the encoder parameters that train ({@link FusionModel#encoderParameters}
     *     of the modalities {@link FusionConfig#trains} accepts for the stage), or null when no encoder trains
     */
    public FusionStep(Stage stage, FusionModel model, FusionModel teacher, FusionModel labeller, String keep,
            FusionConfig config, long seed, AdamW headOpt, AdamW encOpt) {
        if (stage == Stage.STUDENT && teacher == null || stage == Stage.SELF_TRAINING && labeller == null) {
            throw new IllegalArgumentException("a " + stage.label() + " step needs its "
                    + (stage == Stage.STUDENT ? "teacher" : "pseudo-labeller"));
        }
        this.stage = stage;
        this.model = model;
        this.teacher = teacher;
        this.labeller = labeller;
        this.keep = keep;
        this.missing = stage == Stage.STUDENT ? missingOf(model, keep) : null;
        this.config = config;
        this.seed = seed;
        this.headOpt = headOpt;
        this.encOpt = encOpt;
        this.objective = objective(stage, config);
        // decided once: the modalities whose encoders this step trains
        java.util.Set<String> t = new java.util.HashSet<>();
        if (encOpt != null) {
            model.encoded().stream().filter(m -> config.trains(stage, m)).forEach(t::add);
        }
        this.tuned = java.util.Set.copyOf(t);
    }

    /**
     * The parameters a {@code stage} run's head optimiser updates: {@link FusionModel#headParameters()}, and for a
     * teacher with a SupCon term ({@link FusionConfig#teacherSupconWeight()}) also the projection heads.
     */
    public static Map<String, NDArray> trainedHeads(FusionModel model, Stage stage, FusionConfig config) {
        Map<String, NDArray> out = new LinkedHashMap<>(model.headParameters());
        if (supcon(stage, config)) {
            out.putAll(model.projectionParameters());
        }
        return out;
    }

    private static boolean supcon(Stage stage, FusionConfig config) {
        return stage == Stage.TEACHER && config.teacherSupconWeight() > 0;
    }

    /** The one input of the student's fusion block it does not read (it imputes it). */
    static String missingOf(FusionModel student, String keep) {
        for (var in : student.fusionSpec().inputs()) {
            if (!in.modality().equals(keep)) {
                return in.modality();
            }
        }
        throw new IllegalArgumentException("the student's fusion block reads only '" + keep + "'");
    }

    /** The stage's objective: cross-entropy alone for the teacher and the supervised control; CE + KL for
     * self-training; every term for the student. */
    static DistillationObjective objective(Stage stage, FusionConfig c) {
        DistillationWeights w = switch (stage) {
            case TEACHER, SUPERVISED -> new DistillationWeights(1, 0, 0, 0, 0, 0);
            case SELF_TRAINING -> new DistillationWeights(c.ceWeight(), c.klWeight(), 0, 0, 0, 0);
            case STUDENT -> new DistillationWeights(c.ceWeight(), c.klWeight(), c.cosineWeight(), c.infoNceWeight(),
                    c.tokensWeight(), c.fusedWeight());
        };
        return DistillationObjective.builder().setWeights(w).optTemperature(c.temperature())
                .optLabelSmoothing(stage == Stage.TEACHER ? c.teacherLabelSmoothing() : 0).build();
    }

    /**
     * Trains on one batch.
     *
     * @param data three arrays per modality of {@code batchModalities}, in that order
     * @param labels (B) int labels, −1 unlabelled
     * @param stepNo this update's number (from 1): seeds the modality dropout, names the step in errors
     * @param lr the learning rate of the fusion and imputation parameters
     * @param encScale the encoders' learning rate as a multiple of {@code lr}
     */
    public Result train(NDList data, NDArray labels, List<String> batchModalities, long stepNo, double lr,
            double encScale) {
        java.util.function.Predicate<String> trains = tuned::contains;
        Map<String, NDArray> trained = trainedHeads(model, stage, config);
        trained.putAll(model.encoderParameters(trains));
        GradientClipping.zeroGradients(trained);
        NDManager sm = data.head().getManager();
        long bsz = data.head().getShape().get(0);
        int inputs = model.fusionSpec().inputs().size();
        // the parts that do not train run before the gradient recording starts: no graph is kept for them
        NDList frozenTokens = stage == Stage.STUDENT ? null : Forward.frozenTokens(model, data, batchModalities,
                trains);
        Forward.TeacherView tv = stage == Stage.STUDENT ? Forward.teacher(teacher, data, batchModalities, missing)
                : null;
        NDArray target = tv == null ? null : Forward.target(tv, data, batchModalities, missing,
                config.imputesHaemodynamics(), model.imputationSpec().latentDim());
        NDArray pseudo = null;
        if (stage == Stage.SELF_TRAINING) {
            NDList t = Forward.tokens(labeller, data, batchModalities, false);
            pseudo = labeller.fuse(t, Forward.allPresent(sm, bsz, 1), false).get(0);
        }
        NDArray presence = stage == Stage.TEACHER
                ? sm.create(presence(seed, stepNo, (int) bsz, inputs, config.modalityDropout()),
                        new Shape(bsz, inputs))
                : Forward.allPresent(sm, bsz, inputs);
        int at = (int) Math.min(Integer.MAX_VALUE, stepNo);
        ObjectiveResult r;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            DistillationInputs in = null;
            ObjectiveResult subsetLoss = null;
            if (stage == Stage.STUDENT) {
                Forward.StudentView sv = Forward.student(model, data, batchModalities, keep, true, trains.test(keep));
                in = new DistillationInputs(sv.logits(), tv.logits(), labels, sv.imputedEmbedding(),
                        target, sv.imputedTokens(), tv.realTokens(), sv.fused(), tv.fused(),
                        Forward.allPresent(sm, bsz, 1).reshape(bsz));
            } else {
                NDList pooled = supcon(stage, config) ? new NDList() : null;
                NDList tokens = Forward.tokens(model, data, batchModalities, true, trains, frozenTokens, pooled);
                if (stage == Stage.TEACHER && config.teacherSubsets().equals("subsets") && inputs > 1) {
                    subsetLoss = subsets(tokens, labels, sm, bsz, inputs);
                } else {
                    NDArray logits = model.fuse(tokens, presence, true).get(0);
                    in = new DistillationInputs(logits, pseudo, labels, null, null, null, null, null, null, null);
                }
                if (pooled != null) {
                    ObjectiveResult base = subsetLoss != null ? subsetLoss : objective.evaluate(in);
                    subsetLoss = withSupcon(base, pooled, labels, sm);
                }
            }
            r = subsetLoss != null ? subsetLoss : objective.evaluate(in);
            LossGuard.check(r, at);
            gc.backward(r.loss());
        }
        return finish(trained, trains, r, at, lr, encScale);
    }

    /**
     * {@code base} plus {@link FusionConfig#teacherSupconWeight()} times the supervised contrastive loss over the
     * shared-space embeddings of every input modality (the window's rows present in each; labels −1 take part as
     * negatives only), logged as the term {@code supcon}.
     */
    private ObjectiveResult withSupcon(ObjectiveResult base, NDList pooled, NDArray labels, NDManager sm) {
        Map<String, org.neurofusion.alignment.MaskedEmbeddings> views = new LinkedHashMap<>();
        int i = 0;
        for (var in : model.fusionSpec().inputs()) {
            views.put(in.modality(), org.neurofusion.alignment.MaskedEmbeddings.allPresent(
                    model.embed(in.modality(), pooled.get(i++), true)));
        }
        NDArray sc = SUPCON.evaluate(views, labels);
        double value = sc.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
        double w = config.teacherSupconWeight();
        NDArray loss = base.loss().add(sc.mul(org.neurofusion.alignment.GraphConstants.scalar(sm, w,
                sc.getDataType())));
        Map<String, Double> terms = new LinkedHashMap<>(base.terms());
        terms.put("supcon", value);
        return new ObjectiveResult(loss, terms, base.total() + w * value, base.pairs());
    }

    private static final org.neurofusion.alignment.SupConLoss SUPCON = org.neurofusion.alignment.SupConLoss.builder()
            .optTemperature(FusionConfig.SUPCON_TEMPERATURE).build();

    /** Cross-entropy averaged over every modality alone and all together (the teacher's {@code subsets} mode). */
    private ObjectiveResult subsets(NDList tokens, NDArray labels, NDManager sm, long bsz, int inputs) {
        NDArray loss = null;
        double total = 0;
        for (int k = -1; k < inputs; k++) {
            NDArray p = k < 0 ? Forward.allPresent(sm, bsz, inputs) : Forward.only(sm, bsz, inputs, k);
            ObjectiveResult one = objective.evaluate(new DistillationInputs(model.fuse(tokens, p, true).get(0), null,
                    labels, null, null, null, null, null, null, null));
            loss = loss == null ? one.loss() : loss.add(one.loss());
            total += one.total();
        }
        NDArray mean = loss.div(sm.create((float) (inputs + 1)));
        return new ObjectiveResult(mean, Map.of("ce", total / (inputs + 1)), total / (inputs + 1), List.of());
    }

    private Result finish(Map<String, NDArray> trained, java.util.function.Predicate<String> trains,
            ObjectiveResult r, int at, double lr, double encScale) {
        double norm = GradientClipping.clipOrStop(trained, (float) config.clipNorm(), at);
        headOpt.update(trainedHeads(model, stage, config), lr, List.of());
        if (encOpt != null) {
            encOpt.update(model.encoderParameters(trains), lr * encScale, List.of());
        }
        return new Result(r.total(), r.terms(), norm);
    }


    /**
     * The teacher's presence mask (B × M, row-major) at step {@code step}: each modality of each window dropped at
     * {@code rate} from a stream of the seed and step; a window that would lose every modality keeps one drawn at
     * random.
     */
    static float[] presence(long seed, long step, int batch, int inputs, double rate) {
        SplittableRandom rnd = new SplittableRandom(seed * 0xBF58476D1CE4E5B9L + step);
        float[] p = new float[batch * inputs];
        for (int w = 0; w < batch; w++) {
            int kept = 0;
            for (int m = 0; m < inputs; m++) {
                boolean keepIt = rnd.nextDouble() >= rate;
                p[w * inputs + m] = keepIt ? 1 : 0;
                kept += keepIt ? 1 : 0;
            }
            if (kept == 0) {
                p[w * inputs + rnd.nextInt(inputs)] = 1;
            }
        }
        return p;
    }

}
