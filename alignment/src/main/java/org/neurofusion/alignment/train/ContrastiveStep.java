package org.neurofusion.alignment.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Map;
import org.neurofusion.alignment.AlignmentObjective;
import org.neurofusion.alignment.GradientClipping;
import org.neurofusion.alignment.LossGuard;
import org.neurofusion.alignment.MaskedEmbeddings;
import org.neurofusion.alignment.ObjectiveInputs;
import org.neurofusion.alignment.ObjectiveResult;
import org.neurofusion.alignment.ObjectiveWeights;
import org.neurofusion.alignment.PatchMasking;

/**
 * One optimisation step of alignment pre-training, the step {@code pretrain} runs and {@code bench train} times:
 * every modality's encoder and projection head on the batch (training mode), the alignment objective, backward,
 * clipping by global norm, and an AdamW update. The caller gives the batch in a manager of its own, closed after
 * the step, and seeds the engine's random stream (dropout) before calling.
 *
 * <p>A non-finite loss or gradient norm stops training: it throws
 * {@link org.neurofusion.alignment.NonFiniteLossException} naming the step and the term before any weight changes, so
 * a NaN never trains on.
 */
public final class ContrastiveStep {
    /** What one step did: the loss and its terms, the gradient norm before clipping, the learning rate. */
    public record Result(double loss, Map<String, Double> terms, double gradientNorm, double learningRate) {
    }

    private final AlignmentModel model;
    private final AlignmentObjective objective;
    /** The objective split for the two-batch step: the supervised term alone, and every other term. */
    private final AlignmentObjective supervisedOnly;
    private final AlignmentObjective unsupervisedOnly;
    private final AdamW optimizer;
    private final float clipNorm;
    private final double maskRatio;
    private final long maskSeed;
    private final double viewDropout;

    /** A step without masked-patch reconstruction (the objective's reconstruction weight must be 0). */
    public ContrastiveStep(AlignmentModel model, AlignmentObjective objective, AdamW optimizer, double clipNorm) {
        this(model, objective, optimizer, clipNorm, 0.5, 0);
    }

    /**
     * A step; when the objective weighs reconstruction, every modality's patches are hidden at {@code maskRatio}
     * with a mask drawn from {@code maskSeed} and the step number (the same step hides the same patches in every
     * run), the encoder runs a second time on the masked batch and the decoder's predictions feed the
     * {@code reconstruction} term.
     *
     * @throws IllegalArgumentException when reconstruction is weighted but the model has no decoders, or the
     *     ratio is outside (0, 1]
     */
    public ContrastiveStep(AlignmentModel model, AlignmentObjective objective, AdamW optimizer, double clipNorm,
            double maskRatio, long maskSeed) {
        this(model, objective, optimizer, clipNorm, maskRatio, maskSeed, PretrainConfig.VIEW_DROPOUT);
    }

    /**
     * As {@link #ContrastiveStep(AlignmentModel, AlignmentObjective, AdamW, double, double, long)}; a model of one
     * modality contrasts two views of each window ({@link ChannelViews}), each hiding {@code viewDropout} of its
     * channels, drawn from {@code maskSeed}, the step and the row.
     */
    public ContrastiveStep(AlignmentModel model, AlignmentObjective objective, AdamW optimizer, double clipNorm,
            double maskRatio, long maskSeed, double viewDropout) {
        if (!(viewDropout > 0 && viewDropout < 1)) {
            throw new IllegalArgumentException("view dropout must lie in (0, 1), got " + viewDropout);
        }
        this.viewDropout = viewDropout;
        if (objective.weights().reconstruction() > 0 && !model.reconstructs()) {
            throw new IllegalArgumentException("the objective weighs reconstruction "
                    + objective.weights().reconstruction() + " but the model has no decoders: build it with"
                    + " reconstruction on");
        }
        if (!(maskRatio > 0 && maskRatio <= 1)) {
            throw new IllegalArgumentException("mask ratio must lie in (0, 1], got " + maskRatio);
        }
        this.maskRatio = maskRatio;
        this.maskSeed = maskSeed;
        if (!(clipNorm > 0)) {
            throw new IllegalArgumentException("clip norm must be positive, got " + clipNorm);
        }
        this.model = model;
        this.objective = objective;
        ObjectiveWeights w = objective.weights();
        this.supervisedOnly = w.supCon() > 0 ? objective.reweighted(new ObjectiveWeights(0, w.supCon(), 0)) : null;
        this.unsupervisedOnly = w.infoNce() > 0 || w.reconstruction() > 0
                ? objective.reweighted(new ObjectiveWeights(w.infoNce(), 0, w.reconstruction())) : null;
        this.optimizer = optimizer;
        this.clipNorm = (float) clipNorm;
    }

