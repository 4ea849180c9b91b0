package org.neurofusion.alignment.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter 2019), with the update written exactly as PyTorch's
 * {@code torch.optim.AdamW} writes it, so a PyTorch twin of a model follows the same trajectory:
 * {@code w ← w·(1 − lr·λ)}, {@code m ← β₁m + (1 − β₁)g}, {@code v ← β₂v + (1 − β₂)g²},
 * {@code w ← w − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)}.
 *
 * <p>It is our own rather than DJL's because its state (the moments and the step count) must be written into
 * checkpoints and read back, so that a resumed run continues bit-identically; DJL's optimizers keep theirs private.
 * Updates run outside the autograd graph (the caller has closed its gradient collector), so Java numbers as
 * operands are safe here. The moments live in the manager given at construction; every temporary is closed at once.
 */
public final class AdamW {
    /** The hyper-parameters; the defaults are PyTorch's except the weight decay, which the caller chooses. */
    public record Settings(double beta1, double beta2, double epsilon, double weightDecay) {
        public Settings {
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("AdamW betas must lie in [0, 1), got " + beta1 + ", " + beta2);
            }
            if (!(epsilon > 0) || !(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
                throw new IllegalArgumentException("AdamW needs epsilon > 0 and a finite weight decay >= 0, got "
                        + epsilon + ", " + weightDecay);
            }
        }

        /** β₁ 0.9, β₂ 0.999, ε 1e-8 and the given decoupled weight decay. */
        public static Settings withWeightDecay(double weightDecay) {
            return new Settings(0.9, 0.999, 1e-8, weightDecay);
        }
    }

    private final Settings settings;
    private final NDManager manager;
    private final Map<String, NDArray> first = new LinkedHashMap<>();
    private final Map<String, NDArray> second = new LinkedHashMap<>();
    private long step;

    /**
     * @param parameters the arrays to optimise, by a stable name (the checkpoint's keys)
     * @param manager where the moments live (the model's manager)
     */
    public AdamW(Settings settings, Map<String, NDArray> parameters, NDManager manager) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.manager = Objects.requireNonNull(manager, "manager");
        parameters.forEach((name, w) -> {
            first.put(name, manager.zeros(w.getShape(), w.getDataType(), w.getDevice()));
            second.put(name, manager.zeros(w.getShape(), w.getDataType(), w.getDevice()));
        });
    }

    /** Number of updates made so far (restored from checkpoints). */
    public long step() {
        return step;
    }

    /**
     * One update of every parameter from its gradient, at learning rate {@code lr}.
     *
     * @param parameters the same names as at construction, the arrays holding gradients
     * @param skip names not to update this step (e.g. frozen parts); their moments stay as they are
     */
    public void update(Map<String, NDArray> parameters, double lr, List<String> skip) {
        if (!parameters.keySet().equals(first.keySet())) {
            throw new IllegalArgumentException("AdamW was built for parameters " + first.keySet() + " but is asked to"
                    + " update " + parameters.keySet());
        }
        step++;
        double b1 = settings.beta1();
        double b2 = settings.beta2();
        double bc1 = 1 - Math.pow(b1, step);
        double bc2Sqrt = Math.sqrt(1 - Math.pow(b2, step));
        double stepSize = lr / bc1;
        // The constants as arrays, made once per update: a Java-number operand costs the engine a native
        // array each time (about a thousand per step for a model of 125 arrays). They are float64 0-d arrays, which
        // is what the engine made of each Java double before, so the arithmetic is the same to the bit.
        try (NDManager scratch = manager.newSubManager()) {
            NDArray[] c = constants(scratch, 1 - lr * settings.weightDecay(), 1 - b1, b1, b2, 1 - b2, stepSize,
                    bc2Sqrt, settings.epsilon());
            for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
                if (skip.contains(e.getKey())) {
                    continue;
                }
                NDArray w = e.getValue();
                NDArray g = w.getGradient();
                NDArray m = first.get(e.getKey());
                NDArray v = second.get(e.getKey());
                if (settings.weightDecay() > 0) {
                    w.muli(c[DECAY]);
                }
                try (NDArray g1 = g.mul(c[ONE_MINUS_B1]); NDArray g2 = g.square()) {
                    m.muli(c[B1]).addi(g1);
                    v.muli(c[B2]).addi(g2.muli(c[ONE_MINUS_B2]));
                }
                try (NDArray denom = v.sqrt(); NDArray upd = m.mul(c[STEP_SIZE])) {
                    denom.divi(c[BC2_SQRT]).addi(c[EPSILON]);
                    w.subi(upd.divi(denom));
                }
                g.close();
            }
        }
    }

    private static final int DECAY = 0;
    private static final int ONE_MINUS_B1 = 1;
    private static final int B1 = 2;
    private static final int B2 = 3;
    private static final int ONE_MINUS_B2 = 4;
    private static final int STEP_SIZE = 5;
    private static final int BC2_SQRT = 6;
    private static final int EPSILON = 7;

    /** 0-d float64 arrays holding {@code values}, in the order of the indices above. */
    private static NDArray[] constants(NDManager manager, double... values) {
        NDArray[] out = new NDArray[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = manager.create(values[i]);
        }
        return out;
    }

    /** The optimiser's arrays for a checkpoint: {@code m/<name>} and {@code v/<name>}. */
    public Map<String, NDArray> state() {
        Map<String, NDArray> s = new LinkedHashMap<>();
        first.forEach((k, a) -> s.put("m/" + k, a));
        second.forEach((k, a) -> s.put("v/" + k, a));
        return s;
    }

    /**
     * Restores moments and step count from a checkpoint.
     *
     * @throws IllegalArgumentException naming the array when one is missing or has another shape
     */
    public void restore(Map<String, NDArray> state, long step) {
        if (step < 0) {
            throw new IllegalArgumentException("a checkpoint's optimiser step cannot be negative: " + step);
        }
        for (Map.Entry<String, NDArray> e : state().entrySet()) {
            NDArray saved = state.get(e.getKey());
            if (saved == null) {
                throw new IllegalArgumentException("the checkpoint has no optimiser array '" + e.getKey() + "'");
            }
            if (!saved.getShape().equals(e.getValue().getShape())) {
                throw new IllegalArgumentException("optimiser array '" + e.getKey() + "' has shape " + saved.getShape()
                        + " in the checkpoint but " + e.getValue().getShape() + " in the model");
            }
            e.getValue().set(saved.toByteBuffer());
        }
        this.step = step;
    }
}
