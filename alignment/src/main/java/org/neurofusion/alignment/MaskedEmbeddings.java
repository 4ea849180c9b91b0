package org.neurofusion.alignment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * One modality's embeddings for a batch with the rows that are present: {@code embeddings} (B, D), already
 * L2-normalised, and {@code mask} (B), non-zero where the window has this modality. A row whose mask is zero
 * takes part in nothing (its values, even NaN, change neither the loss nor any gradient).
 *
 * @param embeddings (B, D) floating point
 * @param mask (B), boolean or numeric
 */
public record MaskedEmbeddings(NDArray embeddings, NDArray mask) {
    public MaskedEmbeddings {
        if (embeddings == null || mask == null) {
            throw new IllegalArgumentException("masked embeddings need both the embeddings and the mask");
        }
        if (embeddings.getShape().dimension() != 2) {
            throw new IllegalArgumentException("embeddings must be (batch, dim), got " + embeddings.getShape());
        }
        GraphConstants.requireFloating(embeddings, "embeddings");
        if (mask.getShape().dimension() != 1 || mask.getShape().get(0) != embeddings.getShape().get(0)) {
            throw new IllegalArgumentException("the row mask must be (" + embeddings.getShape().get(0) + "), got "
                    + mask.getShape());
        }
    }

    /** Every row present (the mask is created in the embeddings' manager). */
    public static MaskedEmbeddings allPresent(NDArray embeddings) {
        if (embeddings == null || embeddings.getShape().dimension() != 2) {
            throw new IllegalArgumentException("embeddings must be (batch, dim), got "
                    + (embeddings == null ? "null" : embeddings.getShape()));
        }
        return new MaskedEmbeddings(embeddings,
                embeddings.getManager().ones(new ai.djl.ndarray.types.Shape(embeddings.getShape().get(0)),
                        DataType.BOOLEAN));
    }

    /** The batch size. */
    public long rows() {
        return embeddings.getShape().get(0);
    }

    /** The embedding width. */
    public long dim() {
        return embeddings.getShape().get(1);
    }

    /**
     * The views in modality-name order, each checked: none missing, all of the first one's shape.
     *
     * @param loss the loss asking, for its messages
     * @throws IllegalArgumentException naming the loss and the modality
     */
    static java.util.TreeMap<String, MaskedEmbeddings> sortedViews(java.util.Map<String, MaskedEmbeddings> views,
            String loss) {
        if (views == null || views.isEmpty()) {
            throw new IllegalArgumentException(loss + " needs at least one modality");
        }
        java.util.TreeMap<String, MaskedEmbeddings> sorted = new java.util.TreeMap<>(views);
        MaskedEmbeddings first = sorted.firstEntry().getValue();
        sorted.forEach((name, v) -> {
            if (v == null) {
                throw new IllegalArgumentException(loss + ": modality '" + name + "' has no embeddings");
            }
            if (!v.embeddings().getShape().equals(first.embeddings().getShape())) {
                throw new IllegalArgumentException(loss + ": modality '" + name + "' has embeddings "
                        + v.embeddings().getShape() + ", expected " + first.embeddings().getShape() + " like '"
                        + sorted.firstKey() + "'");
            }
        });
        return sorted;
    }
}
