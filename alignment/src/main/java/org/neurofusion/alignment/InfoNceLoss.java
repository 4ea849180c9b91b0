package org.neurofusion.alignment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Symmetric InfoNCE between two modalities' normalised embeddings {@code a}, {@code b} (B, D) whose row i
 * is the same window: {@code L = ½[CE(s·a·bᵀ, diag) + CE(s·b·aᵀ, diag)]}, each cross-entropy the mean over
 * present rows, with the logit scale {@code s = exp(min(logScale, log maxScale))} = 1/τ.
 *
 * <p><b>Clamp.</b> The scale is clamped in the forward pass with {@code where(logScale > log maxScale, log
 * maxScale, logScale)}: below and at the bound the gradient reaches {@code logScale} unchanged; above it
 * the gradient is exactly zero (the loss no longer depends on it), as with {@code torch.clamp}. A trainer
 * that lets the parameter drift above the bound may pull it back in place after the optimiser step.
 *
 * <p><b>Mask.</b> A row whose mask is zero (one of the two modalities is missing) drops out of both
 * directions: it is neither an anchor nor a negative, and its values do not matter. With one present row
 * the loss is 0 (a positive with no negatives teaches nothing) with zero gradients; with none it is 0 too.
 *
 * <p>All constants are created in {@code a}'s manager (the step's manager) and live until it closes; no
 * Java number is ever an operand of a graph array.
 */
public final class InfoNceLoss {
    /** CLIP's bound on the logit scale: 1/τ ≤ 100. */
    public static final double DEFAULT_MAX_SCALE = 100;

    private final double maxScale;

    private InfoNceLoss(Builder b) {
        this.maxScale = b.maxScale;
    }

    /** A builder; every setting is optional. */
    public static Builder builder() {
        return new Builder();
    }

    /** The largest logit scale (1/τ) the loss uses. */
    public double maxScale() {
        return maxScale;
    }

    /** The loss with every row present. */
    public NDArray evaluate(NDArray a, NDArray b, NDArray logScale) {
        return evaluate(MaskedEmbeddings.allPresent(a), MaskedEmbeddings.allPresent(b), logScale);
    }

    /** The loss over the rows present in both {@code a} and {@code b} (their masks are combined). */
    public NDArray evaluate(MaskedEmbeddings a, MaskedEmbeddings b, NDArray logScale) {
        if (a == null || b == null || logScale == null) {
            throw new IllegalArgumentException("InfoNCE needs both embeddings and the log scale");
        }
        if (!a.embeddings().getShape().equals(b.embeddings().getShape())) {
            throw new IllegalArgumentException("InfoNCE needs embeddings of one shape, got "
                    + a.embeddings().getShape() + " and " + b.embeddings().getShape());
        }
        if (logScale.getShape().size() != 1) {
            throw new IllegalArgumentException("the log scale must hold one value, got shape " + logScale.getShape());
        }
        GraphConstants.requireFloating(logScale, "the log scale");
        NDArray rows = GraphConstants.asBoolean(a.mask()).logicalAnd(GraphConstants.asBoolean(b.mask()));
        return pairLoss(a.embeddings(), b.embeddings(), rows, logScale);
    }

    /** The clamped scale s = exp(min(logScale, log maxScale)), in {@code manager}. */
    NDArray scale(NDManager manager, NDArray logScale) {
        NDArray bound = GraphConstants.scalar(manager, Math.log(maxScale), logScale.getDataType())
                .broadcast(logScale.getShape());
        // bound first: results attach to the first operand's manager, and logScale lives in the model's
        NDArray above = bound.lt(logScale);
        return GraphConstants.select(above, bound, logScale).exp();
    }

    private NDArray pairLoss(NDArray a, NDArray b, NDArray rows, NDArray logScale) {
        NDManager m = a.getManager();
        DataType t = a.getDataType();
        int n = Math.toIntExact(a.getShape().get(0));
        NDArray zero = GraphConstants.scalar(m, 0, t);
        // Absent rows are zeroed before the product, so that even NaN there cannot reach a gradient.
        NDArray rowsColumn = rows.expandDims(1);
        NDArray aa = GraphConstants.select(rowsColumn, a, zero);
        NDArray bb = GraphConstants.select(rowsColumn, b, zero);
        NDArray logits = aa.matMul(bb.transpose()).mul(scale(m, logScale).toType(t, false));
        NDArray columns = rows.expandDims(0);
        NDArray excluded = GraphConstants.excludedLogit(m, t);
        NDArray eye = m.eye(n).toType(DataType.BOOLEAN, false);
        NDArray ab = diagonalLogProbability(GraphConstants.select(columns, logits, excluded), eye, zero);
        NDArray ba = diagonalLogProbability(GraphConstants.select(columns, logits.transpose(), excluded), eye, zero);
        NDArray present = rows.toType(t, false).sum();
        NDArray count = present.maximum(GraphConstants.scalar(m, 1, t));
        NDArray halfSum = GraphConstants.select(rows, ab.add(ba), zero).sum();
        return halfSum.neg().div(count.mul(GraphConstants.scalar(m, 2, t)));
    }

    /** log softmax along rows, read on the diagonal: (B). */
    private static NDArray diagonalLogProbability(NDArray logits, NDArray eye, NDArray zero) {
        return GraphConstants.select(eye, logits.logSoftmax(1), zero).sum(new int[] {1});
    }

    /** Builds an {@link InfoNceLoss}. */
    public static final class Builder {
        private double maxScale = DEFAULT_MAX_SCALE;

        private Builder() {
        }

        /** The bound on the logit scale 1/τ (default 100). */
        public Builder optMaxScale(double maxScale) {
            if (!(maxScale > 0) || !Double.isFinite(maxScale)) {
                throw new IllegalArgumentException("the maximum logit scale must be positive and finite, got "
                        + maxScale);
            }
            this.maxScale = maxScale;
            return this;
        }

        /** The loss. */
        public InfoNceLoss build() {
            return new InfoNceLoss(this);
        }
    }
}
