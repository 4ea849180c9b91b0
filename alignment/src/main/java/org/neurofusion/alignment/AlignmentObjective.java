package org.neurofusion.alignment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pre-training loss: {@code w_nce · InfoNCE + w_supcon · SupCon + w_rec · reconstruction}, each term
 * computed only when its weight is positive and the batch has what it needs (two or more modalities and a
 * log scale; labels; a reconstruction). Weights are not renormalised when a term is off: a term means the
 * same in every batch. The weighted sum is built from arrays (weights are constants in the step's manager).
 */
public final class AlignmentObjective {
    /** Term name of cross-modal InfoNCE. */
    public static final String INFO_NCE = "info_nce";
    /** Term name of supervised contrastive. */
    public static final String SUPCON = "supcon";
    /** Term name of masked-patch reconstruction. */
    public static final String RECONSTRUCTION = "reconstruction";
    /** Name of the weighted total. */
    public static final String TOTAL = "total";

    private final ObjectiveWeights weights;
    private final MultiModalInfoNce infoNce;
    private final SupConLoss supCon;
    private final MaskedPatchLoss reconstruction;

    private AlignmentObjective(Builder b) {
        this.weights = b.weights;
        this.infoNce = new MultiModalInfoNce(b.infoNce);
        this.supCon = b.supCon;
        this.reconstruction = new MaskedPatchLoss();
    }

    /** A builder: {@link Builder#setWeights} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The weights. */
    public ObjectiveWeights weights() {
        return weights;
    }

    /** The same terms with other weights (a trainer puts different terms on different batches). */
    public AlignmentObjective reweighted(ObjectiveWeights other) {
        return new AlignmentObjective(other, infoNce, supCon, reconstruction);
    }

    private AlignmentObjective(ObjectiveWeights weights, MultiModalInfoNce infoNce, SupConLoss supCon,
            MaskedPatchLoss reconstruction) {
        this.weights = weights;
        this.infoNce = infoNce;
        this.supCon = supCon;
        this.reconstruction = reconstruction;
    }

    /**
     * The weighted loss of one batch and each term's value.
     *
     * @throws IllegalArgumentException when InfoNCE is weighted and two modalities are given without a log
     *     scale, or when no term applies to the batch (naming what each term lacked)
     */
    public ObjectiveResult evaluate(ObjectiveInputs in) {
        if (in == null) {
            throw new IllegalArgumentException("the objective needs inputs");
        }
        Map<String, NDArray> terms = new LinkedHashMap<>();
        Map<String, Double> weightOf = new LinkedHashMap<>();
        List<String> pairs = List.of();
        StringBuilder why = new StringBuilder();
        if (weights.infoNce() > 0) {
            if (in.views().size() < 2) {
                why.append(" info_nce needs two modalities, got ").append(in.views().keySet()).append(';');
            } else if (in.logScale().isEmpty()) {
                throw new IllegalArgumentException("the InfoNCE term is weighted and the batch has "
                        + in.views().keySet() + " but no log scale was given");
            } else {
                MultiModalInfoNce.Result r = infoNce.evaluate(in.views(), in.logScale().get());
                terms.put(INFO_NCE, r.loss());
                weightOf.put(INFO_NCE, weights.infoNce());
                pairs = r.pairs();
            }
        }
        if (weights.supCon() > 0) {
            if (in.views().isEmpty() || in.labels().isEmpty()) {
                why.append(" supcon needs embeddings and labels;");
            } else {
                terms.put(SUPCON, supCon.evaluate(in.views(), in.labels().get()));
                weightOf.put(SUPCON, weights.supCon());
            }
        }
        if (weights.reconstruction() > 0) {
            if (in.reconstruction().isEmpty()) {
                why.append(" reconstruction needs predicted and target patches;");
            } else {
                ObjectiveInputs.Reconstruction r = in.reconstruction().get();
                terms.put(RECONSTRUCTION, reconstruction.evaluate(r.predicted(), r.target(), r.hidden(),
                        r.channelMask()));
                weightOf.put(RECONSTRUCTION, weights.reconstruction());
            }
        }
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("no objective term applies to this batch:" + why);
        }
        NDArray total = null;
        Map<String, Double> values = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : terms.entrySet()) {
            NDArray term = e.getValue();
            term.setName(e.getKey());
            NDManager m = term.getManager();
            NDArray weighted = term.mul(GraphConstants.scalar(m, weightOf.get(e.getKey()), term.getDataType()));
            total = total == null ? weighted : total.add(weighted);
            values.put(e.getKey(), valueOf(term));
        }
        total.setName(TOTAL);
        return new ObjectiveResult(total, values, valueOf(total), pairs);
    }

    private static double valueOf(NDArray scalar) {
        if (scalar.getDataType() == DataType.FLOAT64) {
            return scalar.getDouble();
        }
        try (NDArray d = scalar.toType(DataType.FLOAT64, true)) {
            return d.getDouble();
        }
    }

    /** Builds an {@link AlignmentObjective}. */
    public static final class Builder {
        private ObjectiveWeights weights;
        private InfoNceLoss infoNce = InfoNceLoss.builder().build();
        private SupConLoss supCon = SupConLoss.builder().build();

        private Builder() {
        }

        /** The weights of the terms (required). */
        public Builder setWeights(ObjectiveWeights weights) {
            this.weights = weights;
            return this;
        }

        /** The pairwise InfoNCE (its clamp); default {@code InfoNceLoss.builder().build()}. */
        public Builder optInfoNce(InfoNceLoss infoNce) {
            this.infoNce = infoNce;
            return this;
        }

        /** The SupCon loss (its temperature); default {@code SupConLoss.builder().build()}. */
        public Builder optSupCon(SupConLoss supCon) {
            this.supCon = supCon;
            return this;
        }

        /** The objective. */
        public AlignmentObjective build() {
            if (weights == null) {
                throw new IllegalArgumentException("an alignment objective needs its weights (setWeights)");
            }
            if (infoNce == null || supCon == null) {
                throw new IllegalArgumentException("an alignment objective needs its InfoNCE and SupCon losses");
            }
            return new AlignmentObjective(this);
        }
    }
}
