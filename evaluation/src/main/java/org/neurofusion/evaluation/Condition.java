package org.neurofusion.evaluation;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A named way of classifying windows that an evaluation runs on every fold: an id for the results and a factory
 * giving a fresh, unfitted {@link WindowClassifier} (classical baselines here; learned models register theirs
 * from the modules that train them).
 *
 * @param id      lower-case name used on the command line and in results ({@code eeg-csp}, ...)
 * @param factory a fresh classifier per call
 */
public record Condition(String id, Supplier<? extends WindowClassifier> factory) {
    public Condition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(factory, "factory");
        if (id.isBlank() || !id.equals(id.trim().toLowerCase(Locale.ROOT)) || id.contains(",")) {
            throw new IllegalArgumentException("a condition id must be lower-case, non-blank and without commas or"
                    + " surrounding spaces, got '" + id + "'");
        }
    }

    /** A fresh classifier. */
    public WindowClassifier classifier() {
        return Objects.requireNonNull(factory.get(), () -> "condition " + id + " made a null classifier");
    }

    /** The modalities it reads, as written in the results' {@code modalities} column ({@code eeg+fnirs}). */
    public String modalities() {
        return modalities(classifier());
    }

    /** What {@code c} reads, as the results' {@code modalities} column writes it. */
    static String modalities(WindowClassifier c) {
        return c.modalities().stream().map(m -> m.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining("+"));
    }
}
