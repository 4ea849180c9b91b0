package org.neurofusion.datasets.store;

import org.neurofusion.core.Modality;
import org.neurofusion.datasets.RecordingKey;

/**
 * Raised when a stored window cannot become a training example as it is: a non-finite sample in a block, or
 * sensor metadata that does not match the block's rows. The message and the accessors name the window (store
 * index, key, onset) and the modality, so the culprit can be found and left out ({@code WindowDataset.Builder}'s
 * {@code optFilter}, or {@code optNonFinite(NonFinitePolicy.SKIP)}).
 */
public final class InvalidWindowException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final int storeIndex;
    private final transient RecordingKey key;
    private final Modality modality;

    InvalidWindowException(WindowInfo window, Modality modality, String problem) {
        super("window " + window.index() + " (" + window.key() + " at " + window.onset() + " s), " + modality + ": "
                + problem);
        this.storeIndex = window.index();
        this.key = window.key();
        this.modality = modality;
    }

    /** The window's index in its store. */
    public int storeIndex() {
        return storeIndex;
    }

    /** The recording the window comes from. */
    public RecordingKey key() {
        return key;
    }

    /** The modality whose block is at fault. */
    public Modality modality() {
        return modality;
    }
}
