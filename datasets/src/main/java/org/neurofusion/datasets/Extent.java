package org.neurofusion.datasets;

import org.neurofusion.core.SignalBlock;

/**
 * Where one modality's block of a window lies on the reference clock (the clock {@code PairedWindow.onset} and
 * {@code WindowInfo.onset} use): its first sample at {@code start} seconds, covering {@code length} seconds. A
 * haemodynamic block usually starts later and lasts longer than the neural one, so splits, the leakage guard and
 * samplers must compare these, not the onset alone.
 */
public record Extent(double start, double length) {
    public Extent {
        if (!Double.isFinite(start) || !Double.isFinite(length) || length < 0) {
            throw new IllegalArgumentException("an extent needs a finite start and a finite length >= 0, got start "
                    + start + " s, length " + length + " s");
        }
    }

    /** The end on the reference clock (exclusive: the time just after the last sample's period). */
    public double end() {
        return start + length;
    }

    /**
     * The extent of {@code block} on the reference clock, given the {@code clock} of the device it was read from:
     * the block spans device time {@code firstSample / rate} to {@code (firstSample + sampleCount) / rate}, mapped
     * through the clock at both ends (so drift stretches the length too).
     */
    public static Extent of(ClockMap clock, SignalBlock block) {
        double from = clock.toReference(block.firstSample() / block.samplingRate());
        double to = clock.toReference((block.firstSample() + (double) block.sampleCount()) / block.samplingRate());
        return new Extent(from, to - from);
    }

    /** The extent of a block assumed to start at {@code onset} (windows made without a clock: hand-made, simulated). */
    public static Extent at(double onset, SignalBlock block) {
        return new Extent(onset, block.sampleCount() / block.samplingRate());
    }
}
