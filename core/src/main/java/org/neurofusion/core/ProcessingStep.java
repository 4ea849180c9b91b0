package org.neurofusion.core;

import java.util.Map;
import java.util.Objects;

/**
 * One entry of a recording's history: an operation that produced it from its input, with the parameters
 * that make it repeatable ("read" with the file and its checksum, "beer_lambert" with the ppf, ...).
 */
public record ProcessingStep(String operation, Map<String, String> parameters) {
    public ProcessingStep {
        Objects.requireNonNull(operation, "operation");
        parameters = Map.copyOf(Objects.requireNonNull(parameters, "parameters"));
    }
}
