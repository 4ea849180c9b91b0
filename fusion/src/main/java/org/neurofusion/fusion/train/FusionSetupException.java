package org.neurofusion.fusion.train;

/**
 * Runs, settings or data that do not fit together: a teacher trained on other windows or another alignment, a kept
 * modality the teacher never saw, a subject without the windows a setting needs, a map folder holding blocks of
 * other settings. A problem of the user's choices, not of the program: commands report it as a usage error with
 * the message as it is, which names what differs.
 */
public class FusionSetupException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public FusionSetupException(String message) {
        super(message);
    }

    public FusionSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
