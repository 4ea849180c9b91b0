package org.neurofusion.fusion.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurofusion.alignment.AlignmentObjective;
import org.neurofusion.alignment.InfoNceLoss;
import org.neurofusion.alignment.MaskedEmbeddings;
import org.neurofusion.alignment.ObjectiveResult;
import org.neurofusion.alignment.ProjectionHead;

/**
 * The EEG-only student's loss when a multimodal (EEG+fNIRS) teacher is distilled into it:
 * <pre>
 * L = w_ce·CE(z_s, y) + w_kl·T²·KL(softmax(z_t/T) ‖ softmax(z_s/T))
 *   + w_cos·CosDist(ê, e | paired) + w_nce·InfoNCE(ê, e | paired; fixed scale)
 *   + w_tok·MSE(Ĥ, H | paired) + w_fused·MSE(f_s, f_t | paired)
 * </pre>
 * CE averages the labelled rows ({@link MaskedCrossEntropy}); KL every row with weight 1 ({@link SoftTargetKl}:
 * the teacher, trained with modality dropout, has logits for every window); the four imputation terms average
 * the rows whose window has the real missing modality ({@code paired} = 1): {@link CosineDistance},
 * {@link InfoNceLoss} between the imputed and real embeddings (each L2-normalised here, which is idempotent
 * on projection-head outputs) at a fixed scale {@code exp(logScale)} (no learnable temperature), and
 * {@link FeatureMatch} on the latent tokens and on the fused class tokens.
 *
 * <p>The teacher is a fixed target: every teacher-side input (logits, real embedding, real tokens, teacher
 * fused token) passes through {@code stopGradient}. A term whose weight is 0 is not computed and its inputs may
 * be null; weights are not renormalised when a batch has no labelled or no paired row (that term is then a
 * zero with zero gradients), so a term means the same in every batch. The weighted sum is built from arrays.
 */
public final class DistillationObjective {
    /** Term names, as in {@link DistillationWeights#FIELDS}. */
    public static final String CE = "ce";
    public static final String KL = "kl";
    public static final String COSINE = "cosine";
    public static final String INFO_NCE = "info_nce";
    public static final String TOKENS = "tokens";
    public static final String FUSED = "fused";
    /** The name of the weighted total, as {@code LossGuard} reports it. */
    public static final String TOTAL = AlignmentObjective.TOTAL;
    /** The default soft-target temperature. */
    public static final double DEFAULT_TEMPERATURE = 2.0;
    /** The default fixed InfoNCE log scale, log(1/0.1): τ = 0.1. */
    public static final double DEFAULT_INFO_NCE_LOG_SCALE = Math.log(1 / 0.1);
    /** The pair the InfoNCE term reports in {@link ObjectiveResult#pairs()}. */
    public static final String INFO_NCE_PAIR = "imputed~real";

    private final DistillationWeights weights;
    private final double temperature;
    private final double infoNceLogScale;
    private final double labelSmoothing;
    private final InfoNceLoss infoNce;

    private DistillationObjective(Builder b) {
        this.weights = b.weights;
        this.labelSmoothing = b.labelSmoothing;
        this.temperature = b.temperature;
        this.infoNceLogScale = b.infoNceLogScale;
        // the bound of InfoNceLoss must not clip the fixed scale
        this.infoNce = InfoNceLoss.builder().optMaxScale(Math.max(InfoNceLoss.DEFAULT_MAX_SCALE,
                Math.exp(b.infoNceLogScale))).build();
    }

    /** A builder: {@link Builder#setWeights} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The weights. */
    public DistillationWeights weights() {
        return weights;
    }

    /** The soft-target temperature T. */
    public double temperature() {
        return temperature;
    }

    /** The fixed InfoNCE log scale, log(1/τ). */
    public double infoNceLogScale() {
        return infoNceLogScale;
    }

    /** The cross-entropy's label smoothing ε (0: one-hot targets). */
    public double labelSmoothing() {
        return labelSmoothing;
    }

