package org.neurofusion.cli;

import java.nio.file.Path;
import org.neurofusion.core.Recording;
import org.neurofusion.modalities.io.NpyWriter;

/**
 * {@code .npy} output: one float64 array of shape (channels, samples) in SI units, C order, channels in the
 * order selected. Samples are read one chunk of one channel at a time, so memory stays bounded whatever the
 * recording's length.
 */
final class NpyOutput implements OutputFormat {
    @Override
    public String extension() {
        return ".npy";
    }

    @Override
    public void write(Recording recording, ChannelSelection selection, Path out, Progress progress) {
        int[] channels = selection.indices();
        long first = selection.firstSample();
        new NpyWriter().write(out, channels.length, selection.sampleCount(), (row, column, dst, count) -> {
            recording.read(channels[row], first + column, dst, 0, count);
            progress.advance(count);
        });
    }
}
