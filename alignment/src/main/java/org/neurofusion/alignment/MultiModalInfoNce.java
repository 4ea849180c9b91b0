package org.neurofusion.alignment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * InfoNCE over several modalities: the mean of {@link InfoNceLoss} over every pair of modalities that is
 * present in the batch, a pair being present when at least two rows have both modalities (one row has no
 * negative). Pairs are taken in name order, so the sum is the same every run.
 *
 * <p>When no pair is present the loss is a zero that is still connected to the embeddings, so that
 * {@code backward()} works and gives zero gradients; {@link Result#pairs()} is then empty.
 */
public final class MultiModalInfoNce {
    private final InfoNceLoss pairLoss;

    /** The multi-modality loss built on one pairwise loss (its clamp applies to every pair). */
    public MultiModalInfoNce(InfoNceLoss pairLoss) {
        if (pairLoss == null) {
            throw new IllegalArgumentException("multi-modal InfoNCE needs a pairwise loss");
        }
        this.pairLoss = pairLoss;
    }

    /**
     * The loss and the pairs it averaged.
     *
     * @param loss 0-d, in the first modality's manager
     * @param pairs the pairs averaged, as "a~b" with a before b in name order
     */
    public record Result(NDArray loss, List<String> pairs) {
        public Result {
            pairs = List.copyOf(pairs);
        }
    }

    /**
     * The mean pairwise loss.
     *
     * @param views modality name → embeddings and rows present; all with the same batch size and width
     * @param logScale the learnable {@code log(1/τ)}, shared by every pair
     */
    public Result evaluate(Map<String, MaskedEmbeddings> views, NDArray logScale) {
        TreeMap<String, MaskedEmbeddings> sorted = MaskedEmbeddings.sortedViews(views, "multi-modal InfoNCE");
        Map<String, boolean[]> present = new TreeMap<>();
        sorted.forEach((name, v) -> present.put(name, rowsPresent(v.mask())));
        List<String> names = new ArrayList<>(sorted.keySet());
        List<String> pairs = new ArrayList<>();
        NDArray sum = null;
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                if (shared(present.get(names.get(i)), present.get(names.get(j))) < 2) {
                    continue;
                }
                NDArray l = pairLoss.evaluate(sorted.get(names.get(i)), sorted.get(names.get(j)), logScale);
                sum = sum == null ? l : sum.add(l);
                pairs.add(names.get(i) + "~" + names.get(j));
            }
        }
        NDArray e = sorted.firstEntry().getValue().embeddings();
        NDManager m = e.getManager();
        if (sum == null) {
            // where, not times zero: NaN in an absent row times zero would still be NaN
            NDArray never = m.zeros(new Shape(1, 1), DataType.BOOLEAN);
            return new Result(GraphConstants.select(never, e, GraphConstants.scalar(m, 0, e.getDataType())).sum(), pairs);
        }
        return new Result(sum.div(GraphConstants.scalar(m, pairs.size(), sum.getDataType())), pairs);
    }

    /** The mask read to Java (it is small and outside the graph). */
    static boolean[] rowsPresent(NDArray mask) {
        boolean[] out = GraphConstants.asBoolean(mask).toBooleanArray();
        return out;
    }

    private static int shared(boolean[] x, boolean[] y) {
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] && y[i]) {
                n++;
            }
        }
        return n;
    }
}
