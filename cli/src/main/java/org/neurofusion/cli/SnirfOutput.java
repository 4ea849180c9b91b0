package org.neurofusion.cli;

import java.nio.file.Path;
import java.util.List;
import org.neurofusion.core.Channel;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.Recording;
import org.neurofusion.modalities.fnirs.OpticalChannel;
import org.neurofusion.modalities.fnirs.SnirfWriter;

/**
 * {@code .snirf} output: the selected channels and time range as a SNIRF 1.1 file, with optode positions,
 * wavelengths, annotations inside the range (onsets re-counted from its start), the start time and header
 * fields. Without {@code --channels}, the fNIRS channels are written (auxiliary series at other rates are
 * left out rather than refused).
 */
final class SnirfOutput implements OutputFormat {
    @Override
    public String extension() {
        return ".snirf";
    }

    @Override
    public List<String> defaultChannels(Recording r) {
        return r.channels().stream().filter(c -> OpticalChannel.of(c).isPresent()).map(Channel::name).toList();
    }

    @Override
    public void write(Recording recording, ChannelSelection selection, Path out, Progress progress) {
        int[] idx = selection.indices();
        long first = selection.firstSample();
        int n = Math.toIntExact(selection.sampleCount());
        InMemoryRecording.Builder b = InMemoryRecording.builder().setFormat(recording.format());
        selection.startIn(recording).ifPresent(b::optStart);
        recording.header().forEach(b::optHeader);
        for (int i : idx) {
            double[] v = new double[n];
            recording.read(i, first, v, 0, n);
            b.addChannel(recording.channels().get(i), v);
            progress.advance(n);
        }
        selection.annotationsIn(recording).forEach(b::addAnnotation);
        SnirfWriter.write(b.build(), out);
    }
}
