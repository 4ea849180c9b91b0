package org.neurofusion.datasets.bids;

import java.nio.file.Path;
import org.neurofusion.core.RecordingException;

/**
 * A file a BIDS dataset needs is not there: {@code dataset_description.json}, or the data file a sidecar,
 * a {@code _channels.tsv} or a {@code _scans.tsv} row refers to. The message names the file that is missing
 * and, where there is one, the file that refers to it.
 */
public class BidsMissingFileException extends RecordingException {
    public BidsMissingFileException(Path file, String problem) {
        super(file, -1, problem);
    }
}
