package org.neurofusion.datasets.bids;

import java.nio.file.Path;
import org.neurofusion.core.CorruptRecordingException;

/**
 * BIDS metadata that contradicts the data it describes: a sidecar's {@code SamplingFrequency} that is not
 * the data file's rate, an event that starts after the recording ends, a {@code _channels.tsv} that names
 * channels the data file does not have. The message names the metadata file and both values.
 */
public class BidsMismatchException extends CorruptRecordingException {
    public BidsMismatchException(Path file, String problem) {
        super(file, -1, problem);
    }
}
