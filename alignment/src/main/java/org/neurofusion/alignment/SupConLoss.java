package org.neurofusion.alignment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Map;
import java.util.TreeMap;

/**
 * Supervised contrastive loss (Khosla et al. 2020, the L_out form) over every embedding of every modality
 * in a batch: rows of all modalities are stacked, and two rows are positives when they share a label,
 * whichever recording, subject or modality they come from (a window's own rows in other modalities
 * included). With similarities {@code s_ij = z_i·z_j / τ},
 * {@code L = mean over anchors i of −1/|P(i)| Σ_{p∈P(i)} log(exp s_ip / Σ_{a∈A(i)} exp s_ia)}, where
 * A(i) is every present row but i and P(i) the rows of A(i) with i's label.
 *
 * <ul>
 *   <li>Unlabelled rows (label −1, any negative label) are anchors of nothing and positives of nothing;
 *       they stay in A(i), as negatives, like any other window of the batch.</li>
 *   <li>Rows whose modality is missing (mask zero) take part in nothing.</li>
 *   <li>An anchor with no positive is skipped; with no anchor at all the loss is 0 (connected to the graph,
 *       zero gradients).</li>
 *   <li>Self-similarities and absent rows are replaced by a large finite negative logit, never −inf.</li>
 * </ul>
 * The temperature is fixed (configuration), not learned.
 */
public final class SupConLoss {
    /** Khosla et al.'s temperature. */
    public static final double DEFAULT_TEMPERATURE = 0.1;

    private final double temperature;

    private SupConLoss(Builder b) {
        this.temperature = b.temperature;
    }

    /** A builder; every setting is optional. */
    public static Builder builder() {
        return new Builder();
    }

    /** The fixed temperature τ. */
    public double temperature() {
        return temperature;
    }

    /**
     * The loss over all modalities' rows.
     *
     * @param views modality name → normalised embeddings (B, D) and rows present, same B and D for all
     * @param labels (B) integer, the window's label shared by all its modalities, −1 when unlabelled
     * @return 0-d, in the first modality's (by name) manager
     */
    public NDArray evaluate(Map<String, MaskedEmbeddings> views, NDArray labels) {
        if (labels == null) {
            throw new IllegalArgumentException("SupCon needs labels");
        }
        TreeMap<String, MaskedEmbeddings> sorted = MaskedEmbeddings.sortedViews(views, "SupCon");
        long b = sorted.firstEntry().getValue().rows();
        if (labels.getShape().dimension() != 1 || labels.getShape().get(0) != b) {
            throw new IllegalArgumentException("SupCon labels must be (" + b + "), got " + labels.getShape());
        }
        if (labels.getDataType().isFloating() || labels.getDataType() == DataType.BOOLEAN) {
            throw new IllegalArgumentException("SupCon labels must be integers, got " + labels.getDataType());
        }
        NDList z = new NDList();
        NDList present = new NDList();
        NDList y = new NDList();
        // the labels once, repeated for each modality's rows
        NDArray labels64 = labels.toType(DataType.INT64, false);
        sorted.forEach((name, v) -> {
            z.add(v.embeddings());
            present.add(GraphConstants.asBoolean(v.mask()));
            y.add(labels64);
        });
        NDArray all = z.size() == 1 ? z.get(0) : NDArrays.concat(z, 0);
        NDArray rows = present.size() == 1 ? present.get(0) : NDArrays.concat(present, 0);
        NDArray lab = y.size() == 1 ? y.get(0) : NDArrays.concat(y, 0);
        return loss(sorted.firstEntry().getValue().embeddings().getManager(), all, rows, lab);
    }

    private NDArray loss(NDManager m, NDArray z, NDArray rows, NDArray labels) {
        DataType t = z.getDataType();
        int n = Math.toIntExact(z.getShape().get(0));
        NDArray zero = GraphConstants.scalar(m, 0, t);
        NDArray one = GraphConstants.scalar(m, 1, t);
        // Masks are built from labels and row flags only: outside the graph.
        NDArray notSelf = m.eye(n).toType(DataType.BOOLEAN, false).logicalNot();
        NDArray labelled = labels.gte(m.create(0L)).logicalAnd(rows);
        NDArray sameLabel = labels.expandDims(1).eq(labels.expandDims(0));
        NDArray positive = sameLabel.logicalAnd(labelled.expandDims(1)).logicalAnd(labelled.expandDims(0))
                .logicalAnd(notSelf);
        NDArray contrast = rows.expandDims(0).logicalAnd(notSelf);
        // Absent rows are zeroed before the product, so that even NaN there cannot reach a gradient.
        NDArray zz = GraphConstants.select(rows.expandDims(1), z, zero);
        NDArray similarity = zz.matMul(zz.transpose()).mul(GraphConstants.scalar(m, 1 / temperature, t));
        NDArray logProbability = GraphConstants.select(contrast, similarity, GraphConstants.excludedLogit(m, t))
                .logSoftmax(1);
        NDArray positiveSum = GraphConstants.select(positive, logProbability, zero).sum(new int[] {1});
        NDArray positiveCount = positive.toType(t, false).sum(new int[] {1});
        NDArray anchor = positiveCount.gt(zero);
        NDArray perAnchor = positiveSum.div(positiveCount.maximum(one));
        NDArray anchors = anchor.toType(t, false).sum().maximum(one);
        return GraphConstants.select(anchor, perAnchor, zero).sum().neg().div(anchors);
    }

    /** Builds a {@link SupConLoss}. */
    public static final class Builder {
        private double temperature = DEFAULT_TEMPERATURE;

        private Builder() {
        }

        /** The fixed temperature τ (default 0.1), positive and at least 1e-3 so logits stay far from the excluded value. */
        public Builder optTemperature(double temperature) {
            if (!(temperature >= 1e-3) || !Double.isFinite(temperature)) {
                throw new IllegalArgumentException("SupCon temperature must be finite and at least 1e-3, got "
                        + temperature);
            }
            this.temperature = temperature;
            return this;
        }

        /** The loss. */
        public SupConLoss build() {
            return new SupConLoss(this);
        }
    }
}
