package org.neurofusion.core;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A dense block of samples, channels × time, float32, in SI units, for channels that share one
 * sampling rate. {@code data} is row-major: sample {@code t} of channel {@code c} is
 * {@code data[c * sampleCount + t]}. {@code firstSample} is the index, at this rate, of column 0 in the
 * source recording.
 */
public record SignalBlock(List<String> channelNames, double samplingRate, long firstSample, int sampleCount,
        float[] data) {
    public SignalBlock {
        channelNames = List.copyOf(Objects.requireNonNull(channelNames, "channelNames"));
        Objects.requireNonNull(data, "data");
        if (!(samplingRate > 0) || !Double.isFinite(samplingRate)) {
            throw new IllegalArgumentException("sampling rate must be positive and finite, got " + samplingRate);
        }
        if (sampleCount < 0 || firstSample < 0) {
            throw new IllegalArgumentException("negative sample count or first sample: " + sampleCount + ", "
                    + firstSample);
        }
        if ((long) channelNames.size() * sampleCount != data.length) {
            throw new IllegalArgumentException("data holds " + data.length + " values, expected " + channelNames.size()
                    + " channels × " + sampleCount + " samples");
        }
    }

    /** Number of channels (rows). */
    public int channelCount() {
        return channelNames.size();
    }

    /** Sample {@code t} of row {@code c}. */
    public float get(int c, int t) {
        Objects.checkIndex(c, channelNames.size());
        Objects.checkIndex(t, sampleCount);
        return data[c * sampleCount + t];
    }

    /** A copy of row {@code c}. */
    public float[] row(int c) {
        Objects.checkIndex(c, channelNames.size());
        return Arrays.copyOfRange(data, c * sampleCount, (c + 1) * sampleCount);
    }

    /** Start of column 0 in seconds from the recording's first sample. */
    public double startSeconds() {
        return firstSample / samplingRate;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignalBlock b && channelNames.equals(b.channelNames)
                && Double.compare(samplingRate, b.samplingRate) == 0 && firstSample == b.firstSample
                && sampleCount == b.sampleCount && Arrays.equals(data, b.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(channelNames, samplingRate, firstSample, sampleCount, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "SignalBlock[" + channelNames.size() + " channels × " + sampleCount + " samples at " + samplingRate
                + " Hz from sample " + firstSample + "]";
    }
}
