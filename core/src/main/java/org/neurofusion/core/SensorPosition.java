package org.neurofusion.core;

/**
 * Where a sensor sits, in metres, in the recording's head coordinate frame (x right, y front, z up,
 * as in MNE's head frame). Encoders use the position, not the channel name, to stay montage-agnostic.
 */
public record SensorPosition(double x, double y, double z) {
    public SensorPosition {
        if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(z)) {
            throw new IllegalArgumentException("sensor position must be finite: (" + x + ", " + y + ", " + z + ")");
        }
    }

    /** Euclidean distance to another position, in metres. */
    public double distanceTo(SensorPosition other) {
        double dx = x - other.x;
        double dy = y - other.y;
        double dz = z - other.z;
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
}
