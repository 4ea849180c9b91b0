package org.neurofusion.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.neurofusion.core.ChannelType;

/**
 * The conditions a command line can name, by id. {@link #classical()} holds the classical baselines; a module
 * that trains a model registers its conditions ({@code frozen}, {@code student}, ...) into the same registry, so
 * that they run through the same protocols, splits and leakage guard. Not thread-safe: fill it, then use it.
 */
public final class ConditionRegistry {
    private final Map<String, Condition> conditions = new LinkedHashMap<>();

    /** An empty registry. */
    public ConditionRegistry() {
    }

    /**
     * The classical baselines: {@code eeg-csp} (CSP + shrinkage LDA), {@code fnirs-hbr} and {@code fnirs-hbo}
     * (mean/slope + shrinkage LDA), {@code hybrid} (their log odds summed, Shin et al. 2017).
     */
    public static ConditionRegistry classical() {
        ConditionRegistry r = new ConditionRegistry();
        r.register("eeg-csp", CspLda::new);
        r.register("fnirs-hbr", () -> new FnirsMeanSlope(ChannelType.HBR));
        r.register("fnirs-hbo", () -> new FnirsMeanSlope(ChannelType.HBO));
        r.register("hybrid", Hybrid::new);
        return r;
    }

    /**
     * Adds a condition.
     *
     * @throws IllegalArgumentException when the id is taken or malformed
     */
    public void register(String id, Supplier<? extends WindowClassifier> factory) {
        Condition c = new Condition(id, factory);
        if (conditions.putIfAbsent(id, c) != null) {
            throw new IllegalArgumentException("condition '" + id + "' is registered already");
        }
    }

    /**
     * The condition of this id (case-insensitive).
     *
     * @throws IllegalArgumentException naming the known conditions when there is none
     */
    public Condition condition(String id) {
        Condition c = conditions.get(id.trim().toLowerCase(Locale.ROOT));
        if (c == null) {
            throw new IllegalArgumentException("unknown condition '" + id + "'; known: " + ids());
        }
        return c;
    }

    /** The ids, in registration order. */
    public List<String> ids() {
        return new ArrayList<>(conditions.keySet());
    }
}
