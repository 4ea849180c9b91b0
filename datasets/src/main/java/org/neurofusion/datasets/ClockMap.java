package org.neurofusion.datasets;

/**
 * How a device's clock relates to the reference device's: a time {@code t} in seconds from the device's
 * first sample happened at {@code offset + t × (1 + drift)} seconds from the reference's first sample.
 * Drift is dimensionless (40 ppm = 4e-5).
 */
public record ClockMap(double offset, double drift) {
    /** The identity: the reference device itself, or devices known to share one clock. */
    public static final ClockMap IDENTITY = new ClockMap(0, 0);

    public ClockMap {
        if (!Double.isFinite(offset) || !Double.isFinite(drift) || drift <= -1) {
            throw new IllegalArgumentException("invalid clock map: offset " + offset + ", drift " + drift);
        }
    }

    /** Reference time of device time {@code t}. */
    public double toReference(double t) {
        return offset + t * (1 + drift);
    }

    /** Device time of reference time {@code t}. */
    public double fromReference(double t) {
        return (t - offset) / (1 + drift);
    }
}
