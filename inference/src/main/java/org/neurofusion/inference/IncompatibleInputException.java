package org.neurofusion.inference;

/**
 * A recording or window that a model's input contract does not accept: too many training channels missing, another
 * unit, a window of another length or rate. The message names the source and what differs.
 */
public class IncompatibleInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** An error whose message names the source (a file, a stream) and what differs. */
    public IncompatibleInputException(String message) {
        super(message);
    }
}