    /**
     * The weighted loss of one batch and the unweighted value of each term whose weight is positive, in the
     * order ce, kl, cosine, info_nce, tokens, fused.
     *
     * @throws IllegalArgumentException naming the term when a weighted term lacks an input, and naming the
     *     row when {@code paired} holds a value other than 0 or 1
     */
    public ObjectiveResult evaluate(DistillationInputs in) {
        if (in == null) {
            throw new IllegalArgumentException("the distillation objective needs inputs");
        }
        Map<String, NDArray> terms = new LinkedHashMap<>();
        if (weights.ce() > 0) {
            require(CE, "studentLogits", in.studentLogits());
            require(CE, "labels", in.labels());
            terms.put(CE, MaskedCrossEntropy.evaluate(in.studentLogits(), in.labels(), labelSmoothing));
        }
        if (weights.kl() > 0) {
            require(KL, "studentLogits", in.studentLogits());
            require(KL, "teacherLogits", in.teacherLogits());
            NDArray s = in.studentLogits();
            NDArray every = s.getManager().ones(new Shape(s.getShape().get(0)), s.getDataType(), s.getDevice());
            terms.put(KL, SoftTargetKl.evaluate(s, in.teacherLogits(), every, temperature));
        }
        if (weights.cosine() > 0) {
            NDArray paired = paired(COSINE, in);
            require(COSINE, "imputedEmbedding", in.imputedEmbedding());
            require(COSINE, "realEmbedding", in.realEmbedding());
            terms.put(COSINE, CosineDistance.evaluate(in.imputedEmbedding(), in.realEmbedding().stopGradient(), paired));
        }
        if (weights.infoNce() > 0) {
            terms.put(INFO_NCE, infoNce(in));
        }
        if (weights.tokens() > 0) {
            NDArray paired = paired(TOKENS, in);
            require(TOKENS, "imputedTokens", in.imputedTokens());
            require(TOKENS, "realTokens", in.realTokens());
            terms.put(TOKENS, FeatureMatch.evaluate(in.imputedTokens(), in.realTokens().stopGradient(), paired));
        }
        if (weights.fused() > 0) {
            NDArray paired = paired(FUSED, in);
            require(FUSED, "studentFused", in.studentFused());
            require(FUSED, "teacherFused", in.teacherFused());
            terms.put(FUSED, FeatureMatch.evaluate(in.studentFused(), in.teacherFused().stopGradient(), paired));
        }
        double[] w = weights.toArray();
        NDArray total = null;
        Map<String, Double> values = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : terms.entrySet()) {
            NDArray term = e.getValue();
            term.setName(e.getKey());
            NDManager m = term.getManager();
            double weight = w[DistillationWeights.FIELDS.indexOf(e.getKey())];
            NDArray weighted = term.mul(LossArrays.scalar(m, weight, term.getDataType()));
            // terms may differ in type (float32 logits, float64 tokens in a test): the sum takes the first's
            total = total == null ? weighted : total.add(weighted.toType(total.getDataType(), false));
            values.put(e.getKey(), LossArrays.valueOf(term));
        }
        total.setName(TOTAL);
        return new ObjectiveResult(total, values, LossArrays.valueOf(total),
                terms.containsKey(INFO_NCE) ? List.of(INFO_NCE_PAIR) : List.of());
    }

    private NDArray infoNce(DistillationInputs in) {
        NDArray paired = paired(INFO_NCE, in);
        require(INFO_NCE, "imputedEmbedding", in.imputedEmbedding());
        require(INFO_NCE, "realEmbedding", in.realEmbedding());
        NDArray imputed = in.imputedEmbedding();
        LossArrays.requireFloating("distillation term 'info_nce'", "imputedEmbedding", imputed, 2);
        NDArray p = LossArrays.rowWeights("distillation term 'info_nce'", paired, imputed);
        // unpaired rows are zeroed before normalising, so that NaN there cannot reach a gradient through the norm
        NDArray a = ProjectionHead.l2Normalize(LossArrays.keepWeightedRows(imputed, p), 1e-12);
        NDArray real = in.realEmbedding().stopGradient().toType(imputed.getDataType(), false);
        NDArray b = ProjectionHead.l2Normalize(LossArrays.keepWeightedRows(real, p), 1e-12);
        NDArray logScale = LossArrays.scalar(imputed.getManager(), infoNceLogScale, imputed.getDataType())
                .reshape(new Shape(1));
        return infoNce.evaluate(new MaskedEmbeddings(a, p), new MaskedEmbeddings(b, p), logScale);
    }

    /** The paired mask, required and checked to hold only 0 and 1 (it is an indicator, not a weight). */
    private static NDArray paired(String term, DistillationInputs in) {
        require(term, "paired", in.paired());
        double[] values;
        try (NDArray d = in.paired().toType(DataType.FLOAT64, true)) {
            values = d.toDoubleArray();
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] != 0 && values[i] != 1) {
                throw new IllegalArgumentException("distillation inputs: paired[" + i + "] is " + values[i]
                        + ", expected 0 or 1");
            }
        }
        return in.paired();
    }

    private static void require(String term, String input, NDArray x) {
        if (x == null) {
            throw new IllegalArgumentException("distillation term '" + term + "' has weight > 0 but its input "
                    + input + " is missing");
        }
    }

    /** Builds a {@link DistillationObjective}. */
    public static final class Builder {
        private DistillationWeights weights;
        private double temperature = DEFAULT_TEMPERATURE;
        private double infoNceLogScale = DEFAULT_INFO_NCE_LOG_SCALE;
        private double labelSmoothing;

        private Builder() {
        }

        /** The cross-entropy's label smoothing ε in [0, 1) (default 0): targets (1 − ε)·one-hot + ε/K. */
        public Builder optLabelSmoothing(double smoothing) {
            if (!(smoothing >= 0 && smoothing < 1)) {
                throw new IllegalArgumentException("label smoothing must lie in [0, 1), got " + smoothing);
            }
            this.labelSmoothing = smoothing;
            return this;
        }

        /** The weights of the terms (required). */
        public Builder setWeights(DistillationWeights weights) {
            this.weights = weights;
            return this;
        }

        /** The soft-target temperature T, finite and > 0 (default 2). */
        public Builder optTemperature(double temperature) {
            if (!(temperature > 0) || !Double.isFinite(temperature)) {
                throw new IllegalArgumentException("the distillation temperature must be finite and > 0, got "
                        + temperature);
            }
            this.temperature = temperature;
            return this;
        }

        /** The fixed InfoNCE log scale log(1/τ), finite (default log(1/0.1)). */
        public Builder optInfoNceLogScale(double logScale) {
            if (!Double.isFinite(logScale)) {
                throw new IllegalArgumentException("the InfoNCE log scale must be finite, got " + logScale);
            }
            this.infoNceLogScale = logScale;
            return this;
        }

        /** The objective. */
        public DistillationObjective build() {
            if (weights == null) {
                throw new IllegalArgumentException("a distillation objective needs its weights (setWeights)");
            }
            return new DistillationObjective(this);
        }
    }
}
