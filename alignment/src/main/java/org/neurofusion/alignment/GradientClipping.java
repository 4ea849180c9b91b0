package org.neurofusion.alignment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Clips gradients by their global L2 norm, in place, before the optimiser step. DJL's {@code optClipGrad}
 * clips each element from above only (a gradient of −5 with limit 0.1 stays −5), which is not a bound on
 * the update at all.
 */
public final class GradientClipping {
    private GradientClipping() {
    }

    /**
     * Scales every gradient by {@code maxNorm / norm} when the global norm {@code sqrt(Σ‖g‖²)} exceeds
     * {@code maxNorm}; leaves them alone otherwise, and also when the norm is not finite (the caller should
     * then skip the step: scaling by NaN would destroy every gradient).
     *
     * @param gradients the gradient arrays, modified in place
     * @param maxNorm the largest global norm, positive
     * @return the global norm before clipping
     */
    public static double clipByGlobalNorm(List<NDArray> gradients, float maxNorm) {
        if (!(maxNorm > 0) || !Float.isFinite(maxNorm)) {
            throw new IllegalArgumentException("the maximum gradient norm must be positive and finite, got " + maxNorm);
        }
        if (gradients == null) {
            throw new IllegalArgumentException("no gradients to clip");
        }
        for (int i = 0; i < gradients.size(); i++) {
            if (gradients.get(i) == null) {
                throw new IllegalArgumentException("gradient " + i + " is missing");
            }
        }
        if (gradients.isEmpty()) {
            return 0;
        }
        double norm = Math.sqrt(squaredNorm(gradients));
        if (Double.isFinite(norm) && norm > maxNorm) {
            double factor = maxNorm / norm;
            // one constant per type, not one per array: each costs the engine a native allocation
            try (NDManager scratch = gradients.get(0).getManager().newSubManager()) {
                Map<DataType, NDArray> scale = new EnumMap<>(DataType.class);
                for (NDArray g : gradients) {
                    g.muli(scale.computeIfAbsent(g.getDataType(), t -> GraphConstants.scalar(scratch, factor, t)));
                }
            }
        }
        return norm;
    }

    /**
     * Σ‖g‖², each term in float64 so that many float32 tensors do not lose the small ones, added in Java in list
     * order. The per-array sums are read back in one transfer where the arrays share a device (one read per array
     * cost more than the arithmetic); the intermediates go to a scratch manager, not to the gradients' (the
     * model's) manager, where they would pile up.
     */
    private static double squaredNorm(List<NDArray> gradients) {
        try (NDManager scratch = gradients.get(0).getManager().newSubManager()) {
            NDList sums = new NDList(gradients.size());
            boolean oneDevice = true;
            for (NDArray g : gradients) {
                NDArray d = g.toType(DataType.FLOAT64, true);
                d.attach(scratch);
                sums.add(d.square().sum());
                oneDevice &= g.getDevice().equals(gradients.get(0).getDevice());
            }
            double squared = 0;
            if (oneDevice) {
                for (double v : NDArrays.stack(sums).toDoubleArray()) {
                    squared += v;
                }
            } else {
                for (NDArray v : sums) {
                    squared += v.getDouble();
                }
            }
            return squared;
        }
    }

    /**
     * The same over the gradients of every parameter that has one (parameters that do not require a
     * gradient, or have not had a backward pass, are skipped).
     *
     * @return the global norm before clipping
     */
    public static double clipByGlobalNorm(ParameterList parameters, float maxNorm) {
        if (parameters == null) {
            throw new IllegalArgumentException("no parameters to clip");
        }
        NDList gradients = new NDList();
        try {
            for (Pair<String, Parameter> p : parameters) {
                Parameter parameter = p.getValue();
                if (!parameter.isInitialized() || !parameter.requiresGradient()) {
                    continue;
                }
                NDArray array = parameter.getArray();
                if (array.hasGradient()) {
                    gradients.add(array.getGradient());
                }
            }
            return clipByGlobalNorm(new ArrayList<>(gradients), maxNorm);
        } finally {
            // getGradient() hands out a new view of the gradient each time; closing it leaves the gradient
            gradients.close();
        }
    }

    /**
     * Sets the gradients of {@code params} to zero (the engine adds each backward pass to them). Not
     * {@code GradientCollector.zeroGradients()}: that visits every array the engine holds and leaves two gradient
     * views per parameter behind in the model's manager, 250 a step for the tiny EEG + fNIRS model, so memory grew
     * with every step of a run.
     */
    public static void zeroGradients(java.util.Map<String, NDArray> params) {
        for (NDArray p : params.values()) {
            if (p.hasGradient()) {
                try (NDArray g = p.getGradient()) {
                    g.subi(g);
                }
            }
        }
    }

    /**
     * Clips the gradients of {@code params} by their global norm, as a training step does after backward.
     *
     * @param step the step's number, for the message
     * @return the global norm before clipping
     * @throws NonFiniteLossException naming the step when the norm is not finite (before any weight changes)
     */
    public static double clipOrStop(java.util.Map<String, NDArray> params, float maxNorm, long step) {
        List<NDArray> grads = new ArrayList<>(params.size());
        params.values().forEach(p -> grads.add(p.getGradient()));
        double norm;
        try {
            norm = clipByGlobalNorm(grads, maxNorm);
        } finally {
            // getGradient() hands out a new view each time; closing it leaves the gradient
            grads.forEach(NDArray::close);
        }
        if (!Double.isFinite(norm)) {
            throw new NonFiniteLossException((int) Math.min(Integer.MAX_VALUE, step), "gradient norm", norm);
        }
        return norm;
    }
}
