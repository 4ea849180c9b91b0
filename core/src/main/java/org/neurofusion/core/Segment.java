package org.neurofusion.core;

/**
 * A stretch of contiguous acquisition. Samples of a recording are stored back to back, but acquisition may
 * have paused (EDF+D, BrainVision "New Segment"): {@code dataOffset} is where the segment begins in the
 * stored samples (seconds of data before it), {@code onset} when it began in seconds after the recording's
 * start, and {@code duration} how long it lasts. A continuous recording has one segment with both offsets 0.
 */
public record Segment(double dataOffset, double onset, double duration) {
    public Segment {
        if (!Double.isFinite(dataOffset) || dataOffset < 0 || !Double.isFinite(onset) || !Double.isFinite(duration)
                || duration < 0) {
            throw new IllegalArgumentException("invalid segment: dataOffset=" + dataOffset + ", onset=" + onset
                    + ", duration=" + duration);
        }
    }
}
