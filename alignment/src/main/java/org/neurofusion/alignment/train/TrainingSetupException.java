package org.neurofusion.alignment.train;

/**
 * The configuration asks for something the window store cannot give: a modality it does not hold, a hold-out
 * subject it has no windows of, or a hold-out that leaves no subject to train on. A problem of the user's choices,
 * not of the program: commands report it as a usage error with the message as it is.
 */
public final class TrainingSetupException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    TrainingSetupException(String message) {
        super(message);
    }
}
