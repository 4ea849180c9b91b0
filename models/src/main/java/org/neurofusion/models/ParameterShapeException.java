package org.neurofusion.models;

/**
 * Thrown when a network's parameters do not match the spec it was rebuilt from: DJL loads a parameter file of any
 * shape into any block, so a spec/parameter mismatch would otherwise surface later as a wrong result or an obscure
 * native error. The message names the parameter and both shapes.
 */
public class ParameterShapeException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** A mismatch described by {@code message}. */
    public ParameterShapeException(String message) {
        super(message);
    }
}
