package org.neurofusion.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ForwardingRecording;
import org.neurofusion.core.Recording;
import org.neurofusion.modalities.meg.FifRecording;
import org.neurofusion.modalities.meg.FifWriter;

/**
 * {@code .fif} output: the selected channels and time range as a raw FIF file that MNE-Python reads
 * ({@code mne.io.read_raw_fif}), with positions, channel types, annotations inside the range (onsets re-counted
 * from its start) and the start time. The samples are read from the open recording buffer by buffer, never held
 * whole in memory. A FIF input keeps its device-to-head transformation.
 */
final class FifOutput implements OutputFormat {
    @Override
    public String extension() {
        return ".fif";
    }

    @Override
    public void write(Recording recording, ChannelSelection selection, Path out, Progress progress) {
        FifWriter.Builder b = FifWriter.builder();
        if (recording instanceof FifRecording fif) {
            fif.measurementInfo().deviceToHead().ifPresent(b::optDeviceToHead);
        }
        b.build().write(new Selected(recording, selection), out, progress::advance);
    }

    /** The selection as a recording of its own: those channels, that range, counted from its first sample. */
    private static final class Selected extends ForwardingRecording {
        private final ChannelSelection sel;
        private final List<Channel> channels = new ArrayList<>();
        private final List<Annotation> annotations = new ArrayList<>();

        Selected(Recording r, ChannelSelection sel) {
            super(r);
            this.sel = sel;
            for (int i : sel.indices()) {
                Channel c = r.channels().get(i);
                channels.add(new Channel(c.name(), c.type(), c.unit(), c.samplingRate(), sel.sampleCount(),
                        c.position(), c.attributes()));
            }
            annotations.addAll(sel.annotationsIn(r));
        }

        @Override
        public List<Channel> channels() {
            return channels;
        }

        @Override
        public List<Annotation> annotations() {
            return annotations;
        }

        @Override
        public Optional<LocalDateTime> start() {
            return sel.startIn(delegate());
        }

        @Override
        public void read(int channel, long first, double[] dst, int offset, int count) {
            java.util.Objects.checkFromIndexSize(first, count, sel.sampleCount());
            delegate().read(sel.indices()[channel], sel.firstSample() + first, dst, offset, count);
        }

        @Override
        public void read(int channel, long first, float[] dst, int offset, int count) {
            java.util.Objects.checkFromIndexSize(first, count, sel.sampleCount());
            delegate().read(sel.indices()[channel], sel.firstSample() + first, dst, offset, count);
        }

        @Override
        public void close() {
            // the command closes the recording it opened
        }
    }
}
