package org.neurofusion.alignment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Masked-patch reconstruction for single-modality pre-training: the mean squared error between predicted and
 * target patches (B, C, P, L), over the patches that were hidden from the encoder (B, C, P) of real channels
 * (channel mask (B, C)) only, i.e. {@code Σ_{hidden,real} Σ_l (pred − target)² / (L · #hidden real patches)}.
 * Visible patches and padded channels change neither the value nor any gradient, whatever they hold.
 * With no hidden real patch the loss is 0 (connected to the prediction, zero gradients).
 */
public final class MaskedPatchLoss {
    /** A loss; it has no settings. */
    public MaskedPatchLoss() {
    }

    /**
     * The loss.
     *
     * @param predicted (B, C, P, L) the decoder's patches
     * @param target (B, C, P, L) the true patches
     * @param hidden (B, C, P) non-zero where the patch was hidden from the encoder
     * @param channelMask (B, C) non-zero for a real channel, zero for padding
     * @return 0-d, in {@code predicted}'s manager
     */
    public NDArray evaluate(NDArray predicted, NDArray target, NDArray hidden, NDArray channelMask) {
        if (predicted == null || target == null || hidden == null || channelMask == null) {
            throw new IllegalArgumentException("the patch loss needs predictions, targets, the hidden mask and the"
                    + " channel mask");
        }
        Shape s = predicted.getShape();
        if (s.dimension() != 4) {
            throw new IllegalArgumentException("predicted patches must be (batch, channels, patches, length), got " + s);
        }
        if (!target.getShape().equals(s)) {
            throw new IllegalArgumentException("target patches " + target.getShape() + " differ from predicted " + s);
        }
        Shape hs = new Shape(s.get(0), s.get(1), s.get(2));
        if (!hidden.getShape().equals(hs)) {
            throw new IllegalArgumentException("the hidden-patch mask must be " + hs + ", got " + hidden.getShape());
        }
        Shape cs = new Shape(s.get(0), s.get(1));
        if (!channelMask.getShape().equals(cs)) {
            throw new IllegalArgumentException("the channel mask must be " + cs + ", got " + channelMask.getShape());
        }
        GraphConstants.requireFloating(predicted, "predicted patches");
        NDManager m = predicted.getManager();
        DataType t = predicted.getDataType();
        NDArray zero = GraphConstants.scalar(m, 0, t);
        NDArray counted = GraphConstants.asBoolean(hidden)
                .logicalAnd(GraphConstants.asBoolean(channelMask).expandDims(2)); // (B, C, P)
        // Select before squaring: the square's backward multiplies by the difference, and NaN times zero is NaN.
        NDArray diff = GraphConstants.select(counted.expandDims(3), predicted.sub(target.toType(t, false)), zero);
        NDArray sum = diff.square().sum();
        NDArray patches = counted.toType(t, false).sum().maximum(GraphConstants.scalar(m, 1, t));
        return sum.div(patches.mul(GraphConstants.scalar(m, s.get(3), t)));
    }
}
