package org.neurofusion.alignment.metrics;

import org.neurofusion.datasets.RecordingKey;

/**
 * Where one paired window lies in its simulated run, for reading the simulator's ground truth: the run, and the
 * extent of the window's EEG part and of its fNIRS part, both as start and length in seconds on the EEG clock (the
 * clock of the truth).
 */
public record TruthWindow(RecordingKey run, double eegStart, double eegLength, double fnirsStart, double fnirsLength) {
    public TruthWindow {
        if (run == null) {
            throw new IllegalArgumentException("a truth window needs its run key, got null");
        }
        if (!(Double.isFinite(eegStart) && Double.isFinite(fnirsStart) && eegLength > 0 && fnirsLength > 0
                && Double.isFinite(eegLength) && Double.isFinite(fnirsLength))) {
            throw new IllegalArgumentException("window of " + run + ": extents need finite starts and positive"
                    + " lengths, got EEG " + eegStart + " + " + eegLength + " s, fNIRS " + fnirsStart + " + "
                    + fnirsLength + " s");
        }
    }
}