    /**
     * Trains on one batch.
     *
     * @param batch per modality of the model, in its order: data (B, C, T), sensors (B, C, F), mask (B, C)
     * @param labels (B) int labels, −1 for unlabelled windows
     * @param step this update's number (from 1), for messages
     */
    public Result train(NDList batch, NDArray labels, double learningRate, long step) {
        return train(batch, labels, null, null, learningRate, step);
    }

    /**
     * Trains on a contrastive batch and, when {@code supervised} is given, a second batch of labelled windows from
     * several subjects: every term of the objective but the supervised one on the first, the supervised term alone
     * on the second (so that its positives cross subjects), summed before one backward pass.
     *
     * @param supervised labelled windows of several subjects, as {@code batch} is laid out, or null
     * @param supervisedLabels their labels, or null
     */
    public Result train(NDList batch, NDArray labels, NDList supervised, NDArray supervisedLabels,
            double learningRate, long step) {
        Map<String, NDArray> params = model.parameters();
        int at = (int) Math.min(Integer.MAX_VALUE, step);
        ObjectiveResult r;
        Map<String, Double> terms = new java.util.LinkedHashMap<>();
        double total;
        GradientClipping.zeroGradients(params);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            if (supervised == null) {
                r = objective.evaluate(trainingInputs(batch, labels, step));
                LossGuard.check(r, at);
                terms.putAll(r.terms());
                total = r.total();
                gc.backward(r.loss());
            } else {
                ObjectiveWeights w = objective.weights();
                if (!(w.supCon() > 0)) {
                    throw new IllegalArgumentException("a supervised batch was given but the supervised term has"
                            + " weight 0");
                }
                ObjectiveResult b = supervisedOnly
                        .evaluate(inputs(model, supervised, supervisedLabels, true));
                LossGuard.check(b, at);
                NDArray loss = b.loss();
                total = b.total();
                if (w.infoNce() > 0 || w.reconstruction() > 0) {
                    ObjectiveResult a = unsupervisedOnly.evaluate(trainingInputs(batch, labels, step));
                    LossGuard.check(a, at);
                    terms.putAll(a.terms());
                    total += a.total();
                    loss = a.loss().add(loss);
                }
                terms.putAll(b.terms());
                gc.backward(loss);
            }
        }
        double norm = GradientClipping.clipOrStop(params, clipNorm, step);
        optimizer.update(params, learningRate, List.of());
        return new Result(total, terms, norm, learningRate);
    }

    /** The objective on one batch without gradients or dropout (validation). */
    public static ObjectiveResult evaluate(AlignmentModel model, AlignmentObjective objective, NDList batch,
            NDArray labels) {
        return objective.evaluate(inputs(model, batch, labels, false));
    }

    /**
     * As {@link #evaluate(AlignmentModel, AlignmentObjective, NDList, NDArray)} for a model of one modality: the
     * InfoNCE term contrasts the two views {@code views} draws, the second with the patches of {@code hidden} (B, C,
     * P) hidden when it is given.
     */
    static ObjectiveResult evaluate(AlignmentModel model, AlignmentObjective objective, NDList batch, NDArray labels,
            ChannelViews.Spec views, NDArray hidden) {
        TwoViews v = twoViews(model, batch, views, hidden, false);
        return objective.evaluate(viewInputs(model, batch, labels, v, false).build());
    }

    /**
     * The two views of a one-modality batch, as shared-space embeddings: the first sees its own channels; the second
     * its own channels and, when {@code hidden} is given, only the patches it leaves visible (the masked pass, whose
     * predictions then feed the reconstruction term).
     *
     * @param second the second view's channel mask
     * @param pass   the masked pass, or null without {@code hidden}
     */
    record TwoViews(NDArray first, NDArray second, NDArray secondMask, AlignmentModel.MaskedPass pass) {
    }

    static TwoViews twoViews(AlignmentModel model, NDList batch, ChannelViews.Spec views, NDArray hidden,
            boolean training) {
        String m = model.modalities().get(0);
        NDList masks = ChannelViews.masks(batch.get(2), views);
        NDArray a = model.embed(m, new NDList(batch.get(0), batch.get(1), masks.get(0)), training);
        NDList second = new NDList(batch.get(0), batch.get(1), masks.get(1));
        if (hidden == null) {
            return new TwoViews(a, model.embed(m, second, training), masks.get(1), null);
        }
        AlignmentModel.MaskedPass pass = model.reconstruct(m, second, hidden, training);
        return new TwoViews(a, model.project(m, pass.pooled(), training), masks.get(1), pass);
    }

    private static ObjectiveInputs.Builder viewInputs(AlignmentModel model, NDList batch, NDArray labels, TwoViews v,
            boolean training) {
        String m = model.modalities().get(0);
        NDArray present = batch.get(2).sum(new int[] {1}).gt(0);
        ObjectiveInputs.Builder in = ObjectiveInputs.builder();
        in.optView(m, new MaskedEmbeddings(v.first(), present.toType(v.first().getDataType(), false)));
        in.optView(m + ChannelViews.SECOND, new MaskedEmbeddings(v.second(),
                present.toType(v.second().getDataType(), false)));
        in.optLabels(labels);
        in.optLogScale(model.logScale(batch.head().getDevice(), training));
        return in;
    }

    /** The objective's inputs for a training step: the views and, when reconstruction is weighted, the masked pass. */
    private ObjectiveInputs trainingInputs(NDList batch, NDArray labels, long step) {
        if (model.modalities().size() == 1) {
            return oneModalityInputs(batch, labels, step);
        }
        ObjectiveInputs.Builder in = builder(model, batch, labels, true);
        if (objective.weights().reconstruction() > 0) {
            addReconstruction(in, batch, step);
        }
        return in.build();
    }

    /**
     * One modality: two channel-dropout views of each window; with reconstruction weighted, the second view is the
     * masked pass, so one encoder pass serves both the contrast (a view that hides patches as well as channels) and
     * the reconstruction of the hidden patches of its visible channels.
     */
    private ObjectiveInputs oneModalityInputs(NDList batch, NDArray labels, long step) {
        NDArray data = batch.get(0);
        int b = (int) data.getShape().get(0);
        int c = (int) data.getShape().get(1);
        long[] rows = java.util.stream.LongStream.range(0, b).toArray();
        ChannelViews.Spec views = new ChannelViews.Spec(viewDropout, ChannelViews.seeds(maskSeed * 1_000_003L + step,
                rows));
        NDArray h = null;
        org.neurofusion.models.EncoderSpec spec = model.encoder(model.modalities().get(0)).spec();
        if (objective.weights().reconstruction() > 0) {
            h = PatchMasking.sample(b, c, spec.patches(), maskRatio, (maskSeed + step) * 31).toNDArray(
                    data.getManager());
        }
        TwoViews v = twoViews(model, batch, views, h, true);
        ObjectiveInputs.Builder in = viewInputs(model, batch, labels, v, true);
        if (h != null) {
            int p = spec.patches();
            int l = spec.patchSamples();
            NDArray pred = v.pass().predicted().reshape(b, (long) c * p, 1, l);
            NDArray tgt = v.pass().target().reshape(b, (long) c * p, 1, l);
            in.optReconstruction(pred, tgt, h.toType(pred.getDataType(), false).reshape(b, (long) c * p, 1),
                    v.secondMask().expandDims(2).repeat(2, p).reshape(b, (long) c * p));
        }
        return in.build();
    }

    /**
     * Hides patches of every modality, runs the masked pass and hands the objective one reconstruction over all
     * modalities. Modalities differ in patch length L, and the objective takes one (B, C, P, L) array: each
     * modality's patches become rows (B, C·P, 1, L) scaled by sqrt(Lmax / L) and zero-padded to Lmax, so each hidden
     * patch counts its own mean square error, Σ_l d² / L, once, whatever its modality; padding adds nothing.
     */
    private void addReconstruction(ObjectiveInputs.Builder in, NDList batch, long step) {
        List<String> ms = model.modalities();
        NDList predicted = new NDList();
        NDList target = new NDList();
        NDList hidden = new NDList();
        NDList channels = new NDList();
        int lmax = 0;
        for (String m : ms) {
            lmax = Math.max(lmax, model.encoder(m).spec().patchSamples());
        }
        for (int k = 0; k < ms.size(); k++) {
            org.neurofusion.models.EncoderSpec spec = model.encoder(ms.get(k)).spec();
            NDArray data = batch.get(3 * k);
            NDArray mask = batch.get(3 * k + 2);
            NDManager sm = data.getManager();
            int b = (int) data.getShape().get(0);
            int c = (int) data.getShape().get(1);
            int p = spec.patches();
            int l = spec.patchSamples();
            // one seed per (run, step, modality): a resumed run hides the same patches
            long seed = (maskSeed + step) * 31 + k;
            NDArray h = PatchMasking.sample(b, c, p, maskRatio, seed).toNDArray(sm);
            AlignmentModel.MaskedPass pass = model.reconstruct(ms.get(k),
                    new NDList(data, batch.get(3 * k + 1), mask), h, true);
            NDArray pred = pass.predicted().reshape(b, (long) c * p, 1, l);
            NDArray tgt = pass.target().reshape(b, (long) c * p, 1, l);
            if (l < lmax) {
                NDArray scale = sm.create((float) Math.sqrt((double) lmax / l)).toType(pred.getDataType(), false);
                NDArray pad = sm.zeros(new Shape(b, (long) c * p, 1, lmax - l), pred.getDataType());
                pred = pred.mul(scale).concat(pad, 3);
                tgt = tgt.mul(scale).concat(pad, 3);
            }
            predicted.add(pred);
            target.add(tgt);
            hidden.add(h.toType(pred.getDataType(), false).reshape(b, (long) c * p, 1));
            channels.add(mask.expandDims(2).repeat(2, p).reshape(b, (long) c * p));
        }
        in.optReconstruction(join(predicted), join(target), join(hidden), join(channels));
    }

    /** Concatenates along axis 1; one array is returned as it is (DJL's concat of one array copies it out of the
     * autograd graph). */
    private static NDArray join(NDList arrays) {
        return arrays.size() == 1 ? arrays.singletonOrThrow() : NDArrays.concat(arrays, 1);
    }

    static ObjectiveInputs inputs(AlignmentModel model, NDList batch, NDArray labels, boolean training) {
        return builder(model, batch, labels, training).build();
    }

    private static ObjectiveInputs.Builder builder(AlignmentModel model, NDList batch, NDArray labels,
            boolean training) {
        List<String> ms = model.modalities();
        if (batch.size() != 3 * ms.size()) {
            throw new IllegalArgumentException("a batch for modalities " + ms + " needs " + 3 * ms.size()
                    + " arrays (data, sensors, mask per modality), got " + batch.size());
        }
        ObjectiveInputs.Builder in = ObjectiveInputs.builder();
        for (int k = 0; k < ms.size(); k++) {
            NDList triple = new NDList(batch.get(3 * k), batch.get(3 * k + 1), batch.get(3 * k + 2));
            NDArray z = model.embed(ms.get(k), triple, training);
            // a window takes part in a modality's terms when it has at least one real channel of it
            NDArray present = batch.get(3 * k + 2).sum(new int[] {1}).gt(0).toType(z.getDataType(), false);
            in.optView(ms.get(k), new MaskedEmbeddings(z, present));
        }
        in.optLabels(labels);
        in.optLogScale(model.logScale(batch.head().getDevice(), training));
        return in;
    }
}
